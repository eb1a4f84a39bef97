"""``proclab SCRIPT.py``: the window opens showing the script (it runs only when asked); commands keep working."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.arguments import parse_arguments

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "resources" / "lessons" / "en" / "03_three_workers.py"

PROBE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import main

app = QApplication(["proclab"])
def report():
    for w in app.topLevelWidgets():
        if w.objectName() == "mainWindow":
            print("title:", w.windowTitle())
            print("pane:", w.script_pane.isVisible(), w.script_pane.path_label.text())
            print("running:", w.is_running(), w.record is None)
    app.closeAllWindows()
QTimer.singleShot(500, report)
sys.exit(main.main(sys.argv[1:]))
"""


def test_a_script_path_is_the_window_s_script():
    args = parse_arguments([str(LESSON)])
    assert args.command is None and args.window_script == str(LESSON)
    args = parse_arguments(["--start-method", "spawn", str(LESSON)])
    assert args.window_script == str(LESSON) and args.start_method == "spawn"
    assert parse_arguments(["--", str(LESSON)]).window_script == str(LESSON)
    assert parse_arguments([]).window_script is None


def test_commands_are_still_commands():
    run = parse_arguments(["run", "--preset", "seed"])
    assert run.command == "run" and run.window_script is None
    watch = parse_arguments(["watch", str(LESSON), "--tag"])
    assert watch.command == "watch" and watch.script == str(LESSON) and watch.window_script is None


@pytest.mark.parametrize("argv, message", [
    (["missing.py"], "missing.py: no such script, and no command of that name (run, watch)"),
    ([str(LESSON), str(LESSON)], "the window shows one script"),
])
def test_what_cannot_be_shown_is_refused_before_any_window(argv, message, capsys):
    with pytest.raises(SystemExit) as caught:
        parse_arguments(argv)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_proclab_script_opens_the_window_with_the_script_shown_and_not_running(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), LANGUAGE="en",
               LC_ALL="C.UTF-8")
    result = subprocess.run([sys.executable, "-c", PROBE, str(LESSON)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "title: 03_three_workers.py · untitled — ProcLab" in result.stdout
    assert "pane: True 03_three_workers.py" in result.stdout
    assert "running: False True" in result.stdout  # shown, never run by being named
