"""Which Python runs a watched script: ProcLab's own by default, another one if chosen (3.10 to 3.13)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

SUPPORTED = ((3, 10), (3, 13))
_PROBE = "import sys; print('%d.%d.%d' % sys.version_info[:3])"


def default_python() -> str | None:
    """The interpreter ProcLab runs on; None when frozen (the program is not a Python)."""
    if getattr(sys, "frozen", False):
        return shutil.which("python3")
    return sys.executable or None


def check_python(path: str) -> str:
    """"Python 3.x.y" for an interpreter that can run watched scripts; ValueError with the reason if not."""
    if not path:
        raise ValueError("no Python interpreter was found; choose one (3.10 to 3.13)")
    found = path if os.sep in path else shutil.which(path)
    if not found or not os.path.isfile(found):
        raise ValueError(f"{path}: no such file")
    if not os.access(found, os.X_OK):
        raise ValueError(f"{path}: not executable")
    try:
        probe = subprocess.run([found, "-c", _PROBE], capture_output=True, text=True, timeout=10,
                               env={**os.environ, "PYTHONPATH": ""})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ValueError(f"{path}: does not run as Python ({error})") from None
    words = probe.stdout.strip().split(".")
    if probe.returncode != 0 or len(words) != 3 or not all(word.isdigit() for word in words):
        raise ValueError(f"{path}: not a Python interpreter")
    version = tuple(int(word) for word in words[:2])
    if not SUPPORTED[0] <= version <= SUPPORTED[1]:
        raise ValueError(f"{path}: Python {probe.stdout.strip()}; watching needs Python 3.10 to 3.13")
    return f"Python {probe.stdout.strip()}"
