"""The timeline marks' row stores (row -> list) turned into numpy arrays.

Pure functions, no Qt: ``gui.timeline.marks`` keeps, per row, the lock
spans and the times of messages and joins, and hands pyqtgraph arrays.
"""
from __future__ import annotations

import numpy as np


def spans_of(store: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x0, x1 with nan for open ends, row) of every span in ``store``."""
    count = sum(len(spans) for spans in store.values())
    x0, x1, y = np.empty(count), np.empty(count), np.empty(count)
    at = 0
    for row, spans in store.items():
        for start, end in spans:
            x0[at], x1[at], y[at] = start, np.nan if end is None else end, row
            at += 1
    return x0, x1, y


def messages_added(drawn: dict | None, shown: dict) -> dict | None:
    """What ``shown`` (row -> times) adds to what was ``drawn`` (row -> (count,
    last time)); None when something drawn is no longer there."""
    if drawn is None:
        return None
    new = {}
    for row, (count, last) in drawn.items():
        times = shown.get(row)
        if times is None or len(times) < count or times[count - 1] != last:
            return None
    for row, times in shown.items():
        done = drawn.get(row, (0, None))[0]
        if len(times) > done:
            new[row] = times[done:]
    return new


def points_of(store: dict) -> tuple[np.ndarray, np.ndarray]:
    """(x, row) of every time in ``store`` (row -> list of times)."""
    if not store:
        return np.zeros(0), np.zeros(0)
    x = np.fromiter((t for times in store.values() for t in times), dtype=float)
    y = np.fromiter((row for row, times in store.items() for _ in times), dtype=float, count=x.size)
    return x, y
