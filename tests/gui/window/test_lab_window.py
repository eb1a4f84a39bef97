"""The lab in the window: kinds in the form, the abandoned lock, run(), fork, resources."""
import multiprocessing
import os
import warnings

import pytest

from engine import WorkerSpec
from gui.panels.worker_table_model import CPU, EXIT_CODE, KIND, MEMORY, PID, START_COST
from tests.gui.conftest import RUN_TIMEOUT_MS, wait_for_run_end


def cell(window, name, column):
    return window.model.index(window.model.names().index(name), column).data()


def add_from_form(window, name, kind, interval=0.5, **options):
    form = window.workers.form
    form.name_edit.setText(name)
    form.set_kind(kind)
    form.interval_spin.setValue(interval)
    if "messages" in options:
        form.messages_spin.setValue(options["messages"])
    if "crash" in options:
        form.crash_combo.setCurrentIndex(form.crash_combo.findData(options["crash"]))
    if "exit_status" in options:
        form.exit_status_spin.setValue(options["exit_status"])
    form.add_button.click()


def test_the_form_shows_only_the_options_of_the_chosen_kind(window):
    form = window.workers.form

    def visible():
        return {w.objectName() for w in (form.messages_spin, form.crash_combo, form.exit_status_spin)
                if w.isVisible()}

    assert visible() == set()
    form.set_kind("messages")
    assert visible() == {"workerMessagesSpin"}
    form.set_kind("crash")
    assert visible() == {"workerCrashCombo"}  # "exception" takes no exit status
    form.crash_combo.setCurrentIndex(form.crash_combo.findData("os._exit"))
    assert visible() == {"workerCrashCombo", "workerExitStatusSpin"}
    assert "crash" in form.kind_combo.toolTip() and "before it crashes" in form.interval_spin.toolTip()


def test_workers_of_every_kind_are_added_from_the_form(window):
    add_from_form(window, "s", "sleep")
    add_from_form(window, "c", "cpu")
    add_from_form(window, "l", "lock")
    add_from_form(window, "m", "messages", messages=7)
    add_from_form(window, "x", "crash", crash="sys.exit", exit_status=9)
    assert window.model.specs() == [
        WorkerSpec("s", 0.5), WorkerSpec("c", 0.5, "cpu"), WorkerSpec("l", 0.5, "lock"),
        WorkerSpec("m", 0.5, "messages", messages=7), WorkerSpec("x", 0.5, "crash", crash="sys.exit", exit_status=9),
    ]
    assert [cell(window, name, KIND) for name in "sclmx"] == [
        "sleep", "cpu", "lock", "messages ×7", "crash: sys.exit(9)"]
    assert "lock" in window.explanation.text() or "mixed" in window.explanation.text()


def test_a_lock_abandoned_by_a_killed_worker_is_reported_and_released(window, qtbot):
    # Three long holds: whoever gets the Lock first holds it while the other two wait.
    names = ["locker1", "locker2", "locker3"]
    window.model.set_specs([WorkerSpec(name, 30, "lock") for name in names])
    window.start_run()

    def one_holds_two_wait():
        assert window.bridge.session.lock_holder in names
        assert sum(bool(window.record.workers[n].lock_waits) for n in names) == 3
        holder = window.bridge.session.lock_holder
        assert all(window.record.workers[n].lock_waits[-1][1] is None for n in names if n != holder)

    qtbot.waitUntil(one_holds_two_wait, timeout=RUN_TIMEOUT_MS)
    holder = window.bridge.session.lock_holder
    waiters = [n for n in names if n != holder]
    window.workers.table.selectRow(names.index(holder))
    window.commands.kill_selected()

    banner = window.lock_banner
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=RUN_TIMEOUT_MS)
    text = banner.label.text()
    assert holder in text and "-9" in text and all(waiter in text for waiter in waiters)
    assert all(not window.record.workers[n].lock_holds for n in waiters)
    assert window.is_running()  # the window itself never waits on the lock

    banner.release_button.click()
    qtbot.waitUntil(lambda: any(window.record.workers[n].lock_holds for n in waiters), timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=RUN_TIMEOUT_MS)
    assert any(f"lock.release() called by ProcLab for {holder}" in line for line in window.log.lines())
    window.workers.table.clearSelection()
    window.commands.terminate_selected()
    wait_for_run_end(qtbot, window)
    holds = sorted(span for n in names for span in window.record.workers[n].lock_holds)
    assert len(holds) == 2 and holds[0][1] <= holds[1][0]  # the new holder came after the dead one
    assert window.record.workers[holder].exitcode == -9


