"""A small made-up news corpus for the web tests (all text written for these tests).

Enough articles on one topic ("tariffs") to need three pages of results, several outlets and
months to filter by, and hostile content: markup and script in titles, outlets and bodies, a
``javascript:`` URL, a formula-looking title, and a syndicated story printed by two outlets.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

OUTLETS = ["Harbor View Times", "Meridian Post", "Signal Street Journal", "Northfield Gazette",
           "Capitol Brief", "Lowlands Courier", "Prairie Courier", "Straits Observer",
           "Alpine Report", "Frontera Daily"]
COUNTRIES = ["Canada", "Mexico", "Japan", "Brazil", "India", "Vietnam", "Germany", "Australia"]
GOODS = ["steel", "solar panels", "electric vehicles", "soybeans", "aluminium", "lumber",
         "batteries", "wine"]

TARIFF_ARTICLES = 24


# Pools of prime sizes above 10: two of the 24 articles (indices under 24 apart) can make the same
# choice from at most one pool, so no two bodies are near-copies (story clusters would group them).
MINISTRIES = ["trade ministry", "finance ministry", "commerce department", "economy ministry", "customs agency",
              "industry office", "treasury", "cabinet office", "revenue service", "foreign ministry",
              "agriculture ministry"]
VERBS = ["said", "announced", "confirmed", "signalled", "told reporters", "indicated", "hinted", "disclosed",
         "let it be known", "briefed lawmakers", "wrote in a notice", "suggested", "warned parliament"]
ORIGINS = ["from China", "from its neighbours", "from Europe", "shipped by sea", "sold online", "from Asian suppliers",
           "from the United States", "from Turkey", "from Gulf producers", "from Africa", "from Latin America",
           "routed through Singapore", "from Canadian mills", "bought at auction", "from new factories",
           "from state firms", "from bonded warehouses"]
TIMING = ["from next spring", "within weeks", "by the end of the year", "after a review", "once talks fail",
          "in two stages", "before the election", "from July", "if prices keep falling", "for three years",
          "starting in autumn", "unless a deal is struck", "after the harvest", "from the next quarter",
          "on a trial basis", "within a month", "when the treaty lapses", "later this decade", "from January"]
GROUPS = ["Industry groups", "Farm lobbies", "Importers", "Retail chains", "Unions", "Carmakers", "Small exporters",
          "Shipping firms", "Consumer advocates", "Port operators", "Steelworkers", "Restaurant owners",
          "Opposition lawmakers"]
REACTIONS = ["welcomed the plan cautiously", "objected loudly", "asked for exemptions", "warned of higher prices",
             "promised to lobby against it", "said little in public", "called it overdue", "demanded a vote",
             "threatened legal action", "asked for more time", "shrugged it off", "praised the ministry",
             "urged a rethink", "questioned the figures", "planned protests", "called for talks", "stayed silent"]
VOICES = ["an economist", "a customs broker", "a former negotiator", "a port official", "a trade lawyer",
          "a bank strategist", "a union leader", "a farm economist", "a logistics manager", "a retired diplomat",
          "a fund manager"]
VIEWS = ["the duties are mostly a bargaining chip", "shoppers will pay most of the cost",
         "the measure will be hard to enforce", "other countries will answer in kind",
         "investors had expected something like this", "the timing owes more to politics than trade",
         "smugglers will find a way round it", "nobody in the industry asked for this",
         "the rate is lower than we feared", "this will not survive a court challenge",
         "prices were already falling", "it is a gift to our competitors", "the rules are still unclear"]


def _pick(pool: list, i: int, stride: int) -> str:
    """Article i's choice from a pool (stride 1–10: a prime-sized pool repeats only every len(pool))."""
    return pool[(i * stride + stride) % len(pool)]


