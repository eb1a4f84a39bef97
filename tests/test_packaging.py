"""What launching by double-click needs: the icon, the .desktop file, and a
``pip install .`` that brings both along with a ``proclab`` GUI launcher."""
from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

import resources
from tests.image_checks import pixel_count, png_pixels

ROOT = Path(__file__).resolve().parents[1]
REQUIRED_KEYS = {
    "Type": "Application", "Name": "ProcLab", "Exec": "proclab", "Icon": "proclab",
    "Terminal": "false", "Categories": "Development;Education;",
}
#: The icon's bar colours (gui.theme's finished, running and failed).
BAR_COLOURS = ("#009E73", "#0072B2", "#E69F00")


def _load_script(name: str):
    """packaging/ holds scripts, not a package (``import packaging`` is PyPI's)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


installer = _load_script("install_desktop_entry")


def read_desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def desktop_file_validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True)
    # It prints hints too (two main categories is one); only errors fail it.
    assert result.returncode == 0, result.stdout + result.stderr


# --- the .desktop file -------------------------------------------------------

def test_desktop_entry_has_the_keys_a_menu_needs():
    entry = read_desktop_entry(resources.desktop_entry_path())
    assert {key: entry.get(key) for key in REQUIRED_KEYS} == REQUIRED_KEYS
    assert entry["Comment"]
    assert entry["StartupWMClass"] == "ProcLab"  # what Qt puts in WM_CLASS for applicationName "ProcLab"


def test_desktop_entry_validates():
    desktop_file_validate(resources.desktop_entry_path())


def test_desktop_entry_install_points_at_the_launcher_and_installs_the_icons(tmp_path):
    # A launcher path with a space and the characters the spec says to escape.
    launcher = tmp_path / "my venv $HOME `x` 100%" / "bin" / "proclab"
    launcher.parent.mkdir(parents=True)
    launcher.write_text("#!/bin/sh\n")
    data_home = tmp_path / "share"
    written = installer.install(launcher, data_home, refresh_caches=False)

    entry_path = data_home / "applications" / "proclab.desktop"
    entry = read_desktop_entry(entry_path)
    assert entry["Exec"] == r'"' + str(launcher).replace("$", r"\\$").replace("`", r"\\`").replace("%", "%%") + '"'
    assert entry["TryExec"] == str(launcher)
    assert {key: entry[key] for key in ("Name", "Icon", "Type")} == {
        "Name": "ProcLab", "Icon": "proclab", "Type": "Application"}
    hicolor = data_home / "icons" / "hicolor"
    for size in resources.ICON_SIZES:
        installed = hicolor / f"{size}x{size}" / "apps" / "proclab.png"
        assert installed.read_bytes() == resources.icon_png_path(size).read_bytes()
    assert (hicolor / "scalable" / "apps" / "proclab.svg").read_bytes() == resources.icon_svg_path().read_bytes()
    assert len(written) == 1 + len(resources.ICON_SIZES) + 1
    assert os.access(entry_path, os.X_OK)  # file managers launch only executable .desktop files


def test_the_installed_desktop_entry_validates(tmp_path):
    launcher = tmp_path / "venv with space" / "bin" / "proclab"
    launcher.parent.mkdir(parents=True)
    launcher.write_text("#!/bin/sh\n")
    installer.install(launcher, tmp_path / "share", refresh_caches=False)
    desktop_file_validate(tmp_path / "share" / "applications" / "proclab.desktop")


def test_makefile_installs_the_entry_with_the_venv_launcher():
    makefile = (ROOT / "Makefile").read_text()
    assert "packaging/install_desktop_entry.py --launcher \"$(abspath $(BIN))/proclab\"" in makefile


# --- the icon ----------------------------------------------------------------

@pytest.mark.parametrize("size", resources.ICON_SIZES)
def test_every_icon_size_exists_with_that_size(size):
    image = QImage(str(resources.icon_png_path(size)))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # transparent outside the rounded square


def test_the_large_icon_shows_three_bars_in_the_state_colours():
    pixels = png_pixels(resources.icon_png_path(256))
    for colour in BAR_COLOURS:
        assert pixel_count(pixels, colour, tolerance=4) > 2000, colour


@pytest.mark.parametrize("size", resources.ICON_SIZES)
def test_the_pngs_are_rendered_from_the_svg(qapp, size, tmp_path):
    """Edited the SVG? Run packaging/render_icons.py and commit the PNGs."""
    fresh = tmp_path / "fresh.png"
    _load_script("render_icons").render(resources.icon_svg_path(), size, fresh)
    difference = np.abs(png_pixels(fresh).astype(int) - png_pixels(resources.icon_png_path(size)).astype(int))
    assert difference.max() <= 8, f"proclab-{size}.png is out of date: run packaging/render_icons.py"


def test_the_svg_parses_and_renders():
    from PySide6.QtSvg import QSvgRenderer

    root = ET.parse(resources.icon_svg_path()).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    fills = {element.get("fill", "").upper() for element in root.iter()}
    assert set(BAR_COLOURS) <= fills
    renderer = QSvgRenderer(str(resources.icon_svg_path()))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height() == 256


def test_app_icon_has_every_size(qapp):
    from PySide6.QtCore import QSize

    from gui.icons import SVG_RENDER_SIZE, app_icon

    icon = app_icon()
    assert not icon.isNull()
    sizes = {(size.width(), size.height()) for size in icon.availableSizes()}
    assert sizes == {(s, s) for s in (*resources.ICON_SIZES, SVG_RENDER_SIZE)}
    assert icon.pixmap(QSize(32, 32)).toImage().pixelColor(16, 16).alpha() == 255


def test_resource_lookup_imports_no_qt():
    code = "import sys, resources; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- pip install . -----------------------------------------------------------

def _copy_source(destination: Path) -> Path:
    """The project as a fresh clone has it: no venv, no stale build/ to leak into the wheel."""
    ignore = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", "results")
    return Path(shutil.copytree(ROOT, destination, ignore=ignore))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with ``pip install .`` (ProcLab only); its dependencies are
    borrowed from the test environment through a .pth file."""
    work = tmp_path_factory.mktemp("pip-install")
    source = _copy_source(work / "source")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # pip install . as a user runs it (the build backend in its own isolated
    # environment), into the new venv: pip --python needs no pip in there.
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                              str(source)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    (work / "install.log").write_text(install.stdout + install.stderr)
    site_packages = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    # Plain path lines: the test environment's own .pth files (an editable
    # ProcLab among them) are not run, so the installed copy is the only one.
    (site_packages / "zz_test_dependencies.pth").write_text("\n".join(paths) + "\n")
    return venv


