"""The first layout fits a 1366x768 screen with every column readable, and a small window keeps its plot."""
from PySide6.QtCore import QRect

from engine import WorkerSpec
from gui.panels.worker_table_model import HOST
from gui.panels.workers_panel import column_samples
from tests.gui.conftest import wait_for_run_end


def fit(window, qtbot, width, height):
    window.memory.fit_to_screen(QRect(0, 0, width, height))
    qtbot.waitUntil(lambda: window.width() <= width and window.height() <= height, timeout=2000)
    qtbot.wait(0)  # one turn of the event loop: the splitters lay their panels out


def run_seed_like(window, qtbot):
    window.model.set_specs([WorkerSpec("worker1", 0.1), WorkerSpec("worker2", 0.2), WorkerSpec("worker3", 0.3)])
    window.start_run()
    wait_for_run_end(qtbot, window)


def test_on_a_1366x768_screen_every_column_is_whole_and_the_log_has_room(window, qtbot):
    fit(window, qtbot, 1366, 768)
    run_seed_like(window, qtbot)
    table = window.workers.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert not table.horizontalScrollBar().isVisible()
    _assert_columns_whole(table)
    lines = window.log.viewport().height() / window.log.fontMetrics().lineSpacing()
    assert lines >= 12, f"the log shows {lines:.1f} lines"
    assert window.timeline.plot.width() >= 400 and window.timeline.plot.height() >= 300


def _assert_columns_whole(table) -> None:
    metrics = table.fontMetrics()
    shown = {column: samples for column, samples in column_samples().items() if not table.isColumnHidden(column)}
    for column, samples in shown.items():
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert right <= table.viewport().width(), f"column {column} is cut off"
        assert table.columnWidth(column) >= max(metrics.horizontalAdvance(text) for text in samples)


def test_on_a_cluster_the_host_column_is_whole_too(window, qtbot):
    fit(window, qtbot, 1366, 768)
    window.actions["runOnLocal"].trigger()  # Host instead of CPU and memory
    qtbot.wait(0)
    table = window.workers.table
    assert not table.isColumnHidden(HOST)
    assert not table.horizontalScrollBar().isVisible()
    _assert_columns_whole(table)
    assert window.timeline.plot.width() >= 400


def test_at_900x600_the_legend_and_explanation_leave_the_timeline_its_bars(window, qtbot):
    fit(window, qtbot, 900 + 40, 600 + 40)
    assert (window.width(), window.height()) == (900, 600)
    run_seed_like(window, qtbot)
    timeline = window.timeline
    assert not window.right_splitter.isAncestorOf(window.explanation)  # it sits under the table it explains
    qtbot.waitUntil(lambda: timeline._legend_box.geometry().height() > 0)
    legend = timeline._legend_box.geometry().height()
    assert legend <= 0.3 * timeline.plot.height(), f"legend {legend:.0f} px of a {timeline.plot.height()} px plot"
    assert timeline.plot_item.getViewBox().height() >= 0.55 * timeline.plot.height()
