"""The code pane's text: a QPlainTextEdit with line numbers in a margin, Python colours and Ctrl+S.

Read-only until ``set_editable(True)``. Ctrl+S (``QKeySequence.Save``) while
it has the focus asks for a save through ``saveRequested``: the window's
own Ctrl+S (save the experiment) is overridden here, where the script is
what the user is looking at. Tab inserts four spaces while editing.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeySequence, QPainter, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from .highlighter import PythonHighlighter

INDENT = "    "
#: The margin's colours: a light strip, the numbers grey, the current line's darker.
MARGIN_BACKGROUND, NUMBER_COLOUR, CURRENT_NUMBER_COLOUR = "#F3F3F3", "#9A9A9A", "#303030"
CURRENT_LINE_BACKGROUND = "#FFF8D6"


class CodeEditor(QPlainTextEdit):
    saveRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * len(INDENT))
        self.highlighter = PythonHighlighter(self.document())
        self.line_numbers = _LineNumberArea(self)
        self.blockCountChanged.connect(self._update_margin_width)
        self.updateRequest.connect(self._update_margin)
        self.cursorPositionChanged.connect(self._highlight_current_line)
        self._update_margin_width()
        self.set_editable(False)

    def set_editable(self, editable: bool) -> None:
        self.setReadOnly(not editable)
        if editable:
            self.setTextInteractionFlags(Qt.TextEditorInteraction)
        else:
            self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self._highlight_current_line()

    def is_editable(self) -> bool:
        return not self.isReadOnly()

    # -- Ctrl+S and Tab ---------------------------------------------------------

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.matches(QKeySequence.Save):
            event.accept()  # the key comes here as a key press, not to the window's Save experiment
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.Save):
            self.saveRequested.emit()
            return
        if event.key() == Qt.Key_Tab and event.modifiers() == Qt.NoModifier and self.is_editable():
            self.insertPlainText(INDENT)
            return
        super().keyPressEvent(event)

    # -- dropping a file: the window opens it ----------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.ignore()  # the window takes dropped files
            return
        super().dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.ignore()
            return
        super().dropEvent(event)

    # -- the line number margin ---------------------------------------------------------

    def margin_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * max(digits, 2)

    def _update_margin_width(self, _count: int = 0) -> None:
        self.setViewportMargins(self.margin_width(), 0, 0, 0)

    def _update_margin(self, rect: QRect, dy: int) -> None:
        if dy:
            self.line_numbers.scroll(0, dy)
        else:
            self.line_numbers.update(0, rect.y(), self.line_numbers.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_margin_width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        contents = self.contentsRect()
        self.line_numbers.setGeometry(QRect(contents.left(), contents.top(), self.margin_width(), contents.height()))

    def paint_margin(self, event) -> None:
        painter = QPainter(self.line_numbers)
        painter.fillRect(event.rect(), QColor(MARGIN_BACKGROUND))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        current = self.textCursor().blockNumber()
        width, height = self.line_numbers.width() - 5, self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                painter.setPen(QColor(CURRENT_NUMBER_COLOUR if number == current else NUMBER_COLOUR))
                painter.drawText(0, top, width, height, Qt.AlignRight, str(number + 1))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    def _highlight_current_line(self) -> None:
        selections = []
        if self.is_editable():
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor(CURRENT_LINE_BACKGROUND))
            selection.format.setProperty(QTextFormat.FullWidthSelection, True)
            selection.cursor = self.textCursor()
            selection.cursor.clearSelection()
            selections.append(selection)
        self.setExtraSelections(selections)
        self.line_numbers.update()


class _LineNumberArea(QWidget):
    def __init__(self, editor: CodeEditor):
        super().__init__(editor)
        self._editor = editor
        self.setObjectName("scriptLineNumbers")

    def sizeHint(self) -> QSize:
        return QSize(self._editor.margin_width(), 0)

    def paintEvent(self, event) -> None:
        self._editor.paint_margin(event)
