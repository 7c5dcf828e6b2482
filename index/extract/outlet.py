"""The outlet: a wire credit in the dateline or on the byline, else the site's own name.

The site's name comes from its banner: a logo's alt text or a home-page title naming it, a
slogan ("X is your source for ..."), "Welcome to X", the name heading the page with its slogan
or crumbs right under it (:func:`masthead`), a top line repeated or decorated, or the first
line under the page utilities when the site's menu follows it or the name recurs in the
page's furniture (:func:`top_banner`). A section word ("Money") is never the outlet.

>>> banner_name("THE HARBOUR TIMES — News for the coast")
'The Harbour Times'
>>> dateline_credit("BEIJING (Reuters) - Officials said ...")
'Reuters'
"""
from __future__ import annotations

import re

from index.extract.byline import meta_window
from index.extract.lines import WORD, Line
from index.extract.markers import SENTENCE_END, chrome, is_nav, prose
from index.extract.words import (ALL_STOPWORDS, BANNER_TLDS, HOME_WORDS, LOGO_WORDS, SECTION_WORDS, SLOGAN_NOUNS,
                                 SMALL_WORDS, WIRE_AGENCIES)

__all__ = ["find_outlet", "site_name", "banner_name", "masthead", "top_banner", "dateline_credit"]

_DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.'’\- ]{1,40}(?:,\s*[A-Za-z.'’ ]{2,30}){0,2}(?:,\s*[\w .,]{3,20}?)?\s*)?"
                       r"(?:\((?P<credit>[A-Za-z][\w .&/-]{0,30})\)|/(?P<wire>[A-Za-z][\w .&-]{1,30})/)"
                       r"\s*(?:[-–—]+|:)\s*")
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-TV)?$")
_DECORATION = re.compile(r"[《》〈〉«»‹›【】〔〕⟨⟩•·⎯―★☆◆◇■□●○►▶◀▪]+")
_BANNER_SPLIT = re.compile(r"\s+(?:[|/›»>]|[-–—]{1,2}|::)\s+")
_CRUMB_DOT = re.compile(r"\s+[·•]\s+")
_TICKER = re.compile(r"(?:^|\s)[+\-−]\d[\d,.]*%?(?:\s|$)|\d\s?°\s?[CF]?\b|\d%(?:\s|$)")
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?P<tld>[a-z]{2,7})$")
_HOME_SPLIT = re.compile(r"\s+[-–—|:·•]\s+")


