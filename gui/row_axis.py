"""The timeline's left axis: worker names, only as many as fit."""
from __future__ import annotations

import math

import pyqtgraph as pg

#: Labels closer than this (in pixels) would overlap.
MIN_LABEL_SPACING_PX = 16


class RowAxis(pg.AxisItem):
    """Labels row ``i`` with ``names[i]``.

    Only rows in view get a label, and never more than fit: with 10,000 rows
    one label per row costs ~50 ms a paint and overlaps into a smear.
    """

    def __init__(self, **kwargs):
        super().__init__("left", **kwargs)
        self._names: list[str] = []

    def set_names(self, names: list[str]) -> None:
        self._names = list(names)
        self.picture = None  # regenerate the cached drawing
        self.update()

    def tickValues(self, minVal, maxVal, size):
        # The timeline's y axis is inverted (first row on top): the axis then
        # hands over its range high end first.
        low, high = sorted((minVal, maxVal))
        count = len(self._names)
        first, last = max(0, math.ceil(low)), min(count - 1, math.floor(high))
        if count == 0 or last < first:
            return []
        room = max(1, int(size // MIN_LABEL_SPACING_PX))
        step = max(1, math.ceil((last - first + 1) / room))
        return [(1.0, [float(row) for row in range(first, last + 1, step)])]

    def tickStrings(self, values, scale, spacing):
        labels = []
        for value in values:
            row = int(round(value))
            labels.append(self._names[row] if 0 <= row < len(self._names) else "")
        return labels
