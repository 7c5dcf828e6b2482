"""Writing one Whoosh segment (and its sidecar arrays) from prepared articles.

Whoosh's own writer analyses each field inside ``add_document`` and then sorts every posting
through a temporary pool; here the text arrives analysed (:mod:`index.documents`, often from a
worker process) and the postings are grouped per term as they come, so the segment is written in
one pass with Whoosh's codec objects (the same files Whoosh writes: a test compares them posting
by posting with what ``IndexWriter.add_document`` produces).

The segment is not live until a table of contents names it (:mod:`index.store`).
"""
from __future__ import annotations

from array import array
from pathlib import Path

from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from .documents import PreparedArticle
from .schema import INDEX_NAME
from .sidecar import SidecarWriter

# Fields whose analysed text comes prepared; the other indexed fields (ids) are analysed by
# Whoosh's own field objects here.
PREPARED_FIELDS = ("title", "body", "source_text")
# zlib level for posting blocks. Most blocks hold a handful of postings, where compressing costs
# more time (about a third of writing a segment) than it saves space; readers handle any level.
COMPRESSION = 0
_TERMINFO = W3TermInfo._struct


def _quantized(length: int):
    """The field length as Whoosh records it for a posting (one byte, then decoded)."""
    return byte_to_length(length_to_byte(length)) if length else None


_ONE_POSITION: dict[int, bytes] = {}


def _encoder(fmt):
    """The format's position encoder, with the (most common) one-position lists cached."""
    encode = fmt.encode

    def encode_positions(plist: list[int]) -> bytes:
        if len(plist) == 1:
            p = plist[0]
            v = _ONE_POSITION.get(p)
            if v is None:
                v = _ONE_POSITION[p] = encode(plist)
            return v
        return encode(plist)
    return encode_positions


def write_term(fw, btext: bytes, docs: list[int], weights: list[float], values: list[bytes], lengths) -> None:
    """One term's postings in Whoosh's W3 layout, written directly: the same bytes
    ``W3FieldWriter.start_term``/``add``/``finish_term`` write posting by posting (blocks of
    128 postings, each a pickled info tuple and a pickled data tuple, then the term's info row),
    computed a block at a time (tests/test_segment.py compares the files with Whoosh's own)."""
    pw = fw._postwriter
    postfile = pw._postfile
    limit = pw._blocklimit
    comp = pw._compression
    if comp:  # the compressed layout is left to Whoosh's own writer
        return _write_term_whoosh(fw, btext, docs, weights, values, lengths)
    fixed = fw._format.fixed_value_size()
    n = len(docs)
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    total_weight = 0.0
    minlength = None
    maxlength = 0
    maxweight = 0
    for i in range(0, n, limit):
        j = min(i + limit, n)
        ids = docs[i:j]
        ws = weights[i:j]
        stored = array("f", ws)
        bmaxweight = max(0, max(ws))
        if lengths is not None:
            ls = [x for x in map(lengths.__getitem__, ids) if x]
            bmin = min(ls) if ls else None
            bmax = max(ls) if ls else 0
        else:
            bmin, bmax = None, 0
        total_weight += sum(stored)
        if minlength is None:
            minlength = bmin
        elif bmin is not None:
            minlength = min(minlength, bmin)
        maxlength = max(maxlength, bmax)
        maxweight = max(maxweight, bmaxweight)
        first = stored[0]
        if first == 1.0 and stored.count(1.0) == len(stored):
            mini_weights = None
        elif stored.count(first) == len(stored):
            mini_weights = first
        else:
            mini_weights = tuple(stored)
        vals = [v for v in values[i:j] if v] if values is not None else []
        if fixed is None or fixed < 0:
            mini_values = tuple(vals)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(vals)
        deltas = [ids[0]]
        deltas.extend(map(int.__sub__, ids[1:], ids[:-1]))
        databytes = dumps((tuple(deltas), mini_weights, mini_values), 2)
        infobytes = dumps((len(ids), ids[-1], bmaxweight, comp, length_to_byte(bmin),
                           length_to_byte(bmax)), 2)
        size = len(infobytes) + len(databytes)
        postfile.write(pack_int(-size if j == n else size) + infobytes + databytes)
    info = _TERMINFO.pack(False, total_weight, n, 0 if minlength is None else length_to_byte(minlength),
                          length_to_byte(maxlength), maxweight, docs[0], docs[-1])
    info += pack_long(start) + pack_int(postfile.tell() - start)
    fw._tindex.add(pack_ushort(fw._fieldid) + btext, info)