def dateline_credit(paragraph: str) -> str | None:
    """The wire agency or station credited in a dateline ("BEIJING (Reuters) –" -> "Reuters")."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    credit = (m.group("credit") or m.group("wire")).strip()
    known = WIRE_AGENCIES.get(credit.lower())
    if known:
        return known
    if m.group("credit") and _CALL_SIGN.match(credit):
        return credit
    return None


def section_word(name: str | None) -> bool:
    """Whether ``name`` is a common section or category word ("Money", "Long reads")."""
    if not name:
        return False
    words = re.sub(r"^the\s+", "", name.strip(), flags=re.I).lower().replace("&", " ").split()
    return bool(words) and len(words) <= 2 and all(w in SECTION_WORDS or w == "and" for w in words)


def _caps_to_title(name: str) -> str:
    """A name set in capitals, in title case; words without vowels stay as acronyms ("NPR")."""
    if not name.isupper() or len(name) <= 4:
        return name
    out = []
    for k, w in enumerate(name.split()):
        low = w.lower()
        if k and low in SMALL_WORDS:
            out.append(low)
        elif w.isalpha() and not re.search(r"[AEIOUY]", w):
            out.append(w)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in low.split("-")))
    return " ".join(out)


def clean_name(text: str) -> str | None:
    """A plausible outlet name from a banner line, or None."""
    name = re.sub(r"\s+", " ", _DECORATION.sub(" ", text)).strip(" -.'’")
    ws = name.split()
    if not 1 <= len(ws) <= 5 or len(name) < 3 or is_nav(name):
        return None
    joiners = {"of", "the", "and", "&", "for", "on", "de"}
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in joiners for w in ws):
        return None
    if any(w.lower() in ALL_STOPWORDS - joiners - {"new"} for w in ws):
        return None
    return _caps_to_title(name)


def banner_name(text: str) -> str | None:
    """The site name a banner line gives: the whole line, or its part before crumbs or a tagline."""
    text = text.strip()
    parts = _BANNER_SPLIT.split(text, maxsplit=1)
    if len(parts) == 1 and len(_CRUMB_DOT.findall(text)) >= 2:
        parts = _CRUMB_DOT.split(text, maxsplit=1)
    elif len(parts) == 1 and len(_CRUMB_DOT.findall(text)) == 1:
        left, right = _CRUMB_DOT.split(text)
        if len(right.split()) >= 3 and clean_name(right) is None:   # "Name · Independent since 1874"
            parts = [left, right]
    if len(parts) > 1 and len(parts[1].split()) > 14:
        return None
    return clean_name(parts[0])


def masthead(lines: list[Line]) -> tuple[str | None, int]:
    """The site's banner at the top: (name, number of banner lines) when the first line reads as a
    name and the one or two lines right under it (no blank line between, one after) are its slogan
    or the name again with crumbs; else (None, 0)."""
    if len(lines) < 3:
        return None, 0
    first = lines[0]
    if chrome(first) or first.words > 8 or first.gap_after or first.text.endswith((".", "?", "!", ":")):
        return None, 0
    name = banner_name(first.text)
    if not name:
        return None, 0
    for k in (1, 2):
        ln = lines[k]
        if ln.flags & {"date", "byline", "label", "bullet"}:
            return None, 0
        again = banner_name(ln.text)
        same = again is not None and again.casefold() == name.casefold()
        slogan = (3 <= ln.words <= 14 and not (prose(ln) and ln.words >= 12) and not chrome(ln)
                  and not is_nav(ln.text) and not ln.text.endswith(":"))
        if not (same or slogan):
            return None, 0
        if ln.gap_after:
            return name, k + 1
    return None, 0


def _self_named(text: str) -> str | None:
    """A name from a line saying what it is: "Logo of X", "X logo", "X - Home", "Home | X",
    "X is your source for ...", "Welcome to X"."""
    words = text.split()
    low = [w.casefold().strip(":") for w in words]
    if len(words) >= 2 and low[-1] in LOGO_WORDS:
        return " ".join(words[:-1])
    if len(words) >= 2 and low[0] in LOGO_WORDS:
        rest = words[2:] if len(words) > 2 and low[1] == "of" else words[1:]
        return " ".join(rest) if words[0].endswith(":") or low[1] == "of" else None
    parts = _HOME_SPLIT.split(text.strip())
    if len(parts) == 2:
        if parts[0].casefold().replace(" ", "") in HOME_WORDS:
            return parts[1]
        if parts[1].casefold().replace(" ", "") in HOME_WORDS:
            return parts[0]
    return None


def _slogan_name(text: str, first_lines: bool) -> str | None:
    m = re.match(r"^welcome to (?:the )?(?P<name>[A-Z][\w&.'’ -]{1,40}?)(?:[,!.:;|]|\s+[-–—]|$)", text, re.I)
    if m:
        return m.group("name")
    if not first_lines:
        return None
    m = re.match(r"^(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s+(?:is|are)\s+(?P<rest>.*)$", text)
    if m:
        rest = [w.casefold() for w in WORD.findall(m.group("rest"))]
        if rest and rest[0] in ("your", "the", "a", "an") and any(w in SLOGAN_NOUNS for w in rest[1:8]):
            return m.group("name")
    return None


def _name_recurs(lines: list[Line], name: str, k: int, headline: int | None, weak: bool) -> bool:
    """Whether the site's name appears again, within another line and outside the story: in a
    copyright line or a photo credit or, unless the name is one plain word, other furniture."""
    core = re.sub(r"^the\s+", "", name, flags=re.I)
    rx = re.compile(r"(?<![\w])" + re.escape(core).replace(r"\ ", r"\s+") + r"(?![\w])", re.I)
    own = lines[k].key
    for i, ln in enumerate(lines):
        if i == k or i == headline or ln.key == own or not rx.search(ln.text):
            continue
        if ln.flags & {"copyright", "credit", "caption"} or re.search(r"©|\bcopyright\b", ln.text, re.I):
            return True
        if not weak and (chrome(ln) or ln.words < 8 or ln.text.startswith("About ")):
            return True
    return False


def _utility(ln: Line) -> bool:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", ln.text).strip(" :|")
    return bool(ln.flags & {"utility", "url", "date", "label"} or (ln.words <= 8 and _TICKER.search(ln.text))
                or not re.search(r"[^\W\d_]", ln.text) or (spaced != ln.text and is_nav(spaced)))


def _menu_line(ln: Line) -> bool:
    return is_nav(ln.text) or (_utility(ln) and not ln.flags & {"date", "label"})


def _menu_shaped(ln: Line) -> bool:
    t = ln.text
    return ln.words <= 4 and t[:1].isupper() and not re.search(r"[\d.!?:;,]$", t) and not re.search(r"\d", t)


def _menu_follows(lines: list[Line], i: int, limit: int) -> bool:
    """Whether the site's menu starts at line ``i`` (perhaps after a tagline or a ticker)."""
    tagline = False
    while i < limit:
        ln = lines[i]
        if len(re.split(r"\s+[|•·]\s+", ln.text)) >= 3 and ln.words <= 20 and not prose(ln):
            return True
        pair = lines[i:min(i + 2, limit)]
        if len(pair) == 2 and all(_menu_line(x) or _menu_shaped(x) for x in pair) and any(_menu_line(x) for x in pair):
            return True
        if len(lines[i:limit]) >= 3 and all(_menu_shaped(x) for x in lines[i:i + 3]):
            return True
        if ln.flags & {"date", "label"} or (ln.words <= 8 and _TICKER.search(ln.text)):
            i += 1
            continue
        if tagline or prose(ln) or chrome(ln) or not 1 <= ln.words <= 14:
            return False
        tagline = True
        i += 1
    return False


