#!/usr/bin/env python3
"""The edits a syndicated or re-posted copy of a story shows, made programmatically.

    python scripts/cluster_edits.py --edit chrome          # a sample article and its edited copy
    python scripts/cluster_edits.py --edit heavy --split heldout --seed 3

Used by ``scripts/make_cluster_pairs.py`` to build labelled same-story pairs. Each edit is a
function ``(doc, rng, split, others) -> Doc``: ``rng`` makes it deterministic, ``others`` are
other stories of the corpus (for related-link chrome and borrowed paragraphs), and ``split``
picks one half of each word pool (outlets, chrome lines, rewordings, editor's lines): tuning
pairs draw from the even positions, held-out pairs from the odd ones, so that held-out copies
carry wording never seen while tuning.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Doc:
    key: str                      # "bbc:politics/088.txt", "reuters:1234", "samples:pages/x.txt", ...
    title: str
    body: str
    source: str | None = None
    published: str | None = None
    topics: list[str] = field(default_factory=list)



# --------------------------------------------------------------------------------------- edits
# Each pool is split in two halves: even positions for tuning, odd positions for held-out pairs.

OUTLETS = ["The Harbour Courier", "Northgate Daily", "Pacific Ledger", "Midland Observer", "Capital Wire Review",
           "The Evening Sentinel", "Lakeside Times", "Global Brief", "Metro Chronicle", "The Valley Post",
           "Coastline News", "The Morning Record"]
CITIES = ["LONDON", "WASHINGTON", "NEW YORK", "BEIJING", "TOKYO", "BRUSSELS", "PARIS", "SYDNEY", "GENEVA",
          "FRANKFURT", "SINGAPORE", "TORONTO"]
AGENCIES = ["Reuters", "AP", "AFP", "Bloomberg", "dpa", "Kyodo"]
CHROME_TOP = [["Home", "World", "Business", "Markets", "Sport"], ["Skip to main content"], ["Menu", "Search"],
              ["Subscribe", "Sign in"], ["Advertisement"], ["Latest news", "Opinion", "Video"],
              ["Breaking", "Live"], ["Top stories"]]
CHROME_MID = ["Read more: {title}", "See also: {title}", "Share this article", "Advertisement",
              "RELATED: {title}", "Story continues below advertisement", "Also read: {title}",
              "Click here to follow us for the latest updates"]
CHROME_END = ["Sign up for our newsletter to get the day's top stories in your inbox.", "Leave a Comment",
              "Copyright {year} {outlet}. All rights reserved.", "Share on Facebook | Share on X | Email",
              "Most read", "Your email address will not be published. Required fields are marked *",
              "More from {outlet}", "Source link", "Related posts:", "Comments are closed.",
              "Follow us on social media", "Report an error"]
EDITOR_LINES = ["Editor's note: This story has been updated with additional details.",
                "(Reporting by {name}; Editing by {name2})",
                "This article was amended on {date} to correct a figure.",
                "Additional reporting by {name}.",
                "An earlier version of this story misstated the date of the meeting.",
                "-- With assistance from {name}.",
                "This story was first published by {agency} and is republished with permission.",
                "Correction: a previous version of this article gave the wrong title for {name}."]
NAMES = ["Dana Whitcombe", "Marcus Oyelaran", "Lena Park", "Owen Maddox", "Tan Wei Ling", "Nina Graf",
         "Femke de Vries", "Rory Fitzgerald"]
# (pattern, replacement) rewordings: house style and light copy-editing.
REWORDINGS = [(r"\bsaid\b", "says"), (r"\bpct\b", "percent"), (r"\bper cent\b", "percent"), (r"\bU\.S\.", "US"),
              (r"\bmln\b", "million"), (r"\bMr\.? ", ""), (r"\babout\b", "around"), (r"\bhowever\b", "but"),
              (r"\bpercent\b", "per cent"), (r"\bbln\b", "billion"), (r"\btold\b", "said to"),
              (r"\balso\b", ""), (r"\bcompany\b", "firm"), (r"\bgovernment\b", "administration"),
              (r"\bwill\b", "is set to"), (r"\bthe United States\b", "the US")]
SPELLINGS = [(r"(\w{3,})ise\b", r"\1ize"), (r"(\w{3,})our\b", r"\1or"), (r"(\w{3,})ize\b", r"\1ise"),
             (r"(\w{3,})yse\b", r"\1yze")]


def pool(items: list, split: str) -> list:
    return items[0::2] if split == "tune" else items[1::2]


def paragraphs(body: str) -> list[str]:
    paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    if len(paras) == 1 and "\n" in paras[0]:
        paras = [p.strip() for p in paras[0].split("\n") if p.strip()]
    return paras


_SENTENCE_END = re.compile(r"([.!?][\"”’']?)\s+(?=[\"“‘A-Z0-9])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.sub("\\1\x00", text).split("\x00") if s.strip()]


def _paras_or_sentences(body: str) -> list[str]:
    paras = paragraphs(body)
    return paras if len(paras) >= 3 else [s for p in paras for s in sentences(p)]


def edit_headline(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """Another headline and outlet; the copy opens with a dateline credit."""
    ws = doc.title.split()
    rng.shuffle(ws)
    city, agency = rng.choice(pool(CITIES, split)), rng.choice(AGENCIES)
    dash = rng.choice(["-", "—", "--", "–"])
    body = f"{city} ({agency}) {dash} {doc.body}"
    return Doc(doc.key + "~headline", " ".join(ws[: max(3, len(ws) - 1)]).capitalize(), body,
               rng.choice(pool(OUTLETS, split)))


def edit_chrome(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """Site chrome above, inside and below the text (as an extractor that missed it leaves it)."""
    outlet = rng.choice(pool(OUTLETS, split))
    paras = paragraphs(doc.body)
    fill = dict(outlet=outlet, year=rng.choice([2023, 2024, 2025]))
    top = [outlet] + rng.choice(pool(CHROME_TOP, split))
    mid = rng.choice(pool(CHROME_MID, split)).format(title=rng.choice(others).title, **fill)
    at = rng.randint(1, max(1, len(paras) - 1))
    paras = paras[:at] + [mid] + paras[at:]
    end = [line.format(**fill) for line in rng.sample(pool(CHROME_END, split), 3)]
    end += [o.title for o in rng.sample(others, 3)]
    return Doc(doc.key + "~chrome", doc.title, "\n\n".join(top + paras + end), outlet)


def edit_cut_ending(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """The ending cut: the first 40-80% of the paragraphs (or sentences) kept."""
    parts = _paras_or_sentences(doc.body)
    keep = max(1, round(len(parts) * rng.uniform(0.4, 0.8)))
    return Doc(doc.key + "~cut", doc.title, "\n\n".join(parts[:keep]), doc.source)


def edit_add_paragraph(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """An editor's line, and sometimes a paragraph from another story, added."""
    paras = paragraphs(doc.body)
    names = pool(NAMES, split)
    line = rng.choice(pool(EDITOR_LINES, split)).format(
        name=rng.choice(names), name2=rng.choice(names), date=f"{rng.randint(1, 28)} March",
        agency=rng.choice(AGENCIES))
    if rng.random() < 0.5:
        extra = rng.choice(paragraphs(rng.choice(others).body))
        paras.insert(rng.randint(1, len(paras)), extra)
    paras.append(line) if rng.random() < 0.7 else paras.insert(0, line)
    return Doc(doc.key + "~added", doc.title, "\n\n".join(paras), doc.source)


