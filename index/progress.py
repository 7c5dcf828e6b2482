"""Progress bars for index runs: tqdm's on a terminal, a silent stand-in otherwise.

tqdm is imported only when a bar is shown. Importing it takes 35–50 ms (its version lookup
reads package metadata), a cost every scripted run paid before its first file was read, with
nothing on the screen to show for it.

>>> with progress_bar(10, "indexing", "file", show=False) as bar:
...     bar.update(4)
...     bar.update(bar.total - bar.n)
>>> bar.n
10
"""
from __future__ import annotations

__all__ = ["progress_bar"]


class SilentBar:
    """What the index runs use of a tqdm bar (``update``, ``close``, ``total``, ``n``, ``with``),
    counting and showing nothing."""

    def __init__(self, total: int):
        self.total, self.n = total, 0

    def update(self, k: int = 1) -> None:
        self.n += k

    def close(self) -> None:
        pass

    def __enter__(self) -> "SilentBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def progress_bar(total: int, desc: str, unit: str, show: bool, **options):
    """A bar of ``total`` ``unit`` s labelled ``desc``: tqdm's (with ``options``, and
    ``leave=False``) when ``show``, else a :class:`SilentBar`."""
    if not show:
        return SilentBar(total)
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, **options)
