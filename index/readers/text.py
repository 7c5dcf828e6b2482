"""Scraped text pages (``.txt``): a page as a scraper copied it; headline, outlet, date and body
are found by the extraction package."""
from __future__ import annotations

from typing import BinaryIO, Iterator

from ..article import Article
from ..decode import decode_bytes
from .records import Skipped
from .streams import read_limited

MAX_PAGE_BYTES = 64 * 1024 * 1024


def extract_scraped_text(text: str) -> Article:
    """The extraction's entry point: the ``index.extract`` package."""
    from ..extract import extract_scraped_text as extract
    return extract(text)


def read_text(stream: BinaryIO, origin: str) -> Iterator[Article | Skipped]:
    """One scraped page per file."""
    data = read_limited(stream, MAX_PAGE_BYTES)
    if data is None:
        yield Skipped(origin, f"larger than {MAX_PAGE_BYTES // 2**20} MB: not one page")
        return
    yield extract_scraped_text(decode_bytes(data))
