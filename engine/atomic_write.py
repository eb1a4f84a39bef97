"""Writing a file so that a failure never leaves it half-written."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

_ATTEMPTS = 100


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then replace ``path``.

    If anything fails, the old file (if any) is untouched and the
    temporary file is removed. A new file gets the mode ``open()`` would
    give it (0666 less the umask); a replaced file keeps its mode.
    """
    path = Path(path)
    old_mode = _existing_mode(path)
    fd, temporary = _create_beside(path)
    try:
        with open(fd, "wb") as stream:
            if old_mode is not None:
                os.chmod(temporary, old_mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _existing_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return None


def _create_beside(path: Path) -> tuple[int, str]:
    """Create an empty, exclusive temporary file in ``path``'s folder.

    ``os.open(..., 0o666)`` lets the kernel apply the umask, so the umask
    never has to be read by setting it (``os.umask`` is process-wide and
    would briefly change it for every other thread).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        temporary = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name beside {path}")


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))
