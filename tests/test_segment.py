"""The segment writer writes what Whoosh's own writer writes, and the sidecar arrays agree with
Whoosh's postings, term by term and posting by posting."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from index.article import Article, article_id
from index.documents import prepare
from index.schema import INDEX_NAME, article_schema
from index.segment import SegmentBuilder
from index.sidecar import SegmentArrays
from tests.conftest import SEEDS

TEXTS = [
    ("U.S. and China resume talks", "Officials from the US and China met in Beijing. Export controls "
     "were discussed; the U.S. side said controls would stay.\n\nCHINA'S ENVOY SPEAKS ON US TIES"),
    ("Wheat harvest", "Farmers brought in a record wheat harvest despite drought. Zürich traders cheered."),
    ("Empty-ish", ""),
]


def _articles():
    out = []
    for i, (title, body) in enumerate(TEXTS):
        a = Article(title=title, body=body, source="Wire" if i % 2 == 0 else None, origin=f"t#{i}")
        a.id = article_id(a)
        out.append(a)
    for p in sorted(SEEDS.glob("*.txt")):
        from index.readers import read_file
        out.extend(x for x in read_file(p) if isinstance(x, Article))
    return out


def _postings(reader):
    """{(field, term): [(docnum, weight, value bytes)]} over the indexed fields."""
    out = {}
    for fieldname in ("title", "body", "source_text", "id", "origin_file"):
        for term in reader.lexicon(fieldname):
            m = reader.postings(fieldname, term)
            rows = []
            while m.is_active():
                rows.append((m.id(), m.weight(), m.value()))
                m.next()
            out[(fieldname, term)] = rows
    return out


def positional_schema():
    """The article schema with Whoosh's positional postings in its text fields (index format 4)."""
    from whoosh.formats import Positions

    schema = article_schema()
    for name in ("title", "body", "source_text"):
        schema[name].format = Positions(field_boost=schema[name].format.field_boost)
    return schema


@pytest.mark.parametrize("make_schema", [article_schema, positional_schema])
def test_segment_matches_whoosh_writer(tmp_path, make_schema):
    articles = _articles()
    ours = tmp_path / "ours"
    ours.mkdir()
    storage = FileStorage(str(ours))
    TOC.create(storage, make_schema(), INDEX_NAME)
    builder = SegmentBuilder(ours, make_schema())
    for a in articles:
        builder.add(prepare(a, "/src/file", "hash"))
    segment = builder.finish()
    TOC(make_schema(), [segment], 1).write(storage, INDEX_NAME)

    theirs = tmp_path / "theirs"
    theirs.mkdir()
    from whoosh import index as whoosh_index
    ix = whoosh_index.create_in(str(theirs), make_schema(), indexname=INDEX_NAME)
    with ix.writer() as w:
        for a in articles:
            p = prepare(a, "/src/file", "hash")
            doc = dict(p.stored)
            if a.source:
                doc["source_text"] = a.source
            w.add_document(**doc)

    ours_reader = FileStorage(str(ours)).open_index(INDEX_NAME).reader()
    theirs_reader = ix.reader()
    assert _postings(ours_reader) == _postings(theirs_reader)
    for d in range(len(articles)):
        assert ours_reader.stored_fields(d) == theirs_reader.stored_fields(d)
        for f in ("title", "body"):
            assert ours_reader.doc_field_length(d, f) == theirs_reader.doc_field_length(d, f)


def test_sidecar_agrees_with_whoosh(tmp_path):
    articles = _articles()
    storage = FileStorage(str(tmp_path))
    TOC.create(storage, article_schema(), INDEX_NAME)
    builder = SegmentBuilder(tmp_path, article_schema())
    for a in articles:
        builder.add(prepare(a, "/src/file", "hash"))
    segment = builder.finish()
    TOC(article_schema(), [segment], 1).write(storage, INDEX_NAME)
    reader = storage.open_index(INDEX_NAME).reader()
    arrays = SegmentArrays(Path(tmp_path), segment.segment_id())
    for fieldname in ("title", "body", "source_text"):
        post = arrays.postings[fieldname]
        terms = [t.decode("utf-8") for t in reader.lexicon(fieldname)]
        assert sorted(terms) == post.terms
        for term in terms:
            docs, tfs = post.get(term)
            m = reader.postings(fieldname, term)
            expected = []
            while m.is_active():
                expected.append((m.id(), int(m.weight())))
                m.next()
            assert list(zip(docs.tolist(), tfs.tolist())) == expected
    assert [i.decode() for i in arrays.docs["ids"]] == [a.id for a in articles]
    for d, a in enumerate(articles):
        stored_len = reader.doc_field_length(d, "body")
        exact = int(arrays.docs["len_body"][d])
        assert (stored_len or 0) == (pytest.approx(exact, rel=0.13) if exact else 0)


def test_by_document_postings_are_each_documents_terms(tmp_path):
    """The sidecar's postings turned around by document give each document's own terms."""
    from index.analysis import index_terms
    from index.build import build_index
    from search.local.view import ViewCache

    build_index([SEEDS], tmp_path / "ix", rebuild=True)
    view = ViewCache(tmp_path / "ix").get()
    for d in range(view.n):
        f = view.stored(d)
        for field in ("title", "body"):
            want = {t: len(p) for t, p in index_terms(f.get(field, ""))[1].items()}
            assert view.document_terms(d, (field,)) == want


def _term_stats(reader):
    out = {}
    for fieldname in ("title", "body", "source_text", "id", "origin_file"):
        for term in reader.lexicon(fieldname):
            ti = reader.term_info(fieldname, term)
            out[(fieldname, term)] = (ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(),
                                      ti.max_weight(), ti.min_id(), ti.max_id())
    return out


def _segment_files(directory: Path, articles, monkeypatch=None):
    directory.mkdir()
    storage = FileStorage(str(directory))
    TOC.create(storage, article_schema(), INDEX_NAME)
    builder = SegmentBuilder(directory, article_schema())
    for a in articles:
        builder.add(prepare(a, "/src/file", "hash"))
    segment = builder.finish()
    TOC(article_schema(), [segment], 1).write(storage, INDEX_NAME)
    files = {p.suffix: p.read_bytes() for p in directory.iterdir() if p.suffix in (".trm", ".pst")}
    return files, storage.open_index(INDEX_NAME).reader()


def test_block_writer_writes_whooshs_bytes(tmp_path, monkeypatch):
    """Terms with several 128-posting blocks, varied weights and lengths: the direct block writer
    writes byte for byte what Whoosh's posting-by-posting writer writes, term statistics included."""
    import index.segment as segment_module
    words = ["harvest", "tariff", "senate", "wheat", "drought", "envoy", "export"]
    articles = []
    for i in range(300):
        body = " ".join(words[(i + k) % len(words)] for k in range(1 + i % 11)) + f" filler{i % 37}"
        a = Article(title=f"Report {i % 5} {words[i % len(words)]}", body=body,
                    source="Wire" if i % 3 else None, origin=f"t#{i}")
        a.id = article_id(a)
        articles.append(a)
    fast, fast_reader = _segment_files(tmp_path / "fast", articles)
    monkeypatch.setattr(segment_module, "write_terms", segment_module._write_terms_whoosh)
    slow, slow_reader = _segment_files(tmp_path / "slow", articles)
    assert _term_stats(fast_reader) == _term_stats(slow_reader)
    assert max(s[1] for s in _term_stats(fast_reader).values()) > 256  # several blocks were written
    assert fast == slow
