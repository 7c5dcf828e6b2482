"""Stories, not copies: near-duplicate clusters of articles (syndicated copies, edited re-posts).

``StoryClusters`` assigns each article a cluster id as it is added, keeps the clusters current
as articles are added and removed, and saves them beside an index (``STATE_FILE`` in the index
generation) so an incremental run continues where the last one stopped.

    from index.stories import STATE_FILE, StoryClusters, StoryStateError

    try:
        clusters = StoryClusters.load(generation / STATE_FILE)
    except StoryStateError:
        clusters = StoryClusters()            # and add every article of the index again
    change = clusters.add(article.id, article.body, article.published)
    article.cluster = change.cluster          # change.relabelled: other articles to rewrite
    clusters.save(generation / STATE_FILE)
"""
from .clusters import Assignment, StoryClusters
from .similarity import SHIPPED_RULE, Evidence, PairRule, compare
from .state import (STATE_FILE, StoryStateCorrupt, StoryStateError, StoryStateIncompatible,
                    StoryStateMissing)

__all__ = ["Assignment", "StoryClusters", "SHIPPED_RULE", "Evidence", "PairRule", "compare", "STATE_FILE",
           "StoryStateError", "StoryStateMissing", "StoryStateCorrupt", "StoryStateIncompatible"]
