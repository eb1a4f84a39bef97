"""Lab → Lessons: the lesson scripts shipped in resources/lessons/, in the window's language.

Each lesson is a file per language (``en/03_three_workers.py``,
``zh_CN/03_three_workers.py``); its title is the first line of its
docstring, read with ``ast`` (nothing of it runs). A language without a
folder of its own gets the English lessons.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from resources import RESOURCES_DIR

LESSONS_DIR = RESOURCES_DIR / "lessons"
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Lesson:
    path: Path
    title: str  #: "Lesson 3: three workers side by side"


def lessons(language: str, folder: Path = LESSONS_DIR) -> list[Lesson]:
    """The lessons in ``language`` (else English), in file name order."""
    scripts = sorted((folder / language).glob("*.py")) or sorted((folder / FALLBACK_LANGUAGE).glob("*.py"))
    return [Lesson(path, lesson_title(path)) for path in scripts]


def lesson_title(path: Path) -> str:
    """The first line of the docstring, without its full stop; else the file's name."""
    try:
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        docstring = None
    first = docstring.strip().splitlines()[0].strip() if docstring and docstring.strip() else ""
    return first.rstrip(".。") or path.stem.replace("_", " ")
