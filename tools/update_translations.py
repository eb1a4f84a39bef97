#!/usr/bin/env python3
"""Keep resources/translations/ in step with the strings in the code.

    python tools/update_translations.py          # merge the .ts files, then build the .qm files
    python tools/update_translations.py --check  # change nothing; exit 1 if a translation is missing

What counts as a string: the first argument of every ``tr("...")`` and
``N_("...")`` call whose argument is a string literal, in ``gui/**/*.py`` and
``engine/**/*.py`` (found with ``ast``, so implicit concatenation across lines
is one string, and nothing is imported or run). ``tr(variable)`` is fine (it
translates an ``N_``-marked value at run time); ``tr(f"...")``,
``tr("..." + x)`` and ``tr("...".format(...))`` are errors: their text is
never the same twice, so no translation could match.

The .ts files are Qt Linguist's XML, one context ("ProcLab"). Merging keeps
every existing translation; a new string comes in unfinished; a string that
left the code stays, marked ``vanished`` (it had a translation) or
``obsolete`` (it had none), as lupdate does, and comes back to life if the
string returns. ``--drop-obsolete`` removes those instead. Then
``pyside6-lrelease`` (shipped with PySide6-Essentials) compiles each .ts into
the .qm that ``gui.i18n.install_translator`` loads; both are committed.

``--check`` fails (exit 1, one line per problem) when a .ts lacks a string
of the code, has an unfinished translation, a translation that drops or
invents a ``{placeholder}``, an accelerator (``&``), an HTML tag, or the
source's leading or trailing space, or when a .qm is missing or does not
give every finished translation of its .ts (read back with ``QTranslator``,
so any lrelease version that writes the same translations passes).
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
#: Where the strings are: the window and the engine's marked descriptions.
SOURCE_GLOBS = ("gui/**/*.py", "engine/**/*.py")
CONTEXT = "ProcLab"
#: Where ProcLab lists the languages it speaks (``LANGUAGES``, English first).
LANGUAGES_SOURCE = ROOT / "gui" / "i18n.py"
MARKERS = ("tr", "N_")


def languages(source: Path = LANGUAGES_SOURCE) -> tuple[str, ...]:
    """The languages besides English (the source language): ``gui.i18n.LANGUAGES``'s
    codes, read with ``ast`` so that listing a language there is all it takes."""
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(target, "id", None) for target in node.targets] == ["LANGUAGES"]:
            return tuple(code for code, _name in ast.literal_eval(node.value) if code != "en")
    raise SystemExit(f"{source}: no LANGUAGES = ((code, name), ...) to read the languages from")


LANGUAGES = languages()


@dataclass
class Message:
    source: str
    locations: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Entry:
    """One <message> of a .ts file."""
    source: str
    translation: str = ""
    kind: str = "unfinished"  #: "" (finished), "unfinished", "vanished" or "obsolete"
    extra: list[ET.Element] = field(default_factory=list)  #: comments, kept as they are


def ts_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"proclab_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"proclab_{language}.qm"


# -- the code's strings -----------------------------------------------------------

def source_files() -> list[Path]:
    return sorted(path for pattern in SOURCE_GLOBS for path in ROOT.glob(pattern))


def extract(paths: list[Path]) -> tuple[dict[str, Message], list[str]]:
    """({source text: Message}, in order of first appearance; [problems])."""
    messages: dict[str, Message] = {}
    problems: list[str] = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS):
                continue
            where = f"{relative}:{node.lineno}"
            if len(node.args) != 1 or node.keywords:
                problems.append(f"{where}: {node.func.id}() takes exactly one argument")
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                message = messages.setdefault(arg.value, Message(arg.value))
                message.locations.append((relative, node.lineno))
            elif node.func.id == "N_" or _is_built_text(arg):
                problems.append(f"{where}: {node.func.id}() needs a plain string literal "
                                f"(put values in afterwards with .format), not {ast.unparse(arg)[:60]}")
    for message in messages.values():
        message.locations.sort()
    ordered = sorted(messages.values(), key=lambda message: message.locations[0])
    return {message.source: message for message in ordered}, problems


def _is_built_text(node: ast.expr) -> bool:
    """An f-string, a concatenation or a formatted literal: text no .ts can hold."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return any(isinstance(side, (ast.Constant, ast.JoinedStr)) for side in (node.left, node.right))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return isinstance(node.func.value, (ast.Constant, ast.JoinedStr))
    return False


