"""``run``'s output files, checked before any worker starts.

A run can take minutes; a destination it could never write, or must not,
is refused before it (exit status 2) rather than after it. Refused: a
folder, a folder that does not exist, a name longer than the file system
allows, anything that is not a regular file (a FIFO, a device node, a
socket; links are followed to what they point at), the experiment file
itself, and two outputs on one file. "One file" compares the resolved
paths and, for files that exist, the files themselves (``os.path.samefile``:
device and inode), so a link or a hard link is caught too.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from engine.files.atomic_write import NotARegularFileError, check_target

#: The output options, each a file written after the run.
OUTPUT_KINDS = ("png", "svg", "events", "csv", "trace")
#: NAME_MAX where ``os.pathconf`` cannot say (Windows, a missing folder).
_DEFAULT_NAME_MAX = 255


def check_outputs(args: argparse.Namespace) -> dict[str, Path]:
    """The output paths by kind, as given; ``ValueError`` with the message if one is refused."""
    outputs = {kind: Path(value) for kind in OUTPUT_KINDS if (value := getattr(args, kind, None))}
    for kind, path in outputs.items():
        _check_destination(f"--{kind}", path)
    config = getattr(args, "config", None)
    if config and not getattr(args, "preset", None):
        for kind, path in outputs.items():
            if _same_file(path, Path(config)):
                raise ValueError(f"--{kind} {path}: is the experiment file {config}; "
                                 "writing it would destroy the experiment; give another file name")
    seen: dict[str, Path] = {}
    for kind, path in outputs.items():
        for other_kind, other in seen.items():
            if _same_file(path, other):
                raise ValueError(f"--{other_kind} {other} and --{kind} {path}: are the same file; "
                                 "the second would replace the first; give each output its own file")
        seen[kind] = path
    return outputs


def _check_destination(option: str, path: Path) -> None:
    _check_name_lengths(option, path)
    try:
        target = check_target(path)
    except NotARegularFileError as error:
        if os.path.isdir(path):
            raise ValueError(f"{option} {path}: is a folder; give a file name") from None
        raise ValueError(f"{option} {path}: {error.strerror}") from None
    except OSError as error:  # a link loop, a path too long, a folder that cannot be searched
        raise ValueError(f"{option} {path}: {error.strerror or error}") from None
    _check_name_lengths(option, target)
    if not os.path.isdir(target.parent):
        raise ValueError(f"{option} {path}: the folder {target.parent} does not exist")


def _check_name_lengths(option: str, path: Path) -> None:
    """The kernel would say ENAMETOOLONG only when the run is over: say it now."""
    limit = _name_max(path)
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > limit and part != path.anchor:
            raise ValueError(f"{option} {path}: a name in it is {size} bytes long; "
                             f"the file system allows at most {limit} bytes per name")


def _name_max(path: Path) -> int:
    folder = path.parent
    while not os.path.isdir(folder) and folder != folder.parent:
        folder = folder.parent
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or no limit to say
        return _DEFAULT_NAME_MAX
    return limit if limit > 0 else _DEFAULT_NAME_MAX


def _same_file(a: Path, b: Path) -> bool:
    if os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b)):
        return True
    try:
        return os.path.samefile(a, b)  # st_dev and st_ino: hard links, case-insensitive file systems
    except OSError:  # one of them does not exist yet: then the paths alone decide
        return False
