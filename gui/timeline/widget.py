"""The live timeline: one row per worker, one bar from its start to its end,
with lock bands and marks over the bars and optional counter rows under them.
A watched script's run adds its tasks, Pipe messages, Queue and call marks
(``TimelineWatchMarks``), and its helper processes faded, or hidden."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCursor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsLinearLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine import RunRecord, WorkerState
from gui.i18n import N_, tr
from gui.theme import BACKGROUND, FOREGROUND, LEGEND_STATES, state_label

from .bars import BAR_HEIGHT, TimelineBars
from .host_groups import HostGroups
from .legend_fit import fit_legend
from .marks import MIN_MARK_ROW_PX, BandSample, TimelineMarks
from .row_axis import MAX_LABEL_PX, WATCH_MAX_LABEL_PX, RowAxis, TimeAxis
from .tooltips import TimelineTooltips
from .watch_marks import TimelineWatchMarks

#: The x range shown before anything has run, in seconds.
MIN_VISIBLE_SECONDS = 5.0
#: Following, the view widens to now x GROWTH once now passes REFILL_AT of it.
FOLLOW_GROWTH = 1.25
FOLLOW_REFILL_AT = 0.95
#: A run that has ended is shown whole: [0, its last time x FIT_MARGIN], however
#: short it was (a lesson that takes 0.1 s is not drawn as a sliver of 5 s).
FIT_MARGIN = 1.05
MIN_FIT_SECONDS = 0.01
#: The time axis' label.
TIME_AXIS_LABEL = N_("seconds since Start")


class TimelineWidget(QWidget):
    """A pyqtgraph plot of a ``RunRecord`` with a Follow toggle.

    ``show_run(record, now_s)`` redraws: one ``BarGraphItem`` per state
    colour is kept and given new arrays, so a redraw costs the same whatever
    the history. Running bars end at ``now_s``. Lock bands, the start
    method's cost and marks (``TimelineMarks``) are drawn over the bars the
    same way: a few items for all rows, fed only the rows that changed.
    """

    followChosen = Signal(bool)  # the user clicked Follow (a run turning it on is no choice)
    helpersShownChanged = Signal(bool)  # helper processes' rows were shown or hidden

    def __init__(self, parent=None):
        super().__init__(parent)
        self.row_axis = RowAxis()
        self.plot = pg.PlotWidget(background=BACKGROUND,
                                  axisItems={"left": self.row_axis, "bottom": TimeAxis(BACKGROUND)})
        self.plot.setObjectName("timelinePlot")
        self.plot.setToolTip("")  # bars explain themselves on hover
        self.plot.setAccessibleName(tr("Timeline of worker processes"))
        self.plot_item = self.plot.getPlotItem()
        self._style_axes()
        self.bars = TimelineBars(self.plot_item)
        self.marks = TimelineMarks(self.plot_item)
        self.watch = TimelineWatchMarks(self.plot_item)
        self.hosts = HostGroups(self.plot_item)
        self.bars.layers += [self.marks, self.watch, self.hosts]
        self._tooltips = TimelineTooltips(self.bars, self.marks, self.plot_item, self.watch)
        self._legend, self._marks_legend = self._make_legends()
        self._legend_kinds: tuple = ()
        self.counters = None  # CounterPlots, made when first shown

        self.follow_check = QCheckBox(tr("&Follow"), objectName="followCheck")
        self.follow_check.setChecked(True)
        self.follow_check.setToolTip(
            tr("Keep the newest time in view. Zooming or panning (mouse wheel, drag) turns this off.")
        )
        self.counters_check = QCheckBox(tr("CPU && memory rows"), objectName="countersCheck")
        self.counters_check.setToolTip(
            tr("Show psutil cpu_percent() and memory_info().rss of each live worker, "
               "polled about once a second, under the timeline")
        )
        self._counters_tip = self.counters_check.toolTip()
        hint = QLabel(tr("Wheel: zoom · Drag: pan"))
        hint.setStyleSheet("color: #666;")
        hint.setToolTip(tr("Right-click the plot for view options, e.g. View All"))
        controls = QHBoxLayout()
        controls.addWidget(self.follow_check)
        controls.addWidget(self.counters_check)
        controls.addStretch(1)
        controls.addWidget(hint)
        #: The plot and, when shown, the counter rows: what export_target() gives.
        self.plots_box = QWidget(objectName="timelinePlots")
        self._plots_layout = QVBoxLayout(self.plots_box)
        self._plots_layout.setContentsMargins(0, 0, 0, 0)
        self._plots_layout.setSpacing(0)
        self._plots_layout.addWidget(self.plot, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plots_box, 1)
        layout.addLayout(controls)

        self._record: RunRecord | None = None
        self._now_s = 0.0
        self._follow_end: float | None = None
        self._followed: tuple[float, int] | None = None
        view = self.plot_item.getViewBox()
        view.sigRangeChangedManually.connect(self._on_range_changed_manually)
        view.sigRangeChanged.connect(self._on_view_changed)
        view.sigResized.connect(self._on_view_changed)
        self.follow_check.toggled.connect(self._on_follow_toggled)
        self.follow_check.clicked.connect(self.followChosen)
        self.counters_check.toggled.connect(self.set_counters_visible)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._apply_follow()

    # -- setup -----------------------------------------------------------

    def _style_axes(self) -> None:
        item = self.plot_item
        item.setLabel("bottom", tr(TIME_AXIS_LABEL))
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
        self.row_axis.setTickFont(font)  # the axis sizes itself to the names

    def _make_legends(self) -> tuple[pg.LegendItem, pg.LegendItem]:
        """Above the plot, where the title would go, so they never hide a bar:
        one row of states, and under it one row of the bands and marks the
        record has (a plain run has no lock bands or messages to explain)."""
        states = pg.LegendItem(colCount=len(LEGEND_STATES), labelTextColor=FOREGROUND, verSpacing=-6)
        marks = pg.LegendItem(colCount=1, labelTextColor=FOREGROUND, verSpacing=-6)
        box = pg.GraphicsWidget()
        rows = QGraphicsLinearLayout(Qt.Vertical, box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(0)
        for legend in (states, marks):
            # Fixed: as big as its entries, centred, not stretched over the row
            legend.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
            legend.layout.setContentsMargins(6, 2, 6, 2)
            rows.addItem(legend)
            rows.setAlignment(legend, Qt.AlignHCenter)
        layout = self.plot_item.layout
        layout.removeItem(self.plot_item.titleLabel)
        self.plot_item.titleLabel.hide()
        layout.addItem(box, 0, 1, alignment=Qt.AlignHCenter)
        self._legend_box = box
        return states, marks

    def _update_legends(self) -> None:
        """Only what the timeline draws now: the states its bars have, its bands and marks
        (all five states and every mark would take half a small window's plot)."""
        counts = self.bars.counts()
        states = tuple(state for state in LEGEND_STATES if counts.get(state))
        kinds = self.marks.kinds_drawn()
        watch_kinds = self.watch.kinds_drawn()
        helpers = self.bars.dimmed_count() > 0
        if (states, kinds, watch_kinds, helpers) == self._legend_kinds:
            return
        self._legend_kinds = (states, kinds, watch_kinds, helpers)
        self._legend.clear()
        for state in states:
            self._legend.addItem(self.bars.items[state], state_label(state))
        self._marks_legend.clear()
        for label, sample in [*self.marks.legend_entries(kinds), *self.watch.legend_entries(watch_kinds)]:
            self._marks_legend.addItem(sample, label)
        if helpers:
            faded = next(item for item in self.bars.dimmed_items.values() if len(item.opts["x0"]))
            self._marks_legend.addItem(BandSample(faded, BAR_HEIGHT), tr("helper process"))
        self._fit_legends()

    def legend_labels(self) -> list[str]:
        """The words of every legend entry shown: states, then bands and marks."""
        return [label.text for legend in (self._legend, self._marks_legend) for _, label in legend.items]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legends()

    def _fit_legends(self) -> None:
        """The legend rows set the plot's minimum width: wrap them when narrow."""
        room = self.width() - self.row_axis.axis_width() - 20
        for legend in (self._legend, self._marks_legend):
            fit_legend(legend, room)
        self._legend_box.layout().invalidate()
        self._legend_box.updateGeometry()
        # The plot was resized (by this widget's layout, before this event) while
        # its minimum width was the old legend's, and kept that: fit it again.
        self.plot.resizeEvent(None)

    # -- counter rows ----------------------------------------------------

    def set_counters_visible(self, visible: bool) -> None:
        """Show or hide the CPU % and memory rows under the timeline."""
        if self.counters_check.isChecked() != visible:
            self.counters_check.setChecked(visible)  # comes back here through toggled
            return
        if visible and self.counters is None:
            from .counters import CounterPlots

            self.counters = CounterPlots(self.plot_item.getViewBox())
            self.counters.set_left_width(self.row_axis.axis_width())
            self._plots_layout.addWidget(self.counters, 2)
        if self.counters is not None:
            self.counters.setVisible(visible)
            if visible:
                self.counters.show_run(self._record)

    def counters_visible(self) -> bool:
        return self.counters is not None and self.counters_check.isChecked()

    def set_cluster(self, cluster: bool) -> None:
        """Runs go to a Dask cluster: the CPU and memory rows cannot be sampled, and say why."""
        if cluster:
            self.counters_check.setChecked(False)
            self.counters_check.setToolTip(tr(
                "Not on a cluster: psutil samples processes of this machine only, and the workers run on the "
                "Dask workers' machines"))
        else:
            self.counters_check.setToolTip(self._counters_tip)
        self.counters_check.setEnabled(not cluster)

    def set_caption(self, caption: str | None) -> None:
        """Add ``caption`` to the time axis' label (exports carry it); None: the plain label."""
        label = tr(TIME_AXIS_LABEL)
        self.plot_item.setLabel("bottom", f"{label} · {caption}" if caption else label)

    def set_show_helpers(self, show: bool) -> None:
        """Give the processes multiprocessing starts for itself (forkserver, resource
        tracker) faded rows (the default), or no rows at all. The window's View menu
        offers the choice (and keeps it between launches)."""
        if show == self.bars.show_helpers:
            return
        self.bars.set_show_helpers(show)
        if self._record is not None:
            self.show_run(self._record, self._now_s)
        self.helpersShownChanged.emit(show)

    def show_helpers(self) -> bool:
        """Whether helper processes have rows."""
        return self.bars.show_helpers

    def export_target(self) -> QWidget:
        """What to export as "the timeline": the plot, or with the counter rows
        shown, the plot and the counter rows together (one picture, x aligned)."""
        return self.plots_box if self.counters_visible() else self.plot

    # -- drawing ---------------------------------------------------------

    def show_planned(self, names: list[str]) -> None:
        """Before a run: one empty row per worker of the experiment."""
        self.show_run(RunRecord.for_names(0, names), 0.0)

    def show_run(self, record: RunRecord | None, now_s: float) -> None:
        """Draw ``record`` as it stands at ``now_s`` seconds since Start.

        Call it as often as you like: only rows with new events are
        re-derived, and only colours that changed are handed new arrays.
        """
        self._record = record
        self._now_s = now_s
        rows_changed = self.bars.sync(record)
        appended_from = self.bars.appended_from
        relabelled = self.bars.relabelled
        if rows_changed or relabelled:
            width = self.row_axis.axis_width()
            labels = self.bars.labels
            if rows_changed and appended_from is None:
                self.row_axis.set_names(labels)
            else:
                if relabelled:  # a watched process's pid or parent became known
                    self.row_axis.relabel({row: labels[row] for row in relabelled})
                if rows_changed:  # new workers after the shown ones: name just those
                    self.row_axis.append_names(labels[appended_from:])
            self._update_helpers()
            if self.row_axis.axis_width() != width:  # longer or shorter names
                self._fit_legends()
                if self.counters is not None:
                    self.counters.set_left_width(self.row_axis.axis_width())
        if rows_changed:
            self.plot_item.getViewBox().setLimits(yMin=-1, yMax=max(len(self.bars.runs), 1))
        self.bars.draw(now_s)
        # Appended rows change the rows shown, not the time: keep the x range's step.
        self._apply_follow(recompute=rows_changed and appended_from is None)
        self._update_detail()
        self.marks.draw(now_s)
        self.watch.draw(now_s)
        self.hosts.draw(now_s)
        self._update_legends()
        if self.counters_visible():
            self.counters.show_run(record)

    def _update_helpers(self) -> None:
        """Fade the helper rows' labels; give a watched script's labels the room they need."""
        self.row_axis.set_dimmed_rows(self.bars.helper_rows)
        self.row_axis.set_max_label_px(WATCH_MAX_LABEL_PX if self.bars.watched else MAX_LABEL_PX)

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
        if self._run_has_ended():
            end = max(self._now_s, MIN_FIT_SECONDS) * FIT_MARGIN
        elif recompute or end is None or self._now_s > end * FOLLOW_REFILL_AT:
            end = max(MIN_VISIBLE_SECONDS, self._now_s * FOLLOW_GROWTH)
        if (end, rows) != self._followed:
            self._follow_end, self._followed = end, (end, rows)
            self.plot_item.getViewBox().setRange(xRange=(0.0, end), yRange=(-0.5, rows - 0.5), padding=0.02)

    def _run_has_ended(self) -> bool:
        record = self._record
        return record is not None and bool(record.workers) and record.all_exited()

    def _row_px(self) -> float:
        view = self.plot_item.getViewBox()
        low, high = view.viewRange()[1]
        return view.height() / max(abs(high - low), 1e-9)

    def _update_detail(self) -> None:
        """Marks only where rows are tall enough to hold them, and near the view."""
        detail = self._row_px() >= MIN_MARK_ROW_PX
        rows = sorted(self.plot_item.getViewBox().viewRange()[1])
        for layer in (self.marks, self.watch):
            layer.set_detail(detail)
            layer.set_view_rows(*rows)

    def _on_view_changed(self, *_args) -> None:
        self._update_detail()
        for layer in (self.marks, self.watch):
            if layer.needs_draw():
                layer.draw(self._now_s)

    def bar_count(self) -> dict[WorkerState, int]:
        """How many bars each colour draws now (for tests and benchmarks)."""
        return self.bars.counts()

    def mark_count(self) -> dict[str, int]:
        """How many lock bands, start costs and marks of each kind are drawn."""
        return self.marks.counts()

    def watch_count(self) -> dict[str, int]:
        """How many task bands, Pipe lines, and Pipe, Queue and call marks are drawn."""
        return self.watch.counts()

    def set_following(self, follow: bool) -> None:
        """Keep the newest time in view (as the Follow box does), or leave the view where it is."""
        self.follow_check.setChecked(follow)

    def tooltip_at(self, x: float, y: float) -> str:
        """The hover text for the point (``x`` seconds, row ``y``), or ""."""
        return self._tooltips.tooltip_at(x, y, self._now_s, self._record)

    # -- interaction -----------------------------------------------------

    def _on_range_changed_manually(self, *_args) -> None:
        self.follow_check.setChecked(False)

    def _on_follow_toggled(self, checked: bool) -> None:
        self._followed = None  # the user moved the view: set it again when following
        if checked:
            self._apply_follow(recompute=True)

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
