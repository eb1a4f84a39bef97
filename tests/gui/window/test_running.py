"""Start, watch, join, terminate, kill and close, with real processes."""
import signal

from engine import WorkerSpec, WorkerState
from engine.lab.presets import seed_example
from gui.panels.worker_table_model import ALIVE, EXIT_CODE, PID, STATE
from gui.theme import STATE_COLOURS
from tests.gui.conftest import RUN_TIMEOUT_MS, wait_for_run_end


def cell(window, name, column):
    row = window.model.names().index(name)
    return window.model.index(row, column).data()


def output_lines(window):
    return [line for line in window.log.lines() if line.startswith("[")]


def wait_started(qtbot, window, *names):
    def started():
        assert window.record is not None
        for name in names:
            assert window.record.workers[name].start_s is not None
            assert cell(window, name, ALIVE) == "yes"

    qtbot.waitUntil(started, timeout=RUN_TIMEOUT_MS)


def test_seed_example_runs_and_is_shown_in_table_timeline_and_log(window, qtbot):
    window.load_seed_example()
    window.controls.start_button.click()
    wait_started(qtbot, window, "worker1", "worker2", "worker3")
    assert not window.controls.start_button.isEnabled()
    assert not window.workers.form.isEnabled()
    assert window.timeline.bar_count()[WorkerState.RUNNING] == 3
    assert window.status.children_label.text() == "active_children() = 3"
    wait_for_run_end(qtbot, window)

    expected = [f"[{s.name}] work {s.name} {when}" for s in seed_example() for when in ("start", "end")]
    assert sorted(output_lines(window)) == sorted(expected)
    assert window.log.lines()[-1] == "» run 1: all workers ended"  # after every line of the run
    ends = [line for line in output_lines(window) if line.endswith(" end")]
    assert ends == ["[worker1] work worker1 end", "[worker2] work worker2 end", "[worker3] work worker3 end"]
    for spec in seed_example():
        assert cell(window, spec.name, STATE) == "finished"
        assert cell(window, spec.name, EXIT_CODE) == "0 (ok)"
        assert cell(window, spec.name, ALIVE) == "no"
        assert int(cell(window, spec.name, PID)) > 0
        run = window.record.workers[spec.name]
        assert abs(run.duration_s() - spec.interval) < 0.3
    assert window.timeline.bar_count()[WorkerState.FINISHED] == 3
    bar_ends = sorted(window.record.workers.values(), key=lambda run: run.end_s)
    assert [run.name for run in bar_ends] == ["worker1", "worker2", "worker3"]
    qtbot.waitUntil(lambda: window.status.children_label.text() == "active_children() = 0")
    assert window.controls.start_button.isEnabled()


