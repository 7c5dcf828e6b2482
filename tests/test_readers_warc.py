"""WARC web archives (written here with warcio): every HTML page a crawler saved becomes an
article; other records are counted, not named; a cut-off archive keeps its complete records."""
import re

import pytest

from index.readers import Skipped, read_file
from tests.source_writers import Warc, gz, page, story


def write_crawl(path, gzip=False):
    """A small crawl: pages with and without their own date, and records that are not pages."""
    w = Warc(path, gzip=gzip).warcinfo()
    t, p = story(1)
    w.request("https://port.example/one")
    w.response("https://port.example/one?utm_source=newsletter#top",
               page(t, p, published="2024-09-12T08:30:00+02:00", site="Port Daily"),
               headers=[("Last-Modified", "Tue, 01 Oct 2024 10:00:00 GMT")])
    t, p = story(2)
    w.response("https://port.example/two", page(t, p), headers=[("Last-Modified", "Tue, 10 Sep 2024 10:00:00 GMT")])
    t, p = story(3)
    w.response("https://port.example/three", page(t, p), warc_date="2024-09-11T12:00:00Z")
    w.response("https://port.example/old", b"", status="301 Moved Permanently", headers=[("Location", "/two")])
    w.response("https://port.example/gone", b"<html><body><p>Not found</p></body></html>", status="404 Not Found")
    w.response("https://port.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
    w.response("https://port.example/menu", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    w.metadata("https://port.example/one")
    t, p = story(4)
    w.response("https://port.example/four", page(t, p), content_type="application/xhtml+xml")
    w.close()
    return path


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_pages_become_articles(tmp_path, gzip):
    path = write_crawl(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip)
    items = list(read_file(path))
    arts = [i for i in items if not isinstance(i, Skipped)]
    bad = [i for i in items if isinstance(i, Skipped)]
    assert [a.title for a in arts] == [story(n)[0] for n in (1, 2, 3, 4)]
    one, two, three, _ = arts
    assert one.url == "https://port.example/one?utm_source=newsletter#top"  # the record's target URI
    assert one.source == "Port Daily"
    assert one.published.isoformat() == "2024-09-12T08:30:00+02:00"  # the page's own date wins
    assert two.published.isoformat() == "2024-09-10T10:00:00+00:00"  # else Last-Modified
    assert three.published.isoformat() == "2024-09-11T12:00:00+00:00"  # else the capture date
    assert story(1)[1][1] in one.body and "Copyright" not in one.body
    assert one.origin == f"{path}#3"
    # the page that is only a menu is named; the other records are counted on the last article
    assert [(b.origin.rsplit("#", 1)[1], "navigation" in b.reason) for b in bad] == [("9", True)]
    (note,) = arts[-1].notes
    assert "left out 6 records" in note
    for part in ("1 warcinfo", "1 request", "1 redirect (3xx)", "1 error (4xx)", "1 image/png", "1 metadata"):
        assert part in note


def test_same_page_captured_twice_has_one_id(tmp_path):
    t, p = story(5)
    path = tmp_path / "twice.warc"
    (Warc(path).response("https://Port.example:443/five/?utm_source=a&fbclid=x", page(t, p))
     .response("https://port.example/five#comments", page(t, p)).close())
    a, b = read_file(path)
    assert a.id == b.id and a.url != b.url


def test_whole_file_gzip_is_read_too(tmp_path):
    plain = write_crawl(tmp_path / "crawl.warc")
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gz(plain.read_bytes()))  # one gzip member for the file, not one per record
    assert [a.title for a in read_file(whole) if not isinstance(a, Skipped)] == [story(n)[0] for n in (1, 2, 3, 4)]


def record_starts(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"WARC/1\.[01]\r\n", data)]


@pytest.mark.parametrize("where", ["in the headers", "in the body"])
def test_cut_off_archive_keeps_complete_records_and_names_the_damage(tmp_path, where):
    data = write_crawl(tmp_path / "crawl.warc").read_bytes()
    starts = record_starts(data)
    assert len(starts) == 11
    cut = starts[3] + (30 if where == "in the headers" else 700)  # inside record 4 (story 2)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    items = list(read_file(path))
    assert [i.title for i in items if not isinstance(i, Skipped)] == [story(1)[0]]
    (damage,) = [i for i in items if isinstance(i, Skipped)]
    assert damage.origin == f"{path}#4"
    assert "cut off" in damage.reason or "incomplete record" in damage.reason


def test_cut_off_gzipped_archive(tmp_path):
    data = write_crawl(tmp_path / "crawl.warc.gz", gzip=True).read_bytes()
    path = tmp_path / "cut.warc.gz"
    members = [m.start() for m in re.finditer(b"\x1f\x8b\x08", data)]
    path.write_bytes(data[: members[6] + 40])  # inside the gzip member of record 7 (the 404)
    items = list(read_file(path))
    assert [i.title for i in items if not isinstance(i, Skipped)] == [story(n)[0] for n in (1, 2, 3)]
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert any("damaged gzip" in r and "before the damage was read" in r for r in reasons), reasons


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("GET / HTTP/1.1\r\nHost: example\r\n\r\n")
    (item,) = read_file(path)
    assert isinstance(item, Skipped) and "not a WARC file" in item.reason


def test_archive_without_pages_is_named(tmp_path):
    path = tmp_path / "images.warc"
    Warc(path).warcinfo().response("https://x.example/a.jpg", b"\xff\xd8\xff" + bytes(100), content_type="image/jpeg").close()
    (item,) = read_file(path)
    assert isinstance(item, Skipped)
    assert "no HTML page" in item.reason and "1 image/jpeg" in item.reason and "1 warcinfo" in item.reason


def test_page_encoding_from_http_header(tmp_path):
    t, p = story(6)
    body = page(t, [p[0] + " Café crème.", *p[1:]]).replace(b"<meta charset='utf-8'>", b"")
    path = tmp_path / "latin.warc"
    Warc(path).response("https://x.example/six", body.decode().encode("latin-1"),
                        content_type="text/html; charset=ISO-8859-1").close()
    (a,) = read_file(path)
    assert "Café crème." in a.body
