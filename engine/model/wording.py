"""The engine's words for people, and the hook that translates them.

Every sentence the engine words for a person (exit codes, state names, the
compare figures, the lessons) is a fixed English literal marked ``N_(...)``,
with ``{placeholders}`` for its values. ``tools/update_translations.py``
finds the marked literals; a function that words something takes
``translate`` (default: the English as it is), runs each literal through it
and only then fills the values in. The window passes its ``tr``, the command
line nothing: one source for each wording, and the engine stays Qt-free.
"""
from __future__ import annotations

from typing import Callable

#: Turns a marked English literal into the words to show (the window's ``tr``).
Translate = Callable[[str], str]


def N_(text: str) -> str:
    """Marks ``text`` for translation without translating it: whoever shows it does."""
    return text


def english(text: str) -> str:
    """The default ``translate``: the English source as it is."""
    return text
