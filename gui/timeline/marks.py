"""What the timeline draws over the bars: lock bands, start costs, marks.

Per worker row, from its ``WorkerRun``:

* lock bands: "waiting for the lock" (a thin light band) and "holding the
  lock" (a thicker dark band), one ``BarGraphItem`` each for all rows;
* the start method's cost: a thin grey line from ``start()`` called to
  run begun (still growing while a worker starts);
* marks, one ``ScatterPlotItem`` per kind for all rows: ``start()``
  called, run begun, end, exited (the engine's ``join()`` returned), the
  user's ``join()`` calls (another symbol when it timed out) and every
  message sent over the Pipe.

Like ``TimelineBars`` it is fed row by row (``rebuild`` / ``append`` / ``set_row``, under
the record's lock) and keeps numpy arrays: a frame only hands over arrays
for the kinds that changed, plus the open spans' new ends. Rows too thin to
show a mark (many workers, zoomed out) get no marks at all; bands and bars
stay, so the picture at 10,000 rows costs what it did without marks.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from engine import WorkerRun
from gui.i18n import N_, tr
from gui.theme import (
    LOCK_HOLD_COLOUR,
    LOCK_WAIT_COLOUR,
    LOCK_WAIT_EDGE,
    MARK_EDGE,
    MARK_FILL,
    MESSAGE_COLOUR,
    START_COST_COLOUR,
)

from .bars import BAR_HEIGHT
from .mark_arrays import messages_added, points_of, spans_of

HOLD_HEIGHT = 0.34
WAIT_HEIGHT = 0.2
START_COST_HEIGHT = 0.07
#: Marks sit on the bar's top edge (what the worker reported) or its bottom
#: edge (what the engine saw), so a start() and a run begun 2 ms apart, or
#: an end and an exit, do not cover each other. Messages ride the top edge.
TOP = -BAR_HEIGHT / 2
BOTTOM = BAR_HEIGHT / 2
#: The bars sit at the view box's z + 1 (the view box is at 1); these go above.
Z_ABOVE_BARS = 10
#: Below this many pixels per row, marks would overlap the next row: none are drawn.
MIN_MARK_ROW_PX = 14.0


def _hourglass() -> QPainterPath:
    """join() timed out: the worker is still alive (an hourglass)."""
    path = QPainterPath()
    path.moveTo(-0.4, -0.5)
    path.lineTo(0.4, -0.5)
    path.lineTo(-0.4, 0.5)
    path.lineTo(0.4, 0.5)
    path.closeSubpath()
    return path


@dataclass(frozen=True)
class MarkKind:
    key: str
    label: str  #: the legend's words (marked N_, translated where shown)
    symbol: object
    size: int
    offset: float  #: y relative to the row's centre
    fill: str = MARK_FILL
    edge: str = MARK_EDGE


LAUNCH = MarkKind("launch", N_("start() called"), "t1", 9, BOTTOM)
START = MarkKind("start", N_("run begun"), "t2", 10, TOP)
END = MarkKind("end", N_("end"), "s", 8, TOP)
EXIT = MarkKind("exit", N_("exited"), "x", 10, BOTTOM, fill=MARK_EDGE)
JOINED = MarkKind("joined", N_("join() returned"), "d", 11, 0.0, fill=MARK_EDGE)
JOIN_TIMED_OUT = MarkKind("join_timeout", N_("join() timed out"), _hourglass(), 11, 0.0)
MESSAGE = MarkKind("message", N_("message sent"), "t", 7, TOP, fill=MESSAGE_COLOUR)
#: Drawing order, bottom to top.
LIFECYCLE = (LAUNCH, START, END, EXIT)
MARK_KINDS = (MESSAGE, *LIFECYCLE, JOINED, JOIN_TIMED_OUT)
#: The marks legend's order: the lock, then a worker's life from left to right.
LEGEND_ORDER = ("waits", "holds", "start_cost", "launch", "start", "message", "end", "exit", "joined",
                "join_timeout")


class BandSample(pg.ItemSample):
    """A legend swatch as thick as the band it stands for (clicking it hides the band)."""

    def __init__(self, item: pg.BarGraphItem, height: float):
        super().__init__(item)
        self._fraction = min(1.0, height / BAR_HEIGHT)

    def paint(self, painter, *args):
        if not self.item.isVisible():
            super().paint(painter, *args)  # pyqtgraph's "hidden" eye
            return
        opts = self.item.opts
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(pg.mkPen(opts["pen"]))
        painter.setBrush(pg.mkBrush(opts["brush"]))
        height = max(2.0, 16 * self._fraction)
        painter.drawRect(QRectF(1, 10 - height / 2, 18, height))


class MarkItem(pg.ScatterPlotItem):
    """A ``ScatterPlotItem`` that paints nothing quickly when it has no points.

    pyqtgraph's ``paint`` costs ~0.4 ms even when empty (it maps and culls
    an empty array); with seven kinds that was a few ms of every frame at
    10,000 rows, where marks are left out."""

    def paint(self, painter, option, widget=None):
        if len(self.data):
            super().paint(painter, option, widget)


class TimelineMarks:
    def __init__(self, plot_item: pg.PlotItem):
        self.start_cost = self._band(plot_item, START_COST_COLOUR, None, START_COST_HEIGHT, 1)
        self.waits = self._band(plot_item, LOCK_WAIT_COLOUR, LOCK_WAIT_EDGE, WAIT_HEIGHT, 2)
        self.holds = self._band(plot_item, LOCK_HOLD_COLOUR, None, HOLD_HEIGHT, 3)
        self.marks = {kind.key: self._scatter(plot_item, kind, z) for z, kind in enumerate(MARK_KINDS, 4)}
        self.detail = True
        #: Rows given marks: those in view and a view's worth around (all, until a view says).
        self._window: tuple[float, float] | None = None
        self._rebuild_rows(0)

    # -- items -------------------------------------------------------------

    @staticmethod
    def _band(plot_item, colour, edge, height, z) -> pg.BarGraphItem:
        empty = np.zeros(0)
        pen = pg.mkPen(None) if edge is None else pg.mkPen(edge, width=1)
        item = pg.BarGraphItem(x0=empty, x1=empty, y=empty, height=height, brush=pg.mkBrush(colour), pen=pen)
        plot_item.addItem(item)
        item.setZValue(Z_ABOVE_BARS + z)  # after addItem: the view box lifts items to its own z + 1
        return item

    @staticmethod
    def _scatter(plot_item, kind: MarkKind, z) -> pg.ScatterPlotItem:
        item = MarkItem(
            x=[], y=[], symbol=kind.symbol, size=kind.size, pxMode=True,
            pen=pg.mkPen(kind.edge, width=1), brush=pg.mkBrush(kind.fill), hoverable=False,
        )
        plot_item.addItem(item)
        item.setZValue(Z_ABOVE_BARS + z)
        return item

    def legend_entries(self, kinds: tuple[str, ...]) -> list[tuple[str, object]]:
        """(label, legend sample or item) for each of ``kinds``, in the legend's order."""
        entries = {
            "waits": (tr("waiting for lock"), lambda: BandSample(self.waits, WAIT_HEIGHT)),
            "holds": (tr("holding lock"), lambda: BandSample(self.holds, HOLD_HEIGHT)),
            "start_cost": (tr("start cost"), lambda: BandSample(self.start_cost, START_COST_HEIGHT * 2)),
        }
        for kind in MARK_KINDS:
            entries[kind.key] = (tr(kind.label), lambda item=self.marks[kind.key]: item)
        return [(entries[key][0], entries[key][1]()) for key in LEGEND_ORDER if key in kinds]

    def kinds_drawn(self) -> tuple[str, ...]:
        """The keys of the bands and marks the rows have (drawn or too small to draw)."""
        return self._kinds

    def _find_kinds(self) -> tuple[str, ...]:
        present = {"waits": bool(self._waits), "holds": bool(self._holds),
                   "start_cost": bool(self._times.size) and not np.isnan(self._times[0]).all(),
                   MESSAGE.key: any(self._messages.values())}
        for index, kind in enumerate(LIFECYCLE):
            present[kind.key] = bool(self._times.size) and not np.isnan(self._times[index]).all()
        joins = [alive for items in self._joins.values() for _, alive in items]
        present[JOINED.key] = any(not alive for alive in joins)
        present[JOIN_TIMED_OUT.key] = any(bool(alive) for alive in joins)
        return tuple(key for key in LEGEND_ORDER if present[key])

    # -- rows (called by TimelineBars under the record's lock) --------------

    def rebuild(self, runs: list[WorkerRun]) -> None:
        self._rebuild_rows(len(runs))
        times = [(run.launch_s, run.start_s, run.end_s, run.exit_s) for run in runs]
        if times:  # in bulk: numpy turns None into nan
            self._times = np.array(times, dtype=float).T.copy()
        self._row_times = times
        for row, run in enumerate(runs):
            if run.lock_waits or run.lock_holds or run.messages or run.joins:
                self._set_lists(row, run)

    def append(self, first: int, runs: list[WorkerRun]) -> None:
        """Rows ``first`` on are new (``runs``, in order): only they are derived."""
        times = [(run.launch_s, run.start_s, run.end_s, run.exit_s) for run in runs]
        if times:
            self._times = np.concatenate((self._times, np.array(times, dtype=float).T), axis=1)
        self._row_times.extend(times)
        self._dirty.add("lifecycle")
        for row, run in enumerate(runs, first):
            if run.lock_waits or run.lock_holds or run.messages or run.joins:
                self._set_lists(row, run)

    def _rebuild_rows(self, count: int) -> None:
        self._times = np.full((len(LIFECYCLE), count), np.nan)  # launch, start, end, exit per row
        self._row_times: list[tuple] = [(None,) * len(LIFECYCLE)] * count
        self._waits: dict[int, list] = {}
        self._holds: dict[int, list] = {}
        self._messages: dict[int, list] = {}
        self._joins: dict[int, list] = {}
        self._messages_drawn: dict[int, tuple[int, float]] | None = None  # row -> (count, last time) drawn
        self._dirty = {"waits", "holds", "messages", "joins", "lifecycle"}
        self._wait_spans = self._hold_spans = self._cost_spans = spans_of({})
        self._kinds: tuple[str, ...] = ()

    def set_row(self, row: int, run: WorkerRun) -> None:
        times = (run.launch_s, run.start_s, run.end_s, run.exit_s)
        if times != self._row_times[row]:
            self._row_times[row] = times
            self._times[:, row] = times  # None -> nan
            self._dirty.add("lifecycle")
        self._set_lists(row, run)

    def _set_lists(self, row: int, run: WorkerRun) -> None:
        self._update(self._waits, row, run.lock_waits, "waits", tuple)
        self._update(self._holds, row, run.lock_holds, "holds", tuple)
        self._update(self._messages, row, run.messages, "messages", float)
        self._update(self._joins, row, run.joins, "joins", tuple)

    def _update(self, store: dict, row: int, values: list, key: str, copy) -> None:
        if not values and row not in store:
            return
        new = [copy(value) for value in values]  # the reader thread changes the record's lists
        if store.get(row) != new:
            store[row] = new
            self._dirty.add(key)

    # -- drawing -----------------------------------------------------------

    def set_detail(self, detail: bool) -> None:
        """Marks and start costs on (rows tall enough) or off."""
        if detail != self.detail:
            self.detail = detail
            self._dirty.update(("messages", "joins", "lifecycle"))

    def set_view_rows(self, low: float, high: float) -> None:
        """The rows in view: marks go only to these and a view's worth either
        side (a pan within that needs no new arrays). pyqtgraph culls marks
        outside the view only after mapping every point, ~0.1 us each."""
        span = max(high - low, 1.0)
        window = self._window
        if window is not None and window[0] <= low and high <= window[1] and window[1] - window[0] <= 5 * span:
            return  # still inside, and not zoomed far in since
        self._window = (low - span, high + span)
        self._dirty.update(("messages", "joins", "lifecycle"))

    def needs_draw(self) -> bool:
        return bool(self._dirty)

    def draw(self, now_s: float) -> None:
        dirty, self._dirty = self._dirty, set()
        if dirty:
            self._kinds = self._find_kinds()
        if "waits" in dirty or "holds" in dirty:
            self._wait_spans = spans_of(self._waits)
            self._hold_spans = spans_of(self._holds)
        if "lifecycle" in dirty:
            self._draw_lifecycle()
        if "messages" in dirty:
            self._draw_messages()
        if "joins" in dirty:
            self._draw_joins()
        # Open spans end at now: they change every frame, the rest only when dirty.
        for key, spans, item in (("waits", self._wait_spans, self.waits), ("holds", self._hold_spans, self.holds),
                                 ("lifecycle", self._cost_spans, self.start_cost)):
            x0, x1, y = spans
            is_open = np.isnan(x1)
            if key in dirty or is_open.any():
                item.setOpts(x0=x0, x1=np.where(is_open, np.maximum(now_s, x0), x1), y=y)

    def _draw_lifecycle(self) -> None:
        launch, start = self._times[0], self._times[1]
        rows = np.arange(launch.size, dtype=float)
        low, high = self._window or (-math.inf, math.inf)
        in_window = (rows >= low) & (rows <= high) & self.detail
        has_cost = ~np.isnan(launch) & in_window
        self._cost_spans = (launch[has_cost], start[has_cost], rows[has_cost])
        for index, kind in enumerate(LIFECYCLE):
            times = self._times[index]
            shown = ~np.isnan(times) & in_window
            self.marks[kind.key].setData(x=times[shown], y=rows[shown] + kind.offset)

    def _rows_shown(self, store: dict) -> dict:
        if not self.detail:
            return {}
        low, high = self._window or (-math.inf, math.inf)
        if low <= 0 and high >= len(self._row_times) - 1:
            return store
        return {row: values for row, values in store.items() if low <= row <= high}

    def _draw_messages(self) -> None:
        """Only the messages sent since the last frame, while rows just grow.

        ``setData`` makes pyqtgraph rebuild every point in Python: 3,000
        messages cost ~4 ms a frame, GUI-thread time that holds the GIL the
        reader thread needs. Messages only ever get appended to a row, so
        ``addPoints`` with the new ones is enough, unless rows left the view.
        """
        shown = self._rows_shown(self._messages)
        item = self.marks[MESSAGE.key]
        new = messages_added(self._messages_drawn, shown)
        if new is None:
            x, y = points_of(shown)
            item.setData(x=x, y=y + MESSAGE.offset)
        elif new:
            x, y = points_of(new)
            item.addPoints(x=x, y=y + MESSAGE.offset)
        self._messages_drawn = {row: (len(times), times[-1]) for row, times in shown.items() if times}

    def _draw_joins(self) -> None:
        joins = self._rows_shown(self._joins)
        for kind, alive in ((JOINED, False), (JOIN_TIMED_OUT, True)):
            chosen = {row: [t for t, still in items if bool(still) == alive] for row, items in joins.items()}
            x, y = points_of(chosen)
            self.marks[kind.key].setData(x=x, y=y + kind.offset)

    # -- what is where (tooltips) -------------------------------------------

    def lock_span_at(self, row: int, dy: float, x: float, now_s: float) -> tuple[str, float, float, bool] | None:
        """("waiting"|"holding", start, end, still open) under (x, row + dy), or None."""
        for kind, store, item in (("holding", self._holds, self.holds), ("waiting", self._waits, self.waits)):
            if abs(dy) > item.opts["height"] / 2 or not item.isVisible():
                continue
            for start, end in store.get(row, ()):
                stop = max(now_s, start) if end is None else end
                if start <= x <= stop:
                    return kind, start, stop, end is None
        return None

    def marks_near(self, row: int, dy: float, x: float, x_tolerance: float, y_tolerance: float) -> list:
        """Marks within the tolerances of (x, row + dy), nearest first.

        Each is (kind, time, extra): extra is the message's (number, count)
        for messages, else None. Nothing while marks are not drawn."""
        if not self.detail or not 0 <= row < self._times.shape[1]:
            return []
        found = []
        for index, kind in enumerate(LIFECYCLE):
            t = self._times[index, row]
            if not np.isnan(t) and self.marks[kind.key].isVisible():
                found.append((kind, float(t), None))
        joins = self._joins.get(row, ())
        for t, alive in joins:
            kind = JOIN_TIMED_OUT if alive else JOINED
            if self.marks[kind.key].isVisible():
                found.append((kind, t, None))
        messages = self._messages.get(row, ())
        if messages and self.marks[MESSAGE.key].isVisible():
            times = np.asarray(messages)
            for index in np.flatnonzero(np.abs(times - x) <= x_tolerance):
                found.append((MESSAGE, float(times[index]), (int(index) + 1, len(messages))))
        near = [(abs(t - x), mark) for mark in found for t in [mark[1]]
                if abs(t - x) <= x_tolerance and abs(mark[0].offset - dy) <= y_tolerance]
        return [mark for _, mark in sorted(near, key=lambda pair: pair[0])]

    def lock_spans(self, row: int) -> tuple[list, list]:
        """The row's (waits, holds) as [(start, end or None)]."""
        return list(self._waits.get(row, ())), list(self._holds.get(row, ()))

    def counts(self) -> dict[str, int]:
        """How many bands and marks of each kind are drawn (tests, benchmarks)."""
        counts = {"waits": len(self.waits.opts["x0"]), "holds": len(self.holds.opts["x0"]),
                  "start_cost": len(self.start_cost.opts["x0"])}
        counts.update({key: len(item.data) for key, item in self.marks.items()})
        return counts