def test_hover_text_names_the_worker_and_its_times(window, qtbot):
    window.model.set_specs([WorkerSpec("hover", 0.2)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    run = window.record.workers["hover"]
    text = window.timeline.tooltip_at((run.start_s + run.end_s) / 2, 0)
    for part in ("hover", f"pid: {run.pid}", f"start: {run.start_s:.3f} s", f"end: {run.end_s:.3f} s",
                 "duration: 0.2", "exit code: 0 (ok)"):
        assert part in text
    assert window.timeline.tooltip_at(run.end_s + 5, 0) == ""
    assert window.timeline.tooltip_at(run.start_s + 0.1, 1) == ""


def test_join_with_timeout_reports_who_is_still_alive(window, qtbot):
    window.model.set_specs([WorkerSpec("short", 0.2), WorkerSpec("long", 60)])
    window.start_run()
    wait_started(qtbot, window, "short", "long")
    assert window.controls.join_timeout_spin.value() == 1.0  # the default
    window.controls.join_button.click()
    qtbot.waitUntil(lambda: "» join(timeout=1.0) returned; long still alive" in window.log.lines(),
                    timeout=RUN_TIMEOUT_MS)
    assert cell(window, "long", ALIVE) == "yes"
    assert cell(window, "short", STATE) == "finished"


def test_terminate_selected_then_kill_the_rest_others_keep_running(window, qtbot):
    window.model.set_specs([WorkerSpec("termed", 60), WorkerSpec("killed", 60), WorkerSpec("survivor", 1.5)])
    window.start_run()
    wait_started(qtbot, window, "termed", "killed", "survivor")

    window.workers.table.selectRow(0)
    window.controls.terminate_button.click()
    qtbot.waitUntil(lambda: cell(window, "termed", STATE) == "terminated", timeout=RUN_TIMEOUT_MS)
    assert cell(window, "termed", EXIT_CODE) == f"-{int(signal.SIGTERM)} (killed by SIGTERM)"
    assert "» terminate() sent SIGTERM to termed" in window.log.lines()

    window.workers.table.selectRow(1)
    window.controls.kill_button.click()
    qtbot.waitUntil(lambda: cell(window, "killed", STATE) == "killed", timeout=RUN_TIMEOUT_MS)
    assert cell(window, "killed", EXIT_CODE) == f"-{int(signal.SIGKILL)} (killed by SIGKILL)"
    assert cell(window, "survivor", ALIVE) == "yes"  # one dead worker takes no other down

    wait_for_run_end(qtbot, window)
    assert cell(window, "survivor", STATE) == "finished"
    counts = window.timeline.bar_count()
    assert counts[WorkerState.TERMINATED] == counts[WorkerState.KILLED] == counts[WorkerState.FINISHED] == 1


def test_kill_with_nothing_selected_acts_on_all(window, qtbot):
    window.model.set_specs([WorkerSpec("a", 60), WorkerSpec("b", 60)])
    window.start_run()
    wait_started(qtbot, window, "a", "b")
    window.workers.table.clearSelection()
    window.controls.kill_button.click()
    wait_for_run_end(qtbot, window)
    assert [cell(window, name, STATE) for name in ("a", "b")] == ["killed", "killed"]
    assert window.controls.start_button.isEnabled() and not window.controls.kill_button.isEnabled()


def test_closing_while_running_asks_then_stops_every_worker(window, qtbot, dialogs):
    window.model.set_specs([WorkerSpec("a", 60), WorkerSpec("b", 60)])
    window.start_run()
    wait_started(qtbot, window, "a", "b")
    session = window.bridge.session

    dialogs.answer = False
    assert not window.close()
    assert window.isVisible() and window.bridge.any_alive()
    assert "2 worker processes are still running" in dialogs.questions[-1]

    dialogs.answer = True
    assert window.close()
    assert window.bridge.session is None
    assert session.all_ended() and not any(status.alive for status in session.statuses())


def test_closing_when_idle_asks_nothing(window, dialogs):
    window.load_seed_example()
    assert window.close()
    assert dialogs.questions == []


def test_a_second_run_starts_fresh(window, qtbot):
    window.model.set_specs([WorkerSpec("again", 0.1)])
    for _ in range(2):
        window.start_run()
        wait_for_run_end(qtbot, window)
    assert window.timeline.bar_count()[WorkerState.FINISHED] == 1
    assert output_lines(window).count("[again] work again end") == 2
    assert "» run 2: all workers ended" in window.log.lines()


def test_bar_colours_come_from_the_theme():
    assert len(set(STATE_COLOURS.values())) == len(STATE_COLOURS)


def test_editing_after_a_run_does_not_show_old_results_on_new_rows(window, qtbot):
    window.model.set_specs([WorkerSpec("a", 0.05), WorkerSpec("b", 0.05)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    assert cell(window, "b", STATE) == "finished"
    window.workers.table.selectRow(1)
    window.workers.remove_button.click()
    window.workers.form.name_edit.setText("b")
    window.workers.form.add_button.click()
    window.presenter.poll_now()  # what the poll timer does: it must not bring the old status back
    assert cell(window, "b", STATE) == "not started" and cell(window, "b", PID) == ""
