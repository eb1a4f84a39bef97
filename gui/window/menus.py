"""The main window's menus, each action wired to a public slot, and the Help menu's dialogs."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from engine.lab.presets import PRESET_DESCRIPTIONS
from gui.dialogs.about_dialog import AboutDialog
from gui.dialogs.guide_dialog import GuideDialog
from gui.i18n import N_, available_languages, current_language, tr
from gui.script.lessons import lessons

from .experiment_files import ExperimentFiles
from .remembered import WindowMemory
from .run_files import RunFiles
from .script_files import ScriptFiles

#: Languages View → Language offers: (code or None for the system's, label shown).
LANGUAGES = ((None, N_("System language")), *available_languages())


def build_menus(window: QMainWindow, experiment: ExperimentFiles, run_files: RunFiles,
                memory: WindowMemory, scripts: ScriptFiles) -> dict[str, QAction]:
    """Creates File, Lab, Presets, View and Help menus on ``window``; returns the actions by name.

    ``window`` gives the menu bar and the Lab, Presets and View slots
    (``close``, ``compare_threads_and_processes``, ``run_in_process``, ``choose_run_place``,
    ``show_code``, ``load_preset``, ``load_seed_example``, ``run_script``,
    ``set_show_helpers``) and the settings. The Lessons submenu's action is
    "lessons"; Run script's key is set while a script is shown.
    """
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
    add(file_menu, "open", tr("&Open experiment…"), experiment.ask_open, QKeySequence.Open,
        tr("Load the worker list from a ProcLab experiment file (JSON)"))
    file_menu.addMenu(experiment.recent_menu)
    add(file_menu, "save", tr("&Save experiment…"), experiment.ask_save_as, QKeySequence.Save,
        tr("Save the worker list as a ProcLab experiment file (JSON)"))
    file_menu.addSeparator()
    add(file_menu, "openScript", tr("Open scri&pt…"), scripts.ask_open, "Ctrl+Shift+P",
        tr("Show a Python script in the code pane, to read, edit and run it watched (Ctrl+Shift+P)"))
    file_menu.addSeparator()
    add(file_menu, "openRun", tr("Open r&un…"), run_files.ask_open_run, "Ctrl+Shift+O",
        tr("Look at a run saved earlier (a trace or events file ProcLab wrote), read-only"))
    add(file_menu, "exportTimeline", tr("&Export timeline…"), run_files.ask_export_timeline, "Ctrl+E",
        tr("Save the timeline as a PNG or SVG image"))
    add(file_menu, "exportTrace", tr("Export &trace…"), run_files.ask_export_trace, "Ctrl+Shift+E",
        tr("Save the run as a Chrome/Perfetto trace (JSON) that ui.perfetto.dev opens"))
    add(file_menu, "exportEvents", tr("Export events as &CSV…"), run_files.ask_export_events, None,
        tr("Save every event of the run as a CSV table"))
    add(file_menu, "screenshot", tr("Save window &screenshot…"), run_files.ask_save_screenshot,
        "Ctrl+Shift+S", tr("Save a PNG picture of the whole window"))
    file_menu.addSeparator()
    add(file_menu, "quit", tr("&Quit"), window.close, QKeySequence.Quit,
        tr("Close ProcLab (asks first if workers run)"))

    lab_menu = window.menuBar().addMenu(tr("&Lab"))
    add(lab_menu, "runScript", tr("Run &script"), window.run_script, None,
        tr("Run the script shown as python would and watch every process it starts (Ctrl+R while a script "
           "is shown)"))
    lessons_menu = lab_menu.addMenu(tr("L&essons"))
    lessons_menu.setObjectName("lessonsMenu")
    lessons_menu.setToolTipsVisible(True)
    for lesson in lessons(current_language()):
        add(lessons_menu, f"lesson_{lesson.path.stem}", lesson.title,
            lambda _=False, path=lesson.path: scripts.open_lesson(path), None,
            tr("Open {file} in the code pane (read-only; Save keeps a copy of your own)").format(
                file=lesson.path.name))
    actions["lessons"] = lessons_menu.menuAction()
    add(lab_menu, "scriptPython", tr("&Python for scripts…"), scripts.ask_settings, None,
        tr("The Python interpreter scripts run under, their start method and the process limit"))
    lab_menu.addSeparator()
    run_on = lab_menu.addMenu(tr("Run &on"))
    run_on.setObjectName("runOnMenu")
    run_on.setToolTipsVisible(True)
    places = QActionGroup(window)
    for key, place, text, tip in (
            ("runOnMachine", "machine", tr("This &machine"),
             tr("Start runs each worker as a multiprocessing.Process of this machine")),
            ("runOnLocal", "local", tr("&Local Dask cluster"),
             tr("Start runs the workers on a distributed.LocalCluster that ProcLab starts on this machine "
                "(one Dask worker per CPU), each worker a process of a Dask worker")),
            ("runOnScheduler", "scheduler", tr("Dask &scheduler…"),
             tr("Start runs the workers on the Dask workers of a running scheduler (its address is asked and "
                "remembered)"))):
        action = add(run_on, key, text, lambda _=False, place=place: window.choose_run_place(place), None, tip)
        action.setCheckable(True)
        places.addAction(action)
    actions["runOn"] = run_on.menuAction()
    add(lab_menu, "compare", tr("&Compare threads vs processes"), window.compare_threads_and_processes, "Ctrl+M",
        tr("Run the experiment with threading.Thread, then with multiprocessing.Process, and show both "
           "timelines, each wall time and the speedup (sleep, cpu, lock and messages workers)"))
    add(lab_menu, "runInProcess", tr("&run() instead of start()"), window.run_in_process, "Ctrl+Shift+R",
        tr("Call Process.run() on the selected sleep worker: it runs inside ProcLab, no new process"))
    add(lab_menu, "showCode", tr("Show &code…"), experiment.show_code, "Ctrl+Shift+C",
        tr("The experiment as a standalone Python 3 script using only multiprocessing and the standard library"))

    presets_menu = window.menuBar().addMenu(tr("&Presets"))
    titles = {"seed": tr("Seed &example"), "lock": tr("&Lock: take turns"), "messages": tr("&Messages over Pipes"),
              "crash": tr("&Crash in every way"), "cpu": tr("C&PU-bound pair")}
    for number, (name, title) in enumerate(titles.items(), start=1):
        add(presets_menu, name, title, lambda _=False, name=name: window.load_preset(name), f"Ctrl+{number}",
            tr(PRESET_DESCRIPTIONS[name]))

    view_menu = window.menuBar().addMenu(tr("&View"))
    helpers = add(view_menu, "showHelpers", tr("Show &helper processes"), window.set_show_helpers, None,
                  tr("Show a watched script's helper processes (the forkserver, the resource tracker) on the "
                     "timeline, dimmed; off: hide them"))
    helpers.setCheckable(True)
    helpers.setChecked(window.settings.show_helpers())
    view_menu.addSeparator()
    language_menu = view_menu.addMenu(tr("&Language"))
    language_menu.setObjectName("languageMenu")
    language_menu.setToolTipsVisible(True)
    group = QActionGroup(window)
    for code, label in LANGUAGES:
        key = f"language_{code or 'system'}"
        action = add(language_menu, key, tr(label) if code is None else label,
                     lambda _=False, code=code: memory.set_language(code), None,
                     tr("Applies the next time ProcLab starts"))
        action.setCheckable(True)
        action.setChecked(code == window.settings.language())
        group.addAction(action)

    help_menu = window.menuBar().addMenu(tr("&Help"))
    add(help_menu, "guide", tr("&Getting started"), lambda: show_guide(window, window.load_seed_example),
        QKeySequence.HelpContents, tr("A short guide: the seed example step by step, and the README's sections (F1)"))
    add(help_menu, "about", tr("&About ProcLab"), lambda: show_about(window), None,
        tr("ProcLab's version and the versions of Python, Qt, PySide6 and pyqtgraph it runs on"))
    return actions


def show_guide(parent: QWidget, seed_requested) -> GuideDialog:
    """Help → Getting started; its seed button calls ``seed_requested``."""
    dialog = GuideDialog(parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.seedRequested.connect(seed_requested)
    dialog.show()
    return dialog


def show_about(parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.show()
    return dialog
