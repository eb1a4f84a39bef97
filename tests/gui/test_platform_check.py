"""Before the window opens: missing X11 libraries are named, with the command that installs them.

Only what lies outside ProcLab is faked: the PySide6 folder (a plugin file
in a temporary folder) and ``ldd`` (a function, or a script on PATH).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui.platform_check import (
    XCB_PLUGIN,
    check_platform,
    debian_package,
    missing_libraries,
    not_found,
    run_ldd,
    uses_xcb,
)

ROOT = Path(__file__).resolve().parents[2]

LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd5a1f3000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0c1c000000)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0c1be00000)
"""
LDD_ALL_FOUND = "\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f0c1c000000)\n"


@pytest.fixture
def pyside_dir(tmp_path) -> Path:
    """A PySide6 folder holding only the xcb plugin file."""
    plugin = tmp_path / "PySide6" / XCB_PLUGIN
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"\x7fELF")
    return tmp_path / "PySide6"


def fake_ldd_on_path(folder: Path, output: str) -> Path:
    """An ``ldd`` script that prints ``output`` whatever it is asked."""
    folder.mkdir(exist_ok=True)
    (folder / "output.txt").write_text(output)
    script = folder / "ldd"
    script.write_text(f"#!/bin/sh\nexec '{shutil.which('cat')}' '{folder / 'output.txt'}'\n")
    script.chmod(0o755)
    return folder


def test_the_missing_libraries_are_read_from_ldd_once_each():
    assert not_found(LDD_MISSING) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libxcb-icccm.so.4"]
    assert not_found(LDD_ALL_FOUND) == []


@pytest.mark.parametrize("library, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libEGL.so.1", "libegl1"), ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
])
def test_each_library_maps_to_its_debian_package(library, package):
    assert debian_package(library) == package


@pytest.mark.parametrize("environ, platform, expected", [
    ({}, "linux", True), ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False), ({"QT_QPA_PLATFORM": "wayland"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),  # Qt may take its Wayland plugin
    ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({}, "darwin", False), ({}, "win32", False),
])
def test_only_a_platform_that_will_be_xcb_is_checked(environ, platform, expected):
    assert uses_xcb(environ, platform) is expected


def test_missing_libraries_are_named_with_the_command_that_installs_them(pyside_dir):
    asked = []

    def ldd(path):
        asked.append(path)
        return LDD_MISSING

    message = check_platform({}, "linux", pyside_dir, ldd)
    assert asked == [pyside_dir / XCB_PLUGIN]
    for library in ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libxcb-icccm.so.4"):
        assert library in message
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4\n" in message


def test_nothing_is_said_when_everything_loads_or_nobody_can_tell(pyside_dir, tmp_path):
    assert check_platform({}, "linux", pyside_dir, lambda path: LDD_ALL_FOUND) is None
    assert check_platform({}, "linux", pyside_dir, lambda path: None) is None  # no ldd
    assert check_platform({}, "linux", tmp_path / "nowhere", lambda path: LDD_MISSING) is None  # no plugin
    assert check_platform({"QT_QPA_PLATFORM": "offscreen"}, "linux", pyside_dir, lambda path: LDD_MISSING) is None


def test_ldd_is_asked_through_the_path(pyside_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(fake_ldd_on_path(tmp_path / "bin", LDD_MISSING)))
    assert missing_libraries(pyside_dir / XCB_PLUGIN) == [
        "libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libxcb-icccm.so.4"]
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert run_ldd(pyside_dir / XCB_PLUGIN) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_the_app_exits_1_with_the_message_before_qt_would_abort(tmp_path):
    """``main.py`` as ``make run`` starts it, on a system whose ldd reports missing libraries."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY")}
    env["PATH"] = f"{fake_ldd_on_path(tmp_path / 'bin', LDD_MISSING)}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "libxcb-cursor.so.0" in result.stderr
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4" in result.stderr
    assert "Could not load the Qt platform plugin" not in result.stderr  # Qt never got that far