def _write_term_whoosh(fw, btext, docs, weights, values, lengths) -> None:
    """The same postings through Whoosh's own writer, posting by posting."""
    fw.start_term(btext)
    for k, docnum in enumerate(docs):
        fw.add(docnum, weights[k], values[k] if values is not None else b"",
               lengths[docnum] if lengths is not None else None)
    fw.finish_term()


class SegmentBuilder:
    """Accumulates documents for one new segment of the index in ``directory``."""

    def __init__(self, directory: Path, schema, indexname: str = INDEX_NAME):
        self.directory = Path(directory)
        self.storage = FileStorage(str(self.directory))
        self.schema = schema
        self.indexname = indexname
        self.codec = W3Codec(compression=COMPRESSION)
        self.segment = self.codec.new_segment(self.storage, indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.sidecar = SidecarWriter(PREPARED_FIELDS)
        self.docnum = 0
        # Prepared fields: term -> [documents, frequencies, position lists]
        self.text_pool: dict[str, dict[str, list]] = {name: {} for name in PREPARED_FIELDS}
        # Other indexed fields (ids): term bytes -> [(docnum, weight, value bytes)]
        self.pool: dict[str, dict[bytes, list]] = {}
        self.lengths: dict[str, list] = {name: [] for name in PREPARED_FIELDS}
        self._names = sorted(schema.names())
        self.ids: list[str] = []

    def __len__(self) -> int:
        return self.docnum

    def add(self, doc: PreparedArticle) -> int:
        """Add one article; returns its document number in this segment."""
        docnum = self.docnum
        perdoc = self.perdoc
        perdoc.start_doc(docnum)
        try:
            for name in self._names:
                fieldobj = self.schema[name]
                value = doc.stored.get(name)
                length = 0
                if name in PREPARED_FIELDS:
                    length, positions = doc.fields.get(name, (0, {}))
                    pool = self.text_pool[name]
                    for term, plist in positions.items():
                        entry = pool.get(term)
                        if entry is None:
                            pool[term] = [[docnum], [len(plist)], [plist]]
                        else:
                            entry[0].append(docnum)
                            entry[1].append(len(plist))
                            entry[2].append(plist)
                    self.lengths[name].append(_quantized(length))
                elif fieldobj.indexed and value is not None:
                    post = self.pool.setdefault(name, {})
                    for tbytes, freq, weight, vbytes in fieldobj.index(value):
                        if fieldobj.scorable:
                            length += freq
                        post.setdefault(tbytes, []).append((docnum, weight, vbytes))
                perdoc.add_field(name, fieldobj, value if fieldobj.stored else None, length)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.sidecar.add(docnum, id=doc.id, published_us=doc.published_us, source=doc.source,
                         month=doc.month, origin_file=doc.origin_file, file_hash=doc.file_hash,
                         body_chars=doc.body_chars, lengths={f: doc.fields.get(f, (0, {}))[0] for f in PREPARED_FIELDS},
                         words=doc.words)
        self.ids.append(doc.id)
        self.docnum += 1
        return docnum

    def finish(self):
        """Write the segment's files and its sidecar; returns the Whoosh segment object (not yet
        named by any table of contents)."""
        self.perdoc.close()
        fw = self.codec.field_writer(self.storage, self.segment)
        postings = {}
        for name in sorted(set(self.pool) | {n for n, p in self.text_pool.items() if p}):
            fieldobj = self.schema[name]
            fw.start_field(name, fieldobj)
            if name in self.text_pool:
                pool = self.text_pool[name]
                encode = _encoder(fieldobj.format)
                lengths = self.lengths[name]
                keyed = sorted((t.encode("utf-8"), t) for t in pool)
                for btext, term in keyed:
                    docs, freqs, plists = pool[term]
                    write_term(fw, btext, docs, [float(f) for f in freqs], [encode(p) for p in plists], lengths)
                postings[name] = pool
            else:
                post = self.pool[name]
                for btext in sorted(post):
                    rows = post[btext]
                    write_term(fw, btext, [r[0] for r in rows], [float(r[1]) for r in rows],
                               [r[2] for r in rows], None)
            fw.finish_field()
        fw.close()
        self.segment.set_doc_count(self.docnum)
        self.sidecar.write(self.directory, self.segment.segment_id(), postings)
        self.text_pool.clear()
        self.pool.clear()
        return self.segment

    def cancel(self) -> None:
        """Give up: the files written so far are removed by the next clean-up."""
        try:
            if not self.perdoc.is_closed:
                self.perdoc.close()
        except Exception:
            pass
