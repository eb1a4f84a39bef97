"""Settings across launches, progress, About, and runs kept in files (trace, CSV, replay)."""
import json

from PySide6.QtWidgets import QFrame

from engine import WorkerSpec
from gui.dialogs.about_dialog import versions
from tests.gui.conftest import make_settings, wait_for_run_end


def new_window(qtbot, path, **kwargs):
    from gui.window.main_window import MainWindow

    window = MainWindow(settings=make_settings(path), **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_settings_are_remembered_across_launches(qtbot, tmp_path, dialogs):
    ini = tmp_path / "proclab.ini"
    first = new_window(qtbot, ini)
    first.resize(first.width() - 37, first.height() - 23)
    size = first.size()
    first.set_start_method("spawn")
    first.timeline.follow_check.click()  # the user turns Follow off
    first.splitter.setSizes([300, 811])
    sizes = first.splitter.sizes()
    experiment = tmp_path / "lab.json"
    first.load_preset("lock")
    assert first.experiment.save(experiment)
    first.close()

    second = new_window(qtbot, ini)
    try:
        assert second.size() == size
        assert second.splitter.sizes() == sizes
        assert second.bridge.start_method == "spawn" and second.controls.start_method() == "spawn"
        assert not second.timeline.follow_check.isChecked()
        recent = [action.toolTip() for action in second.experiment.recent_menu.actions()]
        assert recent == [str(experiment.resolve())]
        second.experiment.recent_menu.actions()[0].trigger()
        assert second.experiment.path == experiment.resolve() or second.experiment.path == experiment
        assert [spec.kind for spec in second.model.specs()] == ["lock"] * 3
    finally:
        second.shutdown()


def test_a_recent_experiment_that_is_gone_is_dropped_with_a_message(window, tmp_path, dialogs):
    path = tmp_path / "gone.json"
    window.load_seed_example()
    assert window.experiment.save(path)
    path.unlink()
    assert not window.experiment.open_recent(path)
    assert "gone" in dialogs.errors[-1]
    assert window.settings.recent_experiments() == []
    assert window.model.names() == ["worker1", "worker2", "worker3"]


def test_the_command_line_start_method_wins_over_the_remembered_one(qtbot, tmp_path):
    ini = tmp_path / "p.ini"
    make_settings(ini).set_start_method("spawn")
    window = new_window(qtbot, ini, start_method="forkserver")
    try:
        assert window.bridge.start_method == "forkserver"
    finally:
        window.shutdown()


def test_choosing_a_language_is_remembered_and_says_when_it_applies(window):
    window.actions["language_zh_CN"].trigger()
    assert window.settings.language() == "zh_CN"
    assert "next time" in window.statusBar().currentMessage()
    window.actions["language_system"].trigger()
    assert window.settings.language() is None


def test_progress_says_ended_and_counts_each_state(window, qtbot):
    """Ended is not finished: a failed and a killed worker are counted as what they are."""
    window.model.set_specs([WorkerSpec("quick", 0.1), WorkerSpec("boom", 0.2, "crash", crash="sys.exit"),
                            WorkerSpec("stuck", 60, "stubborn")])
    window.start_run()
    qtbot.waitUntil(lambda: window.progress.label.text() == "2 of 3 ended: 1 finished, 1 failed", timeout=20000)
    assert window.progress.isVisible() and window.progress.bar.value() == 2 and window.progress.bar.maximum() == 3
    window.commands.kill_selected()  # none selected: all
    wait_for_run_end(qtbot, window)
    assert window.progress.label.text() == "3 of 3 ended: 1 finished, 1 failed, 1 killed"


def test_one_worker_is_one_process_in_the_words(window, qtbot, dialogs):
    window.model.set_specs([WorkerSpec("only", 60)])
    window.start_run()
    qtbot.waitUntil(lambda: window.model.status("only") is not None and window.model.status("only").alive,
                    timeout=20000)
    assert any("run 1: starting 1 worker with" in line for line in window.log.lines())
    dialogs.answer = False
    assert not window.close()
    assert dialogs.questions[-1].startswith("1 worker process is still running.\nStop it")
    window.commands.kill_selected()
    wait_for_run_end(qtbot, window)


def test_status_messages_end_before_the_counters(window, qtbot):
    """Each counter in the status bar has a line before it, so a message cannot run into it."""
    bar = window.statusBar()
    window.statusBar().showMessage("Saved a rather long file name to a folder far away " * 3)
    status = window.status
    permanent = [window.progress.label, status.place_label, status.method_label, status.cpu_label,
                 status.children_label]
    window.model.set_specs([WorkerSpec("a", 0.1)])
    window.start_run()  # the progress shows
    assert window.progress.isVisible()
    separators = [child for child in bar.findChildren(QFrame, "statusSeparator")]
    assert len(separators) == len(permanent)
    for separator, widget in zip(separators, permanent):
        assert separator.isVisible()
        left = separator.mapTo(window, separator.rect().topRight()).x()
        assert left <= widget.mapTo(window, widget.rect().topLeft()).x()
    window.progress.show_record(None)  # no run: no progress, and no line for it
    assert not any(separator.isVisible() for separator in separators[:1])
    wait_for_run_end(qtbot, window)


def test_about_names_every_version(window, qtbot):
    from gui.window.menus import show_about

    dialog = show_about(window)
    qtbot.waitExposed(dialog)
    text = dialog.versions_label.text()
    for name in ("ProcLab", "Python", "Qt", "PySide6", "pyqtgraph"):
        assert f"<b>{name}</b>" in text and versions()[name] in text
    dialog.close()


def test_a_run_exported_as_trace_and_csv_opens_again_as_a_read_only_replay(window, qtbot, tmp_path, dialogs):
    window.model.set_specs([WorkerSpec("a", 0.2), WorkerSpec("b", 0.3, "lock")])
    window.start_run()
    wait_for_run_end(qtbot, window)
    trace, csv = tmp_path / "run.trace.json", tmp_path / "run.csv"
    assert window.run_files.export_trace(trace) and window.run_files.export_events_csv(csv)
    assert json.loads(trace.read_text(encoding="utf-8"))["traceEvents"]
    assert csv.read_text(encoding="utf-8").splitlines()[0].startswith("t,kind,worker,pid")

    window.model.set_specs([WorkerSpec("other", 1.0)])  # the experiment is not touched by a replay
    assert window.run_files.open_run(trace)
    assert window.shown.replay_label.isVisible() and "run.trace.json" in window.windowTitle()
    assert [run.name for run in window.timeline.bars.runs] == ["a", "b"]
    assert window.model.names() == ["other"]
    exits = {name: run.exitcode for name, run in window.shown.replay.record.workers.items()}
    assert exits == {"a": 0, "b": 0}


def test_a_damaged_run_file_is_refused_and_the_view_stays(window, qtbot, tmp_path, dialogs):
    window.model.set_specs([WorkerSpec("a", 0.1)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    trace = tmp_path / "run.trace.json"
    assert window.run_files.export_trace(trace)
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(trace.read_bytes()[: trace.stat().st_size // 2])
    title = window.windowTitle()
    assert not window.run_files.open_run(damaged)
    assert "damaged.json" in dialogs.errors[-1]
    assert window.shown.replay is None and not window.shown.replay_label.isVisible()
    assert window.windowTitle() == title
    assert [run.name for run in window.timeline.bars.runs] == ["a"]


def test_a_replay_stays_whole_when_the_experiment_changes(window, qtbot, tmp_path):
    window.model.set_specs([WorkerSpec("a", 0.1)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    trace = tmp_path / "a.trace.json"
    assert window.run_files.export_trace(trace)
    fresh = new_window(qtbot, tmp_path / "fresh.ini")  # no run of its own
    try:
        assert fresh.run_files.open_run(trace)
        fresh.load_preset("seed")
        assert [run.name for run in fresh.timeline.bars.runs] == ["a"]  # still the replay, as title and label say
        assert fresh.shown.replay_label.isVisible() and "a.trace.json" in fresh.windowTitle()
        again = tmp_path / "again.trace.json"
        assert fresh.run_files.export_trace(again)
        assert '"a"' in again.read_text(encoding="utf-8")
    finally:
        fresh.shutdown()


def test_a_replay_cut_at_a_line_end_is_shown_but_said_to_be_incomplete(window, qtbot, tmp_path):
    from engine.files.event_log import write_events_jsonl

    window.model.set_specs([WorkerSpec("a", 0.1), WorkerSpec("b", 0.1)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    events = tmp_path / "run.jsonl"
    write_events_jsonl(events, window.record.events, window.record.t0_ns)
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(line for line in lines if '"exit"' not in line), encoding="utf-8")
    assert window.run_files.open_run(cut)
    assert "never exited" in window.shown.replay_label.text()


def test_open_recent_cannot_swap_the_table_during_a_run(window, qtbot, tmp_path):
    path = tmp_path / "other.json"
    window.model.set_specs([WorkerSpec("x", 0.1)])
    assert window.experiment.save(path)
    window.model.set_specs([WorkerSpec("long", 2.0)])
    window.start_run()
    assert not window.experiment.recent_menu.isEnabled()
    assert not window.experiment.open_recent(path)
    assert window.model.names() == ["long"]
    window.commands.terminate_selected()
    wait_for_run_end(qtbot, window)
    assert window.experiment.recent_menu.isEnabled()


def test_only_the_users_own_choices_are_remembered(qtbot, tmp_path):
    ini = tmp_path / "p.ini"
    experiment = tmp_path / "spawn.json"
    experiment.write_text('{"schema_version": 2, "start_method": "spawn", "workers": []}', encoding="utf-8")
    first = new_window(qtbot, ini)
    try:
        assert first.experiment.open(experiment) and first.bridge.start_method == "spawn"
        first.timeline.follow_check.click()  # the user turns Follow off
        first.timeline.follow_check.setChecked(True)  # a run turning it back on is not a choice
    finally:
        first.close()
    settings = make_settings(ini)
    assert settings.start_method() is None  # the file's method was not the user's choice
    assert settings.follow() is False


def test_export_dialogs_add_the_suffix_and_remember_the_folder(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window.model.set_specs([WorkerSpec("a", 0.1)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    answers = iter([str(tmp_path / "t"), str(tmp_path / "e"), str(tmp_path / "shot.jpg")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (next(answers), ""))
    window.actions["exportTrace"].trigger()  # File → Export trace…, as the menu runs it
    window.actions["exportEvents"].trigger()
    window.actions["screenshot"].trigger()
    assert (tmp_path / "t.json").is_file() and (tmp_path / "e.csv").is_file() and (tmp_path / "shot.png").is_file()
    assert window.settings.last_folder("export") == tmp_path
