""""Did you mean": corrections drawn from the index's own vocabulary."""
from __future__ import annotations

import re

from whoosh import query as Q

from index.analysis import fold

from .query import ParsedQuery, to_whoosh, lex

VOCABULARY_FIELD = "words"


def suggest(searcher, text: str, parsed: ParsedQuery) -> str | None:
    """The query with each unknown word replaced by the most frequent indexed word within two
    edits of it, when the corrected query finds something; None when there is nothing better."""
    corrector = searcher.corrector(VOCABULARY_FIELD)
    reader = searcher.reader()
    changed = False
    out = text
    for clause in parsed.positive:
        if clause.kind == "prefix" or clause.field == "source":
            continue
        for word in re.findall(r"\w+", clause.text):
            low = fold(word).lower()
            if len(low) < 3 or reader.doc_frequency(VOCABULARY_FIELD, low) > 0:
                continue
            options = corrector.suggest(low, limit=1, maxdist=2, prefix=1)  # first letter kept: 10x faster
            if options and options[0] != low:
                out = re.sub(rf"\b{re.escape(word)}\b", options[0], out, count=1)
                changed = True
    if not changed:
        return None
    # The engine falls back to any word when no article has every word: so does this check.
    corrected = to_whoosh(lex(out), reader, "OR")
    if corrected is Q.NullQuery or not searcher.search(corrected, limit=1):
        return None
    return out
