"""A small, thread-safe, bounded memo for figures that cannot change once made.

Kept figures are immutable: a snapshot is identified by its primary key, round, footprint
date, data generation and the moment it was computed, and a newer generation makes a new
snapshot. So what is assembled from one snapshot (its cells) or suppressed for one kind of
viewer can be reused by every later request of the same process until the data changes: the
memo's keys always include the snapshot's identity, so a stale entry is never found, only
evicted (least recently used first)."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class Memo:
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable):
        """The value kept for `key`, else `make()` kept and returned. Callers treat the value
        as read-only."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = make()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
