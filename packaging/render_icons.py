"""Render resources/icons/proclab.svg to the PNG sizes beside it.

Run after changing the SVG, and commit what it writes (no display needed)::

    .venv/bin/python packaging/render_icons.py

tests/test_packaging.py fails when the PNGs no longer match the SVG.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from resources import ICON_SIZES, icon_png_path, icon_svg_path  # noqa: E402


def render(svg: Path, size: int, destination: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    # Straight alpha in the file, as PNG expects; no gamma or text chunks
    # that would change between runs.
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    if not image.save(str(destination), "PNG"):
        raise SystemExit(f"cannot write {destination}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841
    svg = icon_svg_path()
    for size in ICON_SIZES:
        destination = icon_png_path(size)
        render(svg, size, destination)
        print(f"wrote {destination.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
