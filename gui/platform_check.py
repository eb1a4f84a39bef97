"""Before the window opens on Linux: can Qt's X11 (xcb) platform plugin load?

Without one of its system libraries, Qt aborts at ``QApplication(...)`` with
"Could not load the Qt platform plugin "xcb"", and what it names as the
cause is often a library that is installed. This module asks ``ldd`` which
of the plugin's libraries the system lacks, so ProcLab can name them and
the one command that installs them, and exit 1 instead. It imports no Qt:
it runs before Qt loads anything.

Only the xcb plugin is checked, and only when Qt will surely use it:
``QT_QPA_PLATFORM`` unset (and no Wayland session, where Qt may take its
Wayland plugin) or set to ``xcb``. Where ``ldd`` or the plugin is not
found, nothing is reported and Qt has its say.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Mapping

#: Where a PySide6 wheel keeps the plugin.
XCB_PLUGIN = Path("Qt", "plugins", "platforms", "libqxcb.so")
#: Libraries whose Debian package name does not follow from the file name.
DEBIAN_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Will Qt surely pick its xcb plugin in this environment?"""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(":")[0] == "xcb"  # "xcb", or "xcb:option"; a list "wayland;xcb" may not need it
    return not environ.get("WAYLAND_DISPLAY")


def xcb_plugin(pyside_dir: Path | None = None) -> Path | None:
    """libqxcb.so of the installed PySide6 (found without importing it), if it is there."""
    if pyside_dir is None:
        spec = importlib.util.find_spec("PySide6")
        if spec is None or not spec.submodule_search_locations:
            return None
        pyside_dir = Path(list(spec.submodule_search_locations)[0])
    plugin = pyside_dir / XCB_PLUGIN
    return plugin if plugin.is_file() else None


def run_ldd(path: Path) -> str | None:
    """``ldd path``'s output, or None when there is no ldd to ask."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        result = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout


def not_found(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as "not found", each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def debian_package(library: str) -> str:
    """libxcb-cursor.so.0 -> libxcb-cursor0, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0."""
    if library in DEBIAN_PACKAGES:
        return DEBIAN_PACKAGES[library]
    stem, _, version = library.partition(".so.")
    version = version.split(".")[0]
    joiner = "-" if stem[-1:].isdigit() else ""
    return f"{stem}{joiner}{version}".lower()


def missing_libraries(plugin: Path, ldd: Callable[[Path], str | None] = run_ldd) -> list[str]:
    output = ldd(plugin)
    return not_found(output) if output else []


def explain_missing(libraries: list[str]) -> str:
    packages = " ".join(dict.fromkeys(debian_package(library) for library in libraries))
    return (
        'ProcLab cannot open its window: Qt\'s X11 platform plugin ("xcb") needs system libraries '
        "that are not installed:\n"
        + "".join(f"  {library}\n" for library in libraries)
        + f"On Debian or Ubuntu, install them with:\n  sudo apt-get install {packages}\n"
        "(Other systems: install the packages that provide these files.)"
    )


def check_platform(environ: Mapping[str, str], platform: str = sys.platform, pyside_dir: Path | None = None,
                   ldd: Callable[[Path], str | None] = run_ldd) -> str | None:
    """What to tell the user before Qt would abort; None when the window can open (or nobody can tell)."""
    if not uses_xcb(environ, platform):
        return None
    plugin = xcb_plugin(pyside_dir)
    if plugin is None:
        return None
    missing = missing_libraries(plugin, ldd)
    return explain_missing(missing) if missing else None
