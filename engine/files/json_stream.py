"""JSON read from a stream of text pieces, one value at a time.

``JsonStream(pieces)`` holds only the text it has not yet parsed (about a
chunk), so a file far larger than memory can be walked: ``peek`` and
``take`` step over the punctuation of an object, ``value`` parses one whole
value, and ``items`` yields an array's elements one by one. Any layout of
white space is read (a value may be split between pieces anywhere); the
values themselves are parsed by ``json``'s own decoder.

Syntax errors are ``JsonSyntaxError``, with the line and column in the
whole text, as ``json`` words them. One value longer than ``max_chars``
is refused (``ValueError``) rather than held.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator

_SPACE = re.compile(r"[ \t\n\r]*")
#: A decode error this close to the end of the text read so far may just need more text.
_NEAR_END = 32


class JsonSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f"line {line} column {column}: " if line is not None else ""
        super().__init__(where + message)
        self.line = line
        self.column = column


class JsonStream:
    def __init__(self, pieces: Iterable[str], max_chars: int):
        self._pieces = iter(pieces)
        self._max_chars = max_chars
        self._text = ""
        self._pos = 0
        self._ended = False
        self._lines_before = 0  # line breaks in text already dropped
        self._column_before = 0  # characters after the last of them

    # -- stepping ------------------------------------------------------------------

    def peek(self) -> str:
        """The next character that is not white space ('' at the end), left unread."""
        while True:
            self._pos = _SPACE.match(self._text, self._pos).end()
            if self._pos < len(self._text):
                return self._text[self._pos]
            if not self._more():
                return ""

    def take(self, character: str, expected: str) -> None:
        """Steps over ``character`` (after white space), or JsonSyntaxError saying ``expected``."""
        if self.peek() != character:
            raise self.error(expected)
        self._pos += 1

    def line(self) -> int:
        """The line (1-based) of the next character to read."""
        return self._lines_before + self._text.count("\n", 0, self._pos) + 1

    def error(self, message: str, pos: int | None = None) -> JsonSyntaxError:
        pos = self._pos if pos is None else pos
        line_start = self._text.rfind("\n", 0, pos) + 1
        column = pos - line_start + 1 + (self._column_before if line_start == 0 else 0)
        return JsonSyntaxError(message, self._lines_before + self._text.count("\n", 0, pos) + 1, column)

    # -- values ---------------------------------------------------------------------

    def value(self, decoder: json.JSONDecoder) -> Any:
        """The next whole value, parsed by ``decoder``."""
        self.peek()
        while True:
            try:
                value, end = decoder.raw_decode(self._text, self._pos)
            except json.JSONDecodeError as error:
                if self._may_be_cut(error) and self._grow():
                    continue
                raise self.error(error.msg.removesuffix(" starting at"), error.pos) from None
            except RecursionError:
                raise JsonSyntaxError("nested too deeply") from None
            except ValueError as error:  # e.g. an integer of more digits than Python converts
                raise JsonSyntaxError(str(error)) from None
            # A number at the end of the text read so far may go on in the next piece.
            if end < len(self._text) or not self._grow():
                self._pos = end
                return value

    def items(self, decoder: json.JSONDecoder) -> Iterator[Any]:
        """Each element of the array that comes next, parsed by ``decoder``."""
        self.take("[", "Expecting value")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value(decoder)
            following = self.peek()
            self._pos += 1
            if following == "]":
                return
            if following != ",":
                self._pos -= 1
                raise self.error("Expecting ',' delimiter")

    # -- the text held ----------------------------------------------------------------

    def _may_be_cut(self, error: json.JSONDecodeError) -> bool:
        return error.pos >= len(self._text) - _NEAR_END or error.msg.startswith("Unterminated string")

    def _grow(self) -> bool:
        """At least as much text again as the value being read has (bounded); False at the end."""
        wanted = len(self._text) - self._pos
        if wanted > self._max_chars:
            raise ValueError(f"holds a value of more than {self._max_chars:,} characters, "
                             f"at line {self.line()}: not a run ProcLab wrote")
        added = 0
        while added <= wanted:
            size = self._more()
            if not size:
                return added > 0
            added += size
        return True

    def _more(self) -> int:
        """Appends the next piece, dropping what was read; its length, 0 at the end."""
        if self._ended:
            return 0
        piece = next(self._pieces, None)
        if piece is None:
            self._ended = True
            return 0
        if self._pos:
            breaks = self._text.count("\n", 0, self._pos)
            if breaks:
                self._lines_before += breaks
                self._column_before = self._pos - (self._text.rfind("\n", 0, self._pos) + 1)
            else:
                self._column_before += self._pos
            self._text = self._text[self._pos:]
            self._pos = 0
        self._text += piece
        return len(piece)
