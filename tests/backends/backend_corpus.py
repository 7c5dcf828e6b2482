"""A small made-up news corpus for the backend suite (all text written for these tests), read
together with samples/corpus by both writers.

It has what the search behaviours need: several outlets (one of two words), months from 2023 to
2025 and two undated articles, one wire story printed three times (two copies word for word,
one lightly edited) and another printed twice, the phrase "rare earth magnets" beside articles
that only hold its words apart, words that share a prefix (stabilize, stabilization,
stabilizing), "U.S." beside the pronoun "us", an accented place name, words found only in
headlines, and articles in the same month from different outlets.
"""
from __future__ import annotations

import json
from pathlib import Path

WIRE = ("Finance ministers from twelve Pacific economies agreed on Thursday to stabilize their "
        "currencies through a shared swap line worth forty billion dollars, a step officials said "
        "would calm markets shaken by a month of capital flight.\n\nThe agreement, reached after two "
        "days of talks in Wellington, lets any member draw on the fund for ninety days at a time. "
        "Diplomats said the U.S. had encouraged the deal but would not contribute to it.")
WIRE_EDITED = WIRE.replace("a step officials said", "a move officials said").replace(
    "Diplomats said", "Two diplomats said")
PAIR = ("A freight train carrying fertiliser left the tracks near the river port of Ostrava late on "
        "Sunday, spilling part of its load into a drainage canal. Nobody was hurt, the railway "
        "operator said, and crews worked through the night to pump the canal dry.\n\nInspectors "
        "will examine a stretch of rail that was replaced last spring.")

