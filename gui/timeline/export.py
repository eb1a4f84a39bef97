"""Pictures of the timeline (PNG, SVG) and of the window (PNG).

Every file is rendered in memory first and then written atomically, so a
failed export never leaves half a file.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from engine.files.atomic_write import write_bytes_atomically
from gui.i18n import tr

IMAGE_FORMATS = {".png": "PNG", ".svg": "SVG"}


class ExportError(ValueError):
    pass


def format_for(path: Path) -> str:
    try:
        return IMAGE_FORMATS[Path(path).suffix.lower()]
    except KeyError:
        raise ExportError(tr("{path}: choose a .png or .svg file name").format(path=path)) from None


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
        raise ExportError(tr("could not encode the PNG image"))
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
        with _vector_items(widget):
            widget.render(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data)


@contextmanager
def _vector_items(widget: QWidget) -> Iterator[None]:
    """pyqtgraph items in export mode while painting into an SVG.

    A ``ScatterPlotItem`` (the timeline's marks) normally stamps its symbols
    from a cached pixmap: in an SVG that is an embedded bitmap per mark. In
    export mode, as pyqtgraph's own exporters set it, it draws each symbol as
    a path. Every plot inside ``widget`` (the timeline and any counter rows)
    is switched, and back afterwards.
    """
    views = widget.findChildren(QGraphicsView)
    if isinstance(widget, QGraphicsView):
        views.append(widget)
    items = [item for view in views if view.scene() is not None for item in view.scene().items()
             if hasattr(item, "setExportMode")]
    for item in items:
        item.setExportMode(True, {"antialias": True})
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)
