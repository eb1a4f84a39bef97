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
    print("icon sizes:", sorted(size.width() for size in app.windowIcon().availableSizes()))
    print("dask loaded:", any(m.split(".")[0] in ("distributed", "dask") for m in sys.modules))
    app.closeAllWindows()
QTimer.singleShot(500, report)
sys.exit(main.main([]))
"""


def run_probe(tmp_path, **env_vars):
    # Settings go to a private folder: the test never touches the user's own.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), **env_vars)
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_main_opens_the_window_and_exits_cleanly(tmp_path):
    result = run_probe(tmp_path, LANGUAGE="en", LC_ALL="C.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "MainWindow mainWindow untitled — ProcLab" in result.stdout
    assert "icon sizes: [16, 24, 32, 48, 64, 128, 256" in result.stdout  # the app icon, every size
    assert "dask loaded: False" in result.stdout  # only a cluster run loads it
    assert (tmp_path / "ProcLab" / "ProcLab.conf").is_file()  # settings were saved on close


def test_main_follows_a_chinese_system_locale(tmp_path):
    result = run_probe(tmp_path, LANGUAGE="zh_CN", LANG="zh_CN.UTF-8", LC_ALL="")
    assert result.returncode == 0, result.stderr
    assert "MainWindow mainWindow 未命名 — ProcLab" in result.stdout


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


def test_a_local_run_and_its_workers_import_nothing_of_dask(tmp_path):
    """-X importtime is passed on to the forkserver and spawned workers: every
    module any process of the run imports is listed on stderr."""
    config = tmp_path / "quick.json"
    config.write_text('{"schema_version": 2, "workers": [{"name": "a", "interval": 0.1},'
                      ' {"name": "b", "interval": 0.1, "kind": "lock"}]}')
    for method in ("forkserver", "spawn"):
        result = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), "run", str(config),
                                 "--start-method", method],
                                cwd=ROOT, capture_output=True, text=True, timeout=60,
                                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        assert result.returncode == 0, result.stderr[-2000:]
        imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                    if line.startswith("import time:")]
        assert "engine.worker.worker_main" in imported  # the list covers the workers
        assert "engine.cluster" not in imported
        assert not [name for name in imported if name.split(".")[0] in ("distributed", "dask")], method
