"""The timeline's bars: numpy arrays per row, one BarGraphItem per state.

``sync(record)`` folds in only the rows that new events touched since the
last call, and hands the same rows to its ``layers`` (the lock bands and
marks drawn over the bars: ``rebuild(runs)`` / ``append(first, runs)`` /
``set_row(row, run)``, called under the record's lock; rows added at the
end of the same record are appended, not rebuilt); ``draw(now_s)`` hands
each colour its arrays, stretching the running bars to ``now_s``. A frame of 10,000 rows costs a few numpy masks.
"""
from __future__ import annotations

from itertools import islice

import numpy as np
import pyqtgraph as pg

from engine import RunRecord, WorkerRun, WorkerState
from gui.theme import STATE_COLOURS

BAR_HEIGHT = 0.6
_STATES = list(STATE_COLOURS)
_CODE = {state: code for code, state in enumerate(_STATES)}
_NO_BAR = -1


class TimelineBars:
    def __init__(self, plot_item: pg.PlotItem):
        self.items = {state: self._make_item(plot_item, state) for state in _STATES}
        self.runs: list[WorkerRun] = []
        self._record: RunRecord | None = None
        self._cursor = 0
        self._row_of: dict[str, int] = {}
        self._x0 = self._x1 = np.zeros(0)
        self._code = np.zeros(0, dtype=np.int8)
        self._dirty = set(_CODE.values())
        self.layers: list = []
        #: After ``sync``: the first new row when rows were only appended, else None.
        self.appended_from: int | None = None

    @staticmethod
    def _make_item(plot_item: pg.PlotItem, state: WorkerState) -> pg.BarGraphItem:
        empty = np.zeros(0)
        item = pg.BarGraphItem(x0=empty, x1=empty, y=empty, height=BAR_HEIGHT,
                               brush=pg.mkBrush(STATE_COLOURS[state]), pen=pg.mkPen(None))
        plot_item.addItem(item)
        return item

    def sync(self, record: RunRecord | None) -> bool:
        """Take in what changed in ``record``; True when the rows themselves changed."""
        self.appended_from = None
        if record is None:
            self._rebuild(None)
            return True
        with record.lock:  # events may be arriving on the reader thread
            appended = record is self._record and self._appended(record)
            if record is not self._record or (len(record.workers) != len(self.runs) and not appended):
                self._rebuild(record)
                return True
            first = len(self.runs)
            if appended:
                self._append(record, first)
                self.appended_from = first
            fresh = record.events[self._cursor:]
            self._cursor = len(record.events)
            for name in {event.worker for event in fresh}:
                row = self._row_of[name]
                if row >= first:
                    continue  # a new row: set whole by _append
                run = record.workers[name]
                self._set_row(row, run)
                for layer in self.layers:
                    layer.set_row(row, run)
            return appended

    def _appended(self, record: RunRecord) -> bool:
        """True when ``record`` only gained rows after the ones shown (the dict keeps
        insertion order): those can be added without re-deriving the others."""
        count = len(self.runs)
        if len(record.workers) <= count:
            return False
        # identity first: a C-speed compare of the shown prefix
        return list(islice(record.workers.values(), count)) == self.runs

    def _append(self, record: RunRecord, first: int) -> None:
        """Add the rows from ``first`` on: only their arrays are derived."""
        new = list(islice(record.workers.values(), first, None))
        self.runs.extend(new)
        for row, run in enumerate(new, first):
            self._row_of[run.name] = row
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
        self.runs = list(record.workers.values()) if record else []
        self._cursor = len(record.events) if record else 0
        self._row_of = {run.name: row for row, run in enumerate(self.runs)}
        count = len(self.runs)
        self._x0, self._x1 = np.full(count, np.nan), np.full(count, np.nan)
        self._code = np.full(count, _NO_BAR, dtype=np.int8)
        for row, run in enumerate(self.runs):
            self._set_row(row, run)
        self._dirty = set(_CODE.values())
        for layer in self.layers:
            layer.rebuild(self.runs)

    def _set_row(self, row: int, run: WorkerRun) -> None:
        self._dirty.add(int(self._code[row]))
        if run.start_s is None:
            self._x0[row], self._x1[row], self._code[row] = np.nan, np.nan, _NO_BAR
            return
        end = run.bar_end_s
        self._x0[row] = run.start_s
        self._x1[row] = np.nan if end is None else end  # nan: still open
        self._code[row] = _CODE[run.state]
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
            self.items[_STATES[code]].setOpts(x0=self._x0[mask], x1=x1[mask], y=rows[mask], height=BAR_HEIGHT)
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
        return {state: len(item.opts["x0"]) for state, item in self.items.items()}
