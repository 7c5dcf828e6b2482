"""Writers of test sources that are binary or made at test time: WARC files (with warcio),
gzip files good and damaged, article pages. The text they hold is invented for the tests."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"


def page(title: str, paragraphs: list[str], published: str | None = None, site: str | None = None) -> bytes:
    """An article page with a menu, a headline, paragraphs and a footer."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    meta += f'<meta property="og:site_name" content="{site}">' if site else ""
    paras = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>{paras}"
            f"</article><footer>Copyright the publisher</footer></body></html>").encode("utf-8")


def story(n: int) -> tuple[str, list[str]]:
    """The nth invented story: a headline and three paragraphs that differ from every other's."""
    title = f"Harbour board report number {n} approved"
    paras = [f"The harbour board approved report number {n} on its {n}th sitting, members said on Tuesday.",
             f"The report asks for {n + 3} new moorings on the east quay and a survey of the silted channel.",
             f"Work on item {n} is expected to start in the spring, once the budget for year {n} is agreed."]
    return title, paras


class Warc:
    """Build a WARC file record by record: ``Warc(path, gzip=True).page(...).request(...).close()``."""

    def __init__(self, path: Path, gzip: bool = False):
        self.file = open(path, "wb")
        self.writer = WARCWriter(self.file, gzip=gzip)

    def response(self, url: str, body: bytes, status: str = "200 OK", content_type: str = "text/html; charset=utf-8",
                 headers: list | None = None, warc_date: str | None = None) -> "Warc":
        http = StatusAndHeaders(status, [("Content-Type", content_type)] + (headers or []), protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": warc_date} if warc_date else None
        record = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                warc_headers_dict=warc_headers)
        self.writer.write_record(record)
        return self

    def request(self, url: str) -> "Warc":
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
        self.writer.write_record(self.writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                                http_headers=http))
        return self

    def metadata(self, url: str) -> "Warc":
        self.writer.write_record(self.writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(b"outlinks: none\n"), warc_content_type="application/warc-fields"))
        return self

    def warcinfo(self) -> "Warc":
        self.writer.write_record(self.writer.create_warcinfo_record("test.warc", {"software": "tests"}))
        return self

    def close(self) -> None:
        self.file.close()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def gz_bad_crc(data: bytes) -> bytes:
    """Gzip whose trailer's CRC is wrong (the data itself is intact)."""
    packed = bytearray(gz(data))
    packed[-8] ^= 0xFF
    return bytes(packed)


def gz_cut(data: bytes, keep: float = 0.6) -> bytes:
    """Gzip cut off part way through (no end-of-stream marker, no trailer)."""
    packed = gz(data)
    return packed[: int(len(packed) * keep)]
