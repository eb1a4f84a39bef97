"""Reading and writing a script shown in the code pane, without ever losing a byte of it.

A script is read whole, as Python reads source: the encoding from its BOM
or ``# -*- coding: ... -*-`` line (``tokenize.detect_encoding``), UTF-8
otherwise, decoded strictly. A file that is too large, not a regular file,
not text in its encoding, or unreadable is refused with ``ScriptFileError``
saying why, and nothing is shown of it. Saving writes the text back in the
encoding and line endings it was read with, through
``engine.files.atomic_write``: a failed save leaves the old file whole.
"""
from __future__ import annotations

import io
import os
import re
import stat
import tokenize
from dataclasses import dataclass
from pathlib import Path

from engine.files.atomic_write import NotARegularFileError, write_bytes_atomically
from gui.i18n import tr

#: The largest script the pane opens: far beyond any lesson or program one reads in a window.
MAX_SCRIPT_BYTES = 2 * 1024 * 1024

#: A coding declaration, as PEP 263 defines it.
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+", re.MULTILINE)


class ScriptFileError(Exception):
    """Why a script cannot be opened or saved; ``str()`` is the message to show, path first."""


@dataclass(frozen=True)
class ScriptText:
    text: str  #: with "\n" line ends, as the editor holds it
    encoding: str = "utf-8"  #: as tokenize names it ("utf-8-sig" keeps a BOM)
    newline: str = "\n"  #: what the file's lines end with


def read_script(path: Path) -> ScriptText:
    path = Path(path)
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise ScriptFileError(tr("{path}: not a regular file").format(path=path))
        if status.st_size > MAX_SCRIPT_BYTES:
            raise ScriptFileError(tr("{path}: {size}; ProcLab opens scripts up to {most}").format(
                path=path, size=_megabytes(status.st_size), most=_megabytes(MAX_SCRIPT_BYTES)))
        with open(path, "rb") as stream:
            data = stream.read(MAX_SCRIPT_BYTES + 1)
    except FileNotFoundError:
        raise ScriptFileError(tr("{path}: no such file").format(path=path)) from None
    except OSError as error:
        raise ScriptFileError(f"{path}: {error.strerror or error}") from None
    if len(data) > MAX_SCRIPT_BYTES:  # it grew after stat()
        raise ScriptFileError(tr("{path}: {size}; ProcLab opens scripts up to {most}").format(
            path=path, size=tr("more than {most}").format(most=_megabytes(MAX_SCRIPT_BYTES)),
            most=_megabytes(MAX_SCRIPT_BYTES)))
    return decode_script(path, data)


def decode_script(path: Path, data: bytes) -> ScriptText:
    if b"\0" in data:
        raise ScriptFileError(tr("{path}: a binary file (it holds NUL bytes), not a Python script").format(
            path=path))
    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if _CODING.search(b"\n".join(data.split(b"\n", 2)[:2])):  # an unknown or contradictory declaration
            raise ScriptFileError(f"{path}: {error.msg}") from None
        encoding = "utf-8"  # no declaration, and not UTF-8 in the first lines: say where, below
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ScriptFileError(tr("{path}: not valid {encoding} text (line {line}, byte {byte}); ProcLab "
                                 "shows a script as Python reads it").format(
            path=path, encoding=encoding, line=line, byte=error.start)) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    return ScriptText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, newline)


def write_script(path: Path, script: ScriptText) -> None:
    """All of ``script`` in its encoding and line endings, or nothing: the old file stays as it was."""
    try:
        data = script.text.replace("\n", script.newline).encode(script.encoding)
    except UnicodeEncodeError as error:
        line = error.object[:error.start].count("\n") + 1
        raise ScriptFileError(tr("{path}: {character} (line {line}) cannot be written in the file's "
                                 "encoding, {encoding}; nothing was written").format(
            path=path, character=repr(error.object[error.start]), line=line, encoding=script.encoding)) from None
    try:
        write_bytes_atomically(Path(path), data)
    except NotARegularFileError as error:
        raise ScriptFileError(tr("{error}; nothing was written").format(error=error)) from None
    except OSError as error:
        raise ScriptFileError(tr("{error}; nothing was written").format(
            error=f"{path}: {error.strerror or error}")) from None


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
