"""Writing one Whoosh segment (and its sidecar arrays) from prepared articles.

Whoosh's own writer analyses each field inside ``add_document`` and then sorts every posting
through a temporary pool; here the text arrives analysed (:mod:`index.documents`, often from a
worker process) and the postings are grouped per term as they come, so the segment is written in
one pass with Whoosh's codec objects (the same files Whoosh writes: a test compares them posting
by posting with what ``IndexWriter.add_document`` produces).

The segment is not live until a table of contents names it (:mod:`index.store`).
"""
from __future__ import annotations

from pathlib import Path

from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import byte_to_length, length_to_byte

from .documents import PreparedArticle
from .schema import INDEX_NAME
from .sidecar import SidecarWriter

# Fields whose analysed text comes prepared; the other indexed fields (ids) are analysed by
# Whoosh's own field objects here.
PREPARED_FIELDS = ("title", "body", "source_text")


def _quantized(length: int):
    """The field length as Whoosh records it for a posting (one byte, then decoded)."""
    return byte_to_length(length_to_byte(length)) if length else None


class SegmentBuilder:
    """Accumulates documents for one new segment of the index in ``directory``."""

    def __init__(self, directory: Path, schema, indexname: str = INDEX_NAME):
        self.directory = Path(directory)
        self.storage = FileStorage(str(self.directory))
        self.schema = schema
        self.indexname = indexname
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(self.storage, indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.sidecar = SidecarWriter(PREPARED_FIELDS)
        self.docnum = 0
        self.pool: dict[str, dict[bytes, list]] = {}
        self.lengths: dict[str, list] = {name: [] for name in PREPARED_FIELDS}
        self._names = sorted(schema.names())
        self._encode = {name: schema[name].format.encode for name in PREPARED_FIELDS}
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
                    if positions:
                        post = self.pool.setdefault(name, {})
                        encode = self._encode[name]
                        for term, plist in positions.items():
                            entry = (docnum, float(len(plist)), encode(plist))
                            key = term.encode("utf-8")
                            lst = post.get(key)
                            if lst is None:
                                post[key] = [entry]
                            else:
                                lst.append(entry)
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
                         body_chars=doc.body_chars, fields=doc.fields, words=doc.words)
        self.ids.append(doc.id)
        self.docnum += 1
        return docnum

    def finish(self):
        """Write the segment's files and its sidecar; returns the Whoosh segment object (not yet
        named by any table of contents)."""
        self.perdoc.close()
        fw = self.codec.field_writer(self.storage, self.segment)
        for name in sorted(self.pool):
            fieldobj = self.schema[name]
            lengths = self.lengths.get(name)
            fw.start_field(name, fieldobj)
            post = self.pool[name]
            for btext in sorted(post):
                fw.start_term(btext)
                for docnum, weight, vbytes in post[btext]:
                    fw.add(docnum, weight, vbytes, lengths[docnum] if lengths else 0)
                fw.finish_term()
            fw.finish_field()
        fw.close()
        self.segment.set_doc_count(self.docnum)
        self.sidecar.write(self.directory, self.segment.segment_id())
        self.pool.clear()
        return self.segment

    def cancel(self) -> None:
        """Give up: the files written so far are removed by the next clean-up."""
        try:
            if not self.perdoc.is_closed:
                self.perdoc.close()
        except Exception:
            pass
