"""Help → About: what ProcLab is, and the versions it runs on."""
from __future__ import annotations

import platform
import sys
from importlib import metadata

import pyqtgraph
import PySide6
from PySide6.QtCore import QLibraryInfo, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from gui.i18n import tr


def proclab_version() -> str:
    try:
        return metadata.version("proclab")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return "source tree, not installed"


def versions() -> dict[str, str]:
    return {
        "ProcLab": proclab_version(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Qt": QLibraryInfo.version().toString(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
        "numpy": __import__("numpy").__version__,
        "psutil": __import__("psutil").__version__,
    }


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent, objectName="aboutDialog")
        self.setWindowTitle(tr("About ProcLab"))
        title = QLabel("<h2>ProcLab</h2>")
        blurb = QLabel(tr("See how Python multiprocessing really runs: real processes, their events "
                          "over Pipes, Locks, crashes and start methods, live on a timeline."))
        blurb.setWordWrap(True)
        rows = "".join(f"<tr><td><b>{name}</b></td><td>&nbsp;&nbsp;{value}</td></tr>"
                       for name, value in versions().items())
        self.versions_label = QLabel(f"<table>{rows}</table>", objectName="aboutVersions")
        self.versions_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.versions_label.setToolTip(tr("Select and copy these when you report a problem"))
        platform_label = QLabel(f"{platform.system()} {platform.release()} · {sys.platform}")
        platform_label.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Close).setObjectName("aboutCloseButton")
        buttons.button(QDialogButtonBox.Close).setToolTip(tr("Close this window (Esc)"))
        layout = QVBoxLayout(self)
        for widget in (title, blurb, self.versions_label, platform_label):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
