"""Pausing Python's cyclic garbage collector while a large batch of objects is made and
dropped (a pull page read back on the server, applied on a hub).

Each batch makes hundreds of thousands of dicts and lists that live until the batch ends. The
collector, counting allocations, walks them again and again while they are made: measured on
a first pull's pages, more than half the server's CPU and a fifth of the hub's went on that
(docs/sync-benchmarks.md). A batch makes no reference cycles worth collecting before it ends,
so the collector waits until the batch is done and then carries on as before.

The collector is one per process; batches run in several threads at once (the server's
worker threads), so a count of batches under way decides when it starts again."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # batches under way
_was_enabled = False  # the collector's state when the first of them began


@contextmanager
def collector_paused() -> Iterator[None]:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
