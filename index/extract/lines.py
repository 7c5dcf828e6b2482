"""Lines and blocks of a scraped text page.

A scraper that copies a page's visible text writes one block element per line and sets
paragraphs and headings off with a blank line. :func:`split_lines` turns such a dump into
:class:`Line` records: the text with whitespace tidied, whether a blank line comes before and
after it, and the *block* it belongs to (a run of lines with no blank line between them, such
as a menu or a list of links). Hard-wrapped dumps (``lynx -dump`` style) are re-joined first
(:func:`unwrap`) and drop capitals are glued back to their word.

>>> [(ln.text, ln.block) for ln in split_lines("Menu\\nHome\\n\\nA headline\\n\\nT\\nhe body.")]
[('Menu', 0), ('Home', 0), ('A headline', 1), ('The body.', 2)]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["Line", "split_lines", "unwrap", "wrap_width", "norm_text", "tidy_spaces", "WORD"]

# A word: letters (any script) with inner apostrophes, or a number with its punctuation.
WORD = re.compile(r"[^\W\d_]++(?:['’][^\W\d_]++)*+|\d[\d.,:%$£€]*+")
# The same words on ASCII text, where they are runs of [a-zA-Z] and digits: spelt out, the classes
# match a third faster than WORD's negated ones (a tenth of the extractor's time went to this).
# The quantifiers are possessive: a word's run never gives back a letter, as nothing after it
# could then match, and not keeping the places to backtrack to takes a fifth off each findall.
_WORD_ASCII = re.compile(r"[a-zA-Z]++(?:'[a-zA-Z]++)*+|[0-9][0-9.,:%$]*+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_QUOTES = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": "",
           "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": ""}
# Whitespace to str.split() that _SPACES leaves alone: where none is present, " ".join(s.split())
# tidies a line as _SPACES.sub(" ", s).strip() does, several times faster.
_OTHER_SPACE = "\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029"
_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*$""")
_LIST_START = re.compile(r"^(?:[•·▪●◦‣∙■□➤►✓✔-]|\d+[.)])\s")


@dataclass
class Line:
    """One non-blank line of the page.

    ``idx`` is its position among non-blank lines, ``block`` the number of the run of lines it
    sits in (a blank line starts a new block). ``label``, ``prob`` and ``why`` are filled by
    classification: what the line is taken to be and the signals that weighed most.
    """

    idx: int
    text: str
    gap_before: bool = True
    gap_after: bool = True
    block: int = 0
    words: int = 0
    prob: float = 0.0
    label: str = ""
    why: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    flags: set = field(default_factory=set)

    @cached_property
    def key(self) -> str:
        """The line's comparable form (see :func:`norm_text`), computed once."""
        return norm_text(self.text)

    @cached_property
    def tokens(self) -> list[str]:
        """The line's words as printed (:data:`WORD`), found once and shared by every signal."""
        return (_WORD_ASCII if self.text.isascii() else WORD).findall(self.text)

    @cached_property
    def low(self) -> list[str]:
        """The line's words casefolded, in order."""
        return list(map(str.casefold, self.tokens))

    @cached_property
    def initials(self) -> list[str]:
        """The first character of each word."""
        return [w[0] for w in self.tokens]


def norm_text(s: str, tidy: bool = False) -> str:
    """A comparable form of a line: NFKC, plain quotes and dashes, single spaces, casefolded.
    ``tidy``: ``s`` has single spaces and no space at either end already (as split lines have).

    >>> norm_text("  “Quoted” — Text ")
    '"quoted" - text'
    """
    if s.isascii():             # ASCII is NFKC already and holds none of the quotes and dashes
        return s.casefold() if tidy else tidy_spaces(s).casefold()
    t = unicodedata.normalize("NFKC", s)
    for k, v in _QUOTES.items():
        if k in t:
            t = t.replace(k, v)
    return t.casefold() if tidy and t == s else tidy_spaces(t).casefold()


def tidy_spaces(s: str) -> str:
    """Runs of spaces, tabs and other space characters made one space, the ends stripped.

    >>> tidy_spaces("  a \u00a0 b\t")
    'a b'
    """
    if any(c in s for c in _OTHER_SPACE):
        return _SPACES.sub(" ", s).strip()
    return " ".join(s.split())


def wrap_width(raw: list[str]) -> int | None:
    """The column a hard-wrapped page was wrapped at, or None when lines are whole paragraphs.

    Wrapped: no line is much longer than ~120 characters, most longer lines end within 20
    characters of the widest one, and many of them continue mid-sentence on the next line.
    """
    long_ = [i for i, ln in enumerate(raw) if len(ln) >= 30]
    if len(long_) < 8:
        return None
    width = max(len(raw[i]) for i in long_)
    if width > 120:
        return None
    band = [i for i in long_ if len(raw[i]) >= width - 20]
    continued = sum(1 for i in band if i + 1 < len(raw) and raw[i + 1][:1].islower())
    open_ended = sum(1 for i in band if not _SENTENCE_END.search(raw[i]))
    if len(band) < 0.5 * len(long_) or continued < 0.3 * len(band) or open_ended < 0.5 * len(band):
        return None
    return width


def unwrap(raw: list[str]) -> list[str]:
    """Re-join the lines of hard-wrapped paragraphs: a line that reaches the wrap column
    continues on the next non-blank line unless that one starts a list item."""
    width = wrap_width(raw)
    if width is None:
        return raw
    out: list[str] = []
    joinable = False
    for ln in raw:
        if ln and joinable and out and out[-1] and not _LIST_START.match(ln):
            out[-1] = out[-1] + " " + ln
        else:
            out.append(ln)
        joinable = bool(ln) and len(ln) >= width - 25
    return out


def split_lines(text: str) -> list[Line]:
    """The page's non-blank lines, whitespace tidied, with blank-line separation and blocks noted.

    A lone capital letter followed by a line starting in lower case is a drop capital and is
    joined back ("T" + "urkey, Poland ..." -> "Turkey, Poland ..."). A page of twenty lines or
    more with almost no blank line says nothing by its layout, so every line is taken as set off.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(c in text for c in _OTHER_SPACE[1:]):
        raw = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    else:
        raw = [" ".join(ln.split()) for ln in text.split("\n")]
    raw = unwrap(raw)
    lines: list[Line] = []
    gap = True
    i = 0
    while i < len(raw):
        t = raw[i]
        if not t:
            gap = True
            if lines:
                lines[-1].gap_after = True
            i += 1
            continue
        if len(t) == 1 and t.isupper():  # drop capital
            j = i + 1
            while j < len(raw) and not raw[j]:
                j += 1
            if j < len(raw) and raw[j][:1].islower():
                t = t + raw[j]
                i = j
        if lines and not gap:
            lines[-1].gap_after = False
        ln = Line(len(lines), t, gap_before=gap)
        ln.__dict__["key"] = norm_text(t, tidy=True)      # fills the cached property
        lines.append(ln)
        gap = False
        i += 1
    if len(lines) >= 20 and sum(ln.gap_before for ln in lines) < 0.05 * len(lines):
        for ln in lines:
            ln.gap_before = ln.gap_after = True
    block = -1
    for ln in lines:
        block += ln.gap_before
        ln.block = max(block, 0)
        ln.words = len(ln.tokens)
    return lines
