"""English and Simplified Chinese: the .ts is complete, the window is all
Chinese under zh_CN, and Chinese glyphs really render.

Every other test runs in English (no translator installed); the ``zh_cn``
fixture installs the Chinese translator and removes it again afterwards.
"""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QColor, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from engine import describe_exitcode
from engine.lab.lessons import explain
from engine.lab.presets import PRESET_DESCRIPTIONS, PRESETS
from engine.model.spec import CRASH_DESCRIPTIONS, KIND_DESCRIPTIONS, KINDS
from engine.model.start_methods import available_start_methods
from gui.i18n import available_languages, install_translator, remove_translators, system_language, tr
from gui.script.lessons import lessons
from gui.theme import exit_code_label
from gui.window.main_window import MainWindow
from tests.gui.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
update_translations = importlib.util.module_from_spec(_spec)  # a script, not a package
sys.modules[_spec.name] = update_translations  # dataclasses look their module up there
_spec.loader.exec_module(update_translations)

# -- what counts as untranslated ------------------------------------------------------
#
# A string is untranslated when, after the code in it is taken out, a run of
# three or more ASCII letters is left that is not one of ALLOWED_WORDS.

#: Code inside prose, kept as it is in every language (removed before the check).
CODE_PATTERNS = [
    re.compile(r"<[^>]+>"),  # HTML tags: <b>, <code>, <br>
    re.compile(r"'[^']*'"),  # what a program prints, quoted: 'work NAME start'
    re.compile(r"\b(?:Ctrl|Shift|Alt|Meta)\+[\w+]+"),  # shortcuts: Ctrl+Shift+R
    re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\([^()]*\))+"),  # calls, dotted names: join(timeout), os._exit
    re.compile(r"\b\w*_\w*\b"),  # snake_case names: cpu_count, worker_name_12
    re.compile(r"\*?\.[A-Za-z]\w*"),  # file suffixes: .py, *.json
    re.compile(r"\bping/pong\b"),  # the messages workers' round trip, as the log prints it
    re.compile(r"\bView All\b"),  # pyqtgraph's own context menu entry (it has no Chinese translation)
]
#: Names, acronyms and units a Chinese text keeps in Latin letters, each with its reason.
ALLOWED_WORDS = {
    # product, library and platform names
    "ProcLab", "Python", "PySide6", "pyqtgraph", "psutil", "multiprocessing", "Linux", "Windows", "macOS",
    "Chrome", "Perfetto", "ctypes", "Dask",
    # the start methods and the workload kinds are values of experiment files and the command line
    *available_start_methods(), "fork", "spawn", "forkserver", *KINDS,
    # acronyms, units, signals, file formats, keys
    "PID", "pid", "CPU", "GIL", "MB", "SIGTERM", "SIGKILL", "SIGSEGV", "JSON", "PNG", "SVG", "CSV",
    "Esc", "Enter", "Delete",
    # the file a newcomer reads next, named as it is on disk (Help → Getting started points to it)
    "README",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def leftover_english(text: str, names: set[str]) -> list[str]:
    """The words of ``text`` that are neither code nor an allowed name."""
    for pattern in CODE_PATTERNS:
        previous = None
        while previous != text:  # again for nested calls: os.kill(os.getpid(), SIGKILL)
            previous, text = text, pattern.sub(" ", text)
    return [word for word in _WORD.findall(text)
            if sum(c.isalpha() for c in word) >= 3 and word not in ALLOWED_WORDS and word not in names]


def plain(text: str) -> str:
    """What the user reads: no accelerator ("文件(&F)", "&File"), no shortcut after a tab."""
    text = text.split("\t")[0]
    text = re.sub(r"\(&\w\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


# -- fixtures ---------------------------------------------------------------------------

@pytest.fixture
def zh_cn(qapp):
    """The Chinese translator installed for one test, English again afterwards."""
    assert install_translator(qapp, "zh_CN") == "zh_CN"
    yield
    remove_translators(qapp)  # QCoreApplication.removeTranslator for each
    assert tr("Start") == "Start"


@pytest.fixture
def zh_window(zh_cn, qtbot, dialogs, tmp_path):
    window = MainWindow(settings=make_settings(tmp_path / "proclab.ini"))
    qtbot.addWidget(window)
    window.load_preset("seed")
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


def visible_strings(window) -> list[tuple[str, str]]:
    """(where, text) of every string the window shows, tooltips included."""
    found: list[tuple[str, str]] = [("window title", window.windowTitle())]

    def walk_menu(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            where = f"{path} → {plain(action.text())}"
            found.append((f"menu {where}", action.text()))
            found.append((f"tooltip of menu {where}", action.toolTip()))
            if action.menu() is not None:
                walk_menu(action.menu(), where)

    for action in window.menuBar().actions():
        found.append(("menu title", action.text()))
        if action.menu() is not None:
            walk_menu(action.menu(), plain(action.text()))

    def name(widget: QWidget) -> str:
        return f"{type(widget).__name__} {widget.objectName() or '(unnamed)'}"

    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((name(widget), widget.text()))
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.append((f"placeholder of {name(widget)}", widget.placeholderText()))
        if isinstance(widget, QAbstractSpinBox) and hasattr(widget, "suffix"):
            found.append((f"suffix of {name(widget)}", widget.suffix()))
            found.append((f"prefix of {name(widget)}", widget.prefix()))
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                if widget.itemText(index) != widget.itemData(index):  # a combo of values shows code
                    found.append((f"item of {name(widget)}", widget.itemText(index)))
                found.append((f"item tooltip of {name(widget)}", widget.itemData(index, Qt.ToolTipRole) or ""))
        found.append((f"tooltip of {name(widget)}", widget.toolTip()))
        found.append((f"accessible name of {name(widget)}", widget.accessibleName()))
    model = window.model
    for column in range(model.columnCount()):
        found.append((f"table header {column}", model.headerData(column, Qt.Horizontal)))
        found.append((f"table header tooltip {column}", model.headerData(column, Qt.Horizontal, Qt.ToolTipRole)))
        for row in range(model.rowCount()):
            found.append((f"table cell {row},{column}", model.index(row, column).data() or ""))
    found += [("timeline legend", label) for label in window.timeline.legend_labels()]
    found.append(("timeline axis", window.timeline.plot_item.getAxis("bottom").labelText))
    found.append(("status bar message", window.statusBar().currentMessage()))
    return [(where, plain(text)) for where, text in found if text and text.strip()]


# -- (1) the .ts is complete -----------------------------------------------------------

def test_every_marked_string_has_a_finished_chinese_translation():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "update_translations.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, f"tools/update_translations.py --check:\n{result.stdout}{result.stderr}"


def test_the_update_keeps_translations_and_marks_vanished_strings():
    Entry, Message = update_translations.Entry, update_translations.Message
    code = {"kept": Message("kept", [("gui/a.py", 1)]), "new": Message("new", [("gui/a.py", 2)]),
            "back": Message("back", [("gui/a.py", 3)])}
    old = {"kept": Entry("kept", "保留", ""), "gone": Entry("gone", "消失", ""),
           "never": Entry("never", "", "unfinished"), "back": Entry("back", "回来", "vanished")}
    merged = update_translations.merge(code, old, drop_obsolete=False)
    kinds = {entry.source: (entry.translation, entry.kind, message is None) for entry, message in merged}
    assert kinds == {"kept": ("保留", "", False), "new": ("", "unfinished", False), "back": ("回来", "", False),
                     "gone": ("消失", "vanished", True), "never": ("", "obsolete", True)}
    text = update_translations.render_ts("zh_CN", merged, ROOT / "resources" / "translations")
    assert '<location filename="../../gui/a.py" line="2"/>' in text
    assert "<translation type=\"vanished\">消失</translation>" in text


def test_the_check_finds_strings_the_ts_lacks_and_text_built_inside_tr(tmp_path):
    source = tmp_path / "panel.py"
    source.write_text('label = tr("A string no .ts has")\n'
                      'title = tr(f"Run {number}")\n'
                      'other = tr("{count} runs".format(count=2))\n'
                      'fine = tr(DESCRIPTIONS[kind])\n', encoding="utf-8")
    code, problems = update_translations.extract([source])
    assert list(code) == ["A string no .ts has"]
    assert [problem.split(": ", 1)[0] for problem in problems] == [f"{source.as_posix()}:2", f"{source.as_posix()}:3"]
    problems = update_translations.check(code, [])
    assert any("not in the .ts: 'A string no .ts has'" in problem for problem in problems), problems


@pytest.mark.parametrize("source, translation, problem", [
    ("{count} workers", "工作进程", "placeholders differ"),
    ("&Add", "添加", "accelerator"),
    ("<b>Lock</b>", "锁", "HTML tags differ"),
    (" messages", "条消息", "leading space differs"),
])
def test_the_check_finds_a_broken_translation(source, translation, problem):
    problems = update_translations.translation_problems(update_translations.Entry(source, translation, ""))
    assert any(problem in text for text in problems), problems


# -- choosing the language ----------------------------------------------------------------

def test_languages_and_the_system_choice():
    assert available_languages() == [("en", "English"), ("zh_CN", "简体中文")]
    assert system_language(QLocale("zh_CN")) == "zh_CN"
    assert system_language(QLocale("zh_SG")) == "zh_CN"
    assert system_language(QLocale("zh_TW")) == "en"  # traditional characters: English rather than simplified
    assert system_language(QLocale("de_DE")) == "en"
    assert system_language(QLocale("en_GB")) == "en"


def test_install_translator_switches_and_removes(qapp):
    try:
        assert install_translator(qapp, "zh_CN") == "zh_CN"
        assert tr("Start") == "启动"
        # Qt's own strings too (standard dialog buttons), from qtbase_zh_CN.qm
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert install_translator(qapp, "en") == "en"
        assert tr("Start") == "Start"
        assert install_translator(qapp, "fr") == "en"  # not a language ProcLab has
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        remove_translators(qapp)


def test_the_gui_exit_code_words_are_the_engines_in_english():
    for exitcode in (None, 0, 1, 2, 3, 255, -9, -15, -11, -64):
        for raised in (None, True, False):
            assert exit_code_label(exitcode, raised) == describe_exitcode(exitcode, raised)


def test_engine_descriptions_translate_where_shown(zh_cn):
    texts = [*KIND_DESCRIPTIONS.values(), *CRASH_DESCRIPTIONS.values(), *PRESET_DESCRIPTIONS.values()]
    for specs in ([], PRESETS["seed"](), PRESETS["crash"](), PRESETS["seed"]()[:1],
                  PRESETS["seed"]() + PRESETS["lock"]() + PRESETS["messages"]()):
        texts.append(explain(specs, "forkserver", translate=tr))
    names = {"worker1", "worker2", "worker3"}
    untranslated = [(text, words) for text in texts for words in [leftover_english(tr(text), names)] if words]
    assert not untranslated, untranslated
    assert explain([], "spawn") == ("Add workers (or pick a preset), then Start: "
                                    "each becomes a multiprocessing.Process.")  # no translate: English


# -- (2) the window under zh_CN --------------------------------------------------------------

def test_every_visible_string_of_the_window_is_translated(zh_window):
    names = set(zh_window.model.names()) | {language_name for _, language_name in available_languages()}
    # Lab → Lessons shows each lesson's own title (its docstring's first line), which names the
    # multiprocessing API it teaches (Pipe, Lock, Queue...): the lesson's text, not the window's.
    names |= {word for lesson in lessons("zh_CN") for word in _WORD.findall(lesson.title)}
    strings = visible_strings(zh_window)
    assert len(strings) > 100  # the collection itself works
    untranslated = [(where, text, words) for where, text in strings
                    for words in [leftover_english(text, names)] if words]
    report = "\n".join(f"  {where}: {text!r} (left: {', '.join(words)})" for where, text, words in untranslated)
    print(f"{len(untranslated)} of {len(strings)} visible strings untranslated in zh_CN:\n{report}")
    assert not untranslated, f"untranslated in zh_CN:\n{report}"


# -- (3) Chinese glyphs render ------------------------------------------------------------------

def _render(text: str, font) -> QImage:
    image = QImage(120, 40, QImage.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignCenter, text)
    painter.end()
    return image


def _ink(image: QImage) -> int:
    return sum(image.pixelColor(x, y).lightness() < 128 for x in range(image.width()) for y in range(image.height()))


def test_chinese_renders_in_a_window_screenshot(zh_window, tmp_path):
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no Chinese font installed: run tools/ensure_cjk_font.sh (as root with apt-get it "
                    "installs fonts-wqy-microhei), or install any font with Chinese glyphs")
    path = tmp_path / "zh_window.png"
    assert zh_window.grab().save(str(path), "PNG")
    shot = QImage(str(path))
    assert not shot.isNull() and shot.width() >= zh_window.width()

    # Missing glyphs are all drawn as the same box ("tofu"): two words that differ
    # only in their first character would then come out pixel for pixel the same.
    font = zh_window.controls.start_button.font()
    process, thread = _render("进程", font), _render("线程", font)
    assert _ink(process) > 20 and _ink(thread) > 20
    assert process != thread, "Chinese characters render as identical boxes: no font has their glyphs"
    # And the window really shows them: the Start button is labelled in Chinese.
    assert zh_window.controls.start_button.text() == "启动"
    button = zh_window.controls.start_button.grab().toImage()
    assert _ink(button) > 20