def _site_packages(venv: Path) -> Path:
    return next(venv.glob("lib/python3*/site-packages")) if os.name != "nt" else venv / "Lib" / "site-packages"


def test_pip_install_prints_no_packaging_warning(installed):
    """setuptools warned, 40 lines each, about the resources folders left out of the packages."""
    log = (installed.parent / "install.log").read_text()
    assert "BuildBackendWarning" not in log and "would be ignored" not in log, log


def test_pip_install_gives_a_proclab_gui_launcher(installed):
    site_packages = _site_packages(installed)
    dist_info = next(site_packages.glob("proclab-*.dist-info"))
    entry_points = configparser.ConfigParser()
    entry_points.read(dist_info / "entry_points.txt")
    # gui_scripts: on Windows pip makes proclab.exe a GUI program, no console window.
    assert entry_points["gui_scripts"]["proclab"] == "main:main"
    assert entry_points["console_scripts"]["proclab-cli"] == "main:cli_main"
    launcher = installed / ("Scripts/proclab.exe" if os.name == "nt" else "bin/proclab")
    assert launcher.is_file() and os.access(launcher, os.X_OK)

    result = subprocess.run([str(launcher), "--help"], capture_output=True, text=True, timeout=60,
                            cwd=installed, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: proclab")


def test_pip_install_ships_the_icons_and_the_desktop_file(installed):
    site_packages = _site_packages(installed)
    shipped = site_packages / "resources"
    for size in resources.ICON_SIZES:
        assert (shipped / "icons" / f"proclab-{size}.png").read_bytes() == resources.icon_png_path(size).read_bytes()
    assert (shipped / "icons" / "proclab.svg").is_file()
    assert (shipped / "proclab.desktop").is_file()
    assert not list(shipped.glob("screenshot-*.png")), "the README's screenshots are not package data"

    code = ("import resources, gui.icons\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "print(resources.__file__)\n"
            "print(len(gui.icons.app_icon().availableSizes()))\n")
    result = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=installed, capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    module_file, sizes = result.stdout.split()
    assert Path(module_file).parent == shipped  # the installed copy, not the source tree
    assert int(sizes) == len(resources.ICON_SIZES) + 1


def test_pip_install_ships_the_lessons(installed):
    shipped = _site_packages(installed) / "resources" / "lessons"
    source = Path(resources.__file__).parent / "lessons"
    expected = sorted(str(path.relative_to(source)) for path in source.glob("*/*.py"))
    assert expected and sorted(str(path.relative_to(shipped)) for path in shipped.glob("*/*.py")) == expected
    assert (shipped / "README.md").is_file()


def test_pip_install_ships_the_watch_agent_and_guard(installed):
    """``watch`` puts the agent's folder on the script's PYTHONPATH and runs the guard as a module."""
    shipped = _site_packages(installed) / "engine" / "watch"
    assert (shipped / "agent" / "sitecustomize.py").is_file()
    assert (shipped / "agent" / "_proclab_watch_agent.py").is_file()
    assert (shipped / "agent" / "_proclab_watch_patches.py").is_file()
    script = installed / "hello_watch.py"
    script.write_text("import multiprocessing\n"
                      "if __name__ == '__main__':\n"
                      "    p = multiprocessing.Process(target=print, args=('child says hi',))\n"
                      "    p.start(); p.join()\n", encoding="utf-8")
    result = subprocess.run([str(installed / "bin" / "proclab-cli"), "watch", str(script), "--tag"], cwd=installed,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "[Process-1] child says hi" in result.stdout
