"""Which wire agency or outlet a story's own text credits, read where copy prints credits.

A syndicated copy usually says where it came from, in one of a few places:

- a **dateline** opening the story: ``BEIJING (Reuters) -``, ``WASHINGTON, June 5 (AP) —``,
  ``(Bloomberg) --``, ``LONDON, June 5, 2023 /PRNewswire/ --``;
- a **closing line**: ``-- Bloomberg``, a bare sign-off (``Reuter``), a house credit line
  (``(Reporting by ...; Editing by ...)`` is Reuters' form), a copyright line
  (``(c) 2024 The Associated Press``), a contributor line (``Associated Press writer Jane Doe
  contributed to this report.``), or ``This story was first published by ...``.

Only those positions are read, and only names in :data:`AGENCIES` count: a name elsewhere in
the text ("told Bloomberg TV") is not a credit, and an unknown name in a credit position is
not guessed at. When the copy does not say, the answer is None.

>>> credited_agency("BEIJING (Reuters) - China said on Monday it would ...")
'Reuters'
>>> credited_agency("The minister spoke to Bloomberg TV on Monday.") is None
True
>>> find_credit("Prices rose.\\n\\n(c) 2024 The Associated Press. All rights reserved.")
Credit(name='Associated Press', kind='copyright', text='(c) 2024 The Associated Press. All rights reserved.')
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Wire agencies, press-release wires and broadcasters whose credit lines syndicated copies
# carry: the name shown for each, then the forms in which copy prints it (matched whole,
# without regard to case, with or without a leading "The").
AGENCIES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Reuters", "Thomson Reuters", "Reuter"),
    "Associated Press": ("AP", "Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "UPI": ("UPI", "United Press International"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap", "Yonhap News Agency"),
    "ANSA": ("ANSA",),
    "EFE": ("EFE",),
    "TASS": ("TASS",),
    "Interfax": ("Interfax",),
    "PA": ("PA", "PA Media", "Press Association"),
    "AAP": ("AAP", "Australian Associated Press"),
    "The Canadian Press": ("CP", "Canadian Press"),
    "ANI": ("ANI",),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "Bernama": ("Bernama",),
    "Anadolu Agency": ("Anadolu", "Anadolu Agency"),
    "CNN": ("CNN",),
    "BBC": ("BBC", "BBC News"),
    "CNBC": ("CNBC",),
    "ABC News": ("ABC News",),
    "NBC News": ("NBC News",),
    "CBS News": ("CBS News",),
    "PR Newswire": ("PR Newswire", "PRNewswire"),
    "Business Wire": ("Business Wire", "BusinessWire"),
    "GlobeNewswire": ("GlobeNewswire", "Globe Newswire"),
}

# House credit lines that name no agency but are one agency's form: a closing line in
# brackets that opens with one of the first phrases and holds one of the second.
HOUSE_CREDITS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Reuters": (("reporting by", "additional reporting by", "writing by", "compiled by"), ("editing by",)),
}

# Words that, after an agency's name, make a contributor line ("Associated Press writer Jane
# Doe contributed to this report").
CONTRIBUTOR_WORDS = ("writer", "writers", "reporter", "reporters", "correspondent", "correspondents",
                     "staff", "journalist", "journalists")

_ALIASES = {" ".join(alias.casefold().split()): name for name, aliases in AGENCIES.items() for alias in aliases}

# Where copy prints credits. Only the shapes are written here; the names come from AGENCIES.
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’/\- ]{1,40}(?:,\s*[\w.'’ ]{2,30}){0,3}\s*)?"   # place, region, date
    r"(?:\((?P<paren>[^()\n]{1,40})\)|/(?P<slash>[^/\n]{1,30})/)"    # (Reuters), /PRNewswire/
    r"\s*(?:[-–—]{1,2}|:)")
_DASH_LINE = re.compile(r"^[-–—]{1,2}\s*(?P<name>[^-–—\n]{1,40}?)\s*\.?$")
_SIGN_OFF = re.compile(r"^(?P<name>[A-Za-z][\w .&'’-]{0,38}?)\s*\.?$")
_COPYRIGHT = re.compile(r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?P<rest>.{1,80})$", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PUBLISHED_BY = re.compile(r"^this (?:story|article|report) (?:was )?(?:first |originally )?"
                           r"(?:published|appeared) (?:by|in|on) (?P<name>[^.;,\n]{1,40})", re.I)
_BRACKETED = re.compile(r"^\((?P<inner>.*)\)\.?$", re.S)


@dataclass(frozen=True)
class Credit:
    """A credit found in the copy: the agency's name, where it was printed (``dateline``,
    ``sign-off``, ``house-credit``, ``copyright``, ``contributor``, ``published-by``) and the
    text that says so."""

    name: str
    kind: str
    text: str


def agency(name: str) -> str | None:
    """The agency a printed name stands for, or None.

    >>> agency(" the  Associated Press "), agency("Reuter"), agency("Capitol Brief") is None
    ('Associated Press', 'Reuters', True)
    """
    key = " ".join(name.casefold().split()).strip(" .,;:")
    if key.startswith("the "):
        key = key[4:]
    return _ALIASES.get(key)


def _paragraphs(body: str) -> list[str]:
    return [" ".join(line.split()) for line in body.splitlines() if line.strip()]


def dateline_credit(paragraph: str) -> Credit | None:
    """The credit in a story's opening dateline.

    >>> dateline_credit("WASHINGTON, June 5 (AP) — The Senate voted ...").name
    'Associated Press'
    >>> dateline_credit("(Bloomberg) -- Oil rose ...").name
    'Bloomberg'
    >>> dateline_credit("Berlin/Frankfurt (dpa) - Immer mehr junge Menschen ...").name
    'dpa'
    >>> dateline_credit("LONDON (Photo) - no agency") is None
    True
    """
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    name = agency(m.group("paren") or m.group("slash"))
    return Credit(name, "dateline", m.group(0).strip()) if name else None


def closing_credit(line: str) -> Credit | None:
    """The credit in one of a story's closing lines.

    >>> closing_credit("-- Bloomberg").name, closing_credit("(Reporting by Jane Doe; Editing by Tom Roe)").name
    ('Bloomberg', 'Reuters')
    >>> closing_credit("Associated Press writer Sam Poe in Lima contributed to this report.").kind
    'contributor'
    """
    text = line.strip()
    m = _DASH_LINE.match(text) or _SIGN_OFF.match(text)
    if m and (name := agency(m.group("name"))):
        return Credit(name, "sign-off", text)
    bracketed = _BRACKETED.match(text)
    if bracketed:
        inner = bracketed.group("inner").casefold()
        for name, (openers, markers) in HOUSE_CREDITS.items():
            if inner.startswith(openers) and any(marker in inner for marker in markers):
                return Credit(name, "house-credit", text)
    m = _COPYRIGHT.match(text)
    if m:
        rest = _YEAR.sub(" ", m.group("rest"))
        rest = re.split(r"[.;,|]|\ball rights reserved\b", rest, flags=re.I)[0]
        if name := agency(rest):
            return Credit(name, "copyright", text)
    if " contributed" in text:
        words = text.split()
        for size in range(min(4, len(words) - 1), 0, -1):
            if words[size].casefold().strip(",") in CONTRIBUTOR_WORDS and (name := agency(" ".join(words[:size]))):
                return Credit(name, "contributor", text)
    m = _PUBLISHED_BY.match(text)
    if m and (name := agency(m.group("name"))):
        return Credit(name, "published-by", text)
    return None


def find_credit(body: str, opening: int = 3, closing: int = 4) -> Credit | None:
    """The credit a story's text gives: in a dateline among its first ``opening`` paragraphs,
    else in one of its last ``closing`` lines (the last first). None when the copy does not
    say."""
    paras = _paragraphs(body)
    for p in paras[:opening]:
        if credit := dateline_credit(p):
            return credit
    for p in reversed(paras[-closing:]):
        if credit := closing_credit(p):
            return credit
    return None


def credited_agency(body: str) -> str | None:
    """The name of the agency or outlet a story's text credits, or None (see :func:`find_credit`)."""
    credit = find_credit(body)
    return credit.name if credit else None
