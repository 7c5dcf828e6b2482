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
from hashlib import md5
from pathlib import Path
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import _lengths as _LENGTHS  # a hash entry's key and value lengths
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
    """The format's position encoder, with the (most common) one-position lists cached; None for
    a format whose postings hold no value (:class:`index.schema.TermFrequency`)."""
    if fmt.fixed_value_size() == 0:
        return None
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


def write_terms(fw, terms, lengths) -> None:
    """A field's terms, in order, in Whoosh's W3 layout: ``terms`` gives (term bytes, documents,
    frequencies as whole numbers, encoded values such as position lists) per term; ``lengths``:
    each document's quantised field length, or None. Writes the same bytes as Whoosh's
    ``W3FieldWriter.start_term``/``add``/``finish_term`` posting by posting: blocks of 128
    postings, each a pickled info tuple and a pickled data tuple, then the term's info row in the
    term index (tests/test_segment.py compares the files with Whoosh's own). A term of one block,
    most of them, is written in one step here with the file positions counted rather than asked
    for; longer ones go through :func:`write_term`."""
    pw = fw._postwriter
    if pw._compression:  # the compressed layout is left to Whoosh's own writer
        for btext, docs, freqs, values in terms:
            _write_term_whoosh(fw, btext, docs, [float(f) for f in freqs], values, lengths)
        return
    fixed = fw._format.fixed_value_size()
    if fixed is not None and fixed != 0:  # values of a fixed size: the general writer
        for btext, docs, freqs, values in terms:
            write_term(fw, btext, docs, [float(f) for f in freqs], values, lengths)
        return
    postfile, tindex = pw._postfile, fw._tindex
    limit = pw._blocklimit
    prefix = pack_ushort(fw._fieldid)
    post_write, term_write = postfile.write, tindex.dbfile.write
    byte_of: dict = {}

    def to_byte(length):
        b = byte_of.get(length)
        if b is None:
            b = byte_of[length] = length_to_byte(length)
        return b

    pos, tpos = postfile.tell(), tindex.dbfile.tell()
    index_positions, buckets, last = [], tindex.buckets, None
    for btext, docs, freqs, values in terms:
        n = len(docs)
        if n > limit:  # several blocks: the general writer, then pick up where it left off
            if index_positions:
                tindex.index.extend(index_positions)
                index_positions = []
            tindex.lastkey = last or tindex.lastkey
            write_term(fw, btext, docs, [float(f) for f in freqs], values, lengths)
            pos, tpos, last = postfile.tell(), tindex.dbfile.tell(), tindex.lastkey
            continue
        total = float(sum(freqs))
        top = float(max(freqs))
        if lengths is not None:
            ls = [x for x in map(lengths.__getitem__, docs) if x]
            bmin, bmax = (min(ls), max(ls)) if ls else (None, 0)
        else:
            bmin, bmax = None, 0
        first = freqs[0]
        if freqs.count(first) == n:
            mini_weights = None if first == 1 else float(first)
        else:
            mini_weights = tuple(map(float, freqs))
        if n == 1:
            deltas = (docs[0],)
            mini_values = None if fixed == 0 else (values[0],) if values[0] else ()
        else:
            deltas = (docs[0], *map(int.__sub__, docs[1:], docs[:-1]))
            mini_values = None if fixed == 0 else tuple(filter(None, values))
        lo, hi = to_byte(bmin), to_byte(bmax)
        databytes = dumps((deltas, mini_weights, mini_values), 2)
        infobytes = dumps((n, docs[-1], top, 0, lo, hi), 2)
        size = len(infobytes) + len(databytes)
        block = WHOOSH3_HEADER_MAGIC + pack_int(-size) + infobytes + databytes
        post_write(block)
        info = (_TERMINFO.pack(False, total, n, lo, hi, top, docs[0], docs[-1])
                + pack_long(pos) + pack_int(len(block)))
        pos += len(block)
        key = prefix + btext
        # OrderedHashWriter.add, as Whoosh does it: the entry's position, its hash bucket, the entry.
        index_positions.append(tpos)
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")  # filetables.md5_hash
        buckets[h & 255].append((h, tpos))
        entry = _LENGTHS.pack(len(key), len(info)) + key + info
        term_write(entry)
        tpos += len(entry)
        last = key
    if index_positions:
        tindex.index.extend(index_positions)
    if last is not None:
        tindex.lastkey = last


def write_term(fw, btext: bytes, docs: list[int], weights: list[float], values: list[bytes], lengths) -> None:
    """One term's postings in Whoosh's uncompressed W3 layout, written directly, a block of 128
    postings at a time (see :func:`write_terms`, which calls it)."""
    pw = fw._postwriter
    postfile = pw._postfile
    limit = pw._blocklimit
    comp = pw._compression  # 0: write_terms leaves compressed postings to Whoosh's own writer
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


def _write_terms_whoosh(fw, terms, lengths) -> None:
    """:func:`write_terms` through Whoosh's own writer (what the tests compare it with)."""
    for btext, docs, freqs, values in terms:
        _write_term_whoosh(fw, btext, docs, [float(f) for f in freqs], values, lengths)


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
        # Prepared fields: term -> [document, position list, document, position list, ...], one
        # flat list a term (two appends a posting: a third of the time of three lists a term)
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
                    get = pool.get
                    for term, plist in positions.items():
                        entry = get(term)
                        if entry is None:
                            pool[term] = [docnum, plist]
                        else:
                            entry.append(docnum)
                            entry.append(plist)
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
                columns: dict[str, tuple[list, list, list]] = {}

                def rows(pool=pool, encode=encode, columns=columns):
                    for btext, term in sorted((t.encode("utf-8"), t) for t in pool):
                        flat = pool.pop(term)  # each term's flat list goes as its columns come
                        docs, plists = flat[0::2], flat[1::2]
                        freqs = list(map(len, plists))
                        columns[term] = (docs, freqs, plists)
                        yield btext, docs, freqs, (list(map(encode, plists)) if encode else None)
                write_terms(fw, rows(), lengths)
                postings[name] = columns
            else:
                post = self.pool[name]
                write_terms(fw, ((btext, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
                                 for btext, rows in sorted(post.items())), None)
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