def _tariff_article(i: int) -> dict:
    """The i-th of 24 different stories about tariffs: the same subject in varied words, so that no
    two are near-copies of each other (story clusters would rightly group copies)."""
    country = COUNTRIES[i % len(COUNTRIES)]
    good = GOODS[(i * 3 + i // len(COUNTRIES)) % len(GOODS)]
    outlet = OUTLETS[i % 7]
    year, month = 2023 + i // 10, 1 + (i % 10)
    day = 3 + (i * 7) % 24
    return {
        "title": f"{country} weighs new tariffs on {good}",
        "body": (
            f"{country}'s {_pick(MINISTRIES, i, 3)} {_pick(VERBS, i, 2)} that {good} "
            f"{_pick(ORIGINS, i, 5)} could face tariffs of {10 + i}% {_pick(TIMING, i, 7)}.\n\n"
            f"{_pick(GROUPS, i, 4)} {_pick(REACTIONS, i, 6)}; {_pick(GROUPS, i, 9).lower()} "
            f"{_pick(REACTIONS, i, 10)}.\n\n"
            f"\"{_pick(VIEWS, i, 8).capitalize()},\" said {_pick(VOICES, i, 1)} in {country}, "
            f"pointing to {good} prices that rose {i % 9 + 2} points last quarter."),
        "source": outlet,
        "published": datetime(year, month, day, 9, 30, tzinfo=timezone.utc).isoformat(),
        "byline": f"Reporter {i + 1}",
        "url": f"https://news.example.com/{outlet.lower().replace(' ', '-')}/tariffs-{i + 1}",
    }


OTHER_ARTICLES = [
    {"title": "Lai Ching-te wins Taiwan presidential election",
     "body": "Lai Ching-te of the governing party won Taiwan's presidential election on Saturday, "
             "a result that Beijing criticised within hours.\n\nTurnout was about 72%, the election "
             "commission said. Lai promised to keep the peace across the Taiwan Strait.",
     "source": "Northfield Gazette", "published": "2024-01-13T18:00:00+08:00",
     "byline": "Mei Chen", "url": "https://northfield.example.com/world/taiwan-election"},
    {"title": "What Taiwan's vote means for chipmakers",
     "body": "Investors in semiconductors watched the Taiwan election closely. The island makes most of "
             "the world's advanced chips.\n\nAnalysts expect little change in export controls.",
     "source": "Signal Street Journal", "published": "2024-01-15T08:00:00+00:00",
     "url": "https://signalstreet.example.com/taiwan-chips"},
    {"title": "US tightens export controls on AI chips",
     "body": "The Commerce Department tightened export controls on advanced AI chips on Tuesday, "
             "closing gaps that let some semiconductors reach China.\n\nChipmakers said the rules "
             "would cost them sales. Officials said national security came first.",
     "source": "Harbor View Times", "published": "2023-10-17T14:00:00+00:00",
     "byline": "Dana Ortiz", "url": "https://harborview.example.com/export-controls-ai-chips"},
    {"title": "Dutch licences for chip machines tightened",
     "body": "The Netherlands widened its licence rules for chip-making machines, aligning its "
             "export controls with Washington's.\n\nThe company affected said the change was expected.",
     "source": "Lowlands Courier", "published": "2024-09-06T10:00:00+02:00",
     "url": "https://lowlands.example.com/chip-machine-licences"},
    {"title": "China restricts exports of rare earths",
     "body": "Beijing announced limits on exports of several rare earths used in magnets and chips.\n\n"
             "Manufacturers in Japan and Europe said they had stockpiles for a few months.",
     "source": "Straits Observer", "published": "2025-04-04T07:00:00+08:00",
     "url": "https://straits.example.com/rare-earths"},
    {"title": "Swiss glaciers lost a record share of their ice",
     "body": "Switzerland's glaciers lost about 4% of their volume this year, scientists said, after "
             "a dry winter and a hot summer.\n\nSeveral small glaciers have disappeared entirely.",
     "source": "Alpine Report", "published": "2023-09-28T12:00:00+02:00",
     "url": "https://alpine.example.com/glaciers-record-loss"},
    {"title": "Argentina win the Copa America final",
     "body": "Argentina beat Colombia 1-0 after extra time to win the Copa America in Miami.\n\n"
             "The final started more than an hour late after crowd trouble outside the stadium.",
     "source": "Frontera Daily", "published": "2024-07-15T03:00:00+00:00",
     "url": "https://frontera.example.com/copa-final"},
    {"title": "Farmers brace for another season of low soybean prices",
     "body": "Soybean farmers in Iowa said retaliatory tariffs and a strong harvest in Brazil had pushed "
             "prices to a four-year low.\n\nMany are storing their crop and waiting for better prices.",
     "source": "Prairie Courier", "published": "2024-11-20T15:00:00+00:00",
     "url": "https://prairie.example.com/soybeans"},
    {"title": "Undated briefing on shipping rates",
     "body": "Container shipping rates rose again as carriers avoided the Red Sea route.",
     "source": "Meridian Post"},
    {"title": "=HYPERLINK(\"http://evil.example\",\"click\") tariffs spreadsheet trick",
     "body": "A headline that a spreadsheet would run as a formula, about tariffs.",
     "source": "Capitol Brief", "published": "2025-06-01T10:00:00+00:00",
     "url": "https://capitolbrief.example.com/formula"},
]

HOSTILE_TITLE = '<script>alert("pwned-title")</script> Tariff hearing <b>ends</b>'
HOSTILE_SOURCE = '<img src=x onerror=alert("pwned-source")>'
HOSTILE_BODY = ('The hearing on tariffs ended early. <script>alert("pwned-body")</script> '
                'Witnesses wrote <b>bold</b> claims and <a href="javascript:alert(1)">links</a>.\n\n'
                'A second paragraph about tariffs & "quotes" <iframe src="https://evil.example"></iframe>.')
HOSTILE_URL = "javascript:alert(document.domain)"

SYNDICATED = [  # one wire story printed by two outlets: one cluster
    {"title": "Wire: ministers agree on a tariffs truce",
     "body": "Trade ministers agreed on Friday to pause new tariffs for ninety days while talks "
             "continue, according to a joint statement.\n\nMarkets rose on the news.",
     "source": "Meridian Post", "published": "2025-05-09T12:00:00+00:00",
     "url": "https://meridian.example.com/tariffs-truce"},
    {"title": "Ministers agree on a tariffs truce",
     "body": "Trade ministers agreed on Friday to pause new tariffs for ninety days while talks "
             "continue, according to a joint statement.\n\nMarkets rose on the news.",
     "source": "Capitol Brief", "published": "2025-05-09T15:00:00+00:00",
     "url": "https://capitolbrief.example.com/tariffs-truce"},
]


def records() -> list[dict]:
    return [_tariff_article(i) for i in range(TARIFF_ARTICLES)] + OTHER_ARTICLES


def write_jsonl(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for rec in records():
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def add_direct(index_dir: Path) -> dict:
    """Add the articles that the readers would clean up (a javascript: URL) and a syndicated pair
    through the indexer's programmatic entry point, as a program that makes its own articles
    would. Returns their ids by name."""
    from index.article import Article, article_id
    from index.build import add_articles

    def make(rec, origin, url=None):
        a = Article(title=rec["title"], body=rec["body"], source=rec.get("source"),
                    published=datetime.fromisoformat(rec["published"]) if rec.get("published") else None,
                    byline=rec.get("byline"), url=rec.get("url"), origin=origin)
        a.id = article_id(a)
        if url is not None:
            a.url = url
        return a

    hostile = make({"title": HOSTILE_TITLE, "body": HOSTILE_BODY, "source": HOSTILE_SOURCE,
                    "published": "2025-02-02T10:00:00+00:00", "byline": "<i>Mallory</i>"},
                   "fixture#hostile", url=HOSTILE_URL)
    wire = [make(rec, f"fixture#wire{i}") for i, rec in enumerate(SYNDICATED)]
    add_articles([hostile, *wire], index_dir, origin_file="fixture")
    return {"hostile": hostile.id, "wire_first": wire[0].id, "wire_second": wire[1].id}
