"""The live timeline: one row per worker, one bar from its start to its end."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor, QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from engine import RunRecord, WorkerState, describe_exitcode

from .row_axis import RowAxis
from .theme import BACKGROUND, FOREGROUND, LEGEND_STATES
from .timeline_bars import BAR_HEIGHT, TimelineBars
#: The x range shown before anything has run, in seconds.
MIN_VISIBLE_SECONDS = 5.0
#: Following, the view widens to now x GROWTH once now passes REFILL_AT of it.
FOLLOW_GROWTH = 1.25
FOLLOW_REFILL_AT = 0.95


class TimelineWidget(QWidget):
    """A pyqtgraph plot of a ``RunRecord`` with a Follow toggle.

    ``show_run(record, now_s)`` redraws: one ``BarGraphItem`` per state
    colour is kept and given new arrays, so a redraw costs the same whatever
    the history. Running bars end at ``now_s``.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.row_axis = RowAxis()
        self.plot = pg.PlotWidget(background=BACKGROUND, axisItems={"left": self.row_axis})
        self.plot.setObjectName("timelinePlot")
        self.plot.setToolTip("")  # bars explain themselves on hover
        self.plot.setAccessibleName("Timeline of worker processes")
        self.plot_item = self.plot.getPlotItem()
        self._style_axes()
        self.bars = TimelineBars(self.plot_item)
        self._legend = self._make_legend()

        self.follow_check = QCheckBox("&Follow", objectName="followCheck")
        self.follow_check.setChecked(True)
        self.follow_check.setToolTip(
            "Keep the newest time in view. Zooming or panning (mouse wheel, drag) turns this off."
        )
        hint = QLabel("Wheel: zoom · Drag: pan")
        hint.setStyleSheet("color: #666;")
        hint.setToolTip("Right-click the plot for view options, e.g. View All")
        controls = QHBoxLayout()
        controls.addWidget(self.follow_check)
        controls.addStretch(1)
        controls.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addLayout(controls)

        self._now_s = 0.0
        self._follow_end: float | None = None
        self._followed: tuple[float, int] | None = None
        self.plot_item.getViewBox().sigRangeChangedManually.connect(self._on_range_changed_manually)
        self.follow_check.toggled.connect(self._on_follow_toggled)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._apply_follow()

    # -- setup -----------------------------------------------------------

    def _style_axes(self) -> None:
        item = self.plot_item
        item.setLabel("bottom", "seconds since Start")
        item.showGrid(x=True, y=False, alpha=0.25)
        item.invertY(True)
        item.setMenuEnabled(True)
        item.hideButtons()
        view = item.getViewBox()
        view.setZValue(1)  # bars above the axes' grid lines, not striped by them
        view.setMouseEnabled(x=True, y=True)
        view.setLimits(xMin=-1.0)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(FOREGROUND))
            axis.setTextPen(pg.mkPen(FOREGROUND))
        font = QFont()
        font.setPointSize(10)
        self.row_axis.setTickFont(font)
        self.row_axis.setWidth(90)

    def _make_legend(self) -> pg.LegendItem:
        """One row above the plot, where the title would go: it never hides a bar."""
        legend = pg.LegendItem(colCount=len(LEGEND_STATES), labelTextColor=FOREGROUND)
        for state in LEGEND_STATES:
            legend.addItem(self.bars.items[state], state.value)
        layout = self.plot_item.layout
        layout.removeItem(self.plot_item.titleLabel)
        self.plot_item.titleLabel.hide()
        layout.addItem(legend, 0, 1, alignment=Qt.AlignHCenter)
        return legend

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # The legend row sets the plot's minimum width: wrap it when narrow.
        width = event.size().width()
        columns = len(LEGEND_STATES) if width >= 620 else 3 if width >= 360 else 2
        if self._legend.columnCount != columns:
            self._legend.setColumnCount(columns)

    # -- drawing ---------------------------------------------------------

    def show_planned(self, names: list[str]) -> None:
        """Before a run: one empty row per worker of the experiment."""
        self.show_run(RunRecord.for_names(0, names), 0.0)

    def show_run(self, record: RunRecord | None, now_s: float) -> None:
        """Draw ``record`` as it stands at ``now_s`` seconds since Start.

        Call it as often as you like: only rows with new events are
        re-derived, and only colours that changed are handed new arrays.
        """
        self._now_s = now_s
        rows_changed = self.bars.sync(record)
        if rows_changed:
            names = [run.name for run in self.bars.runs]
            self.row_axis.set_names(names)
            self.plot_item.getViewBox().setLimits(yMin=-1, yMax=max(len(names), 1))
        self.bars.draw(now_s)
        self._apply_follow(recompute=rows_changed)

    def _apply_follow(self, recompute: bool = False) -> None:
        """Keep [0, now] in view, widening in steps of a quarter.

        A range that changed every frame would make the axes and the grid
        regenerate every frame (most of a frame's cost); in steps, a frame
        only redraws the bars.
        """
        if not self.follow_check.isChecked():
            return
        rows = max(len(self.bars.runs), 1)
        end = self._follow_end
        if recompute or end is None or self._now_s > end * FOLLOW_REFILL_AT:
            end = max(MIN_VISIBLE_SECONDS, self._now_s * FOLLOW_GROWTH)
        if (end, rows) != self._followed:
            self._follow_end, self._followed = end, (end, rows)
            self.plot_item.getViewBox().setRange(xRange=(0.0, end), yRange=(-0.5, rows - 0.5), padding=0.02)

    def bar_count(self) -> dict[WorkerState, int]:
        """How many bars each colour draws now (for tests and benchmarks)."""
        return self.bars.counts()

    # -- interaction -----------------------------------------------------

    def _on_range_changed_manually(self, *_args) -> None:
        self.follow_check.setChecked(False)

    def _on_follow_toggled(self, checked: bool) -> None:
        self._followed = None  # the user moved the view: set it again when following
        if checked:
            self._apply_follow(recompute=True)

    def tooltip_at(self, x: float, y: float) -> str:
        """The hover text for the point (``x`` seconds, row ``y``), or ""."""
        row = int(round(y))
        if abs(y - row) > BAR_HEIGHT / 2:
            return ""
        span = self.bars.span(row, self._now_s)
        if span is None or not span[0] <= x <= span[1]:
            return ""
        run = self.bars.runs[row]
        end = f"{run.bar_end_s:.3f} s" if run.bar_end_s is not None else "still running"
        duration = span[1] - span[0]
        lines = [
            f"<b>{_escape(run.name)}</b> ({run.state.value})",
            f"pid: {run.pid if run.pid is not None else '?'}",
            f"start: {span[0]:.3f} s",
            f"end: {end}",
            f"duration: {duration:.3f} s",
            f"exit code: {describe_exitcode(run.exitcode) or 'not yet'}",
        ]
        return "<br>".join(lines)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        view = self.plot_item.getViewBox()
        if not view.sceneBoundingRect().contains(scene_pos):
            QToolTip.hideText()
            return
        point = view.mapSceneToView(scene_pos)
        text = self.tooltip_at(point.x(), point.y())
        if text:
            QToolTip.showText(QCursor.pos(), text, self.plot)
        else:
            QToolTip.hideText()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

