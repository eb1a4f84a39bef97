"""Looking inside exported pictures: PNG pixels and SVG shapes."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor, QImage


def png_pixels(path: Path) -> np.ndarray:
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable PNG"
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = image.convertToFormat(QImage.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    # Copy out of the QImage before it goes away: a view into freed bits segfaults.
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height).copy()
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3)


def pixel_count(pixels: np.ndarray, colour: str, tolerance: int = 8) -> int:
    c = QColor(colour)
    target = np.array([c.red(), c.green(), c.blue()], dtype=int)
    return int((np.abs(pixels.astype(int) - target).max(axis=2) <= tolerance).sum())


def svg_shapes(path: Path) -> tuple[int, set[str]]:
    """How many vector shapes the SVG holds, and the fill colours they use."""
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    shapes = [el for el in root.iter() if el.tag.split("}")[-1] in ("path", "rect", "polygon", "polyline", "line")]
    fills = set()
    for element in root.iter():
        for key in ("fill",):
            if element.get(key):
                fills.add(element.get(key).lower())
    return len(shapes), fills
