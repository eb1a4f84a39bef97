"""What the window shows is the current truth, or says plainly which past run it is."""
from engine import WorkerSpec
from tests.gui.conftest import RUN_TIMEOUT_MS, wait_for_run_end


def shown_names(window) -> list[str]:
    return [run.name for run in window.timeline.bars.runs]


def bars_drawn(window) -> int:
    return sum(window.timeline.bar_count().values())


def children_label_says(window, count: int):
    def check():
        assert window.status.children_label.text() == f"active_children() = {count}"
    return check


def test_active_children_follows_a_comparison_to_zero(window, qtbot):
    window.model.set_specs([WorkerSpec("a", 1.0), WorkerSpec("b", 1.0)])
    window.compare_threads_and_processes()
    qtbot.waitUntil(children_label_says(window, 2), timeout=RUN_TIMEOUT_MS)  # the processes phase
    qtbot.waitUntil(lambda: window.shown.comparison is not None, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(children_label_says(window, 0), timeout=2000)  # none is alive any more


def test_another_preset_replaces_the_old_run_and_comparison(window, qtbot, dialogs):
    window.model.set_specs([WorkerSpec("a", 0.1), WorkerSpec("b", 0.1)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    assert shown_names(window) == ["a", "b"] and bars_drawn(window) == 2
    window.compare_threads_and_processes()
    qtbot.waitUntil(lambda: window.shown.comparison is not None, timeout=RUN_TIMEOUT_MS)
    assert window.shown.compare_label.isVisible()

    window.load_preset("lock")
    assert not window.shown.compare_label.isVisible() and window.shown.comparison is None
    assert shown_names(window) == window.model.names() and bars_drawn(window) == 0  # the new workers, planned
    assert "·" not in window.timeline.plot_item.getAxis("bottom").labelText  # no comparison caption
    assert not window.progress.isVisible()  # it counted the old experiment's run
    assert window.shown.record() is None  # nothing of the old experiment to export as if it were this one
    assert not window.shown.past_run_label.isVisible()


def test_an_edit_after_a_run_says_which_run_the_timeline_shows(window, qtbot):
    window.model.set_specs([WorkerSpec("a", 0.1)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    assert not window.shown.past_run_label.isVisible()
    window.workers.form.name_edit.setText("b")
    window.workers.form.add_button.click()
    assert window.shown.past_run_label.isVisible() and "run 1" in window.shown.past_run_label.text()
    assert shown_names(window) == ["a"]  # still the run, and said to be the past one
    window.start_run()
    qtbot.waitUntil(lambda: not window.shown.past_run_label.isVisible(), timeout=RUN_TIMEOUT_MS)
    wait_for_run_end(qtbot, window)
    assert shown_names(window) == ["a", "b"]


def test_an_old_table_error_goes_with_the_next_change(window):
    window.model.set_specs([WorkerSpec("a", 1.0), WorkerSpec("b", 2.0)])
    form, model = window.workers.form, window.model
    assert not model.setData(model.index(0, 2), "0")
    assert "Row 1" in form.error_text() and form.error_label.isVisible()
    assert model.setData(model.index(1, 2), "3")  # a change that was accepted
    assert form.error_text() == "" and not form.error_label.isVisible()
    assert not model.setData(model.index(0, 0), "b")
    assert form.error_label.isVisible()
    window.load_preset("seed")
    assert not form.error_label.isVisible()
