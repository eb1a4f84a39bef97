"""Help → Getting started: the seed example step by step, in English and in Chinese."""
import re
from pathlib import Path

from PySide6.QtGui import QKeySequence

from gui.dialogs.guide_dialog import README_SECTIONS, GuideDialog
from tests.gui.test_translations import leftover_english, zh_cn  # noqa: F401  (a fixture)

README = Path(__file__).resolve().parents[3] / "README.md"


def open_guide(window, qtbot):
    action = window.actions["guide"]
    assert action.shortcut() == QKeySequence(QKeySequence.HelpContents)
    assert action in window.menuBar().actions()[-1].menu().actions()  # the Help menu
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(GuideDialog, "gettingStartedDialog") is not None, timeout=2000)
    dialog = window.findChild(GuideDialog, "gettingStartedDialog")
    qtbot.waitExposed(dialog)
    return dialog


def test_the_guide_walks_through_the_seed_example(window, qtbot):
    dialog = open_guide(window, qtbot)
    text = dialog.text.toPlainText()
    for expected in ("Seed example", "worker1, worker2 and worker3", "2, 3 and 4 seconds",
                     "'work NAME start'", "'work NAME end'", "in the order of the intervals", "Start (Ctrl+R)"):
        assert expected in text
    dialog.seed_button.click()
    assert window.model.names() == ["worker1", "worker2", "worker3"]


def test_the_guide_names_sections_the_readme_really_has(window, qtbot):
    headings = {line.lstrip("#").strip() for line in README.read_text(encoding="utf-8").splitlines()
                if re.match(r"#{2,3} ", line)}
    text = open_guide(window, qtbot).text.toPlainText()
    for name, _what in README_SECTIONS:
        assert name in headings, f"README has no section {name!r}"
        assert f"'{name}'" in text


def test_the_guide_is_all_chinese_under_zh_cn(zh_cn, window, qtbot):  # noqa: F811 (the fixture)
    dialog = open_guide(window, qtbot)
    assert dialog.windowTitle() == "入门"
    text = dialog.text.toPlainText()
    assert "基础示例" in text and "'work NAME start'" in text
    assert leftover_english(text, {"worker1", "worker2", "worker3"}) == []
