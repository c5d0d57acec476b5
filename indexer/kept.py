"""Values kept in memory for reuse, within a budget of their total weight: the least recently used are
dropped first. Shared by a server worker's threads (it locks itself).

    text postings of a term (indexer.text_index), weighed by their pages
    the names a query position reaches (search.names), weighed by their names
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable


class Kept:
    def __init__(self, budget: int, weigh: Callable[[object], int]):
        self.budget = budget
        self.weigh = weigh
        self.weight = 0  # of every value kept
        self._kept: OrderedDict[Hashable, object] = OrderedDict()  # least recently used first
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: Hashable, make: Callable[[], object]):
        """The value kept under `key`, or `make()`'s (made outside the lock, then kept unless it alone
        weighs more than the budget)."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = make()
        with self._lock:
            weight = self.weigh(value)
            if key not in self._kept and weight <= self.budget:
                self._kept[key] = value
                self.weight += weight
                while self.weight > self.budget:
                    self.weight -= self.weigh(self._kept.popitem(last=False)[1])
        return value