def test_run_instead_of_start_runs_inside_the_window_process(window, qtbot):
    window.model.set_specs([WorkerSpec("here", 0.4), WorkerSpec("long", 60)])
    children_before = len(multiprocessing.active_children())
    window.workers.table.selectRow(0)
    with qtbot.waitSignal(window.bridge.sessionStarted, timeout=RUN_TIMEOUT_MS):
        window.controls.run_in_process_button.click()
    seen_children = []
    qtbot.waitUntil(lambda: seen_children.append(len(multiprocessing.active_children())) or
                    window.record.workers["here"].start_s is not None, timeout=RUN_TIMEOUT_MS)
    wait_for_run_end(qtbot, window)
    run = window.record.workers["here"]
    assert list(window.record.workers) == ["here"]  # only the selected worker, not "long"
    assert run.pid == os.getpid() and run.exitcode == 0 and run.duration_s() >= 0.35
    assert {e.pid for e in window.record.events} == {os.getpid()}
    assert set(seen_children) == {children_before}  # no process was created
    assert cell(window, "here", PID) == str(os.getpid())
    assert any(".run(), not start()" in line and f"pid {os.getpid()}" in line for line in window.log.lines())
    assert any(line.startswith(f"» run(): the work ran in pid {os.getpid()}, ProcLab's own")
               and "no process was created" in line
               for line in window.log.lines())


def test_choosing_fork_warns_and_asks_and_a_no_keeps_the_safe_method(window, qtbot, dialogs):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform has no fork start method")
    window.model.set_specs([WorkerSpec("forked", 0.2)])
    safe = window.bridge.start_method
    dialogs.answer = False
    window.set_start_method("fork")
    assert len(dialogs.questions) == 1 and "threads Qt runs" in dialogs.questions[0]
    assert window.bridge.start_method == safe and window.controls.start_method() == safe

    dialogs.answer = True
    window.set_start_method("fork")
    assert window.bridge.start_method == "fork" and window.controls.start_method() == "fork"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork of a threaded process
        window.start_run()
        wait_for_run_end(qtbot, window)
    assert len(dialogs.questions) == 2  # asked once when chosen, not again at Start
    assert window.record.workers["forked"].exitcode == 0
    assert window.status.method_label.text() == "start method: fork"


def test_fork_from_an_experiment_file_asks_at_start(window, dialogs, tmp_path):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform has no fork start method")
    path = tmp_path / "fork.json"
    path.write_text('{"schema_version": 2, "start_method": "fork", "workers": [{"name": "w", "interval": 0.1}]}',
                    encoding="utf-8")
    assert window.experiment.open(path) and window.bridge.start_method == "fork"
    dialogs.answer = False
    window.start_run()
    assert dialogs.questions and "Use fork anyway?" in dialogs.questions[-1]
    assert window.record is None and window.bridge.session is None  # a No starts nothing


def test_start_cost_cpu_and_memory_are_shown(window, qtbot):
    # Long enough for two psutil polls (the first only primes cpu_percent) on a slow machine;
    # terminated as soon as the figures are seen.
    window.model.set_specs([WorkerSpec("busy", 30, "cpu")])
    window.start_run()

    def sampled():
        assert cell(window, "busy", CPU).endswith("%")
        assert cell(window, "busy", MEMORY).endswith(" MB")
        assert cell(window, "busy", START_COST).endswith(" ms")

    qtbot.waitUntil(sampled, timeout=RUN_TIMEOUT_MS)
    cpu = float(cell(window, "busy", CPU).rstrip("%"))
    assert 5 <= cpu <= 110, cpu  # a busy worker uses up to one core
    assert float(cell(window, "busy", MEMORY).split()[0]) > 1
    window.commands.terminate_selected()
    wait_for_run_end(qtbot, window)
    assert window.record.workers["busy"].samples