def edit_reword(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """Light rewording: house-style substitutions and spelling, applied everywhere they match."""
    body = doc.body
    chosen = [r for r in pool(REWORDINGS, split) if rng.random() < 0.6] or [pool(REWORDINGS, split)[0]]
    for pattern, repl in chosen + [rng.choice(pool(SPELLINGS, split))]:
        body = re.sub(pattern, repl, body)
    return Doc(doc.key + "~reword", doc.title, body, doc.source)


def edit_rewrap(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """Paragraphs re-wrapped: hard line breaks at a column, all joined, or split at sentences."""
    paras = paragraphs(doc.body)
    how = rng.choice(["wrap", "join", "split"])
    if how == "wrap":
        width = rng.randint(55, 80)
        body = "\n\n".join(textwrap.fill(p, width) for p in paras)
    elif how == "join":
        body = " ".join(paras)
    else:
        body = "\n\n".join(s for p in paras for s in sentences(p))
    return Doc(doc.key + "~rewrap", doc.title, body, doc.source)


def edit_combined(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """Three of the edits above, one after another."""
    out = doc
    for fn in rng.sample([edit_headline, edit_chrome, edit_cut_ending, edit_add_paragraph, edit_reword,
                          edit_rewrap], 3):
        out = fn(out, rng, split, others)
    return Doc(doc.key + "~combined", out.title, out.body, out.source)


def edit_heavy(doc: Doc, rng: random.Random, split: str, others: list[Doc]) -> Doc:
    """A heavy update (the way seed 002 updates seed 000): about a quarter of the sentences
    dropped, a fifth of the remaining paragraphs moved, new paragraphs of other material
    added (a third of the original's length), the ending cut."""
    parts = _paras_or_sentences(doc.body)
    kept = [" ".join(s for s in sentences(p) if rng.random() > 0.25) for p in parts]
    kept = [p for p in kept if p] or parts[:1]
    for _ in range(max(1, len(kept) // 5)):
        if len(kept) > 2:
            kept.insert(rng.randrange(len(kept)), kept.pop(rng.randrange(len(kept))))
    kept = kept[: max(1, round(len(kept) * rng.uniform(0.7, 1.0)))]
    target = len(doc.body) // 3
    extra: list[str] = []
    while sum(map(len, extra)) < target:
        extra.append(rng.choice(paragraphs(rng.choice(others).body)))
    for p in extra:
        kept.insert(rng.randint(1, len(kept)), p)
    return Doc(doc.key + "~heavy", doc.title, "\n\n".join(kept), rng.choice(pool(OUTLETS, split)))


EDITS = {"headline": edit_headline, "chrome": edit_chrome, "cut": edit_cut_ending, "added": edit_add_paragraph,
         "reword": edit_reword, "rewrap": edit_rewrap, "combined": edit_combined, "heavy": edit_heavy}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edit", choices=sorted(EDITS), default="combined")
    ap.add_argument("--split", choices=("tune", "heldout"), default="tune")
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args(argv)
    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo))
    from index.article import Article
    from index.readers import Ignored, Skipped, find_sources, read_source

    docs = [Doc(a.origin, a.title, a.body, a.source)
            for src in find_sources([repo / "samples" / "corpus"]) if not isinstance(src, (Ignored, Skipped))
            for a in read_source(src) if isinstance(a, Article)]
    rng = random.Random(args.seed)
    base = rng.choice(docs)
    copy = EDITS[args.edit](base, rng, args.split, [d for d in docs if d is not base])
    for name, d in (("original", base), (f"copy ({args.edit})", copy)):
        print(f"=== {name}: {d.title!r} ({d.source})\n{d.body}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
