"""Named points in an index run where a test can stop the indexer to kill it.

Set ``NEWSDESK_PAUSE_AT`` to a point's name (``reading``, ``segment-written``, ``before-toc``,
``after-toc``, ``before-swap``) and ``NEWSDESK_PAUSE_FILE`` to a path: when the run reaches that
point, it writes its pid to the file and sleeps, so a fault test can SIGKILL it exactly there.
Unset (always, outside tests), a pause point costs one dictionary lookup.
"""
from __future__ import annotations

import os
import time

POINTS = ("reading", "segment-written", "before-toc", "after-toc", "before-swap")


def pause_point(name: str) -> None:
    if os.environ.get("NEWSDESK_PAUSE_AT") != name:
        return
    marker = os.environ.get("NEWSDESK_PAUSE_FILE")
    if marker:
        tmp = marker + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(os.getpid()))
        os.replace(tmp, marker)
    time.sleep(3600)
