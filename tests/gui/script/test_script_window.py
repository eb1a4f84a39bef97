"""A script in the window: opened (menu, drop, lessons), run watched with real processes, stopped, saved."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog

from engine import WorkerState
from engine.files.event_log import write_events_jsonl
from gui.dialogs.run_question import RunUnsavedBox
from gui.dialogs.save_question import SaveAnswer
from gui.panels.worker_table_model import ALIVE, EXIT_CODE, HELPER_COLOUR, INTERVAL, KIND, NAME, PID, STATE
from gui.script.lessons import LESSONS_DIR
from tests.gui.conftest import RUN_TIMEOUT_MS, wait_for_run_end

LESSON = LESSONS_DIR / "en" / "03_three_workers.py"

TWO_CHILDREN = '''\
import multiprocessing
import sys


def work(code):
    print("child says", code, flush=True)
    sys.exit(code)


if __name__ == "__main__":
    children = [multiprocessing.Process(target=work, args=(code,), name=f"child{code}") for code in (0, 3)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print("main done", [child.exitcode for child in children], flush=True)
'''

SLEEPERS = '''\
import multiprocessing
import time


def sleep():
    print("asleep", flush=True)
    time.sleep(60)


if __name__ == "__main__":
    children = [multiprocessing.Process(target=sleep, name=f"sleeper{n}") for n in (1, 2)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print("all joined", flush=True)
'''


def write_script(folder: Path, text: str, name: str = "demo.py") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(window) -> dict[str, dict[int, str]]:
    """The table as shown: per row name, the text of each column."""
    model = window.model
    return {model.index(row, NAME).data(): {column: model.index(row, column).data()
                                            for column in (KIND, PID, ALIVE, STATE, EXIT_CODE)}
            for row in range(model.rowCount())}


def output(window) -> list[str]:
    return [line for line in window.log.lines() if line.startswith("[")]


def run_to_end(qtbot, window, timeout=RUN_TIMEOUT_MS):
    window.actions["runScript"].trigger()
    qtbot.waitUntil(lambda: window.record is not None and window.bridge.watching, timeout=timeout)
    wait_for_run_end(qtbot, window, timeout)


@pytest.fixture
def run_answers(monkeypatch):
    """Answers "Run an edited script?" by clicking the named button of the real box; records the texts."""
    state = {"answer": "save", "asked": []}

    def answer(box, *args):
        state["asked"].append(box.text())
        buttons = {"save": box.save_button, "saved_file": box.saved_file_button,
                   "cancel": box.button(box.StandardButton.Cancel)}
        buttons[state["answer"]].click()
        return 0

    monkeypatch.setattr(RunUnsavedBox, "exec", answer)
    return state


# -- showing a script ---------------------------------------------------------------

def test_a_script_takes_the_left_side_and_closing_it_gives_the_experiment_back(window, tmp_path):
    window.load_seed_example()
    script = write_script(tmp_path, TWO_CHILDREN)
    assert window.open_script(script)
    assert window.script_pane.isVisible() and window.script_pane.text() == TWO_CHILDREN
    assert window.script_pane.editor.isReadOnly()
    assert window.windowTitle() == "demo.py · seed example — ProcLab".replace("seed example", window.experiment.name())
    # The table waits for the script's processes; what makes the experiment is out of the way.
    assert window.model.watching and window.model.rowCount() == 0
    assert window.model.headerData(KIND, Qt.Horizontal) == "Role"
    assert window.workers.table.isColumnHidden(INTERVAL)
    assert not window.workers.form.isVisible() and not window.explanation.isVisible()
    assert not window.controls.start_button.isVisible() and window.controls.stop_button.isVisible()
    assert window.actions["runScript"].isEnabled()
    assert window.actions["runScript"].shortcut() == QKeySequence("Ctrl+R")
    assert window.controls.start_button.shortcut().isEmpty()
    assert not window.actions["compare"].isEnabled()

    window.script_pane.close_button.click()
    assert not window.script_pane.isVisible() and not window.model.watching
    assert window.model.names() == ["worker1", "worker2", "worker3"] and window.model.rowCount() == 3
    assert window.status.children_label.text() == "active_children() = 0"
    assert window.workers.form.isVisible() and window.controls.start_button.isVisible()
    assert window.controls.start_button.shortcut() == QKeySequence("Ctrl+R")
    assert not window.actions["runScript"].isEnabled() and window.actions["runScript"].shortcut().isEmpty()
    assert window.windowTitle() == f"{window.experiment.name()} — ProcLab"


def test_file_open_script_asks_for_a_file_and_refuses_one_it_cannot_show(window, dialogs, monkeypatch, tmp_path):
    script = write_script(tmp_path, "print('hello')\n")
    chosen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(chosen.pop(0)), ""))
    assert window.actions["openScript"].shortcut() == QKeySequence("Ctrl+Shift+P")
    chosen.append(script)
    window.actions["openScript"].trigger()
    assert window.script_pane.path == script
    assert window.settings.last_folder("script") == tmp_path

    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\x00\x01")
    chosen.append(binary)
    window.actions["openScript"].trigger()
    assert dialogs.errors == [f"{binary}: a binary file (it holds NUL bytes), not a Python script"]
    assert window.script_pane.path == script  # what was shown stays


def drop(window, *paths: Path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    return event


def test_a_python_file_dropped_on_the_window_opens_and_nothing_else_does(window, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hi")
    script = write_script(tmp_path, "print('dropped')\n")
    assert window.acceptDrops()
    assert not drop(window, text).isAccepted()
    assert not drop(window, script, script).isAccepted()  # two files: which one?
    assert not window.script_pane.isVisible()
    assert drop(window, script).isAccepted()
    assert window.script_pane.isVisible() and window.script_pane.path == script


def test_the_lessons_menu_lists_the_lessons_and_opens_one_read_only(window):
    menu = window.findChild(type(window.menuBar().actions()[0].menu()), "lessonsMenu")
    titles = [action.text() for action in menu.actions()]
    assert len(titles) == len(list((LESSONS_DIR / "en").glob("*.py"))) == 11
    assert titles[2] == "Lesson 3: three workers side by side"
    assert all(action.toolTip() for action in menu.actions())
    menu.actions()[2].trigger()
    assert window.script_pane.path == LESSON and window.script_pane.lesson
    assert window.script_pane.path_label.text() == "03_three_workers.py (lesson)"


def test_the_lessons_menu_speaks_the_window_language(qapp, qtbot, dialogs, tmp_path):
    from gui.i18n import install_translator, remove_translators
    from gui.window.main_window import MainWindow
    from tests.gui.conftest import make_settings

    assert install_translator(qapp, "zh_CN") == "zh_CN"
    try:
        window = MainWindow(settings=make_settings(tmp_path / "zh.ini"))
        qtbot.addWidget(window)
        menu = window.findChild(type(window.menuBar().actions()[0].menu()), "lessonsMenu")
        assert menu.actions()[2].text() == "第 3 课：三个 worker 同时运行"
        menu.actions()[2].trigger()
        assert window.script_pane.path == LESSONS_DIR / "zh_CN" / "03_three_workers.py"
        window.shutdown()
    finally:
        remove_translators(qapp)


def test_ctrl_s_in_the_script_saves_the_script_not_the_experiment(window, qtbot, monkeypatch, tmp_path):
    def no_dialog(*args, **kwargs):
        raise AssertionError("Ctrl+S in the script asked where to save the experiment")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_dialog)
    script = write_script(tmp_path, "print(1)\n")
    window.open_script(script)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.script_pane.edit_button.click()
    assert window.script_pane.editor.hasFocus()
    qtbot.keyClicks(window.script_pane.editor, "x = 2")
    assert window.windowTitle().startswith("demo.py* · ")
    qtbot.keyClick(window.script_pane.editor, Qt.Key_S, Qt.ControlModifier)
    assert script.read_text(encoding="utf-8") == "x = 2print(1)\n"
    assert window.windowTitle().startswith("demo.py · ")


def test_a_lesson_s_copy_is_offered_in_the_user_s_folder_not_among_the_lessons(window, monkeypatch, tmp_path):
    window.settings.set_last_folder("script", tmp_path)
    offered = []

    def save_dialog(parent, title, suggested, *args, **kwargs):
        offered.append(suggested)
        return str(tmp_path / "mine.py"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.scripts.open_lesson(LESSON)
    window.script_pane.save_button.click()
    assert offered == [str(tmp_path / LESSON.name)]
    assert (tmp_path / "mine.py").read_bytes() == LESSON.read_bytes()
    assert window.script_pane.path == tmp_path / "mine.py" and not window.script_pane.lesson
    assert window.windowTitle().startswith("mine.py · ")


def test_closing_the_window_asks_about_an_edited_script(window, dialogs, tmp_path):
    script = write_script(tmp_path, "print(1)\n")
    window.open_script(script)
    window.script_pane.set_editing(True)
    window.script_pane.editor.insertPlainText("# edited\n")
    dialogs.save_answer = SaveAnswer.CANCEL
    assert not window.close()
    assert dialogs.save_questions == ["Save the changes to demo.py before closing?"]
    dialogs.save_answer = SaveAnswer.SAVE
    assert window.close()
    assert script.read_text(encoding="utf-8") == "# edited\nprint(1)\n"


def test_a_preset_takes_the_table_back_from_a_script_after_asking(window, dialogs, tmp_path):
    window.open_script(write_script(tmp_path, "print(1)\n"))
    window.script_pane.set_editing(True)
    window.script_pane.editor.insertPlainText("# edited\n")
    dialogs.save_answer = SaveAnswer.CANCEL
    window.actions["lock"].trigger()
    assert window.script_pane.isVisible() and window.model.watching  # nothing changed
    dialogs.save_answer = SaveAnswer.DISCARD
    window.actions["lock"].trigger()
    assert not window.script_pane.isVisible() and not window.model.watching
    assert len(window.model.specs()) > 0 and window.model.rowCount() == len(window.model.specs())


# -- running it ----------------------------------------------------------------------------

def test_run_script_shows_every_process_with_its_real_exit_code(window, qtbot, tmp_path):
    window.open_script(write_script(tmp_path, TWO_CHILDREN))
    run_to_end(qtbot, window)
    shown = rows(window)
    assert shown["MainProcess"][KIND] == "main" and shown["MainProcess"][EXIT_CODE] == "0 (ok)"
    assert shown["child0"][KIND] == "Process" and shown["child0"][EXIT_CODE] == "0 (ok)"
    assert shown["child3"][STATE] == "failed" and shown["child3"][EXIT_CODE].startswith("3")
    for name in ("MainProcess", "child0", "child3"):
        assert int(shown[name][PID]) == window.record.workers[name].pid and shown[name][ALIVE] == "no"
    assert sorted(output(window)) == sorted(["[child0] child says 0", "[child3] child says 3",
                                             "[MainProcess] main done [0, 3]"])
    assert window.log.lines()[-1] == "» run 1: the script and every process it started ended"
    assert window.log.lines()[0].startswith(f"» run 1: demo.py, run by {sys.executable}")
    assert window.timeline.bar_count()[WorkerState.FAILED] >= 1
    assert window.progress.label.text() == "3 of 3 ended: 2 finished, 1 failed"
    assert window.status.children_label.text() == "processes alive: 0"
    # Read-only: a script's processes are what its code made.
    index = window.model.index(0, NAME)
    assert not window.model.flags(index) & Qt.ItemIsEditable
    assert not window.model.setData(index, "renamed")
    assert window.actions["runScript"].isEnabled() and window.script_pane.run_button.isEnabled()


def test_the_start_method_chosen_for_scripts_is_used_and_helpers_are_dimmed(window, qtbot, start_method, tmp_path):
    window.settings.set_script_start_method(start_method)
    window.open_script(write_script(tmp_path, TWO_CHILDREN))
    assert window.status.method_label.text() == f"start method: {start_method}"
    run_to_end(qtbot, window)
    shown = rows(window)
    assert shown["child0"][EXIT_CODE] == "0 (ok)" and shown["child3"][EXIT_CODE].startswith("3")
    assert window.status.method_label.text() == f"start method: {start_method}"
    helpers = [row for row, name in enumerate(window.model.row_names()) if window.record.workers[name].helper]
    if start_method == "forkserver":
        assert helpers, "the forkserver is a row of its own"
    for row in helpers:
        assert window.model.index(row, KIND).data() == "helper"
        assert window.model.index(row, NAME).data(Qt.ForegroundRole) == QColor(HELPER_COLOUR)
        assert "a helper multiprocessing started for itself" in window.model.index(row, NAME).data(Qt.ToolTipRole)


def test_ctrl_r_runs_the_script_and_the_pane_is_locked_while_it_runs(window, qtbot, tmp_path):
    window.open_script(write_script(tmp_path, SLEEPERS))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_R, Qt.ControlModifier)
    qtbot.waitUntil(lambda: output(window).count("[sleeper1] asleep") == 1 and "[sleeper2] asleep" in output(window),
                    timeout=RUN_TIMEOUT_MS)
    assert window.is_running()
    qtbot.waitUntil(lambda: window.status.children_label.text() == "processes alive: 3")  # main and two sleepers
    assert not window.script_pane.run_button.isEnabled() and not window.script_pane.edit_button.isEnabled()
    assert not window.script_pane.close_button.isEnabled() and not window.scripts.close()
    assert not window.actions["openScript"].isEnabled() and not window.actions["lessons"].isEnabled()
    assert window.controls.stop_button.isEnabled()
    window.controls.stop_button.click()
    wait_for_run_end(qtbot, window)
    shown = rows(window)
    assert window.record.workers["MainProcess"].exitcode == -15
    assert shown["MainProcess"][EXIT_CODE] == "-15 (killed by SIGTERM)" and shown["MainProcess"][STATE] == "terminated"
    for name in ("sleeper1", "sleeper2"):
        # A child its own parent reaped just before the parent died has an exit code nobody could
        # report: the run says "unknown" (None), and the table says so rather than leave a blank.
        code = window.record.workers[name].exitcode
        assert code in (-15, None), (name, code)
        assert shown[name][EXIT_CODE] == ("-15 (killed by SIGTERM)" if code == -15 else "unknown")
    assert "all joined" not in " ".join(output(window))
    assert any(line.startswith("» stop: SIGTERM to every process of demo.py") for line in window.log.lines())


def test_closing_the_window_during_a_run_asks_and_ends_every_process_of_the_script(window, dialogs, qtbot,
                                                                                  tmp_path):
    window.open_script(write_script(tmp_path, SLEEPERS))
    window.run_script()
    assert window.is_running()  # before any process has said hello: the script is starting
    qtbot.waitUntil(lambda: {"[sleeper1] asleep", "[sleeper2] asleep"} <= set(output(window)),
                    timeout=RUN_TIMEOUT_MS)
    pids = [run.pid for run in window.record.workers.values()]
    dialogs.answer = False
    assert not window.close()
    assert dialogs.questions == ["The script demo.py is still running.\n"
                                 "Stop every process it started (terminate, then kill after 1 s) and close?"]
    assert window.is_running()
    dialogs.answer = True
    assert window.close()
    for pid in pids:  # gone, not only signalled: the no-leftover check after the test looks too
        qtbot.waitUntil(lambda pid=pid: not _alive(pid), timeout=5000)


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_terminate_and_kill_act_on_the_selected_process_only(window, qtbot, tmp_path):
    window.open_script(write_script(tmp_path, SLEEPERS))
    window.run_script()
    qtbot.waitUntil(lambda: {"[sleeper1] asleep", "[sleeper2] asleep"} <= set(output(window)),
                    timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.model.rowCount() >= 3)
    names = window.model.row_names()
    window.workers.table.selectRow(names.index("sleeper1"))
    assert window.workers.selected_names() == ["sleeper1"]
    window.controls.terminate_button.click()
    qtbot.waitUntil(lambda: window.record.workers["sleeper1"].exitcode == -15, timeout=RUN_TIMEOUT_MS)
    assert window.record.workers["sleeper2"].exit_s is None and window.is_running()
    window.workers.table.selectRow(window.model.row_names().index("sleeper2"))
    window.controls.kill_button.click()
    qtbot.waitUntil(lambda: window.record.workers["sleeper2"].exitcode == -9, timeout=RUN_TIMEOUT_MS)
    wait_for_run_end(qtbot, window)  # main's join() returns: the script ends by itself
    assert "[MainProcess] all joined" in output(window)
    assert window.record.workers["MainProcess"].exitcode == 0


def test_running_an_edited_script_asks_first(window, qtbot, run_answers, tmp_path):
    script = write_script(tmp_path, "print('saved version', flush=True)\n")
    window.open_script(script)
    window.script_pane.set_editing(True)
    window.script_pane.editor.selectAll()
    window.script_pane.editor.insertPlainText("print('edited version', flush=True)\n")

    run_answers["answer"] = "cancel"
    window.run_script()
    assert run_answers["asked"] == ["demo.py has changes that are not saved. Save them before it runs?"]
    assert window.record is None and not window.is_running()

    run_answers["answer"] = "saved_file"
    run_to_end(qtbot, window)
    assert output(window) == ["[MainProcess] saved version"]
    assert window.script_pane.modified and "saved version" in script.read_text(encoding="utf-8")

    run_answers["answer"] = "save"
    run_to_end(qtbot, window)
    assert output(window)[-1] == "[MainProcess] edited version"
    assert not window.script_pane.modified and "edited version" in script.read_text(encoding="utf-8")
    assert len(run_answers["asked"]) == 3


def test_a_script_that_is_gone_is_refused_with_the_reason(window, dialogs, tmp_path):
    script = write_script(tmp_path, "print(1)\n")
    window.open_script(script)
    script.unlink()
    window.run_script()
    assert len(dialogs.errors) == 1 and "no such script" in dialogs.errors[0]
    assert not window.is_running() and window.actions["runScript"].isEnabled()


def test_the_process_limit_stops_a_script_that_starts_too_many(window, qtbot, tmp_path):
    window.settings.set_process_limit(3)
    window.open_script(write_script(tmp_path, SLEEPERS.replace("(1, 2)", "range(1, 31)")))
    run_to_end(qtbot, window)
    assert any("the script started more than 3 processes" in line for line in window.log.lines())
    assert not window.bridge.any_alive()


def test_a_watched_run_read_back_never_shows_or_runs_a_script(window, qtbot, tmp_path):
    window.open_script(write_script(tmp_path, TWO_CHILDREN))
    run_to_end(qtbot, window)
    events = tmp_path / "watched.jsonl"
    write_events_jsonl(events, list(window.record.events), window.record.t0_ns)
    window.script_pane.close_button.click()
    assert window.run_files.open_run(events)
    assert window.shown.replay is not None
    assert not window.script_pane.isVisible() and not window.is_running()
    assert window.presenter.run_number == 1  # nothing ran again
    assert window.shown.replay.record.workers["MainProcess"].exitcode == 0
    assert set(window.shown.replay.record.workers) == {"MainProcess", "child0", "child3"}


# -- settings ---------------------------------------------------------------------------------

def test_show_helper_processes_is_one_choice_in_the_menu_and_on_the_timeline(window):
    action = window.actions["showHelpers"]
    assert action.isCheckable() and action.isChecked()
    action.trigger()
    assert not window.settings.show_helpers() and not window.timeline.show_helpers()
    window.timeline.set_show_helpers(True)  # however the timeline is told, View's item follows
    assert window.timeline.show_helpers()
    assert action.isChecked() and window.settings.show_helpers()
