"""The whole app through main(), in a subprocess: a second QApplication in
one process would abort."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import main

app = QApplication(["proclab"])
def report():
    windows = [w for w in app.topLevelWidgets() if w.isVisible()]
    for w in windows:
        print(type(w).__name__, w.objectName(), w.windowTitle())
    app.closeAllWindows()
QTimer.singleShot(500, report)
sys.exit(main.main([]))
"""


def test_main_opens_the_window_and_exits_cleanly():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "MainWindow mainWindow untitled — ProcLab" in result.stdout


def test_main_module_imports_no_qt_at_top_level():
    code = "import sys, main; print(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_freeze_support_is_the_first_statement_under_the_main_guard():
    import ast

    tree = ast.parse((ROOT / "main.py").read_text())
    guard = next(node for node in tree.body if isinstance(node, ast.If)
                 and "__main__" in ast.unparse(node.test))
    assert ast.unparse(guard.body[0]) == "multiprocessing.freeze_support()"
