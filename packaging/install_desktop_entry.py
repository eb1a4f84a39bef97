"""Install ProcLab's .desktop file and icons for the current user (Linux).

``make desktop-entry`` runs this with the venv's ``proclab`` launcher::

    python packaging/install_desktop_entry.py --launcher .venv/bin/proclab

It writes, under ``$XDG_DATA_HOME`` (default ``~/.local/share``):

- ``applications/proclab.desktop``, with ``Exec=`` and ``TryExec=`` set to the
  launcher's absolute path (a launcher inside a venv is not on the menu's PATH);
- ``icons/hicolor/NxN/apps/proclab.png`` for every size, and
  ``icons/hicolor/scalable/apps/proclab.svg``;

then refreshes the menu cache with ``update-desktop-database`` and an existing
icon cache with ``gtk-update-icon-cache``, where the tools exist. Standard
library only.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resources import ICON_NAME, desktop_entry_path, icon_png_paths, icon_svg_path  # noqa: E402


def default_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def quote_exec_argument(argument: str) -> str:
    """``argument`` as one Exec= argument (Desktop Entry spec, "The Exec key").

    Always quoted, so spaces and reserved characters are safe; inside quotes
    ``"`` `` ` `` ``$`` and ``\\`` take a backslash, then the whole value is
    escaped as a string value (each ``\\`` doubled), and ``%`` is doubled.
    """
    quoted = "".join("\\" + char if char in '"`$\\' else char for char in argument)
    return '"' + quoted.replace("\\", "\\\\").replace("%", "%%") + '"'


def desktop_entry_text(template: str, launcher: Path) -> str:
    """The template with Exec= and TryExec= pointing at ``launcher``."""
    lines = []
    for line in template.splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "Exec":
            line = "Exec=" + quote_exec_argument(str(launcher))
        elif key == "TryExec":
            # TryExec is a plain path (no field codes, no quoting); escape as a string value.
            line = "TryExec=" + str(launcher).replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(launcher: Path, data_home: Path, refresh_caches: bool = True) -> list[Path]:
    launcher = launcher.absolute()
    if any(char in str(launcher) for char in "\n\r"):
        raise ValueError(f"{launcher!r}: a launcher path with a line break cannot go in a .desktop file")
    written = []
    applications = data_home / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    entry = applications / f"{ICON_NAME}.desktop"
    entry.write_text(desktop_entry_text(desktop_entry_path().read_text(encoding="utf-8"), launcher), encoding="utf-8")
    entry.chmod(0o755)  # file managers launch only executable .desktop files on a double-click
    written.append(entry)
    hicolor = data_home / "icons" / "hicolor"
    for size, png in icon_png_paths().items():
        written.append(_copy(png, hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"))
    written.append(_copy(icon_svg_path(), hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"))
    if refresh_caches:
        _run_if_present("update-desktop-database", "--quiet", str(applications))
        if (hicolor / "icon-theme.cache").exists():
            # Refresh a cache that is there; never start one in the user's
            # folder: a cache left behind would hide later icons (as
            # xdg-icon-resource does, which updates only a theme's own cache).
            _run_if_present("gtk-update-icon-cache", "--quiet", "--force", "--ignore-theme-index", str(hicolor))
    return written


def _copy(source: Path, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    return destination


def _run_if_present(tool: str, *arguments: str) -> None:
    """A cache refresh is a courtesy: the menu finds new files without it, in time."""
    if shutil.which(tool) is None:
        return
    result = subprocess.run([tool, *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        print(f"note: {tool} exited {result.returncode}: {result.stderr.strip()}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launcher", type=Path, required=True,
                        help="the proclab launcher the menu entry runs (e.g. .venv/bin/proclab)")
    parser.add_argument("--data-home", type=Path, default=None,
                        help="where to install (default: $XDG_DATA_HOME or ~/.local/share)")
    args = parser.parse_args(argv)
    if not args.launcher.is_file():
        parser.error(f"--launcher {args.launcher}: no such file; run 'make setup' first")
    for path in install(args.launcher, args.data_home or default_data_home()):
        print(f"installed {path}")
    print("ProcLab is in your applications menu (log out and in if it does not show yet).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
