"""Counter rows under the timeline: each worker's CPU % and memory.

The engine polls psutil about once a second for every live worker
(``cpu_percent()`` and ``memory_info().rss``) and records them as
``WorkerRun.samples``: (t_s, cpu_percent, rss_bytes). Two small plots show
them, their x axes linked to the timeline's so zooming either moves both:
``counterPlot`` (CPU %, 100 = one core) and ``memoryPlot`` (resident MB, 2**20 bytes, as in the table).

One ``PlotDataItem`` per worker and plot, made when the worker's first
sample arrives, for the first ``OWN_CURVES`` workers (each its own colour
from ``COUNTER_PALETTE`` and a legend entry); a frame hands new arrays only
to the workers whose samples changed (found from the record's new
``ResourceSample`` events). Every later worker is drawn in one shared grey
curve per plot: 300 workers of 60 samples as 600 curves took ~70 ms a paint
and ~60 ms to update once a second (1200 px wide, offscreen, on the team's
2-core machine); as 12 + 1 curves per plot they cost what 13 workers do.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from engine import RunRecord
from engine.model.events import ResourceSample
from gui.i18n import tr
from gui.theme import BACKGROUND, COUNTER_PALETTE, FOREGROUND

from .legend_fit import fit_legend

#: Workers with their own coloured curve and legend entry; the rest share a grey one.
OWN_CURVES = 12
OTHERS_COLOUR = "#B8B8B8"
CPU_PLOT_HEIGHT = 130
MEMORY_PLOT_HEIGHT = 100


def _make_plot(object_name: str, label: str, height: int) -> pg.PlotWidget:
    plot = pg.PlotWidget(background=BACKGROUND)
    plot.setObjectName(object_name)  # pg.PlotWidget(objectName=...) does not set it
    plot.setMinimumHeight(height)
    item = plot.getPlotItem()
    item.hideButtons()
    # No grid: pyqtgraph's translucent grid lines cost ~8 ms a paint per plot
    # (1200 px wide, offscreen), more than all the curves of a dozen workers.
    item.setLabel("left", label)
    item.setMouseEnabled(x=True, y=False)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(FOREGROUND))
        axis.setTextPen(pg.mkPen(FOREGROUND))
    return plot


class CounterPlots(QWidget):
    """CPU % and memory of every worker, as curves over the timeline's x."""

    def __init__(self, timeline_view: pg.ViewBox, parent=None):
        super().__init__(parent)
        self.setObjectName("counterRows")
        self.cpu_plot = _make_plot("counterPlot", "CPU %", CPU_PLOT_HEIGHT)
        self.cpu_plot.setToolTip(tr("psutil cpu_percent() of each live worker: 100 % is one whole core"))
        self.cpu_plot.setAccessibleName(tr("CPU percent of each worker"))
        self.memory_plot = _make_plot("memoryPlot", "MB", MEMORY_PLOT_HEIGHT)
        self.memory_plot.setToolTip(tr("psutil memory_info().rss of each live worker, in MB (2**20 bytes)"))
        self.memory_plot.setAccessibleName(tr("Resident memory of each worker"))
        self.cpu_plot.getPlotItem().hideAxis("bottom")  # the memory plot's axis says the time
        for plot in (self.cpu_plot, self.memory_plot):
            plot.getPlotItem().getViewBox().setXLink(timeline_view)
        self.cpu_plot.getPlotItem().getViewBox().setLimits(yMin=0)
        self.memory_plot.getPlotItem().getViewBox().setLimits(yMin=0)
        # Room above the top tick label, which would be cut at the plot's edge.
        self.memory_plot.getPlotItem().layout.setContentsMargins(1, 8, 1, 1)
        self.cpu_plot.getPlotItem().layout.setContentsMargins(1, 1, 1, 6)  # and under "0"
        self.cpu_plot.getPlotItem().setYRange(0, 100, padding=0.05)
        one_core = pg.InfiniteLine(100, angle=0, pen=pg.mkPen("#B0B0B0", width=1, style=Qt.DashLine))
        one_core.setToolTip(tr("100 %: one whole core"))
        self.cpu_plot.addItem(one_core, ignoreBounds=True)
        self.legend = self._make_legend()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.cpu_plot, 4)
        layout.addWidget(self.memory_plot, 3)

        self._record: RunRecord | None = None
        self._cursor = 0
        self._curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._others: dict[str, np.ndarray] = {}  # samples of the workers past OWN_CURVES
        self._others_items: tuple[pg.PlotDataItem, pg.PlotDataItem] | None = None
        self._drawn: dict[str, int] = {}  # samples drawn per worker
        self._rows: dict[str, int] = {}
        self._cpu_max = 100.0

    def _make_legend(self) -> pg.LegendItem:
        """Above the CPU plot, in the title's place, so it never hides a curve."""
        item = self.cpu_plot.getPlotItem()
        legend = pg.LegendItem(colCount=6, labelTextColor=FOREGROUND, verSpacing=-6)
        legend.layout.setContentsMargins(6, 2, 6, 0)
        legend.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)  # centred, not stretched
        item.layout.removeItem(item.titleLabel)
        item.titleLabel.hide()
        item.layout.addItem(legend, 0, 1, alignment=Qt.AlignHCenter)
        return legend

    # -- geometry ----------------------------------------------------------

    def set_left_width(self, width: float) -> None:
        """Line the plots' x up with the timeline's: the same left axis width."""
        for plot in (self.cpu_plot, self.memory_plot):
            plot.getPlotItem().getAxis("left").setWidth(width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legend()

    def _fit_legend(self) -> None:
        left = self.cpu_plot.getPlotItem().getAxis("left").width()
        fit_legend(self.legend, self.width() - left - 20)
        self.cpu_plot.resizeEvent(None)  # resized while the old legend set its minimum width

    # -- data --------------------------------------------------------------

    def show_run(self, record: RunRecord | None) -> None:
        """Draw the samples that arrived since the last call."""
        if record is not self._record:
            self._reset(record)
        if record is None:
            return
        with record.lock:  # the reader thread appends samples
            fresh = record.events[self._cursor:]
            self._cursor = len(record.events)
            names = {event.worker for event in fresh if isinstance(event, ResourceSample)}
            changed = {name: list(record.workers[name].samples) for name in names if name in record.workers}
            if len(self._rows) != len(record.workers):
                self._rows = {name: row for row, name in enumerate(record.workers)}
        others_changed = False
        for name, samples in sorted(changed.items(), key=lambda pair: self._rows.get(pair[0], 0)):
            if len(samples) == self._drawn.get(name):
                continue
            self._drawn[name] = len(samples)
            data = np.asarray(samples, dtype=float).reshape(-1, 3)
            self._note_peak(data)
            if name in self._curves or len(self._curves) < OWN_CURVES:
                self._draw_own(name, data)
            else:
                self._others[name] = data
                others_changed = True
        if others_changed:
            self._draw_others()
        if changed:
            self._fit_legend()

    def _reset(self, record: RunRecord | None) -> None:
        for cpu, memory in [*self._curves.values(), *([self._others_items] if self._others_items else [])]:
            self.cpu_plot.removeItem(cpu)
            self.memory_plot.removeItem(memory)
        self.legend.clear()
        self._record, self._curves, self._drawn = record, {}, {}
        self._others, self._others_items = {}, None
        self._cpu_max = 100.0
        self.cpu_plot.getPlotItem().setYRange(0, 100, padding=0.05)
        self._cursor = 0  # every sample so far is new
        self._rows = {name: row for row, name in enumerate(record.workers)} if record else {}

    def _note_peak(self, data: np.ndarray) -> None:
        peak = float(data[:, 1].max()) if len(data) else 0.0
        if peak > self._cpu_max:  # more than one core: room for it, in steps of a core
            self._cpu_max = 100.0 * np.ceil(peak / 100.0)
            self.cpu_plot.getPlotItem().setYRange(0, self._cpu_max, padding=0.05)

    def _draw_own(self, name: str, data: np.ndarray) -> None:
        if name not in self._curves:
            colour = COUNTER_PALETTE[len(self._curves) % len(COUNTER_PALETTE)]
            self._curves[name] = self._make_curves(colour)
            self.legend.addItem(self._curves[name][0], name)
        cpu, memory = self._curves[name]
        cpu.setData(data[:, 0], data[:, 1])
        memory.setData(data[:, 0], data[:, 2] / 2**20)

    def _draw_others(self) -> None:
        """Every worker past the first OWN_CURVES: one grey curve per plot, each
        worker's samples separated by a gap (nan), so hundreds of workers cost
        what one does to paint."""
        if self._others_items is None:
            # Not clipped to the view: pyqtgraph clips by bisecting x, which
            # must then increase; these workers' samples follow one another.
            self._others_items = self._make_curves(OTHERS_COLOUR, z=-1, clip=False)
            self.legend.addItem(self._others_items[0], "")
        gap = np.full((1, 3), np.nan)
        data = np.concatenate([part for samples in self._others.values() for part in (samples, gap)])
        cpu, memory = self._others_items
        cpu.setData(data[:, 0], data[:, 1], connect="finite")
        memory.setData(data[:, 0], data[:, 2] / 2**20, connect="finite")
        label = self.legend.getLabel(cpu)
        label.setText(tr("{count} more (grey)").format(count=len(self._others)))

    def _make_curves(self, colour: str, z: float = 0, clip: bool = True) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        # 1 px: antialiased wider lines take ~0.5 ms a curve to stroke
        pen = pg.mkPen(colour, width=1)
        curves = (self.cpu_plot.plot([], [], pen=pen), self.memory_plot.plot([], [], pen=pen))
        for curve in curves:
            curve.setClipToView(clip)  # not in the constructor: that raises
            curve.setZValue(curve.zValue() + z)
        return curves

    # -- for tests -----------------------------------------------------------

    def curves(self) -> dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]]:
        """(CPU curve, memory curve) per worker with its own curves."""
        return dict(self._curves)

    def others(self) -> tuple[list[str], tuple[pg.PlotDataItem, pg.PlotDataItem] | None]:
        """The workers drawn in the shared grey curves, and those curves."""
        return list(self._others), self._others_items
