"""The application icon as a QIcon; the files are found by ``resources``."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from resources import icon_png_paths, icon_svg_path

#: The SVG is rendered once at this size, above the largest PNG, for docks
#: and task switchers on HiDPI screens (256 px at a device pixel ratio of 2).
SVG_RENDER_SIZE = 512


def app_icon() -> QIcon:
    """ProcLab's icon: every PNG size, drawn sharp for its size, and the SVG
    for larger requests. Set it once: ``app.setWindowIcon(app_icon())``.

    The PNGs come first so Qt keeps one pixmap per size; an icon that starts
    from the SVG would keep a single added pixmap per mode and state.
    """
    icon = QIcon()
    for path in icon_png_paths().values():
        icon.addFile(str(path))
    icon.addFile(str(icon_svg_path()), QSize(SVG_RENDER_SIZE, SVG_RENDER_SIZE))
    return icon
