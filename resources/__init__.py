"""ProcLab's resource files, found next to this module: no Qt, no .qrc.

Installed as package data by ``pip install .`` and bundled by PyInstaller
(packaging/proclab.spec), so the same lookup works from a clone, an
installed package and a frozen app. ``gui.icons`` builds the ``QIcon``.
"""
from __future__ import annotations

from pathlib import Path

#: This folder. The README's screenshots live here too but are not shipped.
RESOURCES_DIR = Path(__file__).resolve().parent
ICONS_DIR = RESOURCES_DIR / "icons"
#: The PNG renders of the icon (packaging/render_icons.py), in pixels.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: The name the icon has in an icon theme and the .desktop file's Icon=.
ICON_NAME = "proclab"


def icon_svg_path() -> Path:
    return ICONS_DIR / f"{ICON_NAME}.svg"


def icon_png_path(size: int) -> Path:
    if size not in ICON_SIZES:
        raise ValueError(f"no {size} px icon; the sizes are {', '.join(map(str, ICON_SIZES))}")
    return ICONS_DIR / f"{ICON_NAME}-{size}.png"


def icon_png_paths() -> dict[int, Path]:
    return {size: icon_png_path(size) for size in ICON_SIZES}


def desktop_entry_path() -> Path:
    """The Linux .desktop file, with ``Exec=proclab`` (see packaging/install_desktop_entry.py)."""
    return RESOURCES_DIR / f"{ICON_NAME}.desktop"
