"""What a page's words say of its locale: British or American spellings, and the time zones it
prints, kept as word lists (data), matched word by word.

Britain, Ireland, the Commonwealth and continental Europe write numeric dates day first; the
United States month first (:func:`index.dates.locale_day_first` weighs these cues).

>>> locale_cues("The town centre car park is 250 square metres; the councillors met at 7pm BST.")
(4, 0)
>>> locale_cues("The convention center was organized by the neighborhood council, 7 p.m. EST.")
(0, 4)
"""
from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Stems spelt "-our" in British and "-or" in American English (colour/color, labour/labor).
_OUR_STEMS = _words("col fav flav hon hum lab neighb behavi harb rum endeav arm od vig")
# Stems spelt "-ise" / "-isation" in British and "-ize" / "-ization" in American English.
_ISE_STEMS = _words("""organ real recogn apolog critic priorit emphas summar minim maxim util final author
    categor character mobil penal modern normal stabil special capital central legal subsid popular
    hospital standard computer visual optim jeopard fertil sympath""")
_ISE_ENDINGS = ("e", "ed", "es", "ing", "ation", "ations", "er", "ers")
# Verbs that double their last "l" in British English (travelled/traveled).
_LL_STEMS = _words("travel model label fuel signal")
_LL_ENDINGS = ("ed", "ing", "er", "ers")
_PLURALS = ("", "s", "d")

BRITISH_WORDS = (
    frozenset(s + "re" + e for s in _words("cent met lit fib calib") for e in _PLURALS)
    | frozenset(s + "is" + e for s in _ISE_STEMS for e in _ISE_ENDINGS)
    | frozenset(s + "l" + e for s in _LL_STEMS for e in _LL_ENDINGS)
    | frozenset(s + e for s in ("analys", "paralys") for e in ("e", "ed", "es", "ing"))
    | _words("""councillor councillors defence offence offences licence licences licenced jewellery
        aluminium whilst programme programmes tyre tyres kerb kerbs pyjamas cheque cheques cosy""")
)
# British words known by how they begin ("colourful", "manoeuvring", "sceptical").
BRITISH_STARTS = tuple(sorted(s + "our" for s in _OUR_STEMS)) + ("manoeuvr", "paediatr", "anaesthe", "sceptic")

AMERICAN_WORDS = (
    frozenset(s + "or" + e for s in _OUR_STEMS
              for e in ("", "s", "ed", "ing", "ite", "ites", "able", "hood", "hoods", "ful", "ly"))
    | frozenset(s + "er" + e for s in _words("cent lit fib calib") for e in _PLURALS)
    | frozenset(s + "iz" + e for s in _ISE_STEMS for e in _ISE_ENDINGS)
    | frozenset(s + e for s in _LL_STEMS for e in _LL_ENDINGS)
    | frozenset(s + e for s in ("analyz", "paralyz") for e in ("e", "ed", "es", "ing"))
    | _words("councilor councilors defense offense offenses jewelry aluminum pajamas cozy")
)
AMERICAN_STARTS = ("maneuver", "pediatr", "anesthe", "skeptic")

# Time zones printed by pages of each kind of locale (matched in capitals, as printed).
DAY_FIRST_ZONES = _words("BST GMT IST WET WEST CET CEST EET EEST AEST AEDT ACST ACDT AWST NZST NZDT SAST WAT EAT")
MONTH_FIRST_ZONES = _words("EST EDT CST CDT MST MDT PST PDT AKST AKDT HST ET CT PT")

_WORD = re.compile(r"\b\w+")
_CAPITALS = re.compile(r"(?<![\w-])[A-Z]+(?![\w-])")


def locale_cues(text: str) -> tuple[int, int]:
    """(day-first cues, month-first cues) in ``text``: British and American spellings, the
    time zones of :data:`DAY_FIRST_ZONES` and :data:`MONTH_FIRST_ZONES`, and the pound and
    euro signs (day first)."""
    day = month = 0
    for w in _WORD.findall(text.lower()):
        if w in BRITISH_WORDS or w.startswith(BRITISH_STARTS):
            day += 1
        elif w in AMERICAN_WORDS or w.startswith(AMERICAN_STARTS):
            month += 1
    for z in _CAPITALS.findall(text):
        if z in DAY_FIRST_ZONES:
            day += 1
        elif z in MONTH_FIRST_ZONES:
            month += 1
    return day + text.count("£") + text.count("€"), month