def _lower_to_title(text: str) -> str:
    return " ".join(w if (k and w in SMALL_WORDS) else w[:1].upper() + w[1:] for k, w in enumerate(text.split()))


def top_banner(lines: list[Line], headline: int | None) -> str | None:
    """The site's name printed on top of its menu: the first line past the page utilities, before
    the headline, reading as a name, when the menu follows it or the name recurs."""
    limit = min(len(lines), headline if headline is not None else 40, 40)
    k = 0
    while k < limit and _utility(lines[k]):
        k += 1
    if k >= limit:
        return None
    ln = lines[k]
    t = ln.text
    if (chrome(ln) or ln.words > 6 or is_nav(t) or t.endswith((".", "?", "!", ":", ",", ";"))):
        return None
    name = banner_name(t)
    if name is None and t == t.lower():
        name = banner_name(_lower_to_title(t))
    if not name:
        return None
    raw = _BANNER_SPLIT.split(t, maxsplit=1)[0].strip()
    weak = len(name.split()) == 1 and not (raw.isupper() or re.search(r"\w[A-Z0-9]", raw))
    if _name_recurs(lines, name, k, headline, weak):
        return name
    if weak or k + 1 >= len(lines) or (headline is not None and k + 1 >= headline):
        return None
    return name if _menu_follows(lines, k + 1, limit) else None


def _stated_banner(lines: list[Line], headline: int | None) -> str | None:
    limit = min(len(lines), headline if headline is not None else 40, 40)
    for k in range(limit):
        if lines[k].words > 10:
            continue
        named = _self_named(lines[k].text.strip())
        name = clean_name(named) if named else None
        if name and not section_word(name):
            return name
    k = 0
    while k < limit and _utility(lines[k]) and "url" not in lines[k].flags:
        k += 1
    if k < limit:
        t = lines[k].text.strip()
        m = _DOMAIN.match(t)
        if m and m.group("tld") in BANNER_TLDS and (_menu_follows(lines, k + 1, limit)
                                                    or _name_recurs(lines, t, k, headline, False)):
            return t
    return None


def site_name(lines: list[Line], headline: int | None) -> str | None:
    """The site's own name from its banner, or None."""
    name = _stated_banner(lines, headline)
    if name:
        return name
    top = lines[: (headline if headline is not None else min(len(lines), 40))]
    for k, ln in enumerate(top):
        if ln.words > 40:
            continue
        named = _slogan_name(ln.text, k < 8)
        name = clean_name(named) if named else None
        if name and not section_word(name):
            return name
    name, n = masthead(lines)
    if name and (headline is None or headline >= n) and not section_word(name):
        return name
    for k, ln in enumerate(top[:3]):
        name = banner_name(ln.text)
        if not name or section_word(name):
            continue
        decorated = _DECORATION.search(ln.text) is not None
        repeated = k + 1 < len(top) and banner_name(top[k + 1].text) == name
        if repeated or (decorated and not ln.text.endswith((".", "?", "!"))):
            return name
    name = top_banner(lines, headline)
    return None if section_word(name) else name


def _byline_credit(lines: list[Line], lo: int, hi: int) -> str | None:
    for ln in lines[lo:hi]:
        if "byline" not in ln.flags:
            continue
        for part in re.split(r"\s*(?:,|\||/|•|·|\s[-–—]\s)\s*", ln.text)[1:]:
            agency = WIRE_AGENCIES.get(part.strip(" .").lower())
            if agency:
                return agency
    return None


def find_outlet(lines: list[Line], headline: int | None, body: list[str], start: int) -> str | None:
    """The outlet: a wire credit in the dateline (or on the byline) wins, else the site's name."""
    for p in body[:5]:
        credit = dateline_credit(p)
        if credit:
            return credit
    if headline is not None:
        credit = _byline_credit(lines, *meta_window(lines, headline, start))
        if credit:
            return credit
    return site_name(lines, headline)
