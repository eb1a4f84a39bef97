"""Writing a file so that a failure never leaves it half-written.

Every file ProcLab writes goes through here. Symlinks in the path are
resolved first, the new content goes to a temporary file beside the real
file, and ``os.replace`` moves it onto that file: a link stays a link and
points at the new content. A path that exists and is not a regular file
(a folder, a FIFO, a device node such as /dev/null, a socket) is refused
with ``NotARegularFileError`` and left as it was.
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Iterable

_ATTEMPTS = 100
#: How much of the file's name the temporary's name repeats: enough to see
#: whose it is, short enough that a name at the length limit still has room.
_TEMPORARY_NAME_CHARACTERS = 32

_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotARegularFileError(OSError):
    """``path`` exists and is not a regular file: nothing was written.

    ``strerror`` says what it is ("is a FIFO (named pipe), not a regular
    file"); ``str()`` puts the path in front, as the message to show.
    """

    def __init__(self, path: Path, target: Path, mode: int):
        what = next((name for test, name in _FILE_TYPES if test(mode)), "something else")
        via = f"a link to {target}, " if Path(path) != target else ""
        code = errno.EISDIR if stat.S_ISDIR(mode) else None
        super().__init__(code, f"is {via}{what}, not a regular file", str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def check_target(path: Path) -> Path:
    """The regular file a write to ``path`` would replace (links resolved), or
    the new file it would create; raises ``NotARegularFileError`` for anything
    else, and ``OSError`` for a path that cannot be looked at (a link loop)."""
    return _resolve(Path(path))[0]


def _resolve(path: Path) -> tuple[Path, os.stat_result | None]:
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target)  # a link loop realpath left unresolved raises ELOOP here
    except FileNotFoundError:
        return target, None
    if not stat.S_ISREG(status.st_mode):
        raise NotARegularFileError(path, target, status.st_mode)
    return target, status


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``'s target, then replace the target.

    If anything fails, the old file (if any) is untouched and the
    temporary file is removed. A new file gets the mode ``open()`` would
    give it (0666 less the umask); a replaced file keeps its mode.
    """
    write_chunks_atomically(path, (data,))


def write_chunks_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """``write_bytes_atomically`` for data made a piece at a time.

    A file of hundreds of megabytes (a long run's trace) is never whole in
    memory: each chunk is written as it comes. Nothing replaces the target
    until the last chunk is on disk; an error in making a chunk leaves the
    old file as it was, like an error in writing one.
    """
    target, status = _resolve(Path(path))
    fd, temporary = _create_beside(target)
    try:
        with open(fd, "wb") as stream:
            if status is not None:
                os.chmod(temporary, stat.S_IMODE(status.st_mode) & 0o777)
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _create_beside(path: Path) -> tuple[int, str]:
    """Create an empty, exclusive temporary file in ``path``'s folder.

    ``os.open(..., 0o666)`` lets the kernel apply the umask, so the umask
    never has to be read by setting it (``os.umask`` is process-wide and
    would briefly change it for every other thread).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    stem = path.name[:_TEMPORARY_NAME_CHARACTERS]
    for _ in range(_ATTEMPTS):
        temporary = os.path.join(path.parent, f".{stem}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name beside {path}")


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))
