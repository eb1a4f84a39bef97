"""The timeline's left axis: worker names, only as many as fit."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

#: Labels closer than this (in pixels) would overlap.
MIN_LABEL_SPACING_PX = 16
#: The axis grows with the longest name up to this many pixels of text;
#: longer names are elided in the middle ("processes · very…name"), which
#: keeps both a compare-mode prefix and the end of the name readable.
MIN_LABEL_PX = 76
MAX_LABEL_PX = 180
#: Room for the tick marks and the gap between a label and the plot.
AXIS_PADDING_PX = 14
#: Only the names longest in characters are measured: at 10,000 rows
#: measuring every name would cost a frame.
MEASURED_NAMES = 64


class RowAxis(pg.AxisItem):
    """Labels row ``i`` with ``names[i]``.

    Only rows in view get a label, and never more than fit: with 10,000 rows
    one label per row costs ~50 ms a paint and overlaps into a smear.
    """

    def __init__(self, **kwargs):
        super().__init__("left", **kwargs)
        self._names: list[str] = []
        self._elided: dict[int, str] = {}
        self._label_px = MAX_LABEL_PX

    def set_names(self, names: list[str]) -> None:
        self._names = list(names)
        self._elided = {}
        self._fit_width()
        self.picture = None  # regenerate the cached drawing
        self.update()

    def setTickFont(self, font) -> None:
        super().setTickFont(font)
        if not hasattr(self, "_names"):  # pyqtgraph's own __init__
            return
        self._elided = {}
        self._fit_width()

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.style.get("tickFont") or QFont())

    def _fit_width(self) -> None:
        """As wide as the longest name needs, between MIN_LABEL_PX and MAX_LABEL_PX."""
        metrics = self._metrics()
        longest = sorted(self._names, key=len, reverse=True)[:MEASURED_NAMES]
        needed = max((metrics.horizontalAdvance(name) for name in longest), default=0)
        self._label_px = min(MAX_LABEL_PX, max(MIN_LABEL_PX, needed + 2))
        self.setWidth(self.axis_width())

    def axis_width(self) -> float:
        """The width the axis asked for (``width()`` lags until the next layout)."""
        return self._label_px + AXIS_PADDING_PX

    def row_label(self, row: int) -> str:
        """Row ``row``'s name as drawn: elided in the middle when too long."""
        if not 0 <= row < len(self._names):
            return ""
        text = self._elided.get(row)
        if text is None:
            text = self._metrics().elidedText(self._names[row], Qt.ElideMiddle, self._label_px)
            if len(self._elided) > 4096:
                self._elided.clear()
            self._elided[row] = text
        return text

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
        return [self.row_label(int(round(value))) for value in values]
