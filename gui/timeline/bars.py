"""The timeline's bars: numpy arrays per row, one BarGraphItem per state.

``sync(record)`` folds in only the rows that new events touched since the
last call, and hands the same rows to its ``layers`` (the lock bands and
marks drawn over the bars: ``rebuild(runs)`` / ``append(first, runs)`` /
``set_row(row, run)``, called under the record's lock; rows added at the
end of the same record are appended, not rebuilt); ``draw(now_s)`` hands
each colour its arrays, stretching the running bars to ``now_s``. A frame of 10,000 rows costs a few numpy masks.

A watched script's helper processes (forkserver, resource tracker) get the
same colours, faded (``dimmed_items``), or no row at all while
``show_helpers`` is off. Rows are labelled by ``row_label``: a watched
process's label says its pid and parent, and changes when they become known
(``relabelled`` lists those rows after a ``sync``).
"""
from __future__ import annotations

from itertools import islice

import numpy as np
import pyqtgraph as pg

from engine import RunRecord, WorkerRun, WorkerState
from gui.theme import DIMMED_ALPHA, STATE_COLOURS

BAR_HEIGHT = 0.6
_STATES = list(STATE_COLOURS)
_CODE = {state: code for code, state in enumerate(_STATES)}
#: A helper's bar: its state's code plus this, drawn by the faded item.
_DIMMED = len(_STATES)
_NO_BAR = -1


def row_label(run: WorkerRun) -> str:
    """What the row axis says for ``run``: a watched process's name, pid and parent
    ("worker1 · 4242 ← MainProcess"), a ProcLab worker's name alone."""
    if run.role is None:
        return run.name
    parts = [run.name]
    if run.pid is not None:
        parts.append(f" · {run.pid}")
    if run.parent:
        parts.append(f" ← {run.parent}")
    return "".join(parts)


