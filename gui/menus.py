"""The main window's menus and the file dialogs behind them."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from engine.presets import PRESET_DESCRIPTIONS

EXPERIMENT_FILTER = "ProcLab experiment (*.json);;All files (*)"
IMAGE_FILTERS = {"PNG image (*.png)": ".png", "SVG image (*.svg)": ".svg"}


def build_menus(window) -> dict[str, QAction]:
    """Creates File, Presets and Help menus on ``window``; returns the actions by name."""
    actions: dict[str, QAction] = {}

    def add(menu, key, text, slot, shortcut=None, tip=""):
        action = QAction(text, window)
        action.setObjectName(f"{key}Action")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(slot)
        menu.addAction(action)
        actions[key] = action
        return action

    file_menu = window.menuBar().addMenu("&File")
    add(file_menu, "open", "&Open experiment…", lambda: _open_experiment(window), QKeySequence.Open,
        "Load the worker list from a ProcLab experiment file (JSON)")
    add(file_menu, "save", "&Save experiment…", lambda: _save_experiment(window), QKeySequence.Save,
        "Save the worker list as a ProcLab experiment file (JSON)")
    file_menu.addSeparator()
    add(file_menu, "exportTimeline", "&Export timeline…", lambda: _export_timeline(window), "Ctrl+E",
        "Save the timeline as a PNG or SVG image")
    add(file_menu, "screenshot", "Save window &screenshot…", lambda: _save_screenshot(window), "Ctrl+Shift+S",
        "Save a PNG picture of the whole window")
    file_menu.addSeparator()
    add(file_menu, "quit", "&Quit", window.close, QKeySequence.Quit, "Close ProcLab (asks first if workers run)")

    lab_menu = window.menuBar().addMenu("&Lab")
    add(lab_menu, "compare", "&Compare threads vs processes", window.compare_threads_and_processes, "Ctrl+M",
        "Run the experiment with threading.Thread, then with multiprocessing.Process, and show both "
        "timelines, each wall time and the speedup (sleep, cpu, lock and messages workers)")
    add(lab_menu, "runInProcess", "&run() instead of start()", window.run_in_process, "Ctrl+Shift+R",
        "Call Process.run() on the selected sleep worker: it runs inside ProcLab, no new process")
    add(lab_menu, "showCode", "Show &code…", window.show_code, "Ctrl+Shift+C",
        "The experiment as a standalone Python 3 script using only multiprocessing and the standard library")

    presets_menu = window.menuBar().addMenu("&Presets")
    titles = {"seed": "Seed &example", "lock": "&Lock: take turns", "messages": "&Messages over Pipes",
              "crash": "&Crash in every way", "cpu": "C&PU-bound pair"}
    for number, (name, title) in enumerate(titles.items(), start=1):
        add(presets_menu, name, title, lambda _=False, name=name: window.load_preset(name), f"Ctrl+{number}",
            PRESET_DESCRIPTIONS[name])
    return actions


def _start_dir(window) -> str:
    return str(window.experiment_path.parent) if window.experiment_path else str(Path.cwd())


def _open_experiment(window) -> None:
    if not window._may_replace_experiment():
        return
    path, _ = QFileDialog.getOpenFileName(window, "Open experiment", _start_dir(window), EXPERIMENT_FILTER)
    if path:
        window.open_experiment(Path(path))


def _save_experiment(window) -> None:
    suggested = str(window.experiment_path or Path(_start_dir(window)) / "experiment.json")
    path, _ = QFileDialog.getSaveFileName(window, "Save experiment", suggested, EXPERIMENT_FILTER)
    if path:
        path = Path(path)
        window.save_experiment(path if path.suffix else path.with_suffix(".json"))


def _export_timeline(window) -> None:
    filters = ";;".join(IMAGE_FILTERS)
    path, chosen = QFileDialog.getSaveFileName(
        window, "Export timeline", str(Path(_start_dir(window)) / "timeline.png"), filters
    )
    if path:
        path = Path(path)
        if path.suffix.lower() not in IMAGE_FILTERS.values():
            path = path.with_suffix(IMAGE_FILTERS.get(chosen, ".png"))
        window.export_timeline(path)


def _save_screenshot(window) -> None:
    path, _ = QFileDialog.getSaveFileName(
        window, "Save window screenshot", str(Path(_start_dir(window)) / "proclab.png"), "PNG image (*.png)"
    )
    if path:
        path = Path(path)
        window.save_window_screenshot(path if path.suffix.lower() == ".png" else path.with_suffix(".png"))
