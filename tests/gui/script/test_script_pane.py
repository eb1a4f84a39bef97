"""The code pane: shows a script read-only with numbers and colours, edits and saves it, never loses it."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gui.script.script_file import MAX_SCRIPT_BYTES, ScriptFileError
from gui.script.script_pane import ScriptPane
from resources import RESOURCES_DIR

LESSON = RESOURCES_DIR / "lessons" / "en" / "03_three_workers.py"


class SavePaths:
    """Answers the pane's "save as where?" with the paths a test gives it."""

    def __init__(self):
        self.answers: list[Path | None] = []
        self.asked: list[Path] = []

    def __call__(self, suggested: Path) -> Path | None:
        self.asked.append(suggested)
        return self.answers.pop(0)


@pytest.fixture
def save_paths():
    return SavePaths()


@pytest.fixture
def pane(qtbot, save_paths):
    widget = ScriptPane(ask_save_path=save_paths)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def script_file(tmp_path, text="import os\n\nprint('hi')\n", name="demo.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def type_text(qtbot, editor, text: str) -> None:
    """Key presses, Return for each line end (QTest types ASCII only, and no "\\n")."""
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(editor, Qt.Key_Return)
        qtbot.keyClicks(editor, line)


def colour_at(pane, line: int, column: int) -> QColor | None:
    """The foreground the highlighter gave the character at (line, column), both from 0."""
    block = pane.editor.document().findBlockByNumber(line)
    for span in block.layout().formats():
        if span.start <= column < span.start + span.length:
            return span.format.foreground().color()
    return None


def style_colour(pane, style: str) -> QColor:
    return pane.editor.highlighter.formats[style].foreground().color()


def test_a_lesson_opens_read_only_with_line_numbers_and_python_colours(pane):
    pane.open_file(LESSON, lesson=True)
    text = LESSON.read_text(encoding="utf-8")
    assert pane.text() == text
    assert pane.editor.isReadOnly() and not pane.modified
    assert pane.path_label.text() == "03_three_workers.py (lesson)"
    assert pane.path_label.toolTip() == str(LESSON)
    assert pane.editor.line_numbers.width() >= pane.editor.fontMetrics().horizontalAdvance("99")
    assert pane.editor.viewportMargins().left() == pane.editor.line_numbers.width()

    lines = text.split("\n")
    docstring_middle = 2  # the docstring's third line: inside a string that began two lines up
    assert colour_at(pane, docstring_middle, 0) == style_colour(pane, "string")
    imports = lines.index("import multiprocessing")
    assert colour_at(pane, imports, 0) == style_colour(pane, "keyword")
    assert colour_at(pane, imports, len("import ")) is None  # a plain name
    define = lines.index("def worker1(interval):")
    assert colour_at(pane, define, 0) == style_colour(pane, "keyword")
    assert colour_at(pane, define, len("def ")) == style_colour(pane, "definition")
    comment = next(number for number, line in enumerate(lines) if line.strip().startswith("# flush=True"))
    assert colour_at(pane, comment, lines[comment].index("#") + 3) == style_colour(pane, "comment")
    printed = lines.index('    print("work worker1 start", flush=True)')
    assert colour_at(pane, printed, 4) == style_colour(pane, "builtin")
    assert colour_at(pane, printed, 11) == style_colour(pane, "string")
    sleep = lines.index("    time.sleep(interval)")
    assert colour_at(pane, sleep, 4) is None


def test_strings_comments_numbers_and_wide_characters_are_told_apart(pane, tmp_path):
    pane.open_file(script_file(tmp_path, 'x = "# no comment" # a comment "no string"\n'
                                         "n = 0x1F + 2.5e3\n"
                                         "s = '😀' if True else None\n"
                                         "t = '''one\ntwo ''' ; class Q: pass\n"))
    assert colour_at(pane, 0, 6) == style_colour(pane, "string")  # the # inside the string
    assert colour_at(pane, 0, 20) == style_colour(pane, "comment")
    assert colour_at(pane, 0, 36) == style_colour(pane, "comment")  # the quotes inside the comment
    assert colour_at(pane, 1, 4) == style_colour(pane, "number")
    assert colour_at(pane, 1, 11) == style_colour(pane, "number")
    # After the emoji (two UTF-16 units in Qt's count) "if" is still coloured where it is.
    if_at = len("s = '") + 2 + len("' ")
    assert colour_at(pane, 2, if_at) == style_colour(pane, "keyword")
    assert colour_at(pane, 2, if_at + len("if ")) == style_colour(pane, "keyword")  # True
    assert colour_at(pane, 4, 0) == style_colour(pane, "string")  # "two '''", the string's second line
    assert colour_at(pane, 4, len("two ''' ; ")) == style_colour(pane, "keyword")  # class
    assert colour_at(pane, 4, len("two ''' ; class ")) == style_colour(pane, "definition")


def test_edit_makes_it_editable_and_ctrl_s_in_the_pane_saves(pane, qtbot, tmp_path):
    path = script_file(tmp_path)
    pane.open_file(path)
    qtbot.keyClicks(pane.editor, "x")
    assert pane.text() == "import os\n\nprint('hi')\n"  # read-only: typing changes nothing
    assert not pane.save_button.isEnabled()

    pane.edit_button.click()
    assert not pane.editor.isReadOnly()
    with qtbot.waitSignal(pane.modifiedChanged) as changed:
        type_text(qtbot, pane.editor, "# new\n")
    assert changed.args == [True]
    assert pane.path_label.text() == "demo.py*"
    assert pane.save_button.isEnabled()
    with qtbot.waitSignal(pane.saved) as saved:
        qtbot.keyClick(pane.editor, Qt.Key_S, Qt.ControlModifier)
    assert saved.args == [path]
    assert path.read_text(encoding="utf-8") == "# new\nimport os\n\nprint('hi')\n"
    assert not pane.modified and pane.path_label.text() == "demo.py"

    pane.edit_button.click()
    assert pane.editor.isReadOnly()


def test_ctrl_s_on_an_unchanged_lesson_asks_for_no_copy(pane, qtbot, save_paths):
    pane.open_file(LESSON, lesson=True)
    qtbot.keyClick(pane.editor, Qt.Key_S, Qt.ControlModifier)
    assert save_paths.asked == [] and pane.lesson


def test_tab_indents_with_four_spaces_while_editing(pane, qtbot, tmp_path):
    pane.open_file(script_file(tmp_path, ""))
    pane.set_editing(True)
    qtbot.keyClick(pane.editor, Qt.Key_Tab)
    assert pane.text() == "    "


def test_saving_a_lesson_saves_a_copy_and_leaves_the_lesson_alone(pane, qtbot, save_paths, tmp_path):
    original = LESSON.read_bytes()
    pane.open_file(LESSON, lesson=True)
    assert pane.save_button.isEnabled()  # Save on a lesson: a copy of one's own
    pane.set_editing(True)
    type_text(qtbot, pane.editor, "# mine\n")
    save_paths.answers = [tmp_path / "mine"]  # no suffix: .py is added
    assert pane.save()
    assert save_paths.asked == [LESSON]
    copy = tmp_path / "mine.py"
    assert copy.read_text(encoding="utf-8") == "# mine\n" + original.decode("utf-8")
    assert LESSON.read_bytes() == original
    assert pane.path == copy and not pane.lesson and pane.path_label.text() == "mine.py"

    save_paths.answers = [None]  # a cancelled dialog writes nothing
    assert not pane.save_as()


def test_a_failed_save_keeps_the_text_and_the_old_file_and_says_why(pane, qtbot, save_paths, tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\r\nname = 'caf\xe9'\r\n")
    pane.open_file(path)
    assert pane.text() == "# -*- coding: latin-1 -*-\nname = 'café'\n"
    pane.set_editing(True)
    pane.editor.moveCursor(pane.editor.textCursor().MoveOperation.End)
    pane.editor.insertPlainText("x = '汉'")  # as an input method types it
    assert not pane.save()
    assert "'汉' (line 3) cannot be written in the file's encoding, iso-8859-1" in pane.error_label.text()
    assert pane.error_label.isVisible()
    assert path.read_bytes() == b"# -*- coding: latin-1 -*-\r\nname = 'caf\xe9'\r\n"
    assert pane.modified and pane.text().endswith("x = '汉'")

    save_paths.answers = [tmp_path / "no such folder" / "copy.py"]
    assert not pane.save_as()
    assert "no such folder" in pane.error_label.text() and "nothing was written" in pane.error_label.text()
    assert pane.path == path and pane.modified

    for _ in range(len("x = '汉'")):
        qtbot.keyClick(pane.editor, Qt.Key_Backspace)
    pane.editor.insertPlainText("x = 'é'")
    assert pane.save()
    assert not pane.error_label.isVisible()
    # Written back as it was read: Latin-1, CRLF line ends.
    assert path.read_bytes() == b"# -*- coding: latin-1 -*-\r\nname = 'caf\xe9'\r\nx = '\xe9'"


@pytest.mark.parametrize("make, reason", [
    (lambda folder: folder / "missing.py", "no such file"),
    (lambda folder: folder, "not a regular file"),
    (lambda folder: _write(folder / "big.py", b"#" * (MAX_SCRIPT_BYTES + 1)), "ProcLab opens scripts up to 2.0 MB"),
    (lambda folder: _write(folder / "bad.py", b"print('\xff\xfe')\n"), "not valid utf-8 text (line 1, byte 7)"),
    (lambda folder: _write(folder / "image.py", b"\x89PNG\r\n\x00\x00"), "a binary file"),
    (lambda folder: _write(folder / "cookie.py", b"# coding: klingon\n"), "unknown encoding"),
])
def test_what_cannot_be_shown_whole_is_refused_and_the_pane_keeps_its_script(pane, tmp_path, make, reason):
    shown = script_file(tmp_path, "print('kept')\n")
    pane.open_file(shown)
    folder = tmp_path / "other"
    folder.mkdir()
    with pytest.raises(ScriptFileError) as refused:
        pane.open_file(make(folder))
    assert reason in str(refused.value)
    assert pane.path == shown and pane.text() == "print('kept')\n"


def test_while_its_run_goes_on_the_script_cannot_change(pane, tmp_path):
    pane.open_file(script_file(tmp_path))
    pane.set_editing(True)
    pane.set_running(True)
    assert pane.editor.isReadOnly()
    assert not any(button.isEnabled() for button in (pane.edit_button, pane.save_button, pane.save_as_button,
                                                     pane.run_button))
    pane.set_running(False)
    assert not pane.editor.isReadOnly() and pane.run_button.isEnabled()


def test_a_narrow_pane_gives_the_name_a_line_of_its_own_rather_than_cutting_it(pane, qtbot):
    pane.open_file(LESSON, lesson=True)
    pane.resize(900, 400)
    qtbot.waitUntil(lambda: not pane.name_above_buttons())
    assert pane.path_label.y() == pane.edit_button.y() or abs(pane.path_label.y() - pane.edit_button.y()) < 10
    pane.resize(420, 400)
    qtbot.waitUntil(pane.name_above_buttons)
    qtbot.waitUntil(lambda: pane.path_label.width() >= pane.path_label.sizeHint().width())
    assert pane.path_label.geometry().bottom() < pane.edit_button.geometry().top()
    assert pane.close_button.geometry().right() <= pane.width()


def test_every_control_has_a_name_and_a_tooltip(pane):
    for widget in (pane.editor, pane.edit_button, pane.save_button, pane.save_as_button, pane.run_button,
                   pane.close_button):
        assert widget.objectName().startswith("script")
        assert widget.toolTip()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
