"""Property tests (Hypothesis): random JSONL records and random bytes through every reader
never raise, never leave text that cannot be encoded, and never cost another good record in
the same file."""
import gzip
import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.readers import KINDS, Skipped, read_source
from tests.source_writers import Warc, page, story

# Any JSON value, including lone surrogates in strings and absurd numbers.
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                         st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FIELDS = ("title", "body", "text", "url", "source", "published", "byline", "author")
records = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8)
raw_lines = st.one_of(records.map(lambda r: json.dumps(r)), st.text(max_size=60).map(lambda t: t.replace("\n", " ")),
                      st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ").decode("latin-1")))

# READERS_EXAMPLES=2000 for a longer search than the suite's default.
EXAMPLES = int(os.environ.get("READERS_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=max(1, EXAMPLES * 2 // 5), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def good(n: int) -> dict:
    return {"title": f"Good record {n}", "body": f"Good body number {n}.", "url": f"https://good.example/{n}"}


def check(items):
    """Every item is an Article or a Skipped and all its text encodes."""
    for item in items:
        if isinstance(item, Skipped):
            (item.origin + item.reason).encode("utf-8")
        else:
            record = item.to_record()
            json.dumps(record, ensure_ascii=False).encode("utf-8")
            for note in item.notes:
                note.encode("utf-8")
            if item.published is not None:
                assert 1600 <= item.published.year <= 2199
                item.published.astimezone()


def bytes_of(lines) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@SETTINGS
@given(st.lists(raw_lines, max_size=6), st.lists(raw_lines, max_size=6))
def test_random_jsonl_lines_never_cost_a_good_record(before, after):
    lines = before + [json.dumps(good(1)), json.dumps(good(2))] + after
    items = list(read_source(io.BytesIO(bytes_of(lines)), origin="r.jsonl", kind="jsonl"))
    check(items)
    titles = [i.title for i in items if not isinstance(i, Skipped)]
    assert "Good record 1" in titles and "Good record 2" in titles
    n = len(before)
    origins = {i.origin for i in items}
    assert f"r.jsonl#{n + 1}" in origins and f"r.jsonl#{n + 2}" in origins


@SETTINGS
@given(records)
def test_random_records_read_or_named(record):
    items = list(read_source(io.BytesIO(json.dumps(record).encode("utf-8", "surrogatepass")),
                             origin="one.jsonl", kind="jsonl"))
    check(items)
    assert len(items) == 1 and items[0].origin == "one.jsonl#1"


@FEWER
@given(st.binary(max_size=400), st.sampled_from(KINDS), st.booleans())
def test_random_bytes_through_every_reader(data, kind, compressed):
    if compressed:
        data = gzip.compress(data)
    items = list(read_source(io.BytesIO(data), origin="random", kind=kind))
    check(items)
    assert items, "every source gives at least an article or a reason"


@FEWER
@given(st.binary(min_size=1, max_size=300))
def test_random_bytes_after_a_warc_record_never_cost_it(tmp_path_factory, junk):
    path = tmp_path_factory.mktemp("warc") / "w.warc"
    t, p = story(9)
    Warc(path).response("https://x.example/9", page(t, p)).close()
    data = path.read_bytes() + junk
    items = list(read_source(io.BytesIO(data), origin="w.warc", kind="warc"))
    check(items)
    assert [i.title for i in items if not isinstance(i, Skipped)] == [t]


@FEWER
@given(st.binary(min_size=1, max_size=200), st.integers(min_value=0, max_value=40))
def test_damaged_gzip_tail_never_costs_earlier_lines(junk, cut):
    body = "".join(json.dumps(good(n)) + "\n" for n in range(200)).encode()
    packed = gzip.compress(body)
    damaged = packed[: len(packed) - cut] + junk if cut else packed + junk
    items = list(read_source(io.BytesIO(damaged), origin="d.jsonl.gz", kind="jsonl"))
    check(items)
    titles = [i.title for i in items if not isinstance(i, Skipped)]
    expected = [f"Good record {n}" for n in range(200)]
    intact = list(dict.fromkeys(t for t in titles if t in expected))
    assert intact == expected[: len(intact)]  # in order, none lost before the damage
    # Deflate data past the damage is not checked until the CRC at the end: the junk decodes to a
    # few records (that is what the damage note warns of), and as deflate copies earlier text by
    # back-references, one may repeat an earlier record. 30,000 random tails of up to 200 bytes
    # gave at most 5 such records, the first ones always intact and in order.
    assert len(titles) - len(intact) <= 2 + len(junk) // 25
    if not cut:
        assert len(intact) == 200
    if len(intact) < 200 or len(titles) > len(intact):
        assert "damaged gzip" in items[-1].reason
