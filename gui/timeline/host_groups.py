"""A cluster run's rows, grouped by the Dask worker that ran them: a dashed line
between groups and each group's host and address at its top left.

The rows come grouped already (``ClusterRun.names``); this layer only says
where each group begins. One Dask worker, or a run on this machine: nothing
is drawn.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from engine import WorkerRun

LINE_COLOUR = "#7A7A7A"
TEXT_COLOUR = "#505050"


class HostGroups:
    """A layer of ``TimelineBars`` (rebuild, append, set_row, set_view_rows, draw)."""

    def __init__(self, plot_item: pg.PlotItem):
        self._plot_item = plot_item
        self._places: list[str] = []  # per row: where it runs ("" : this machine or not known yet)
        self._drawn: list = []
        self._shown: list[tuple[int, str]] | None = None  # (first row, place) per group, as drawn
        #: The groups drawn now: (first row, "host (address)").
        self.groups: list[tuple[int, str]] = []

    def rebuild(self, runs: list[WorkerRun]) -> None:
        self._places = [run.placement for run in runs]

    def append(self, first: int, runs: list[WorkerRun]) -> None:
        self._places[first:] = [run.placement for run in runs]

    def set_row(self, row: int, run: WorkerRun) -> None:
        self._places[row] = run.placement

    def set_view_rows(self, low: float, high: float) -> None:
        pass

    def draw(self, now_s: float) -> None:
        groups = [(row, place) for row, place in enumerate(self._places)
                  if place and (row == 0 or place != self._places[row - 1])]
        if len({place for _, place in groups}) < 2:
            groups = []
        if groups == self._shown:
            return
        for item in self._drawn:
            self._plot_item.removeItem(item)
        self._drawn = []
        pen = pg.mkPen(LINE_COLOUR, width=1, style=Qt.DashLine)
        for row, place in groups:
            if row > 0:
                line = pg.InfiniteLine(row - 0.5, angle=0, pen=pen)
                self._plot_item.addItem(line, ignoreBounds=True)
                self._drawn.append(line)
            text = pg.TextItem(place, color=TEXT_COLOUR, anchor=(0, 0))
            text.setPos(0, row - 0.5)
            text.setZValue(5)
            self._plot_item.addItem(text, ignoreBounds=True)
            self._drawn.append(text)
        self._shown = groups
        self.groups = groups