class TimelineBars:
    def __init__(self, plot_item: pg.PlotItem):
        self.items = {state: self._make_item(plot_item, state) for state in _STATES}
        #: A helper process's bar, per state: the same colours, faded.
        self.dimmed_items = {state: self._make_item(plot_item, state, DIMMED_ALPHA) for state in _STATES}
        self.runs: list[WorkerRun] = []
        self.labels: list[str] = []
        self.show_helpers = True
        self._seen: list[WorkerRun] = []  #: every row of the record, shown or not
        self._record: RunRecord | None = None
        self._cursor = 0
        self._row_of: dict[str, int] = {}
        self._x0 = self._x1 = np.zeros(0)
        self._code = np.zeros(0, dtype=np.int8)
        self._dirty = set(range(2 * _DIMMED))
        self.layers: list = []
        #: After ``sync``: the first new row when rows were only appended, else None.
        self.appended_from: int | None = None
        #: After ``sync``: rows kept whose label changed (a pid or parent became known, or it
        #: turned out to be a helper).
        self.relabelled: list[int] = []
        #: The rows of helper processes (drawn faded), and whether the record has any (shown or not).
        self.helper_rows: set[int] = set()
        self.has_helpers = False
        #: Whether a row shown is a watched script's process (its label says more).
        self.watched = False

    @staticmethod
    def _make_item(plot_item: pg.PlotItem, state: WorkerState, alpha: int = 255) -> pg.BarGraphItem:
        empty = np.zeros(0)
        colour = pg.mkColor(STATE_COLOURS[state])
        colour.setAlpha(alpha)
        item = pg.BarGraphItem(x0=empty, x1=empty, y=empty, height=BAR_HEIGHT,
                               brush=pg.mkBrush(colour), pen=pg.mkPen(None))
        plot_item.addItem(item)
        return item

    def _shows(self, run: WorkerRun) -> bool:
        return self.show_helpers or not run.helper

    def set_show_helpers(self, show: bool) -> None:
        """Give helper processes rows (faded) or none; the next ``sync`` rebuilds."""
        if show != self.show_helpers:
            self.show_helpers = show
            self._record = None

    def sync(self, record: RunRecord | None) -> bool:
        """Take in what changed in ``record``; True when the rows themselves changed."""
        self.appended_from = None
        self.relabelled = []
        if record is None:
            self._rebuild(None)
            return True
        with record.lock:  # events may be arriving on the reader thread
            appended = record is self._record and self._appended(record)
            if record is not self._record or (len(record.workers) != len(self._seen) and not appended):
                self._rebuild(record)
                return True
            first = len(self.runs)
            if appended:
                self._append(record)
            fresh = record.events[self._cursor:]
            self._cursor = len(record.events)
            for name in {event.worker for event in fresh}:
                run = record.workers[name]
                row = self._row_of.get(name)
                if (row is not None) != self._shows(run):  # became a helper, or stopped being one
                    self._rebuild(record)
                    self.appended_from = None
                    return True
                if row is None or row >= first:
                    continue  # hidden, or a new row: set whole by _append
                self._set_row(row, run)
                label = row_label(run)
                if label != self.labels[row] or run.helper != (row in self.helper_rows):
                    self.labels[row] = label
                    self.relabelled.append(row)
                    self._note_role(row, run)
                for layer in self.layers:
                    layer.set_row(row, run)
            return self.appended_from is not None

    def _appended(self, record: RunRecord) -> bool:
        """True when ``record`` only gained rows after the ones seen (the dict keeps
        insertion order): those can be added without re-deriving the others."""
        count = len(self._seen)
        if len(record.workers) <= count:
            return False
        # identity first: a C-speed compare of the seen prefix
        return list(islice(record.workers.values(), count)) == self._seen

    def _append(self, record: RunRecord) -> None:
        """Add the record's new rows (those shown): only their arrays are derived."""
        added = list(islice(record.workers.values(), len(self._seen), None))
        self._seen.extend(added)
        self.has_helpers = self.has_helpers or any(run.helper for run in added)
        new = [run for run in added if self._shows(run)]
        if not new:
            return
        first = len(self.runs)
        self.appended_from = first
        self.runs.extend(new)
        self.labels.extend(row_label(run) for run in new)
        for row, run in enumerate(new, first):
            self._row_of[run.name] = row
            self._note_role(row, run)
        extra = len(new)
        self._x0 = np.concatenate((self._x0, np.full(extra, np.nan)))
        self._x1 = np.concatenate((self._x1, np.full(extra, np.nan)))
        self._code = np.concatenate((self._code, np.full(extra, _NO_BAR, dtype=np.int8)))
        for row, run in enumerate(new, first):
            self._set_row(row, run)
        for layer in self.layers:
            layer.append(first, new)

    def _rebuild(self, record: RunRecord | None) -> None:
        self._record = record
        self._seen = list(record.workers.values()) if record else []
        self.runs = [run for run in self._seen if self._shows(run)]
        self.labels = [row_label(run) for run in self.runs]
        self._cursor = len(record.events) if record else 0
        self._row_of = {run.name: row for row, run in enumerate(self.runs)}
        self.helper_rows = {row for row, run in enumerate(self.runs) if run.helper}
        self.has_helpers = any(run.helper for run in self._seen)
        self.watched = any(run.role is not None for run in self.runs)
        count = len(self.runs)
        self._x0, self._x1 = np.full(count, np.nan), np.full(count, np.nan)
        self._code = np.full(count, _NO_BAR, dtype=np.int8)
        for row, run in enumerate(self.runs):
            self._set_row(row, run)
        self._dirty = set(range(2 * _DIMMED))
        for layer in self.layers:
            layer.rebuild(self.runs)

    def _note_role(self, row: int, run: WorkerRun) -> None:
        self.watched = self.watched or run.role is not None
        if run.helper:
            self.helper_rows.add(row)
            self.has_helpers = True
        else:
            self.helper_rows.discard(row)

    def _set_row(self, row: int, run: WorkerRun) -> None:
        self._dirty.add(int(self._code[row]))
        if run.start_s is None:
            self._x0[row], self._x1[row], self._code[row] = np.nan, np.nan, _NO_BAR
            return
        end = run.bar_end_s
        self._x0[row] = run.start_s
        self._x1[row] = np.nan if end is None else end  # nan: still open
        self._code[row] = _CODE[run.state] + (_DIMMED if run.helper else 0)
        self._dirty.add(int(self._code[row]))

    def draw(self, now_s: float) -> None:
        open_ends = np.isnan(self._x1)
        if open_ends.any():
            self._dirty.update(int(code) for code in np.unique(self._code[open_ends & (self._code >= 0)]))
        self._dirty.discard(_NO_BAR)
        if not self._dirty:
            return
        x1 = np.where(open_ends, np.maximum(now_s, self._x0), self._x1)
        rows = np.arange(len(self._x0), dtype=float)
        for code in self._dirty:
            mask = self._code == code
            items = self.dimmed_items if code >= _DIMMED else self.items
            items[_STATES[code % _DIMMED]].setOpts(x0=self._x0[mask], x1=x1[mask], y=rows[mask], height=BAR_HEIGHT)
        self._dirty = set()

    def span(self, row: int, now_s: float) -> tuple[float, float] | None:
        if not 0 <= row < len(self._x0) or self._code[row] == _NO_BAR:
            return None
        start = float(self._x0[row])
        end = float(self._x1[row]) if not np.isnan(self._x1[row]) else max(now_s, start)
        return start, end

    def row_of(self, name: str) -> int:
        return self._row_of[name]

    def counts(self) -> dict[WorkerState, int]:
        """Bars per state colour (a helper's faded bar is not counted here: ``dimmed_count``)."""
        return {state: len(item.opts["x0"]) for state, item in self.items.items()}

    def dimmed_count(self) -> int:
        """How many helper processes' faded bars are drawn."""
        return sum(len(item.opts["x0"]) for item in self.dimmed_items.values())
