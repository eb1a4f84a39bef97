"""Python colours for the code pane: keywords, builtins, strings, comments, numbers, def/class names.

One scan per line, left to right, so a ``#`` inside a string is no comment
and quotes inside a comment start no string. A triple-quoted string that
runs on is carried to the next line by the block state. Positions are
counted in UTF-16 units, as Qt counts them, so a line with an emoji in it
is coloured in the right places.
"""
from __future__ import annotations

import builtins
import keyword
import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

#: Block states: inside a string that began on an earlier line with these quotes.
NORMAL, IN_SINGLE_TRIPLE, IN_DOUBLE_TRIPLE = 0, 1, 2
_TRIPLE_STATES = {"'''": IN_SINGLE_TRIPLE, '"""': IN_DOUBLE_TRIPLE}
_STATE_QUOTES = {state: quotes for quotes, state in _TRIPLE_STATES.items()}

KEYWORDS = frozenset(keyword.kwlist) | frozenset(name for name in keyword.softkwlist if name != "_")
BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_")) - KEYWORDS

_PREFIX = r"(?:[rRbBuUfF]{1,2})?"
_TOKENS = re.compile(
    r"(?P<comment>\#.*)"
    rf"|(?P<triple>{_PREFIX}(?P<quotes>'''|\"\"\"))"
    rf"|(?P<string>{_PREFIX}(?:'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?))"
    r"|(?P<definition>\b(?:def|class)\b)\s+(?P<name>[^\W\d]\w*)"
    r"|(?P<decorator>^\s*@[\w.]+)"
    r"|(?P<number>\b(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
    r"|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?)\b)"
    r"|(?P<word>[^\W\d]\w*)"
)


def _format(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setForeground(QColor(colour))
    if bold:
        text_format.setFontWeight(QFont.Bold)
    text_format.setFontItalic(italic)
    return text_format


class PythonHighlighter(QSyntaxHighlighter):
    """Colours the ``QTextDocument`` it is given."""

    def __init__(self, document):
        super().__init__(document)
        # Colours that read on white and keep apart for colour-blind eyes (Okabe-Ito hues, darkened).
        self.formats = {
            "keyword": _format("#0550AE", bold=True),
            "builtin": _format("#8A4B00"),
            "string": _format("#0A7A3E"),
            "comment": _format("#6E6E6E", italic=True),
            "number": _format("#B3005E"),
            "definition": _format("#7B2FB5", bold=True),
            "decorator": _format("#8A4B00"),
            "self": _format("#B3005E", italic=True),
        }

    def highlightBlock(self, text: str) -> None:
        units = _Utf16(text)
        position = 0
        state = self.previousBlockState()
        self.setCurrentBlockState(NORMAL)
        if state in _STATE_QUOTES:
            end = _closing(text, 0, _STATE_QUOTES[state])
            if end < 0:
                self._set(units, 0, len(text), "string")
                self.setCurrentBlockState(state)
                return
            self._set(units, 0, end, "string")
            position = end
        while True:
            match = _TOKENS.search(text, position)
            if match is None:
                return
            kind = match.lastgroup
            start, position = match.start(), match.end()
            if kind == "comment":
                self._set(units, start, len(text), "comment")
                return
            if kind in ("triple", "quotes"):
                quotes = match.group("quotes")
                end = _closing(text, position, quotes)
                if end < 0:
                    self._set(units, start, len(text), "string")
                    self.setCurrentBlockState(_TRIPLE_STATES[quotes])
                    return
                self._set(units, start, end, "string")
                position = end
            elif kind == "name":  # "def" or "class", then the name it defines
                self._set(units, match.start("definition"), match.end("definition"), "keyword")
                self._set(units, match.start("name"), match.end("name"), "definition")
            elif kind == "word":
                word = match.group()
                style = ("keyword" if word in KEYWORDS else "self" if word in ("self", "cls")
                         else "builtin" if word in BUILTINS else None)
                if style:
                    self._set(units, start, position, style)
            else:  # string, number, decorator
                self._set(units, start, position, kind)

    def _set(self, units: "_Utf16", start: int, end: int, style: str) -> None:
        self.setFormat(units.at(start), units.at(end) - units.at(start), self.formats[style])


def _closing(text: str, position: int, quotes: str) -> int:
    """Where the string that ``quotes`` opened ends (just past its closing quotes), or -1: not on this line."""
    while True:
        found = text.find(quotes, position)
        if found < 0:
            return -1
        backslashes = len(text[position:found]) - len(text[position:found].rstrip("\\"))
        if backslashes % 2 == 0:
            return found + len(quotes)
        position = found + 1


class _Utf16:
    """Python counts code points, Qt UTF-16 units: the same only without characters beyond U+FFFF."""

    def __init__(self, text: str):
        self._offsets = None
        if any(ord(character) > 0xFFFF for character in text):
            offsets, unit = [], 0
            for character in text:
                offsets.append(unit)
                unit += 2 if ord(character) > 0xFFFF else 1
            offsets.append(unit)
            self._offsets = offsets

    def at(self, index: int) -> int:
        return index if self._offsets is None else self._offsets[index]
