"""Lab → Run on → Dask scheduler…: the scheduler's address, checked as it is typed."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from engine.model.cluster_address import parse_cluster
from gui.i18n import tr

EXAMPLE = "tcp://127.0.0.1:8786"


def address_problem(text: str) -> str:
    """Why ``text`` is not a scheduler's address ("" : it is one)."""
    text = text.strip()
    if not text:
        return tr("Type the address the scheduler printed, e.g. {example}").format(example=EXAMPLE)
    if text.startswith("local"):
        return tr("For a cluster on this machine choose Lab → Run on → Local Dask cluster")
    try:
        parse_cluster(text)
    except ValueError as error:
        return str(error)
    return ""


class SchedulerDialog(QDialog):
    def __init__(self, address: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("schedulerDialog")
        self.setWindowTitle(tr("Dask scheduler"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("The address of a running Dask scheduler. Start one with \"dask scheduler\", and a "
                          "worker on each machine with \"dask worker ADDRESS\" (ProcLab installed there too)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit(address, objectName="schedulerAddressField", placeholderText=EXAMPLE)
        self.field.setToolTip(tr("tcp://HOST:PORT or tls://HOST:PORT"))
        layout.addWidget(self.field)
        self.error = QLabel(objectName="schedulerAddressError")
        self.error.setStyleSheet("color: #B00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(460)

    def address(self) -> str:
        return self.field.text().strip()

    def _check(self) -> None:
        problem = address_problem(self.field.text())
        self.error.setText(problem)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(not problem)

    def accept(self) -> None:
        if not address_problem(self.field.text()):
            super().accept()
