"""The query language: what a newcomer already knows from web search.

    plain words        export controls          (every word, or any word: see DEFAULT_OPERATOR)
    exact phrases      "export controls"
    exclusion          -tariffs   -"trade war"
    either             chips OR semiconductors
    fields             title:taiwan   source:reuters   source:"business maverick"
    prefix             stabili*
    date limits        after:2023-06-01   before:2024-01-01   (YYYY, YYYY-MM or YYYY-MM-DD)

Parsing never fails: whatever cannot be read as an operator is read as plain words or dropped,
and :attr:`ParsedQuery.reading` says how the query was read. Each feature is one small unit:
:func:`lex` splits the text into :class:`Clause` objects; :func:`to_whoosh` turns clauses
into a :class:`~search.plan.QueryPlan` (:mod:`search.plan`), which each backend runs its own way.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta


MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 64
MIN_PREFIX_CHARS = 2
FIELDS = ("title", "source")
DATE_OPERATORS = ("after", "before")


@dataclass
class Clause:
    """One unit of a query: a word, a phrase or a prefix, maybe limited to a field, maybe negated.
    ``either`` is True when the clause is joined to the previous one by ``OR``."""

    text: str
    kind: str = "word"          # word | phrase | prefix
    field: str | None = None    # None (title and body) | title | source
    negated: bool = False
    either: bool = False

    def show(self) -> str:
        text = f'"{self.text}"' if self.kind == "phrase" else self.text + ("*" if self.kind == "prefix" else "")
        return ("-" if self.negated else "") + (f"{self.field}:" if self.field else "") + text


@dataclass
class ParsedQuery:
    """How a query was read: its clauses, its date limits, and notes on anything not taken literally."""

    clauses: list[Clause] = field(default_factory=list)
    after: datetime | None = None
    before: datetime | None = None
    notes: list[str] = field(default_factory=list)
    any_word: bool = False   # set when no article had every word and any word was enough

    @property
    def reading(self) -> str:
        """The query as it was understood, in the query language itself."""
        parts = []
        for c in self.clauses:
            if (c.either or (self.any_word and not c.negated)) and parts:
                parts.append("OR")
            parts.append(c.show())
        if self.after:
            parts.append(f"after:{self.after:%Y-%m-%d}")
        if self.before:
            parts.append(f"before:{self.before:%Y-%m-%d}")
        return " ".join(parts)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A quoted phrase (closing quote optional), or a run of non-space characters.
_PIECE = re.compile(r'(-?)(?:(\w+):)?"([^"]*)("?)|(\S+)')
_QUOTE_CHARS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


def normalize(text: str) -> tuple[str, list[str]]:
    """Control characters out, typographic quotes straightened, length capped."""
    notes = []
    text = unicodedata.normalize("NFC", text or "").translate(_QUOTE_CHARS)
    cleaned = _CONTROL.sub(" ", text)
    if cleaned != text:
        notes.append("control characters removed")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_QUERY_CHARS:
        cut = cleaned.rfind(" ", 0, MAX_QUERY_CHARS)
        cleaned = cleaned[:cut if cut > 0 else MAX_QUERY_CHARS]
        notes.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    return cleaned, notes


def parse_date_limit(value: str, end: bool = False) -> datetime | None:
    """``2023``, ``2023-06`` or ``2023-06-01`` as the first moment of that period, or — with
    ``end`` — the first moment after it. None when it is not such a date."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            start = datetime(year, int(month), int(day))
            return start + timedelta(days=1) if end else start
        if month:
            start = datetime(year, int(month), 1)
            if not end:
                return start
            return datetime(year + (start.month == 12), start.month % 12 + 1, 1)
        return datetime(year + 1 if end else year, 1, 1)
    except (ValueError, OverflowError):  # no such day, or the end of year 9999
        return None


def lex(text: str) -> ParsedQuery:
    """Read a query string into clauses. Never raises."""
    text, notes = normalize(text)
    parsed = ParsedQuery(notes=notes)
    pending_or = False
    for m in _PIECE.finditer(text):
        neg, fname, phrase, closed, bare = m.groups()
        if bare is not None:
            clause = _bare_clause(bare, parsed)
            if clause == "OR":
                pending_or = bool(parsed.clauses)
                continue
        else:
            if not closed:
                parsed.notes.append("unbalanced quote read as plain words")
                words = phrase.split()
                if fname:
                    words.insert(0, fname)
                for w in words:
                    c = _bare_clause(w, parsed)
                    if isinstance(c, Clause):
                        _add(parsed, c, pending_or)
                        pending_or = False
                continue
            fname = (fname or "").lower()
            if fname and fname not in FIELDS:
                if fname in DATE_OPERATORS:
                    _set_date(parsed, fname, phrase)
                    continue
                parsed.notes.append(f"unknown field {fname}: read as a word")
                _add(parsed, Clause(fname), pending_or)
                fname = ""
            phrase = " ".join(phrase.split())
            if not phrase:
                parsed.notes.append("empty quotes ignored")
                continue
            clause = Clause(phrase, "phrase" if " " in phrase else "word", fname or None, bool(neg))
        if isinstance(clause, Clause):
            _add(parsed, clause, pending_or)
            pending_or = False
    if pending_or:
        parsed.notes.append("OR at the end ignored")
    if len(parsed.clauses) > MAX_CLAUSES:
        parsed.clauses = parsed.clauses[:MAX_CLAUSES]
        parsed.notes.append(f"only the first {MAX_CLAUSES} words used")
    return parsed


def _add(parsed: ParsedQuery, clause: Clause, either: bool) -> None:
    clause.either = either and bool(parsed.clauses) and not clause.negated
    parsed.clauses.append(clause)


def _set_date(parsed: ParsedQuery, op: str, value: str) -> None:
    limit = parse_date_limit(value, end=(op == "before" and False))
    if limit is None:
        parsed.notes.append(f"{op}:{value} is not a date (use YYYY-MM-DD); ignored")
    elif op == "after":
        parsed.after = limit
    else:
        parsed.before = limit


def _bare_clause(token: str, parsed: ParsedQuery):
    """A space-free piece of the query: ``OR``, ``-x``, ``field:x``, ``x*`` or a word.
    Returns a Clause, "OR", or None when the piece is dropped."""
    if token == "OR":
        return "OR"
    negated = False
    if token.startswith("-") and len(token) > 1:
        negated, token = True, token[1:]
    fname = None
    if ":" in token:
        head, _, rest = token.partition(":")
        low = head.lower()
        if low in DATE_OPERATORS:
            _set_date(parsed, low, rest)
            return None
        if low in FIELDS:
            if not rest.strip(":"):
                parsed.notes.append(f"{low}: with nothing after it ignored")
                return None
            fname, token = low, rest
        else:
            token = token.replace(":", " ")
    token = token.strip("'\"()[]{}")
    if token.endswith("*"):
        stem = token.rstrip("*")
        if len(re.sub(r"\W", "", stem)) >= MIN_PREFIX_CHARS and re.fullmatch(r"[\w'.\-]+", stem):
            return Clause(stem, "prefix", fname, negated)
        token = stem
    token = token.replace("*", " ").strip()
    if not re.search(r"\w", token):
        if token:
            parsed.notes.append(f"{token!r} ignored")
        return None
    return Clause(token, "word", fname, negated)
