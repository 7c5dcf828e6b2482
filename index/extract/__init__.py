"""Article extraction from scraped page text, from general signals with fitted weights.

Modules, one concept each: :mod:`~index.extract.lines` (lines and blocks),
:mod:`~index.extract.words` (word lists, as data), :mod:`~index.extract.features` (signals per
line), :mod:`~index.extract.classify` (the fitted line model and its smoothing),
:mod:`~index.extract.extent` (which runs make up the article), :mod:`~index.extract.headline`,
metadata (:mod:`~index.extract.outlet`, :mod:`~index.extract.published`,
:mod:`~index.extract.byline`), :mod:`~index.extract.plain` (a page that is already an article,
taken as it is), :mod:`~index.extract.assembly` (the entry point) and
:mod:`~index.extract.explain` (a line-by-line account). Weights: ``weights.json`` beside them,
fitted by ``scripts/fit_extraction.py``.
"""
from index.extract.assembly import FIRST_SENTENCE_NOTE, extract_scraped_text

__all__ = ["extract_scraped_text", "FIRST_SENTENCE_NOTE"]
