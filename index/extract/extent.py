"""The article's extent: which lines, among those the smoothed model calls article text, make
up the story.

The smoothing (:meth:`index.extract.classify.LineModel.smooth`) already gives runs of article
lines. Here the runs are weighed: the main run is the one carrying the most words, and another
run is kept only when it is substantial (enough words) and not far from the main run in lines
of chrome between them; a stray line or two of "article-like" text in a footer or a teaser list
is dropped.

>>> from index.extract.lines import split_lines
>>> lines = split_lines("\\n\\n".join(["a b c d e f g h i j"] * 3 + ["menu"] * 30 + ["x y z"]))
>>> body = [True] * 3 + [False] * 30 + [True]
>>> article_lines(lines, body)
[0, 1, 2]
"""
from __future__ import annotations

from index.extract.lines import Line

__all__ = ["runs", "article_lines"]

MAX_GAP = 12        # lines of chrome another run may be away from the kept ones
MIN_SHARE = 0.15    # words a faraway-looking run must carry, as a share of the main run


def runs(body: list[bool]) -> list[tuple[int, int]]:
    """(first, last) of every run of consecutive True values.

    >>> runs([False, True, True, False, True])
    [(1, 2), (4, 4)]
    """
    out, start = [], None
    for i, b in enumerate(body + [False]):
        if b and start is None:
            start = i
        elif not b and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def article_lines(lines: list[Line], body: list[bool]) -> list[int]:
    """Indices of the lines that make up the article, in page order."""
    rs = runs(body)
    if not rs:
        return []
    words = [sum(lines[i].words for i in range(a, b + 1)) for a, b in rs]
    main = max(range(len(rs)), key=lambda k: words[k])
    keep = {main}
    lo, hi = rs[main]
    for k in range(main - 1, -1, -1):       # upwards
        a, b = rs[k]
        if lo - b - 1 <= MAX_GAP or words[k] >= MIN_SHARE * words[main]:
            keep.add(k)
            lo = a
        else:
            break
    for k in range(main + 1, len(rs)):      # downwards
        a, b = rs[k]
        if a - hi - 1 <= MAX_GAP or words[k] >= MIN_SHARE * words[main]:
            keep.add(k)
            hi = b
        else:
            break
    return [i for k in sorted(keep) for i in range(rs[k][0], rs[k][1] + 1)]
