"""The experiment's workers: the add form, the table, and Remove; or, read-only, a watched script's processes."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine import SpecError, WorkerSpec, WorkerState
from gui.i18n import tr
from gui.theme import exit_code_label, state_label

from .worker_form import WorkerForm
from .worker_table_model import (
    ALIVE,
    COLUMNS,
    CPU,
    EXIT_CODE,
    HOST,
    INTERVAL,
    KIND,
    MEMORY,
    NAME,
    PID,
    START_COST,
    STATE,
    WorkerTableModel,
)


def column_samples() -> dict[int, list[str]]:
    """The widest texts each column usually shows, in the window's language
    (a column is as wide as the widest of them, or its header)."""
    samples = {NAME: ["worker_name_12"], KIND: ["crash: sys.exit(4)"], INTERVAL: [], PID: ["4194304"],
               ALIVE: [tr("yes"), tr("no")], STATE: [state_label(state) for state in WorkerState],
               EXIT_CODE: [exit_code_label(-15)], START_COST: ["999.9 ms"], CPU: ["100%"], MEMORY: ["1024 MB"],
               HOST: ["hostname · 10.0.0.1:40000"]}
    return {column: [*texts, tr(COLUMNS[column])] for column, texts in samples.items()}


class WorkersPanel(QWidget):
    """Edits a ``WorkerTableModel``; shows refused edits where they were typed."""

    selectionChanged = Signal()

    def __init__(self, model: WorkerTableModel, parent=None):
        super().__init__(parent)
        self.model = model
        self._editable = True
        self.form = WorkerForm()
        self.table = QTableView(objectName="workerTable")
        self.table.setModel(model)
        self.table.setToolTip(self._table_tooltip(False))
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line per worker; long cells are elided, the tooltip has it all
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Fixed, user-adjustable widths: ResizeToContents re-measures every row
        # on each status change (50 ms per poll with 50 workers).
        # Names stay readable: the last column takes what is left, and a
        # narrow panel scrolls sideways rather than squeezing the names.
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        for column, samples in column_samples().items():
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(text) for text in samples) + 12)
        self.remove_button = QPushButton(tr("Remove"), objectName="removeWorkerButton")
        self.remove_button.setToolTip(tr("Remove the selected workers from the experiment (Delete)"))
        self.remove_button.setShortcut(QKeySequence.Delete)
        self.remove_button.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.form.addRequested.connect(self._on_add_requested)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        model.modelReset.connect(self._on_selection_changed)
        model.modelReset.connect(lambda: self.form.propose_name(self._next_name()))
        model.editRejected.connect(self._on_edit_rejected)
        model.specsChanged.connect(self.form.clear_error)  # a refusal stays only until the next change
        model.watchingChanged.connect(self._on_watching_changed)
        self.form.propose_name(self._next_name())
        self.table.setColumnHidden(HOST, True)  # until runs go to a cluster
        header.moveSection(header.visualIndex(HOST), header.visualIndex(EXIT_CODE) + 1)

    def table_width_needed(self) -> int:
        """Pixels that show every column whole, with room for a vertical scrollbar."""
        columns = sum(self.table.columnWidth(column) for column in range(self.model.columnCount()))
        scrollbar = self.table.style().pixelMetric(QStyle.PM_ScrollBarExtent)
        return columns + 2 * self.table.frameWidth() + scrollbar

    def set_editable(self, editable: bool) -> None:
        """Before Start: add, edit and remove. While running: look only."""
        self._editable = editable
        self.model.set_editable(editable)
        self.form.setEnabled(editable)
        self._on_selection_changed()

    def set_cluster(self, cluster: bool) -> bool:
        """Runs go to a Dask cluster: the Host column (after the exit code) shows where each worker
        ran; CPU and memory go, as psutil cannot sample another machine's processes (the Host
        header says so). True if the columns changed."""
        if self.table.isColumnHidden(HOST) != cluster:
            return False
        self.table.setColumnHidden(HOST, not cluster)
        for column in (CPU, MEMORY):
            self.table.setColumnHidden(column, cluster)
        return True

    def selected_names(self) -> list[str]:
        """The selected rows' names: workers, or a watched script's processes."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        names = self.model.row_names()
        return [names[row] for row in rows if row < len(names)]

    def remove_selected(self) -> None:
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        if rows and self._editable and not self.model.watching:
            self.model.remove_rows(rows)
            self.form.propose_name(self._next_name())

    def _on_add_requested(self, spec: WorkerSpec) -> None:
        try:
            self.model.add_spec(spec)
        except SpecError as error:
            self.form.show_error(tr("Name: {message}.").format(message=error.message))
            return
        self.form.accept(self._next_name())

    def _on_edit_rejected(self, message: str) -> None:
        """A refused table edit: say why at the cell, and keep the message below the form."""
        self.form.show_error(message, focus=False)
        index = self.table.currentIndex()
        if index.isValid():
            corner = self.table.visualRect(index).bottomLeft()
            QToolTip.showText(self.table.viewport().mapToGlobal(corner), message, self.table)

    def _on_watching_changed(self, watching: bool) -> None:
        """A watched script's processes have no interval and are not added or removed here."""
        self.form.setVisible(not watching)
        self.remove_button.setVisible(not watching)
        self.table.setColumnHidden(INTERVAL, watching)
        self.table.setToolTip(self._table_tooltip(watching))

    @staticmethod
    def _table_tooltip(watching: bool) -> str:
        if watching:
            return tr("Every process the script started, in the order they appeared, and what polling says "
                      "about each. Select rows to aim Join, Terminate and Kill at them.")
        return tr("The experiment's workers and, once started, what polling each Process says. "
                  "Select rows to aim Join, Terminate and Kill at them.")

    def _on_selection_changed(self, *_args) -> None:
        self.remove_button.setEnabled(self._editable and not self.model.watching
                                      and bool(self.table.selectionModel().selectedRows()))
        self.selectionChanged.emit()

    def _next_name(self) -> str:
        taken = set(self.model.names())
        number = len(taken) + 1
        while f"worker{number}" in taken:
            number += 1
        return f"worker{number}"
