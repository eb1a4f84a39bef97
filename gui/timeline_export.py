"""Pictures of the timeline (PNG, SVG) and of the window (PNG).

Every file is rendered in memory first and then written atomically, so a
failed export never leaves half a file.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from engine.atomic_write import write_bytes_atomically

IMAGE_FORMATS = {".png": "PNG", ".svg": "SVG"}


class ExportError(ValueError):
    pass


def format_for(path: Path) -> str:
    try:
        return IMAGE_FORMATS[Path(path).suffix.lower()]
    except KeyError:
        raise ExportError(f"{path}: choose a .png or .svg file name") from None


def export_widget(widget: QWidget, path: Path) -> None:
    """Write ``widget`` as PNG or SVG, chosen by ``path``'s suffix."""
    path = Path(path)
    fmt = format_for(path)
    data = widget_png_bytes(widget) if fmt == "PNG" else widget_svg_bytes(widget, title=path.stem)
    write_bytes_atomically(path, data)


def save_png(widget: QWidget, path: Path) -> None:
    """Write ``widget`` as PNG whatever ``path``'s suffix (window screenshots)."""
    write_bytes_atomically(Path(path), widget_png_bytes(widget))


def widget_png_bytes(widget: QWidget) -> bytes:
    """A PNG of ``widget`` at the screen's device pixel ratio (sharp on HiDPI)."""
    return _png_bytes(widget_image(widget))


def widget_image(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def _png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("could not encode the PNG image")
    return bytes(buffer.data())


def widget_svg_bytes(widget: QWidget, title: str = "ProcLab timeline") -> bytes:
    """Vector SVG of ``widget`` (pyqtgraph's own SVG exporter fails on Qt 6.11+)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    size = widget.size()
    generator.setSize(QSize(size.width(), size.height()))
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    # Without this the axes come out scaled 0.75 against the data.
    generator.setResolution(widget.logicalDpiX())
    generator.setTitle(title)
    generator.setDescription("Exported by ProcLab")
    painter = QPainter(generator)
    try:
        widget.render(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data)
