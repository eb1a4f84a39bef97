"""The main window's menus and the file dialogs behind them."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog

from engine.lab.presets import PRESET_DESCRIPTIONS
from gui.i18n import N_, available_languages, tr

#: Languages View → Language offers: (code or None for the system's, label shown).
LANGUAGES = ((None, N_("System language")), *available_languages())


def experiment_filter() -> str:
    return tr("ProcLab experiment (*.json);;All files (*)")


def image_filters() -> dict[str, str]:
    return {tr("PNG image (*.png)"): ".png", tr("SVG image (*.svg)"): ".svg"}


def run_filter() -> str:
    return tr("ProcLab run (*.json *.jsonl);;Perfetto trace (*.json);;Events (*.jsonl);;All files (*)")


def build_menus(window) -> dict[str, QAction]:
    """Creates File, Lab, Presets, View and Help menus on ``window``; returns the actions by name."""
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

    file_menu = window.menuBar().addMenu(tr("&File"))
    add(file_menu, "open", tr("&Open experiment…"), lambda: _open_experiment(window), QKeySequence.Open,
        tr("Load the worker list from a ProcLab experiment file (JSON)"))
    window.recent_menu = file_menu.addMenu(tr("Open &recent"))
    window.recent_menu.setObjectName("recentMenu")
    window.recent_menu.setToolTipsVisible(True)
    add(file_menu, "save", tr("&Save experiment…"), lambda: save_experiment_as(window), QKeySequence.Save,
        tr("Save the worker list as a ProcLab experiment file (JSON)"))
    file_menu.addSeparator()
    add(file_menu, "openRun", tr("Open r&un…"), lambda: _open_run(window), "Ctrl+Shift+O",
        tr("Look at a run saved earlier (a trace or events file ProcLab wrote), read-only"))
    add(file_menu, "exportTimeline", tr("&Export timeline…"), lambda: _export_timeline(window), "Ctrl+E",
        tr("Save the timeline as a PNG or SVG image"))
    add(file_menu, "exportTrace", tr("Export &trace…"), lambda: _export_trace(window), "Ctrl+Shift+E",
        tr("Save the run as a Chrome/Perfetto trace (JSON) that ui.perfetto.dev opens"))
    add(file_menu, "exportEvents", tr("Export events as &CSV…"), lambda: _export_csv(window), None,
        tr("Save every event of the run as a CSV table"))
    add(file_menu, "screenshot", tr("Save window &screenshot…"), lambda: _save_screenshot(window),
        "Ctrl+Shift+S", tr("Save a PNG picture of the whole window"))
    file_menu.addSeparator()
    add(file_menu, "quit", tr("&Quit"), window.close, QKeySequence.Quit,
        tr("Close ProcLab (asks first if workers run)"))

    lab_menu = window.menuBar().addMenu(tr("&Lab"))
    add(lab_menu, "compare", tr("&Compare threads vs processes"), window.compare_threads_and_processes, "Ctrl+M",
        tr("Run the experiment with threading.Thread, then with multiprocessing.Process, and show both "
           "timelines, each wall time and the speedup (sleep, cpu, lock and messages workers)"))
    add(lab_menu, "runInProcess", tr("&run() instead of start()"), window.run_in_process, "Ctrl+Shift+R",
        tr("Call Process.run() on the selected sleep worker: it runs inside ProcLab, no new process"))
    add(lab_menu, "showCode", tr("Show &code…"), window.show_code, "Ctrl+Shift+C",
        tr("The experiment as a standalone Python 3 script using only multiprocessing and the standard library"))

    presets_menu = window.menuBar().addMenu(tr("&Presets"))
    titles = {"seed": tr("Seed &example"), "lock": tr("&Lock: take turns"), "messages": tr("&Messages over Pipes"),
              "crash": tr("&Crash in every way"), "cpu": tr("C&PU-bound pair")}
    for number, (name, title) in enumerate(titles.items(), start=1):
        add(presets_menu, name, title, lambda _=False, name=name: window.load_preset(name), f"Ctrl+{number}",
            tr(PRESET_DESCRIPTIONS[name]))

    view_menu = window.menuBar().addMenu(tr("&View"))
    language_menu = view_menu.addMenu(tr("&Language"))
    language_menu.setObjectName("languageMenu")
    language_menu.setToolTipsVisible(True)
    group = QActionGroup(window)
    for code, label in LANGUAGES:
        key = f"language_{code or 'system'}"
        action = add(language_menu, key, tr(label) if code is None else label,
                     lambda _=False, code=code: window.set_language(code), None,
                     tr("Applies the next time ProcLab starts"))
        action.setCheckable(True)
        action.setChecked(code == window.settings.language())
        group.addAction(action)

    help_menu = window.menuBar().addMenu(tr("&Help"))
    add(help_menu, "guide", tr("&Getting started"), window.show_guide, QKeySequence.HelpContents,
        tr("A short guide: the seed example step by step, and the README's sections (F1)"))
    add(help_menu, "about", tr("&About ProcLab"), window.show_about, None,
        tr("ProcLab's version and the versions of Python, Qt, PySide6 and pyqtgraph it runs on"))
    return actions


def _start_dir(window, purpose: str) -> Path:
    folder = window.settings.last_folder(purpose)
    if folder is not None:
        return folder
    return window.experiment_path.parent if window.experiment_path else Path.cwd()


def _remember(window, purpose: str, path: Path) -> None:
    window.settings.set_last_folder(purpose, path)


def _open_experiment(window) -> None:
    if not window._may_replace_experiment():
        return
    path, _ = QFileDialog.getOpenFileName(window, tr("Open experiment"), str(_start_dir(window, "experiment")),
                                          experiment_filter())
    if path:
        _remember(window, "experiment", Path(path))
        window.open_experiment(Path(path))


def save_experiment_as(window) -> bool:
    """Ask where, then save; False when the dialog was cancelled or the save failed."""
    suggested = window.experiment_path or _start_dir(window, "experiment") / "experiment.json"
    path, _ = QFileDialog.getSaveFileName(window, tr("Save experiment"), str(suggested), experiment_filter())
    if not path:
        return False
    path = Path(path)
    _remember(window, "experiment", path)
    return window.save_experiment(path if path.suffix else path.with_suffix(".json"))


def _open_run(window) -> None:
    path, _ = QFileDialog.getOpenFileName(window, tr("Open run"), str(_start_dir(window, "run")), run_filter())
    if path:
        _remember(window, "run", Path(path))
        window.open_run(Path(path))


def _export_timeline(window) -> None:
    filters = image_filters()
    path, chosen = QFileDialog.getSaveFileName(
        window, tr("Export timeline"), str(_start_dir(window, "export") / "timeline.png"), ";;".join(filters)
    )
    if path:
        path = Path(path)
        if path.suffix.lower() not in filters.values():
            path = path.with_suffix(filters.get(chosen, ".png"))
        _remember(window, "export", path)
        window.export_timeline(path)


def _export_file(window, title: str, default_name: str, file_filter: str, suffix: str, save,
                 force_suffix: bool = False) -> None:
    """Ask where to save one export; add ``suffix`` when the name has none (or, forced, another one)."""
    path, _ = QFileDialog.getSaveFileName(window, title, str(_start_dir(window, "export") / default_name), file_filter)
    if path:
        path = Path(path)
        if not path.suffix or (force_suffix and path.suffix.lower() != suffix):
            path = path.with_suffix(suffix)
        _remember(window, "export", path)
        save(path)


def _export_trace(window) -> None:
    _export_file(window, tr("Export trace"), "run.trace.json", tr("Perfetto trace (*.json);;All files (*)"),
                 ".json", window.export_trace)


def _export_csv(window) -> None:
    _export_file(window, tr("Export events as CSV"), "events.csv", tr("CSV table (*.csv);;All files (*)"),
                 ".csv", window.export_events_csv)


def _save_screenshot(window) -> None:
    _export_file(window, tr("Save window screenshot"), "proclab.png", tr("PNG image (*.png)"), ".png",
                 window.save_window_screenshot, force_suffix=True)


def fill_recent_menu(window, paths: list[Path]) -> None:
    """File → Open recent: one entry per experiment, newest first, Ctrl+Alt+1.. for the first ones."""
    menu = window.recent_menu
    menu.clear()
    for number, path in enumerate(paths, start=1):
        action = QAction(f"&{number} {path.name}" if number < 10 else path.name, menu)
        action.setToolTip(str(path))
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _=False, path=path: window.open_recent_experiment(path))
        menu.addAction(action)
    menu.setEnabled(bool(paths))
