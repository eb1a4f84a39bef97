"""The timeline's axes: worker names on the left, only as many as fit (a
helper process's faded); the time axis, whose grid lines are drawn opaque."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen

from gui.theme import DIMMED_ALPHA

#: Labels closer than this (in pixels) would overlap.
MIN_LABEL_SPACING_PX = 16
#: The axis grows with the longest name up to this many pixels of text;
#: longer names are elided in the middle ("processes · very…name"), which
#: keeps both a compare-mode prefix and the end of the name readable.
MIN_LABEL_PX = 76
MAX_LABEL_PX = 180
#: A watched script's labels say more ("ForkPoolWorker-1 · 4260 ← MainProcess"): room for that.
WATCH_MAX_LABEL_PX = 270
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
        self._longest: list[str] = []  #: the MEASURED_NAMES names longest in characters
        self._elided: dict[int, str] = {}
        self._label_px = MAX_LABEL_PX
        self._max_label_px = MAX_LABEL_PX
        self._dimmed: set[int] = set()

    def set_names(self, names: list[str]) -> None:
        self._names = list(names)
        self._elided = {}
        self._fit_width()
        self.picture = None  # regenerate the cached drawing
        self.update()

    def relabel(self, names: dict[int, str]) -> None:
        """New labels for some rows (``row -> label``)."""
        for row, name in names.items():
            self._names[row] = name
            self._elided.pop(row, None)
        label_px = self._label_px
        self._fit_width(self._longest + list(names.values()))
        if self._label_px != label_px:
            self._elided = {}
        self.picture = None
        self.update()

    def set_max_label_px(self, px: int) -> None:
        """The widest a label grows before it is elided."""
        if px != self._max_label_px:
            self._max_label_px = px
            self._elided = {}
            self._fit_width(self._longest)
            self.picture = None
            self.update()

    def set_dimmed_rows(self, rows: set[int]) -> None:
        """Rows whose labels are drawn faded (a watched script's helper processes)."""
        if rows != self._dimmed:
            self._dimmed = set(rows)
            self.picture = None
            self.update()

    def dimmed_rows(self) -> set[int]:
        return set(self._dimmed)

    def append_names(self, names: list[str]) -> None:
        """Rows added after the named ones: only the new names are looked at."""
        if not names:
            return
        self._names.extend(names)
        label_px = self._label_px
        # The longest of (longest so far + new) in a stable sort is the longest of all.
        self._fit_width(self._longest + list(names))
        if self._label_px != label_px:
            self._elided = {}
        self.picture = None  # the new rows may be in view
        self.update()

    def setTickFont(self, font) -> None:
        super().setTickFont(font)
        if not hasattr(self, "_names"):  # pyqtgraph's own __init__
            return
        self._elided = {}
        self._fit_width()

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.style.get("tickFont") or QFont())

    def _fit_width(self, candidates: list[str] | None = None) -> None:
        """As wide as the longest name needs, between MIN_LABEL_PX and the maximum (MAX_LABEL_PX)."""
        metrics = self._metrics()
        names = self._names if candidates is None else candidates
        longest = self._longest = sorted(names, key=len, reverse=True)[:MEASURED_NAMES]
        needed = max((metrics.horizontalAdvance(name) for name in longest), default=0)
        self._label_px = min(self._max_label_px, max(MIN_LABEL_PX, needed + 2))
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

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):
        if not self._dimmed:
            super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
            return
        faded = {self.row_label(row) for row in self._dimmed}
        super().drawPicture(p, axisSpec, tickSpecs, [spec for spec in textSpecs if spec[2] not in faded])
        colour = QColor(self.textPen().color())
        colour.setAlpha(max(DIMMED_ALPHA, 110))  # text needs a little more than a bar to stay legible
        p.setPen(colour)
        for rect, flags, text in textSpecs:
            if text in faded:
                p.drawText(rect, int(flags), text)


class TimeAxis(pg.AxisItem):
    """The bottom (time) axis, its grid lines pre-blended with the background.

    pyqtgraph draws grid lines in the tick pen's colour at a lower alpha. Qt's
    raster engine draws translucent lines ~20x slower than opaque ones: the
    time grid alone cost 6-9 ms of every 10,000-row frame. Blended here with
    the plain background they lie on (the axis is under the bars), they look
    the same and cost ~0.4 ms.
    """

    def __init__(self, background, **kwargs):
        super().__init__("bottom", **kwargs)
        self._background = QColor(background)
        self._pens: dict[tuple, QPen] = {}

    def generateDrawSpecs(self, p):
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis_spec, tick_specs, text_specs = specs
        return axis_spec, [(self._opaque(pen), p1, p2) for pen, p1, p2 in tick_specs], text_specs

    def _opaque(self, pen: QPen) -> QPen:
        colour = pen.color()
        alpha = colour.alpha()
        if alpha == 255 or pen.brush().style() != Qt.SolidPattern:
            return pen
        key = (colour.rgba(), pen.widthF(), pen.isCosmetic(), pen.style())
        opaque = self._pens.get(key)
        if opaque is None:
            back, share = self._background, alpha / 255
            opaque = QPen(pen)
            opaque.setColor(QColor(*(round(front * share + behind * (1 - share)) for front, behind in (
                (colour.red(), back.red()), (colour.green(), back.green()), (colour.blue(), back.blue())))))
            self._pens[key] = opaque
        return opaque