# -- .ts files --------------------------------------------------------------------

def read_ts(path: Path) -> dict[str, Entry]:
    if not path.exists():
        return {}
    entries: dict[str, Entry] = {}
    for context in ET.parse(path).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            entries[source] = Entry(
                source,
                (translation.text or "") if translation is not None else "",
                translation.get("type", "") if translation is not None else "unfinished",
                [child for child in message if child.tag in ("comment", "extracomment", "translatorcomment")],
            )
    return entries


def merge(code: dict[str, Message], old: dict[str, Entry], drop_obsolete: bool) -> list[tuple[Entry, Message | None]]:
    """The .ts's messages: the code's, in its order, then the ones that left it."""
    merged = []
    for source, message in code.items():
        entry = old.get(source) or Entry(source)
        if entry.kind in ("vanished", "obsolete"):  # back in the code
            entry.kind = "" if entry.kind == "vanished" and entry.translation else "unfinished"
        if not entry.translation:
            entry.kind = "unfinished"
        merged.append((entry, message))
    if not drop_obsolete:
        for source, entry in old.items():
            if source not in code:
                if entry.kind not in ("vanished", "obsolete"):
                    entry.kind = "vanished" if entry.kind == "" and entry.translation else "obsolete"
                merged.append((entry, None))
    return merged


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def render_ts(language: str, messages: list[tuple[Entry, Message | None]], ts_dir: Path) -> str:
    """Qt Linguist XML as lupdate writes it (locations relative to the .ts file)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{language}" sourcelanguage="en_US">', "<context>",
             f"    <name>{CONTEXT}</name>"]
    for entry, message in messages:
        lines.append("    <message>")
        for filename, line in (message.locations if message else []):
            relative = Path(os.path.relpath(ROOT / filename, ts_dir)).as_posix()
            lines.append(f'        <location filename="{relative}" line="{line}"/>')
        lines.append(f"        <source>{_escape(entry.source)}</source>")
        for extra in entry.extra:
            lines.append(f"        <{extra.tag}>{_escape(extra.text or '')}</{extra.tag}>")
        kind = f' type="{entry.kind}"' if entry.kind else ""
        lines.append(f"        <translation{kind}>{_escape(entry.translation)}</translation>")
        lines.append("    </message>")
    lines += ["</context>", "</TS>", ""]
    return "\n".join(lines)


# -- checks -----------------------------------------------------------------------

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
#: "&F" marks F as the accelerator; "&&" is a plain "&", "&amp;" an HTML entity.
_ACCELERATOR = re.compile(r"&(?![a-zA-Z]+;|#[0-9]+;)")


def _fields(text: str) -> set[str] | None:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # braces that are not a format string
        return None


def _accelerators(text: str) -> int:
    return len(_ACCELERATOR.findall(text.replace("&&", "")))


def translation_problems(entry: Entry) -> list[str]:
    """What is wrong with a finished translation (nothing for an unfinished one)."""
    source, translation = entry.source, entry.translation
    problems = []
    if _fields(source) != _fields(translation):
        problems.append(f"placeholders differ: {sorted(_fields(source) or [])} vs {sorted(_fields(translation) or [])}")
    if _accelerators(source) != _accelerators(translation):
        problems.append("the accelerator (&) is missing or extra")
    if sorted(_TAG.findall(source)) != sorted(_TAG.findall(translation)):
        problems.append("HTML tags differ")
    # A separator (", ", "; ") may become full-width punctuation, which carries its own space.
    if re.search(r"[^\W\d_]", source):
        for side, strip in (("leading", str.lstrip), ("trailing", str.rstrip)):
            if (source != strip(source)) != (translation != strip(translation)):
                problems.append(f"{side} space differs")
    return problems


def check(code: dict[str, Message], problems: list[str]) -> list[str]:
    for language in LANGUAGES:
        path = ts_path(language)
        name = path.relative_to(ROOT).as_posix()
        if not path.exists():
            problems.append(f"{name}: missing (run tools/update_translations.py)")
            continue
        entries = read_ts(path)
        for source, message in code.items():
            where = "{}:{}".format(*message.locations[0])
            entry = entries.get(source)
            if entry is None or entry.kind in ("vanished", "obsolete"):
                problems.append(f"{name}: not in the .ts: {source!r} ({where}); run tools/update_translations.py")
            elif entry.kind == "unfinished" or not entry.translation:
                problems.append(f"{name}: unfinished: {source!r} ({where})")
            else:
                problems += [f"{name}: {problem}: {source!r} -> {entry.translation!r}"
                             for problem in translation_problems(entry)]
        problems += qm_problems(language, entries)
    return problems


def qm_problems(language: str, entries: dict[str, Entry]) -> list[str]:
    """The committed .qm must give every finished translation of the .ts."""
    from PySide6.QtCore import QTranslator

    qm = qm_path(language)
    name = qm.relative_to(ROOT).as_posix()
    translator = QTranslator()
    if not qm.exists() or not translator.load(str(qm)):
        return [f"{name}: missing or unreadable (run tools/update_translations.py)"]
    stale = [entry.source for entry in entries.values()
             if entry.kind == "" and translator.translate(CONTEXT, entry.source) != entry.translation]
    if stale:
        return [f"{name}: out of date with its .ts for {len(stale)} string(s), e.g. {stale[0]!r} "
                "(run tools/update_translations.py)"]
    return []


# -- .qm files --------------------------------------------------------------------

def find_lrelease() -> str | None:
    """pyside6-lrelease beside this Python (a venv need not be activated), else on PATH."""
    folder = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "lrelease"):
        for candidate in (folder / name, folder / f"{name}.exe"):
            if candidate.exists():
                return str(candidate)
        found = shutil.which(name)
        if found:
            return found
    return None


def compile_qm(lrelease: str, ts: Path, qm: Path) -> None:
    result = subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True)
    if result.returncode != 0 or not qm.exists():
        raise SystemExit(f"{lrelease} failed on {ts}:\n{result.stdout}{result.stderr}")


# -- main -------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is missing")
    parser.add_argument("--drop-obsolete", action="store_true", help="remove strings that left the code")
    args = parser.parse_args(argv)

    code, problems = extract(source_files())
    if args.check:
        problems = check(code, problems)
        for problem in problems:
            print(problem)
        print(f"{len(code)} strings; {len(problems)} problem(s)", file=sys.stderr)
        return 1 if problems else 0

    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    TRANSLATIONS_DIR.mkdir(parents=True, exist_ok=True)
    lrelease = find_lrelease()
    for language in LANGUAGES:
        path = ts_path(language)
        merged = merge(code, read_ts(path), args.drop_obsolete)
        path.write_text(render_ts(language, merged, path.parent), encoding="utf-8")
        unfinished = sum(entry.kind == "unfinished" for entry, message in merged if message is not None)
        gone = sum(message is None for _, message in merged)
        print(f"{path.relative_to(ROOT)}: {len(code)} strings, {unfinished} unfinished, {gone} no longer in the code")
        if lrelease is None:
            print("warning: pyside6-lrelease not found; the .qm files were not built", file=sys.stderr)
            return 1
        compile_qm(lrelease, path, qm_path(language))
        print(f"{qm_path(language).relative_to(ROOT)}: built")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
