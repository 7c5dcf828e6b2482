"""Sources as streams: gzip for every format, standard input, sniffing, suffixes in any case,
files no reader handles named by kind, fingerprints and reading in constant memory."""
import hashlib
import io
import json
import os
import subprocess
import sys

import pytest

from index.readers import (Ignored, Skipped, Source, file_fingerprint, find_sources, read_file,
                           read_source, with_kind)
from tests.conftest import REPO, write_jsonl
from tests.source_writers import FIXTURES, Warc, gz, gz_bad_crc, gz_cut, page, story

RECORDS = [{"title": f"Ferry note {n}", "body": f"The ferry ran {n} extra sailings on day {n}.",
            "url": f"https://ferry.example/{n}"} for n in range(1, 6)]
JSONL = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
TEXT_PAGE = ("Harbour Times\n\nHome | News | Sport\n\nCouncil votes to dredge the harbour channel\n\n"
             "The council voted on Tuesday to dredge the silted harbour channel before the summer season, "
             "after fishing crews complained that boats were running aground at low tide.\n\n"
             "Work will start in April and cost about two million, the harbour master said, with the "
             "spoil taken out to sea by barge rather than dumped on the beach.\n").encode()


def arts(items):
    return [i for i in items if not isinstance(i, Skipped)]


def skipped(items):
    return [i for i in items if isinstance(i, Skipped)]


def test_gzip_for_every_format(tmp_path):
    t, p = story(7)
    warc = tmp_path / "w.warc"
    Warc(warc).response("https://x.example/7", page(t, p)).close()
    sources = {"a.jsonl.gz": JSONL, "b.txt.gz": TEXT_PAGE, "c.html.gz": page(t, p),
               "d.xml.gz": (FIXTURES / "rss20.rss").read_bytes(), "e.warc.gz": warc.read_bytes()}
    expected = {"a.jsonl.gz": 5, "b.txt.gz": 1, "c.html.gz": 1, "d.xml.gz": 4, "e.warc.gz": 1}
    for name, data in sources.items():
        (tmp_path / name).write_bytes(gz(data))
        got = list(read_file(tmp_path / name))
        assert len(arts(got)) == expected[name], (name, got)
    assert arts(read_file(tmp_path / "b.txt.gz"))[0].title == "Council votes to dredge the harbour channel"


def test_gzip_told_by_magic_bytes_not_name(tmp_path):
    path = tmp_path / "export.jsonl"  # gzip inside, whatever the name says
    path.write_bytes(gz(JSONL))
    assert len(arts(read_file(path))) == 5


@pytest.mark.parametrize("damage", ["bad CRC in the trailer", "cut off", "garbage after it"])
def test_damaged_gzip_keeps_what_came_before(tmp_path, damage):
    path = tmp_path / "export.jsonl.gz"
    if damage == "bad CRC in the trailer":
        path.write_bytes(gz_bad_crc(JSONL))
        expect = 5
    elif damage == "cut off":
        big = b"".join(json.dumps(dict(RECORDS[0], title=f"Line {n}", url=f"https://f.example/{n}")).encode() + b"\n"
                       for n in range(2000))
        path.write_bytes(gz_cut(big, 0.5))
        expect = None
    else:
        path.write_bytes(gz(JSONL) + b"this is not gzip")
        expect = 5
    items = list(read_file(path))
    good, bad = arts(items), skipped(items)
    if expect is None:
        assert 100 < len(good) < 2000
        assert [a.title for a in good] == [f"Line {n}" for n in range(len(good))]  # none lost before the cut
    else:
        assert len(good) == expect
    assert bad[-1].origin == str(path) and "damaged gzip" in bad[-1].reason
    assert "before the damage was read" in bad[-1].reason


def test_suffixes_in_any_case(tmp_path):
    (tmp_path / "STORY.TXT").write_bytes(TEXT_PAGE)
    (tmp_path / "Export.JSONL").write_bytes(JSONL)
    (tmp_path / "PAGE.HTM").write_bytes(page(*story(8)))
    found = list(find_sources([tmp_path]))
    assert [(f.path.name, f.kind) for f in found] == [("Export.JSONL", "jsonl"), ("PAGE.HTM", "html"),
                                                      ("STORY.TXT", "txt")]
    assert sum(len(arts(read_file(f))) for f in found) == 7


