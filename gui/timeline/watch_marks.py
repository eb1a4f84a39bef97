"""What a watched script's processes did, drawn over their bars.

Per row, from its ``WorkerRun`` (``engine.watch`` fills these):

* Pool tasks: a band inside the bar per task (``tasks``), white with a dark
  edge so tasks one after another stay apart, in the failed colour when
  the task raised; one ``BarGraphItem`` per colour for all rows, a task
  still running grows to now;
* Pipe messages: a line from each send (on the sender's row) to its
  receive (on the receiver's row), paired by channel and number, all lines
  one ``PlotDataItem`` (``connect="pairs"``), with an arrow at each send
  and a dot at each receive;
* ``Queue`` put and get (arrows on the bar's top edge) and the
  ``join()``/``terminate()``/``kill()`` calls a process made (on the
  bottom edge of the caller's bar).

Like ``TimelineMarks`` it is a layer of ``TimelineBars`` (``rebuild`` /
``append`` / ``set_row``, under the record's lock), keeps plain row stores
and hands pyqtgraph numpy arrays, one item per kind: marks only while rows
are tall enough and near the view, bands and lines always.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF, QTransform

from engine import WorkerRun
from gui.i18n import N_, tr
from gui.theme import (
    KILL_COLOUR,
    MARK_FILL,
    PIPE_COLOUR,
    QUEUE_COLOUR,
    TASK_COLOUR,
    TASK_EDGE,
    TASK_FAILED_COLOUR,
    TERMINATE_COLOUR,
)

from .mark_arrays import points_of
from .marks import BOTTOM, TOP, Z_ABOVE_BARS, BandSample, MarkItem, MarkKind

#: A task's band: thinner than a lock hold (drawn over it), so a lock held in a task shows inside it.
TASK_HEIGHT = 0.3


def _block_arrow(angle: float) -> QPainterPath:
    """A thick arrow pointing down, turned by ``angle`` degrees: pyqtgraph's own arrows
    are thin lines that vanish at mark size."""
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in (
        (-0.2, -0.5), (0.2, -0.5), (0.2, 0.0), (0.5, 0.0), (0.0, 0.5), (-0.5, 0.0), (-0.2, 0.0))]))
    path.closeSubpath()
    return QTransform().rotate(angle).map(path)


PIPE_SEND = MarkKind("pipe_send", N_("Pipe send"), _block_arrow(-90), 12, 0.0, fill=PIPE_COLOUR)
PIPE_RECV = MarkKind("pipe_recv", N_("Pipe receive"), "o", 7, 0.0, fill=PIPE_COLOUR)
QUEUE_PUT = MarkKind("queue_put", N_("Queue put()"), _block_arrow(0), 12, TOP, fill=QUEUE_COLOUR)
QUEUE_GET = MarkKind("queue_get", N_("Queue get()"), _block_arrow(180), 12, TOP, fill=QUEUE_COLOUR)
CALL_JOIN = MarkKind("call_join", N_("join() called"), "d", 10, BOTTOM, fill=MARK_FILL)
CALL_TERMINATE = MarkKind("call_terminate", N_("terminate() called"), "star", 13, BOTTOM, fill=TERMINATE_COLOUR)
CALL_KILL = MarkKind("call_kill", N_("kill() called"), "star", 13, BOTTOM, fill=KILL_COLOUR)
WATCH_MARK_KINDS = (QUEUE_PUT, QUEUE_GET, CALL_JOIN, CALL_TERMINATE, CALL_KILL, PIPE_RECV, PIPE_SEND)
_PIPE_KIND = {"send": PIPE_SEND, "recv": PIPE_RECV}
_QUEUE_KIND = {"put": QUEUE_PUT, "get": QUEUE_GET}
_CALL_KIND = {"join": CALL_JOIN, "terminate": CALL_TERMINATE, "kill": CALL_KILL}
#: The legend's order (after the lifecycle marks): what a process does, then what is done to it.
LEGEND_ORDER = ("tasks", "tasks_failed", "pipe", "queue_put", "queue_get", "call_join", "call_terminate",
                "call_kill")
#: Stores per row, and the drawing each one's change makes stale.
_STORES = ("tasks", "pipe", "queue", "calls")


class PipeSample(pg.ItemSample):
    """A legend swatch for a Pipe message: an arrow, a line, a dot (a click hides or shows them all)."""

    def __init__(self, layer: TimelineWatchMarks):
        super().__init__(layer.lines)
        self.layer = layer

    def paint(self, painter, *args):
        if not self.item.isVisible():
            super().paint(painter, *args)  # pyqtgraph's "hidden" eye
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(pg.mkPen(PIPE_COLOUR, width=2))
        painter.drawLine(QPointF(4, 10), QPointF(17, 10))
        for kind, x in ((PIPE_SEND, 5), (PIPE_RECV, 17)):
            painter.save()
            painter.translate(x, 10)
            drawSymbol(painter, kind.symbol, kind.size * 0.8, pg.mkPen(kind.edge), pg.mkBrush(kind.fill))
            painter.restore()

    def mouseClickEvent(self, event):
        super().mouseClickEvent(event)  # shows or hides the lines
        self.layer.set_pipes_visible(self.item.isVisible())


class TimelineWatchMarks:
    def __init__(self, plot_item: pg.PlotItem):
        self.tasks = self._band(plot_item, TASK_COLOUR, 0.5)
        self.tasks_failed = self._band(plot_item, TASK_FAILED_COLOUR, 0.6)
        # Not antialiased: pyqtgraph then draws the pairs with QPainter.drawLines, ~2 ms for
        # 5,000 lines against ~60 ms for an antialiased path (most lines are near vertical anyway).
        self.lines = pg.PlotDataItem(x=[], y=[], connect="pairs", pen=pg.mkPen(PIPE_COLOUR, width=2),
                                     antialias=False)
        plot_item.addItem(self.lines)
        self.lines.setZValue(Z_ABOVE_BARS + 3.5)  # over the lock bands, under every mark
        self.marks = {kind.key: self._scatter(plot_item, kind, z) for z, kind in enumerate(WATCH_MARK_KINDS, 30)}
        self.detail = True
        self._window: tuple[float, float] | None = None
        self._rebuild_rows(0)

    @staticmethod
    def _band(plot_item, colour, z) -> pg.BarGraphItem:
        empty = np.zeros(0)
        item = pg.BarGraphItem(x0=empty, x1=empty, y=empty, height=TASK_HEIGHT, brush=pg.mkBrush(colour),
                               pen=pg.mkPen(TASK_EDGE, width=1))
        plot_item.addItem(item)
        item.setZValue(Z_ABOVE_BARS + z)  # under the lock bands: a lock held in a task shows inside it
        return item

    @staticmethod
    def _scatter(plot_item, kind: MarkKind, z) -> pg.ScatterPlotItem:
        item = MarkItem(x=[], y=[], symbol=kind.symbol, size=kind.size, pxMode=True,
                        pen=pg.mkPen(kind.edge, width=1), brush=pg.mkBrush(kind.fill), hoverable=False)
        plot_item.addItem(item)
        item.setZValue(Z_ABOVE_BARS + z)
        return item

    def set_pipes_visible(self, visible: bool) -> None:
        for item in (self.lines, self.marks[PIPE_SEND.key], self.marks[PIPE_RECV.key]):
            item.setVisible(visible)

    # -- rows (called by TimelineBars under the record's lock) --------------

    def rebuild(self, runs: list[WorkerRun]) -> None:
        self._rebuild_rows(len(runs))
        self.append(0, runs)

    def append(self, first: int, runs: list[WorkerRun]) -> None:
        self._names.extend(run.name for run in runs)
        for row, run in enumerate(runs, first):
            if run.tasks or run.pipe_marks or run.queue_marks or run.calls:
                self._set_lists(row, run)
        self._dirty.add("pipe")  # a new row may hold the other end of a message already shown

    def set_row(self, row: int, run: WorkerRun) -> None:
        self._set_lists(row, run)

    def _rebuild_rows(self, count: int) -> None:
        self._names: list[str] = []
        self._stores: dict[str, dict[int, list]] = {key: {} for key in _STORES}
        self._dirty = set(_STORES)
        self._task_spans = (np.zeros(0), np.zeros(0), np.zeros(0))
        self._forget_pipes()
        self._present: dict[str, bool] = {}
        self._kinds: tuple[str, ...] = ()

    def _forget_pipes(self) -> None:
        #: (row, "send" or "recv", channel, seq) -> (the other end's row, its time)
        self._partners: dict[tuple, tuple[int, float]] = {}
        #: (channel, seq) -> (sends, receives) not paired yet, each (time, row)
        self._unpaired: dict[tuple, tuple[list, list]] = {}
        #: row -> (how many of its Pipe ends are paired or waiting, the last of them)
        self._pipes_seen: dict[int, tuple[int, tuple]] = {}
        self._line_points = np.zeros((0, 2))

    def _set_lists(self, row: int, run: WorkerRun) -> None:
        for key, values in (("tasks", run.tasks), ("pipe", run.pipe_marks), ("queue", run.queue_marks),
                            ("calls", run.calls)):
            store = self._stores[key]
            if not values and row not in store:
                continue
            new = [tuple(value) for value in values]  # the reader thread changes the record's lists
            if store.get(row) != new:
                store[row] = new
                self._dirty.add(key)

    # -- drawing -----------------------------------------------------------

    def set_detail(self, detail: bool) -> None:
        if detail != self.detail:
            self.detail = detail
            self._dirty.update(("pipe_marks", "queue", "calls"))

    def set_view_rows(self, low: float, high: float) -> None:
        """Marks go only to the rows in view and a view's worth either side (as ``TimelineMarks``)."""
        span = max(high - low, 1.0)
        window = self._window
        if window is not None and window[0] <= low and high <= window[1] and window[1] - window[0] <= 5 * span:
            return
        self._window = (low - span, high + span)
        self._dirty.update(("pipe_marks", "queue", "calls"))

    def needs_draw(self) -> bool:
        return bool(self._dirty)

    def draw(self, now_s: float) -> None:
        dirty, self._dirty = self._dirty, set()
        if dirty & set(_STORES):
            self._kinds = self._find_kinds(dirty)
        if "tasks" in dirty:
            self._draw_failed_tasks()
        if "pipe" in dirty:
            self._draw_lines()
        if "pipe" in dirty or "pipe_marks" in dirty:
            self._draw_points(self._stores["pipe"], {"send": PIPE_SEND, "recv": PIPE_RECV}, 1)
        if "queue" in dirty:
            self._draw_points(self._stores["queue"], _QUEUE_KIND, 1)
        if "calls" in dirty:
            self._draw_points(self._stores["calls"], _CALL_KIND, 1)
        x0, x1, y = self._task_spans  # tasks that ended well, or run still: open ones end at now
        is_open = np.isnan(x1)
        if "tasks" in dirty or is_open.any():
            self.tasks.setOpts(x0=x0, x1=np.where(is_open, np.maximum(now_s, x0), x1), y=y, height=TASK_HEIGHT)

    def _draw_failed_tasks(self) -> None:
        spans = [(start, end, row, ok is False) for row, tasks in self._stores["tasks"].items()
                 for start, end, _, ok in tasks]
        array = np.array([(start, np.nan if end is None else end, row) for start, end, row, _ in spans],
                         dtype=float).reshape(-1, 3)
        failed = np.array([raised for *_, raised in spans], dtype=bool)
        self._task_spans = (array[~failed, 0], array[~failed, 1], array[~failed, 2])
        self.tasks_failed.setOpts(x0=array[failed, 0], x1=array[failed, 1], y=array[failed, 2], height=TASK_HEIGHT)

    def _shown(self, store: dict) -> dict:
        """The rows of ``store`` marks go to: none while rows are too thin, else those near the view."""
        if not self.detail:
            return {}
        low, high = self._window or (-math.inf, math.inf)
        if low <= 0 and high >= len(self._names) - 1:
            return store
        return {row: values for row, values in store.items() if low <= row <= high}

    def _draw_points(self, store: dict, kinds: dict[str, MarkKind], field: int) -> None:
        """One scatter per kind: the marks of ``store`` whose ``field`` names that kind."""
        shown = self._shown(store)
        for word, kind in kinds.items():
            x, y = points_of({row: [mark[0] for mark in marks if mark[field] == word] for row, marks in shown.items()})
            self.marks[kind.key].setData(x=x, y=y + kind.offset)

    def _draw_lines(self) -> None:
        """A line from each send to its receive, on every row (not only those near the view).

        Pipe ends only ever get appended to a row, so only the new ones are
        paired, unless a row lost some (then every end is paired again)."""
        store, seen = self._stores["pipe"], self._pipes_seen
        if any(len(store.get(row, ())) < count or store[row][count - 1] != last for row, (count, last) in seen.items()):
            self._forget_pipes()
            seen = self._pipes_seen
        new = []
        for row, marks in store.items():
            count = seen.get(row, (0, None))[0]
            if len(marks) > count:
                for t, direction, channel, seq in marks[count:]:
                    self._pair(row, t, direction, channel, seq, new)
                seen[row] = (len(marks), marks[-1])
        if new or not len(self._line_points):
            self._line_points = np.concatenate((self._line_points, np.array(new, dtype=float).reshape(-1, 2)))
            self.lines.setData(x=self._line_points[:, 0], y=self._line_points[:, 1], connect="pairs")

    def _pair(self, row: int, t: float, direction: str, channel: str, seq: int, new: list) -> None:
        """Pair a Pipe end with the first waiting end of the same message, or let it wait."""
        sends, receives = self._unpaired.setdefault((channel, seq), ([], []))
        mine, others = (sends, receives) if direction == "send" else (receives, sends)
        if not others:
            mine.append((t, row))
            return
        other_t, other_row = others.pop(0)
        (sent, sender), (received, receiver) = ((t, row), (other_t, other_row)) if direction == "send" else (
            (other_t, other_row), (t, row))
        new += ((sent, sender), (received, receiver))
        self._partners[(sender, "send", channel, seq)] = (receiver, received)
        self._partners[(receiver, "recv", channel, seq)] = (sender, sent)

    # -- what is drawn ---------------------------------------------------------

    def _find_kinds(self, dirty: set) -> tuple[str, ...]:
        """What the rows have, looked at again only in the stores that changed."""
        present = self._present
        if "tasks" in dirty or not present:
            tasks = [ok for spans in self._stores["tasks"].values() for *_, ok in spans]
            present["tasks"] = any(ok is not False for ok in tasks)
            present["tasks_failed"] = any(ok is False for ok in tasks)
        if "pipe" in dirty or not present:
            present["pipe"] = any(self._stores["pipe"].values())
        for store, kinds in (("queue", _QUEUE_KIND), ("calls", _CALL_KIND)):
            if store in dirty or kinds["put" if store == "queue" else "join"].key not in present:
                words = {mark[1] for marks in self._stores[store].values() for mark in marks}
                present.update({kind.key: word in words for word, kind in kinds.items()})
        return tuple(key for key in LEGEND_ORDER if present[key])

    def kinds_drawn(self) -> tuple[str, ...]:
        """The keys of what the rows have (drawn, or marks on rows too thin to draw them)."""
        return self._kinds

    def legend_entries(self, kinds: tuple[str, ...]) -> list[tuple[str, object]]:
        """(label, legend sample or item) for each of ``kinds``, in the legend's order."""
        entries = {
            "tasks": (tr("Pool task"), lambda: BandSample(self.tasks, TASK_HEIGHT)),
            "tasks_failed": (tr("task raised"), lambda: BandSample(self.tasks_failed, TASK_HEIGHT)),
            "pipe": (tr("Pipe send → receive"), lambda: PipeSample(self)),
        }
        for kind in WATCH_MARK_KINDS:
            entries.setdefault(kind.key, (tr(kind.label), lambda item=self.marks[kind.key]: item))
        return [(entries[key][0], entries[key][1]()) for key in LEGEND_ORDER if key in kinds]

    def counts(self) -> dict[str, int]:
        """How many task bands, Pipe lines and marks of each kind are drawn (tests, benchmarks)."""
        counts = {"tasks": len(self.tasks.opts["x0"]), "tasks_failed": len(self.tasks_failed.opts["x0"]),
                  "pipe_lines": len(self.lines.xData if self.lines.xData is not None else ()) // 2}
        counts.update({key: len(item.data) for key, item in self.marks.items()})
        return counts

    # -- what is where (tooltips) -------------------------------------------

    def task_at(self, row: int, dy: float, x: float, now_s: float) -> tuple | None:
        """(task name, start, end, ok or None, still running) under (x, row + dy), or None."""
        if abs(dy) > TASK_HEIGHT / 2:
            return None
        for start, end, name, ok in self._stores["tasks"].get(row, ()):
            item = self.tasks_failed if ok is False else self.tasks
            stop = max(now_s, start) if end is None else end
            if start <= x <= stop and item.isVisible():
                return name, start, stop, ok, end is None
        return None

    def marks_near(self, row: int, dy: float, x: float, x_tolerance: float, y_tolerance: float) -> list:
        """Marks within the tolerances of (x, row + dy), nearest first: (kind, time, extra).

        extra: for a Pipe end (channel, seq, the other end's row name or None, its time);
        for a Queue mark the queue; for a call (target, seconds)."""
        if not self.detail:
            return []
        found = []
        for t, direction, channel, seq in self._stores["pipe"].get(row, ()):
            partner_row, partner_t = self._partners.get((row, direction, channel, seq), (None, None))
            partner = self._names[partner_row] if partner_row is not None else None
            found.append((_PIPE_KIND[direction], t, (channel, seq, partner, partner_t)))
        found += [(_QUEUE_KIND[op], t, queue) for t, op, queue in self._stores["queue"].get(row, ())]
        found += [(_CALL_KIND[call], t, (target, seconds)) for t, call, target, seconds in
                  self._stores["calls"].get(row, ()) if call in _CALL_KIND]
        near = [(abs(t - x), (kind, t, extra)) for kind, t, extra in found
                if abs(t - x) <= x_tolerance and abs(kind.offset - dy) <= y_tolerance
                and self.marks[kind.key].isVisible()]
        return [mark for _, mark in sorted(near, key=lambda pair: pair[0])]
