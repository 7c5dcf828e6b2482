"""A line-by-line account of an extraction: what each line was taken for, and why.

``newsdesk extract --explain FILE`` prints it: every line of the page with the label it got
(``headline``, ``body``, ``date``, ``byline``, or ``chrome`` and which kind: ``utility``,
``credit``, ``caption``, ``copyright``, ``url``, ``label`` or plain ``chrome``), the line
model's probability that it is article text, and the signals that weighed most (positive:
towards article text): the first (logistic) stage's, then, where the context stage moved the
line's log-odds by half a unit or more, that stage's (``ctx:`` and the signal, read from the
path the line took through its trees; ``ctx:z...`` are the first stage's log-odds of the line
and its neighbours, see :data:`index.extract.classify.CONTEXT`). A header gives the headline
chosen (or why none was), outlet, date and byline.

>>> text = "Home\\nNews\\n\\nBridge to close for repairs\\n\\nBy Jane Doe\\n\\n" + \\
...     "The council said on Monday that the old bridge will close for three months of repairs.\\n"
>>> out = explain(text)
>>> "headline" in out and "byline" in out and "body" in out
True
"""
from __future__ import annotations

import math

from index.extract.assembly import analyse, extract_scraped_text
from index.extract.classify import load_weights, model_for

__all__ = ["explain", "line_labels"]

_KINDS = ("utility", "credit", "caption", "copyright", "url", "label")


def line_labels(a) -> list[str]:
    """The label of every line of an :class:`~index.extract.assembly.Analysis`."""
    keep = set(a.article)
    out = []
    for i, ln in enumerate(a.lines):
        if i == a.headline:
            out.append("headline")
        elif i in keep:
            out.append("body")
        elif "byline" in ln.flags:
            out.append("byline")
        elif "date" in ln.flags:
            out.append("date")
        else:
            kind = next((k for k in _KINDS if k in ln.flags), None)
            out.append(f"chrome:{kind}" if kind else "chrome")
    return out


def _signals(parts: list[tuple[str, float]]) -> str:
    return ", ".join(f"{name} {value:+.1f}" for name, value in parts)


def explain(text: str, weights: dict | None = None, width: int = 70) -> str:
    """The account of how ``text`` was extracted, one line per page line."""
    weights = weights or load_weights()
    a = analyse(text, weights, explain=True)
    art = extract_scraped_text(text, weights)
    model = model_for(weights["line"])
    floor = weights.get("floor", 0.0)
    out = []
    if a.plain:
        out.append(f"headline: line 0, the page's first line: the page is already an article (a title, then "
                   f"paragraphs of prose only), taken as it is: {art.title}")
    elif a.headline is not None:
        out.append(f"headline: line {a.headline} (p {a.headline_prob:.2f} >= floor {floor:.2f}): {art.title}")
        out.append(f"          signals: {_signals(a.headline_why)}")
        if a.headline_moved_from is not None:
            out.append(f"          taken over its byline: the ranker's pick, line {a.headline_moved_from}, is printed "
                       f"under the byline (a deck, a video's title): {a.lines[a.headline_moved_from].text.strip()[:60]!r}")
    else:
        out.append(f"headline: none scored above the floor {floor:.2f} (best p {a.headline_prob:.2f}); "
                   f"title from the body's first sentence: {art.title!r}")
    out.append(f"outlet: {art.source or '-'}   date: {art.published.date().isoformat() if art.published else '-'}"
               f"   byline: {art.byline or '-'}   language: {a.language or '-'}")
    if a.threshold is not None:
        out.append(f"article: too short at the model's threshold {model.threshold:.2f}; taken at the page's own "
                   f"{a.threshold:.2f} (half its likeliest long line's p)")
    elif a.body_threshold is not None:
        out.append(f"article: its extent and headline found at p >= {model.threshold:.2f}, its lines taken at "
                   f"p >= {a.body_threshold:.2f}")
    for end, why, shown in ((a.comments, "the count over a comment thread", None),
                            (a.author_box, "a box on its author (opens with the byline's name)", 80)):
        if end is not None:
            out.append(f"article: ends at line {end}, {why}: {a.lines[end].text.strip()[:shown]!r}")
    out.append(f"{'line':>4}  {'label':<15} {'p':>4}  text | strongest signals")
    trees = model.context.trees if model.context is not None else None
    ctx = model.context_inputs(a.rows) if trees is not None and len(a.rows) else None
    for i, (ln, label) in enumerate(zip(a.lines, line_labels(a))):
        first = model.logit(a.rows[i])
        final = math.log(max(a.probs[i], 1e-9) / max(1 - a.probs[i], 1e-9))
        parts = model.contributions(a.rows[i])
        if model.context is not None and abs(final - first) >= 0.5:
            if trees is not None:           # the context trees' strongest signals for this line
                parts.extend((f"ctx:{name}", v) for name, v in trees.contributions(ctx[i], top=2))
            else:
                parts.append(("neighbours", final - first))
        shown = ln.text if len(ln.text) <= width else ln.text[:width - 1] + "…"
        out.append(f"{i:>4}  {label:<15} {a.probs[i]:.2f}  {shown} | {_signals(parts)}")
    return "\n".join(out)
