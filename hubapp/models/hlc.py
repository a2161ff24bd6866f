"""Hybrid logical clock (Kulkarni et al.): stamps that follow wall time but never go backwards
and always move past any stamp this node has seen, so causally later writes sort later even
when a hub's clock is hours wrong.

A stamp is text that sorts correctly as text: `0001732377600000-00000-<node id>`
(milliseconds since the epoch, a counter, then the node id that breaks ties).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

COUNTER_LIMIT = 99_999


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:016d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        millis, counter, node = text.split("-", 2)
        return cls(int(millis), int(counter), node)


class HybridLogicalClock:
    def __init__(
        self,
        node: str,
        last: Stamp | None = None,
        wall_millis: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
    ) -> None:
        self.node = node
        self._wall = wall_millis
        self._millis = last.millis if last else 0
        self._counter = last.counter if last else 0
        self._lock = threading.Lock()

    def now(self) -> Stamp:
        """A stamp for a local event, later than every stamp issued or observed so far."""
        with self._lock:
            wall = self._wall()
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:
                self._counter += 1
                if self._counter > COUNTER_LIMIT:  # more than 100k events in one ms: borrow
                    self._millis, self._counter = self._millis + 1, 0
            return Stamp(self._millis, self._counter, self.node)

    def observe(self, remote: Stamp) -> None:
        """Move past a stamp received from another node."""
        with self._lock:
            wall = self._wall()
            if wall > self._millis and wall > remote.millis:
                self._millis, self._counter = wall, 0
            elif remote.millis > self._millis:
                self._millis, self._counter = remote.millis, remote.counter
            elif remote.millis == self._millis:
                self._counter = max(self._counter, remote.counter)

    @property
    def last(self) -> Stamp:
        return Stamp(self._millis, self._counter, self.node)