ARTICLES = [
    # wire story, three printings (one story)
    {"title": "Pacific economies agree currency swap line", "body": WIRE, "source": "Reuters",
     "published": "2024-03-14T08:00:00+00:00", "url": "https://wire.example.org/pacific-swap"},
    {"title": "Ministers back forty billion dollar swap fund", "body": WIRE, "source": "Valley Courier",
     "published": "2024-03-14T11:30:00+00:00", "url": "https://valleycourier.example.org/swap-fund"},
    {"title": "Pacific swap line agreed in Wellington", "body": WIRE_EDITED, "source": "Harbour Ledger",
     "published": "2024-03-15T06:00:00+00:00", "url": "https://harbourledger.example.org/wellington-swap"},
    # a second story, printed twice
    {"title": "Fertiliser train derails near Ostrava", "body": PAIR, "source": "Northgate Post",
     "published": "2023-11-06T07:15:00+00:00", "url": "https://northgate.example.org/ostrava-derailment"},
    {"title": "Freight derailment spills fertiliser into canal", "body": PAIR, "source": "Business Maverick",
     "published": "2023-11-06T09:40:00+00:00", "url": "https://maverick.example.org/canal-spill"},
    # single stories
    {"title": "Rare earth magnets in short supply as factories retool",
     "body": "Makers of electric motors said rare earth magnets had become the scarcest part of their supply "
             "chain, with delivery times doubling since January. One carmaker said it was testing motors "
             "that need no magnets at all.",
     "source": "Harbour Ledger", "published": "2024-06-03T09:00:00+00:00",
     "url": "https://harbourledger.example.org/magnets"},
    {"title": "Mining town bets on a new smelter",
     "body": "The council of a northern mining town approved a smelter for rare minerals. Residents worried "
             "about dust from the earth works; the company promised covered trucks. Its engineers will also "
             "build magnets for wind turbines in a second plant.",
     "source": "Northgate Post", "published": "2024-06-20T10:00:00+00:00",
     "url": "https://northgate.example.org/smelter"},
    {"title": "Central bank moves to stabilise the lira",
     "body": "The central bank raised its main rate by three points in an effort at stabilization after the "
             "lira lost a fifth of its value. Traders said stabilizing the currency would take more than one "
             "decision.",
     "source": "Business Maverick", "published": "2023-08-24T13:00:00+00:00",
     "url": "https://maverick.example.org/lira"},
    {"title": "Tariffs on soybeans lifted in trade truce",
     "body": "Beijing lifted tariffs on American soybeans as part of a truce, and farmers in Iowa said prices "
             "recovered within days. Grain traders expect export volumes to return to their old level by winter.",
     "source": "Valley Courier", "published": "2023-05-02T15:00:00+00:00",
     "url": "https://valleycourier.example.org/soybeans"},
    {"title": "New tariffs on steel and aluminium",
     "body": "The government announced tariffs on imported steel and aluminium, saying cheap metal had closed "
             "three mills. Builders warned that construction costs would climb.",
     "source": "Reuters", "published": "2025-02-10T12:00:00+00:00",
     "url": "https://wire.example.org/steel-tariffs"},
    {"title": "Lithium prices slide as new mines open",
     "body": "Lithium fell to a three-year low as mines in Australia and Chile raised output. Battery makers "
             "welcomed the drop; miners delayed two projects.",
     "source": "Harbour Ledger", "published": "2025-01-22T08:30:00+00:00",
     "url": "https://harbourledger.example.org/lithium"},
    {"title": "Cobalt refinery opens in Finland",
     "body": "A cobalt refinery opened on the Finnish coast, the first in Europe to process ore from three "
             "continents. Its owners said half of the output is already sold to battery plants.",
     "source": "Northgate Post", "published": "2025-01-29T09:30:00+00:00",
     "url": "https://northgate.example.org/cobalt"},
    {"title": "Zürich insurers count the cost of hail",
     "body": "Insurers in Zürich said a single hailstorm in July caused the largest claims in a decade. "
             "Roofers in the canton are booked until the spring.",
     "source": "Valley Courier", "published": "2024-08-12T07:00:00+00:00",
     "url": "https://valleycourier.example.org/hail"},
    {"title": "Letters: tell us what you think of the new bridge",
     "body": "Readers wrote to us about the new bridge. Most of them like the cycle lane; some want the old "
             "ferry back for the summer months.",
     "source": "Harbour Ledger", "published": "2024-09-01T06:00:00+00:00",
     "url": "https://harbourledger.example.org/letters-bridge"},
    {"title": "U.S. and Canada extend fishing accord",
     "body": "The U.S. and Canada extended their salmon fishing accord for five years, keeping quotas for "
             "river runs on both sides of the border unchanged.",
     "source": "Reuters", "published": "2024-09-18T16:00:00+00:00",
     "url": "https://wire.example.org/salmon-accord"},
    {"title": "Orchestra finds a home in an old tram depot",
     "body": "A youth orchestra will rehearse in a converted tram depot from next season. The city paid for "
             "new windows and a wooden floor; the acoustics surprised the conductor.",
     "source": "Business Maverick", "published": "2024-10-05T18:00:00+00:00",
     "url": "https://maverick.example.org/orchestra"},
    {"title": "Glacier melt feeds record river flows",
     "body": "Rivers below the glaciers of the western range ran at record volumes in August as ice melted "
             "faster than in any summer on record. Hydrologists warned of floods downstream.",
     "source": "Northgate Post", "published": "2023-08-30T12:00:00+00:00",
     "url": "https://northgate.example.org/glacier-rivers"},
    {"title": "Chess prodigy wins the open championship",
     "body": "A fourteen-year-old from the harbour district won the open chess championship, beating two "
             "grandmasters on the final day.",
     "source": "Valley Courier", "published": "2025-03-03T20:00:00+00:00",
     "url": "https://valleycourier.example.org/chess"},
    # no date
    {"title": "Ferry timetable for the islands",
     "body": "The island ferry will sail four times a day in winter and six in summer. Tickets can be "
             "bought on board or at the harbour office.",
     "source": "Harbour Ledger", "url": "https://harbourledger.example.org/ferry-timetable"},
    {"title": "Volunteers clear the coastal path",
     "body": "Volunteers cleared fallen trees from the coastal path after the storms, reopening the walk "
             "between the lighthouse and the fishing village.",
     "source": "Northgate Post", "url": "https://northgate.example.org/coastal-path"},
]

# The wire story's three printings and the train story's two (article URLs): the stories the
# clusterer must find.
WIRE_URLS = [a["url"] for a in ARTICLES[:3]]
PAIR_URLS = [a["url"] for a in ARTICLES[3:5]]


def write_jsonl(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for a in ARTICLES:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return path