def test_a_messages_worker_measures_a_round_trip_to_the_window(window, qtbot):
    window.model.set_specs([WorkerSpec("talker", 0.3, "messages", messages=4)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    run = window.record.workers["talker"]
    assert len(run.messages) == 4 and run.round_trip_ms is not None and run.round_trip_ms > 0
    assert any("ping/pong round trip to the window" in line for line in window.log.lines())


def test_crash_rows_decode_every_exit_code_and_the_survivor_finishes(window, qtbot):
    window.model.set_specs([
        WorkerSpec("survivor", 0.8),
        WorkerSpec("raises", 0.1, "crash"),
        WorkerSpec("exit1", 0.1, "crash", crash="sys.exit", exit_status=1),
        WorkerSpec("segv", 0.1, "crash", crash="segfault"),
    ])
    window.start_run()
    wait_for_run_end(qtbot, window)
    assert [cell(window, n, EXIT_CODE) for n in ("survivor", "raises", "exit1", "segv")] == [
        "0 (ok)", "1 (uncaught exception)", "1 (exit status 1)", "-11 (killed by SIGSEGV)"]
    assert any("[raises stderr] Traceback (most recent call last):" == line for line in window.log.lines())


def test_compare_mode_shows_threads_and_processes_stacked_and_saves_the_figures(window, qtbot, tmp_path):
    import json

    window.model.set_specs([WorkerSpec("a", 0.3), WorkerSpec("b", 0.3)])
    with qtbot.waitSignal(window.compare.finished, timeout=RUN_TIMEOUT_MS):
        window.actions["compare"].trigger()
        assert window.is_running() and not window.controls.start_button.isEnabled()
    qtbot.waitUntil(lambda: not window.is_running(), timeout=RUN_TIMEOUT_MS)
    assert [run.name for run in window.timeline.bars.runs] == [
        "threads · a", "threads · b", "processes · a", "processes · b"]
    assert window.shown.compare_label.isVisible()
    text = window.shown.compare_label.text()
    assert "threads:" in text and "processes:" in text and f"cpu_count() = {multiprocessing.cpu_count()}" in text
    assert window.controls.start_button.isEnabled()

    axis_label = window.timeline.plot_item.getAxis("bottom").labelText
    assert "threads:" in axis_label and "processes:" in axis_label  # exported images carry the figures
    image = tmp_path / "compare.png"
    assert window.run_files.export_timeline(image)
    figures = json.loads((tmp_path / "compare.compare.json").read_text(encoding="utf-8"))
    assert figures["cpu_count"] == multiprocessing.cpu_count()
    assert 0.25 <= figures["threads_wall_s"] <= 5 and 0.25 <= figures["processes_wall_s"] <= 5
    assert [worker["name"] for worker in figures["workers"]] == ["a", "b"]

    window.model.set_specs([WorkerSpec("c", 0.1)])
    window.start_run()  # a new run replaces the comparison
    assert not window.shown.compare_label.isVisible() and window.shown.comparison is None
    assert window.timeline.plot_item.getAxis("bottom").labelText == "seconds since Start"
    wait_for_run_end(qtbot, window)


def test_compare_mode_refuses_crash_workers_and_starts_nothing(window, dialogs):
    window.model.set_specs([WorkerSpec("ok", 0.1), WorkerSpec("boom", 0.1, "crash", crash="segfault")])
    window.compare_threads_and_processes()
    assert dialogs.errors and "crash" in dialogs.errors[-1]
    assert not window.is_running() and window.shown.comparison is None


def test_show_code_offers_the_experiment_as_a_script(window, qtbot):
    window.load_seed_example()
    dialog = window.experiment.show_code()
    qtbot.waitExposed(dialog)
    text = dialog.code_view.toPlainText()
    assert dialog.code_view.objectName() == "codeView"
    assert "Process(target=worker" in text and f"get_context({window.bridge.start_method!r})" in text.replace('"', "'")
    assert all(f'name="worker{n}"' in text for n in (1, 2, 3))
    assert "active_children()" in text and ".join()" in text
    dialog.close()


def test_closing_during_a_compare_asks_and_does_not_wait_for_it(window, qtbot, dialogs):
    import time

    window.model.set_specs([WorkerSpec("slow", 30)])
    with qtbot.waitSignal(window.compare.phaseStarted, timeout=RUN_TIMEOUT_MS):
        window.compare_threads_and_processes()
    dialogs.answer = False
    window.close()
    assert window.isVisible() and "comparison" in dialogs.questions[-1]
    dialogs.answer = True
    began = time.monotonic()
    window.close()
    assert not window.isVisible()
    assert time.monotonic() - began < 3  # the 30 s thread is left to end with the program
    assert not window.compare.is_running()


def test_closing_during_run_in_process_says_there_is_no_process_to_stop(window, qtbot, dialogs):
    import time

    window.model.set_specs([WorkerSpec("here", 5)])
    window.workers.table.selectRow(0)
    with qtbot.waitSignal(window.bridge.sessionStarted, timeout=RUN_TIMEOUT_MS):
        window.run_in_process()
    assert not window.controls.kill_button.isEnabled()  # run() has no process to signal
    began = time.monotonic()
    window.close()
    assert "no worker process" in dialogs.questions[-1]
    assert time.monotonic() - began < 3


def test_a_fork_from_a_file_is_confirmed_before_a_compare_too(window, dialogs, tmp_path):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform has no fork start method")
    path = tmp_path / "fork.json"
    path.write_text('{"schema_version": 2, "start_method": "fork", "workers": [{"name": "w", "interval": 0.1}]}',
                    encoding="utf-8")
    assert window.experiment.open(path)
    dialogs.answer = False
    window.compare_threads_and_processes()
    assert "Use fork anyway?" in dialogs.questions[-1]
    assert not window.compare.is_running()


def test_run_in_process_says_why_it_replaced_an_unfit_selection(window, qtbot):
    window.model.set_specs([WorkerSpec("long", 60), WorkerSpec("locker", 1, "lock")])
    window.workers.table.selectAll()
    with qtbot.waitSignal(window.bridge.sessionStarted, timeout=RUN_TIMEOUT_MS):
        window.run_in_process()
    assert list(window.record.workers) == ["run() demo"]
    assert any("none is selected, so it runs 'run() demo'" in line for line in window.log.lines())
    wait_for_run_end(qtbot, window)
