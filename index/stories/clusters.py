"""Story clusters: groups of near-duplicate articles (syndicated copies, edited re-posts, updates),
kept up to date one article at a time.

Articles whose bodies have the same normalised words share one *node* (the exact-copy path:
such copies always group, whatever their headlines). A node is linked to every other node
that :class:`~index.stories.similarity.PairRule` judges the same story; a cluster is a
connected group of nodes, and its articles are the articles of those nodes. Candidates for a
new text come from a sample of its shingles (:mod:`index.stories.candidates`: any two texts
that share a passage share sampled shingles, however long either text is); every candidate
is then checked exactly on the two shingle sets.

**Cluster ids.** A cluster's id is the id of its *founding* article: the earliest published
(undated articles come after dated ones), ties and undated ones by the smallest article id.
Links depend only on the two texts and their dates, so the clusters are a function of the set
of articles, not of the order they were added in: ids do not change when unrelated articles
are added, nor across a rebuild in another order. An id changes only when the cluster itself
does: an earlier copy joins it, a new article bridges two clusters, or its founder is
removed. Every call that changes the id of other articles says which (``relabelled``), so the
caller can rewrite them.

>>> sc = StoryClusters()
>>> text = ("Secretary of State Antony Blinken met President Xi Jinping in Beijing on Monday and said "
...         "the two countries had made progress on stabilising relations after months of tension.")
>>> sc.add("a1", text, published="2024-04-02T10:00:00+00:00").cluster
'a1'
>>> sc.add("b1", "Cocoa prices rose sharply in London on Tuesday as traders worried that dry weather "
...        "in West Africa would cut the coming harvest, the third poor crop in a row.").cluster
'b1'
>>> change = sc.add("a0", text.upper(), published="2024-04-01T09:00:00+00:00")
>>> change.cluster, change.relabelled
('a0', {'a1': 'a0'})
>>> sc.remove("a0")
{'a1': 'a1'}
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np

from . import state
from .candidates import SAMPLE_MOD, CandidateIndex, screen
from .shingles import SHINGLE_WORDS, Fingerprint, fingerprint
from .similarity import SHIPPED_RULE, Evidence, PairRule, compare, shared_counts

_DAY = 86400.0
@dataclass
class Assignment:
    """The outcome of :meth:`StoryClusters.add`: the new article's cluster id, and the other
    articles whose cluster id changed (article id → new cluster id)."""

    cluster: str
    relabelled: dict[str, str] = field(default_factory=dict)


def timestamp(published) -> float:
    """Seconds since the epoch for a datetime (naive: UTC), an ISO 8601 string or a number;
    NaN for None. Anything else is a ValueError that says what was given.

    >>> timestamp("1970-01-02T00:00:00+00:00"), math.isnan(timestamp(None))
    (86400.0, True)
    """
    if published is None or published == "":
        return math.nan
    if isinstance(published, (int, float)) and not isinstance(published, bool):
        return float(published)
    if isinstance(published, str):
        try:
            published = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"published must be ISO 8601 text, got {published[:40]!r}") from None
    if not isinstance(published, datetime):
        raise ValueError(f"published must be a datetime, ISO 8601 text or None, got {type(published).__name__}")
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return published.timestamp()


class StoryClusters:
    """Near-duplicate clusters over a changing set of articles (see the module docstring).

    ``add`` and ``remove`` change it; ``cluster_of``, ``members``, ``clusters`` and
    ``assignments`` read it; ``save`` and ``load`` keep it beside an index between runs.
    """

    def __init__(self, rule: PairRule = SHIPPED_RULE, shingle_words: int = SHINGLE_WORDS,
                 sample_mod: int = SAMPLE_MOD):
        self.rule, self.shingle_words, self.sample_mod = rule, shingle_words, sample_mod
        self._candidates = CandidateIndex(sample_mod)
        # articles
        self._node_of: dict[str, int] = {}
        self._time: dict[str, float] = {}
        # nodes (one per distinct normalised text); a removed node keeps its slot, emptied
        self._key: list[str | None] = []
        self._shingles: list[np.ndarray] = []
        self._sizes = np.zeros(1024, dtype=np.int64)   # node → shingles it is compared with (0: none, or gone)
        self._articles: list[list[str]] = []
        self._dates: list[tuple[float, float]] = []      # earliest and latest dated article
        self._links: list[set[int]] = []
        self._comp: list[int] = []
        self._node_by_key: dict[str, int] = {}
        # clusters: component number → nodes, and its id (the founding article's id)
        self._members: dict[int, set[int]] = {}
        self._label: dict[int, str] = {}
        self._next_comp = 0

    # ------------------------------------------------------------------ lookups

    def __len__(self) -> int:
        return len(self._node_of)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._node_of

    def cluster_of(self, article_id: str) -> str:
        """The cluster id of an article (KeyError for an unknown one)."""
        return self._label[self._comp[self._node_of[article_id]]]

    def members(self, cluster_id: str) -> list[str]:
        """The articles of a cluster, founder first, then by date and id (KeyError if no such cluster)."""
        comp = self._comp[self._node_of[cluster_id]]
        if self._label[comp] != cluster_id:
            raise KeyError(cluster_id)
        return sorted(self._articles_of(self._members[comp]), key=self._founder_key)

    def assignments(self) -> dict[str, str]:
        """Every article id → its cluster id."""
        return {a: self._label[self._comp[n]] for a, n in self._node_of.items()}

    def clusters(self, min_size: int = 1) -> dict[str, list[str]]:
        """Cluster id → member article ids, for clusters of at least ``min_size`` articles."""
        out = {}
        for comp, nodes in self._members.items():
            arts = self._articles_of(nodes)
            if len(arts) >= min_size:
                out[self._label[comp]] = sorted(arts, key=self._founder_key)
        return out

    # ------------------------------------------------------------------ changes

    def add(self, article_id: str, body: str | None, published=None, fp: Fingerprint | None = None,
            ahead: tuple[list[int], list[int]] | None = None) -> Assignment:
        """Put an article in its cluster. ``published`` (a datetime, an ISO 8601 string or
        None) decides which copy founds a cluster, and how far apart two texts ran. Articles
        whose bodies have the same normalised words are always one story; an article with no
        words in its body is a story of its own. Adding an id that is present replaces that
        article (the relabels of both steps are reported together). ``ahead``: its text's
        candidates screened beforehand, used when the text is new (:mod:`index.stories.ahead`)."""
        when = timestamp(published)
        relabelled: dict[str, str] = {}
        previous: dict[str, str] = {}
        if article_id in self._node_of:          # a replacement: report only net changes
            previous = {a: self.cluster_of(article_id) for a in self.members(self.cluster_of(article_id))}
            relabelled.update(self.remove(article_id))
        # ``fp``: the body's fingerprint, when a worker process has taken it already
        fp, key = self.text_of(article_id, body, fp)
        self._time[article_id] = when
        node = self._node_by_key.get(key)
        if node is None:
            node = self._new_node(key, fp)
            self._attach(article_id, node)
            linked = self._link(node, ahead)
            if linked:
                relabelled.update(self._merge(node, linked))
            else:                                # a story of its own (the usual case)
                self._new_comp({node})
        else:                                    # the same words: the same node
            self._attach(article_id, node)
            relabelled.update(self._refresh(node))
        relabelled.pop(article_id, None)
        if previous:
            relabelled = {a: c for a, c in relabelled.items() if previous.get(a) != c}
        return Assignment(self.cluster_of(article_id), relabelled)

    def text_of(self, article_id: str, body: str | None, fp: Fingerprint | None = None) -> tuple[Fingerprint, str]:
        """The fingerprint of an article's body (``fp`` when given) and the key of its text: the
        same normalised words share a key; a body without words is a text of its own."""
        if fp is None:
            fp = fingerprint(body or "", self.shingle_words)
        return fp, ("b:" + fp.key if fp.key else "a:" + article_id)

    def remove(self, article_id: str) -> dict[str, str]:
        """Take an article out (its file was changed or deleted). Returns the other articles
        whose cluster id changed: its cluster may lose its founder or split into parts that
        it alone held together. Unknown ids are ignored."""
        node = self._node_of.pop(article_id, None)
        if node is None:
            return {}
        self._time.pop(article_id, None)
        self._articles[node].remove(article_id)
        if self._articles[node]:
            return self._refresh(node)
        comp = self._comp[node]
        rest = self._members[comp] - {node}
        before = self._labels_of(rest)
        del self._members[comp], self._label[comp]
        for n in rest:
            self._comp[n] = -1
        self._drop_node(node)
        return self._regroup(rest, before)

    # ------------------------------------------------------------------ on disk

    def settings(self) -> dict:
        """What a saved state must have been written with to be usable by this object."""
        return {"version": state.VERSION, "hash_scheme": state.HASH_SCHEME, "shingle_words": self.shingle_words,
                "sample_mod": self.sample_mod, "rule": self.rule.as_dict()}

    def save(self, path) -> None:
        """Write the clusters to ``path`` (atomically; see :mod:`index.stories.state`)."""
        live = [n for n, key in enumerate(self._key) if key is not None]
        renumber = {n: i for i, n in enumerate(live)}
        ids = list(self._node_of)
        links = sorted((renumber[n], renumber[o]) for n in live for o in self._links[n] if n < o)
        state.write(path, {
            "meta": state.encode_meta(self.settings()),
            "article_ids": np.array(ids, dtype=str),
            "article_node": np.array([renumber[self._node_of[a]] for a in ids], dtype=np.int64),
            "article_time": np.array([self._time[a] for a in ids], dtype=np.float64),
            "node_keys": np.array([self._key[n] for n in live], dtype=str),
            **state.pack("shingles", [self._shingles[n] for n in live]),
            "links": np.array(links, dtype=np.int64).reshape(-1, 2),
        })

    @classmethod
    def load(cls, path, rule: PairRule = SHIPPED_RULE, shingle_words: int = SHINGLE_WORDS,
             sample_mod: int = SAMPLE_MOD) -> "StoryClusters":
        """The clusters saved at ``path``. Raises :class:`~index.stories.state.StoryStateMissing`,
        ``StoryStateCorrupt`` or ``StoryStateIncompatible`` (all ``StoryStateError``) when the
        file cannot be used as it is; the caller then rebuilds the clusters from its articles."""
        self = cls(rule, shingle_words, sample_mod)
        a = state.read(path, self.settings())
        for key, shingles in zip(a["node_keys"].tolist(), state.unpack(a, "shingles")):
            self._new_node(key, Fingerprint(key, shingles), index=False)
        self._candidates.restore(self._shingles)
        for art, node, t in zip(a["article_ids"].tolist(), a["article_node"].tolist(), a["article_time"].tolist()):
            self._time[art] = t
            self._attach(art, node)
        if any(not arts for arts in self._articles):
            raise state.StoryStateCorrupt(f"story-cluster state {path} is inconsistent (a text without "
                                          "articles); rebuild it")
        for n, o in a["links"].tolist():
            self._links[n].add(o)
            self._links[o].add(n)
        for part in self._components(set(range(len(self._key)))):
            self._new_comp(part)
        return self

    # ------------------------------------------------------------------ nodes

    def _founder_key(self, article_id: str) -> tuple:
        t = self._time.get(article_id, math.nan)
        return (1, 0.0, article_id) if math.isnan(t) else (0, t, article_id)

    def _articles_of(self, nodes) -> list[str]:
        return [a for n in nodes for a in self._articles[n]]

    def _new_node(self, key: str, fp: Fingerprint, index: bool = True) -> int:
        """A node for a new text; only a text long enough to be compared is indexed."""
        node = len(self._key)
        comparable = len(fp.shingles) >= self.rule.min_shared
        self._key.append(key)
        self._shingles.append(fp.shingles if comparable else fp.shingles[:0])
        if node >= len(self._sizes):
            self._sizes = np.concatenate([self._sizes, np.zeros(len(self._sizes), dtype=np.int64)])
        self._sizes[node] = len(self._shingles[node])
        self._articles.append([])
        self._dates.append((math.nan, math.nan))
        self._links.append(set())
        self._comp.append(-1)
        self._node_by_key[key] = node
        if comparable and index:
            self._candidates.add(node, fp.shingles)
        return node

    def _attach(self, article_id: str, node: int) -> None:
        self._node_of[article_id] = node
        self._articles[node].append(article_id)
        t = self._time.get(article_id, math.nan)
        if not math.isnan(t):
            lo, hi = self._dates[node]
            self._dates[node] = (t, t) if math.isnan(lo) else (min(lo, t), max(hi, t))

    def _drop_node(self, node: int) -> None:
        for o in self._links[node]:
            self._links[o].discard(node)
        self._links[node] = set()
        self._candidates.remove(node, self._shingles[node])
        del self._node_by_key[self._key[node]]
        self._key[node] = None
        self._shingles[node] = self._shingles[node][:0]
        self._sizes[node] = 0
        self._dates[node] = (math.nan, math.nan)
        self._comp[node] = -1

    # ------------------------------------------------------------------ links

    def _days_apart(self, a: int, b: int) -> float | None:
        (lo_a, hi_a), (lo_b, hi_b) = self._dates[a], self._dates[b]
        if math.isnan(lo_a) or math.isnan(lo_b):
            return None
        return max(0.0, lo_b - hi_a, lo_a - hi_b) / _DAY

    def _same_story(self, a: int, b: int) -> bool:
        ev = compare(self._shingles[a], self._shingles[b], self._days_apart(a, b))
        return self.rule.same_story(ev)

    def _link(self, node: int, ahead: tuple[list[int], list[int]] | None = None) -> set[int]:
        """Link ``node`` to every node that is the same story (candidates by shared samples,
        then checked exactly). Returns the nodes newly linked. ``ahead``: the screened
        candidates of a new node and the shingles each shares with it, found beforehand
        (:mod:`index.stories.ahead`)."""
        shingles = self._shingles[node]
        if not len(shingles):
            return set()
        size, texts = len(shingles), self._shingles
        if ahead is not None:
            screened, shared_each = ahead
        else:
            others, counts = self._candidates.count_arrays(shingles)
            linked = self._links[node]
            screened = [o for o in screen(node, size, others, counts, self._sizes[others], self.rule, self.sample_mod)
                        if o not in linked]
            shared_each = shared_counts(shingles, [texts[o] for o in screened])
        found = set()
        for other, shared in zip(screened, shared_each):
            ev = Evidence(shared, size, len(texts[other]), self._days_apart(node, other))
            if self.rule.same_story(ev):
                found.add(other)
        for other in found:
            self._links[node].add(other)
            self._links[other].add(node)
        return found

    def _refresh(self, node: int) -> dict[str, str]:
        """After a node gained or lost an article: its dates may have moved, so links are
        checked again (kept, dropped or found); its cluster is regrouped, its founder renewed."""
        arts = self._articles[node]
        dated = [t for t in (self._time[a] for a in arts) if not math.isnan(t)]
        dates = (min(dated), max(dated)) if dated else (math.nan, math.nan)
        changed = dates != self._dates[node] and not (math.isnan(dates[0]) and math.isnan(self._dates[node][0]))
        self._dates[node] = dates
        touched = {node}
        if changed and len(self._shingles[node]):
            for other in [o for o in self._links[node] if not self._same_story(node, o)]:
                self._links[node].discard(other)
                self._links[other].discard(node)
            touched |= self._link(node)
        return self._regroup(touched)

    # ------------------------------------------------------------------ clusters

    def _comp_nodes(self, nodes: set[int]) -> set[int]:
        """The nodes of every cluster that one of ``nodes`` belongs to, and ``nodes``."""
        out = set(nodes)
        for n in nodes:
            if self._comp[n] >= 0:
                out |= self._members[self._comp[n]]
        return out

    def _labels_of(self, nodes: set[int]) -> dict[str, str]:
        return {a: self._label[self._comp[n]] for n in nodes if self._comp[n] >= 0 for a in self._articles[n]}

    def _regroup(self, nodes: set[int], before: dict[str, str] | None = None) -> dict[str, str]:
        """Recompute the clusters holding ``nodes`` (and the clusters they are linked into);
        returns the articles whose cluster id changed. ``before``: labels from before a change
        that already took effect (a node dropped)."""
        linked = set(nodes)
        for n in nodes:
            linked |= self._links[n]
        area = {n for n in self._comp_nodes(linked) if self._key[n] is not None}
        if before is None:
            before = self._labels_of(area)
        for comp in {self._comp[n] for n in area if self._comp[n] >= 0}:
            del self._members[comp], self._label[comp]
        for part in self._components(area):
            self._new_comp(part)
        return {a: self._label[self._comp[self._node_of[a]]] for a, old in before.items()
                if a in self._node_of and self._label[self._comp[self._node_of[a]]] != old}

    def _merge(self, node: int, linked: set[int]) -> dict[str, str]:
        """A new text linked into existing clusters: they and it become one cluster (adding a
        link only ever joins clusters, so no search for parts is needed). The nodes of the
        smaller clusters move into the largest; the id is the earliest founder among them and
        the new text's articles. Returns the articles whose cluster id changed."""
        comps = {self._comp[o] for o in linked if self._comp[o] >= 0}
        if not comps:
            return self._regroup({node} | linked)
        biggest = max(comps, key=lambda c: (len(self._members[c]), -c))
        label = min([self._label[c] for c in comps] + list(self._articles[node]), key=self._founder_key)
        relabelled: dict[str, str] = {}
        for c in comps:
            if self._label[c] != label:
                relabelled.update((a, label) for n in self._members[c] for a in self._articles[n])
            if c != biggest:
                for n in self._members[c]:
                    self._comp[n] = biggest
                self._members[biggest] |= self._members[c]
                del self._members[c], self._label[c]
        self._members[biggest].add(node)
        self._comp[node] = biggest
        self._label[biggest] = label
        return relabelled

    def _new_comp(self, nodes: set[int]) -> int:
        comp = self._next_comp
        self._next_comp += 1
        self._members[comp] = set(nodes)
        for n in nodes:
            self._comp[n] = comp
        self._label[comp] = min(self._articles_of(nodes), key=self._founder_key)
        return comp

    def _components(self, nodes: set[int]) -> list[set[int]]:
        """Connected parts of a set of nodes, following links (links leave no part)."""
        parts, seen = [], set()
        for start in sorted(nodes):
            if start in seen:
                continue
            part, stack = set(), [start]
            seen.add(start)
            while stack:
                n = stack.pop()
                part.add(n)
                for o in self._links[n]:
                    if o not in seen and o in nodes:
                        seen.add(o)
                        stack.append(o)
            parts.append(part)
        return parts