def test_files_no_reader_handles_are_named_with_their_kind(tmp_path):
    for name in ("a.md", "b.md", "photo.JPG", "Makefile", "README.txt", ".hidden.jsonl"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset></urlset>')
    found = {os.path.basename(i.origin): i.kind for i in find_sources([tmp_path]) if isinstance(i, Ignored)}
    assert found == {"a.md": ".md", "b.md": ".md", "photo.JPG": ".jpg", "Makefile": "(no suffix)",
                     "README.txt": "documentation", "sitemap.xml": ".xml (not a feed)"}


def test_unknown_names_sniffed_when_named_or_asked(tmp_path):
    (tmp_path / "export.dat").write_bytes(gz(JSONL))
    (tmp_path / "crawl.bin").write_bytes((FIXTURES / "rss10.rdf").read_bytes())
    (tmp_path / "notes.dat").write_text("just some words\n")
    named = list(find_sources([tmp_path / "export.dat", tmp_path / "notes.dat"]))
    assert named[0].kind == "jsonl"
    assert isinstance(named[1], Skipped) and "--format" in named[1].reason
    in_folder = list(find_sources([tmp_path]))
    assert all(isinstance(i, Ignored) for i in in_folder)
    asked = {os.path.basename(str(i.origin)): type(i).__name__ for i in find_sources([tmp_path], sniff_unknown=True)}
    assert asked == {"crawl.bin": "Source", "export.dat": "Source", "notes.dat": "Ignored"}


def test_format_overrides_for_named_files_only(tmp_path):
    (tmp_path / "a.json").write_bytes(JSONL)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.json").write_bytes(JSONL)
    given = with_kind(["-", tmp_path / "a.json", sub], "jsonl")
    assert given[0] == Source(None, kind="jsonl") and given[1] == Source(tmp_path / "a.json", kind="jsonl")
    found = list(find_sources(given))
    assert [type(f).__name__ for f in found] == ["Source", "Source", "Ignored"]


def test_read_source_from_a_stream_sniffs_its_kind():
    assert len(arts(read_source(io.BytesIO(gz(JSONL))))) == 5
    (bad,) = read_source(io.BytesIO(TEXT_PAGE), origin="<stdin>")
    assert "--format" in bad.reason
    (a,) = read_source(io.BytesIO(TEXT_PAGE), origin="<stdin>", kind="txt")
    assert a.title == "Council votes to dredge the harbour channel"


def test_fingerprint_is_the_sha1_of_the_bytes(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gz(JSONL * 3000))
    assert file_fingerprint(path) == hashlib.sha1(path.read_bytes()).hexdigest()
    assert file_fingerprint(Source(path, kind="jsonl")) == file_fingerprint(path)
    with pytest.raises(ValueError):
        file_fingerprint(Source(None))


class CountingStream(io.RawIOBase):
    """A stream of n JSONL records made on demand; counts the bytes handed out."""

    def __init__(self, n):
        self.lines = (json.dumps(dict(RECORDS[0], title=f"R{i}", url=f"https://f.example/{i}")).encode() + b"\n"
                      for i in range(n))
        self.pending, self.given = b"", 0

    def readable(self):
        return True

    def readinto(self, buffer):
        parts, size = [self.pending], len(self.pending)
        while size < len(buffer):
            line = next(self.lines, None)
            if line is None:
                break
            parts.append(line)
            size += len(line)
        self.pending = b"".join(parts)
        n = min(len(buffer), len(self.pending))
        buffer[:n], self.pending = self.pending[:n], self.pending[n:]
        self.given += n
        return n


def test_jsonl_is_read_as_a_stream():
    stream = CountingStream(200_000)  # about 25 MB, never held whole
    items = read_source(io.BufferedReader(stream), origin="big.jsonl", kind="jsonl")
    first = next(items)
    assert first.title == "R0"
    assert stream.given < 3 * 1024 * 1024  # the first article came after a few buffers, not the whole stream
    rest = sum(1 for _ in items)
    assert rest == 199_999


def run_cli(args, stdin: bytes):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "newsdesk.cli", *map(str, args)], input=stdin,
                          capture_output=True, env=env, cwd=REPO, timeout=300)


def test_standard_input_through_the_command(tmp_path):
    ix = tmp_path / "ix"
    r = run_cli(["index", "-", "--index", ix, "--json"], gz(JSONL))
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["indexed"] == 5
    r = run_cli(["index", "-", "--index", ix], TEXT_PAGE)  # prose cannot be sniffed
    assert r.returncode == 1 and b"--format" in r.stdout
    r = run_cli(["index", "-", "--format", "txt", "--index", ix, "--json"], TEXT_PAGE)
    assert r.returncode == 0, r.stderr.decode()
    report = json.loads(r.stdout)
    assert report["indexed"] == 1 and report["total"] == 6  # the earlier standard input's articles stay
