"""Which items of two lists are the same thing, and which of those left their order.

Used by :mod:`store.diff` for projects' cost groups, cost lines and indicators.
"""

from __future__ import annotations

from collections import deque
from typing import Hashable, Iterable, Sequence

__all__ = ["match", "moved"]


def match(old: Sequence[Hashable], new: Sequence[Hashable], used_old: set[int] | None = None,
          used_new: set[int] | None = None) -> list[tuple[int, int]]:
    """Pairs (i, j) of equal keys, each side used once, in order; ``None`` keys never match.

    Linear: each key's unused old positions wait in a queue (a cost group of thousands of lines)."""
    used_old = set() if used_old is None else used_old
    used_new = set() if used_new is None else used_new
    waiting: dict[Hashable, deque[int]] = {}
    for i, key in enumerate(old):
        if i not in used_old and key is not None:
            waiting.setdefault(key, deque()).append(i)
    pairs = []
    for j, key in enumerate(new):
        if j in used_new or key is None or not waiting.get(key):
            continue
        i = waiting[key].popleft()
        pairs.append((i, j))
        used_old.add(i)
        used_new.add(j)
    return pairs


def moved(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs that left the order: those outside a longest run kept in order (on both sides)."""
    pairs = sorted(pairs)
    best: list[int] = []  # best[k]: index into pairs ending the longest increasing run of length k+1
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        lo, hi = 0, len(best)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[best[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back[n] = best[lo - 1] if lo else -1
        if lo == len(best):
            best.append(n)
        else:
            best[lo] = n
    kept = set()
    n = best[-1] if best else -1
    while n >= 0:
        kept.add(n)
        n = back[n]
    return [pair for n, pair in enumerate(pairs) if n not in kept]
