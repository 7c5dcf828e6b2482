"""Feeds: RSS 0.91, 1.0, 2.0 and Atom, one article per entry; broken feeds named, their good
entries kept."""
import shutil

from index.readers import Ignored, Skipped, find_sources, read_file
from tests.source_writers import FIXTURES, gz


def read(name):
    items = list(read_file(FIXTURES / name))
    return [i for i in items if not isinstance(i, Skipped)], [i for i in items if isinstance(i, Skipped)]


def test_rss_091():
    (a, b), bad = read("rss091.xml")
    assert not bad
    assert a.title == "Ferry timetable changes from Monday" and a.source == "Valley Courier"
    assert "café quay" in a.body  # ISO-8859-1 feed, entity decoded
    assert a.origin.endswith("rss091.xml#1") and b.origin.endswith("rss091.xml#2")
    assert a.published is None and a.byline is None


def test_rss_10_content_and_dates():
    (a, b), bad = read("rss10.rdf")
    assert not bad
    assert (a.title, a.source, a.byline) == ("Council approves hillside wind farm", "Uplands Record", "Mara Quist")
    assert a.published.isoformat() == "2024-03-14T17:45:00-05:00"
    # content:encoded preferred to the description, one paragraph per <p>, scripts out
    assert a.body.split("\n\n")[0].startswith("Councillors voted seven to two on Thursday")
    assert len(a.body.split("\n\n")) == 2 and "trackVisit" not in a.body
    assert b.body.startswith("The primary school's leaking roof") and b.published.date().isoformat() == "2024-03-15"


def test_rss_20_entries():
    good, bad = read("rss20.rss")
    by_title = {a.title: a for a in good}
    strike = by_title["Port strike ends after nine days"]
    assert strike.published.isoformat() == "2024-09-12T08:30:00+02:00"
    assert strike.byline == "Ana Ruiz" and strike.source == "Harbour Times"
    assert strike.body.split("\n\n") == [
        "Dock workers at the container port returned to work on Monday after a nine-day strike over pay.",
        "The union said members had accepted a two-year deal that raises wages by eleven percent.",
        "Back pay for the strike days", "No change to shift lengths"]
    assert by_title["Bridge closed for inspection"].body.startswith("The swing bridge")  # HTML summary
    ferry = by_title["Ferry to the islands sold out"]
    assert ferry.published is None and "the day after tomorrow" in ferry.notes[0]
    assert by_title["Wire story relayed"].source == "Wire Service"  # the entry's own <source>
    assert [(s.origin.rsplit("#", 1)[1], "no content or summary" in s.reason) for s in bad] == [("4", True)]


def test_atom():
    (a, b), bad = read("atom.atom")
    assert not bad
    assert a.title == "Mill reopens as museum"  # an HTML title as text
    assert a.byline == "Ivo Brandt, Sara Lind" and a.source == "Northern Ledger"
    assert a.url == "https://northern-ledger.example/mill-museum"  # the alternate link, not the enclosure
    assert a.published.isoformat() == "2024-10-01T18:20:00+01:00"  # published, not updated
    assert a.body.split("\n\n")[1] == "Volunteers spent three years restoring the looms."
    assert b.url == "https://northern-ledger.example/tram-delay"  # an id that is a URL
    assert b.published.isoformat() == "2024-10-02T07:15:00-04:00"


def test_broken_feeds_are_named():
    for name in ("not-xml.rss", "garbage.atom", "sitemap.xml"):
        good, bad = read(name)
        assert not good and len(bad) == 1, name
        assert "not an RSS or Atom feed" in bad[0].reason, bad[0]


def test_feed_cut_off_keeps_its_complete_entries():
    good, bad = read("cut-off.xml")
    assert [a.title for a in good] == ["Lifeboat station gets new boat"]
    assert "not well-formed" in good[0].notes[0]
    assert bad[0].origin.endswith("cut-off.xml#2") and "not well-formed" in bad[0].reason


def test_xml_in_a_folder_is_read_only_when_it_is_a_feed(tmp_path):
    for name in ("rss091.xml", "sitemap.xml", "rss20.rss"):
        shutil.copy(FIXTURES / name, tmp_path / name.upper())
    (tmp_path / "FEED.XML.GZ").write_bytes(gz((FIXTURES / "atom.atom").read_bytes()))
    found = list(find_sources([tmp_path]))
    kinds = {(f.path.name if hasattr(f, "path") else f.origin.rsplit("/", 1)[1]): (type(f).__name__, f.kind)
             for f in found}
    assert kinds == {"FEED.XML.GZ": ("Source", "feed"), "RSS091.XML": ("Source", "feed"),
                     "RSS20.RSS": ("Source", "feed"), "SITEMAP.XML": ("Ignored", ".xml (not a feed)")}
    assert isinstance(found[-1], Ignored) and "not an RSS or Atom feed" in found[-1].reason


def test_feeds_indexed_and_found(tmp_path, cli):
    from search.engine import SearchEngine

    src = tmp_path / "feeds"
    src.mkdir()
    for name in ("rss091.xml", "rss10.rdf", "rss20.rss", "atom.atom", "not-xml.rss"):
        shutil.copy(FIXTURES / name, src / name)
    (src / "atom-copy.atom.gz").write_bytes(gz((FIXTURES / "atom.atom").read_bytes()))
    ix = tmp_path / "ix"
    report = cli(["index", src, "--index", ix, "--json"]).json()
    assert report["indexed"] == 2 + 2 + 4 + 2
    assert report["duplicates"] == 2  # the gzipped copy of the Atom feed: same URLs, same ids
    assert any(s["origin"].endswith("not-xml.rss") for s in report["skipped"])
    engine = SearchEngine(ix)
    hit = engine.search(q="turbines ridge")["hits"][0]
    assert (hit["title"], hit["source"]) == ("Council approves hillside wind farm", "Uplands Record")
    assert engine.search(q="source:\"wire service\"")["total"] == 1


def test_a_feed_file_holding_a_path_is_not_followed(tmp_path):
    """feedparser reads the file (or URL) that bytes name: the content must be what is parsed."""
    path = tmp_path / "pointer.rss"
    path.write_text(str(FIXTURES / "rss20.rss"))
    good, bad = [], []
    for item in read_file(path):
        (bad if isinstance(item, Skipped) else good).append(item)
    assert not good and "not an RSS or Atom feed" in bad[0].reason
