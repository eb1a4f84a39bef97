"""The worker table's model: the experiment's specs and what polling says."""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from engine import RunRecord, SpecError, WorkerSpec, WorkerState, WorkerStatus
from engine.model.spec import KIND_DESCRIPTIONS, same_name, validate_name, validate_specs
from gui.i18n import N_, tr
from gui.theme import STATE_COLOURS, exit_code_label, state_label

from .interval_field import parse_interval

#: Header labels, translated where shown (``headerData``).
COLUMNS = (N_("Name"), N_("Kind"), N_("Interval"), N_("PID"), N_("Alive"), N_("State"), N_("Exit code"),
           N_("CPU"), N_("Memory"), N_("Start cost"))
NAME, KIND, INTERVAL, PID, ALIVE, STATE, EXIT_CODE, CPU, MEMORY, START_COST = range(len(COLUMNS))
#: Columns filled from polling and from the run's events.
FIRST_RUNTIME, LAST_RUNTIME = PID, START_COST

_TOOLTIPS = {
    NAME: N_("Process.name: unique, 1 to 64 printable characters. Double-click to edit before Start."),
    KIND: N_("What the worker does: sleep, cpu, lock, messages or crash (set it in the form above)"),
    INTERVAL: N_("Seconds of work: the sleep, the cpu work, the lock hold, the message spread, "
                 "or the time before a crash. Double-click to edit before Start."),
    PID: N_("Process.pid: the operating system's id of the worker process"),
    ALIVE: N_("Process.is_alive(), polled several times a second"),
    STATE: N_("not started, running, finished (exit 0), failed (exit > 0), terminated (SIGTERM), killed"),
    EXIT_CODE: N_("Process.exitcode: 0 ok, 1 uncaught exception, N exit status, -N killed by signal N"),
    START_COST: N_("From Process.start() called to the worker's first line: what the start method costs"),
    CPU: N_("psutil cpu_percent() of the live worker, about once a second (100% = one full core)"),
    MEMORY: N_("psutil memory_info().rss of the live worker: resident memory, about once a second"),
}


# Looked up once: the table asks data() and flags() for every visible cell and
# role on each repaint (about 700 calls for one screen), and each Qt enum
# attribute or "|" costs microseconds in Python.
_EDITABLE_COLUMNS = frozenset((NAME, INTERVAL))
_RIGHT_COLUMNS = frozenset((INTERVAL, PID, EXIT_CODE, START_COST, CPU, MEMORY))
_DISPLAY, _EDIT, _TOOLTIP = int(Qt.DisplayRole), int(Qt.EditRole), int(Qt.ToolTipRole)
_FOREGROUND, _ALIGNMENT = int(Qt.ForegroundRole), int(Qt.TextAlignmentRole)
_RIGHT_ALIGNED = int(Qt.AlignRight | Qt.AlignVCenter)
_FIXED_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable
_EDITABLE_FLAGS = _FIXED_FLAGS | Qt.ItemIsEditable

class WorkerTableModel(QAbstractTableModel):
    """Rows are the experiment's workers, in order.

    Names and intervals are editable until the run starts; every edit goes
    through the engine's validation, and a refused edit is reported through
    ``editRejected`` with the reason, leaving the old value in place.
    """

    editRejected = Signal(str)
    specsChanged = Signal()

    def __init__(self, specs: Iterable[WorkerSpec] = (), parent=None):
        super().__init__(parent)
        self._specs: list[WorkerSpec] = validate_specs(specs)
        self._statuses: dict[str, WorkerStatus] = {}
        self._record: RunRecord | None = None
        self._editable = True

    # -- the experiment ------------------------------------------------

    def specs(self) -> list[WorkerSpec]:
        return list(self._specs)

    def names(self) -> list[str]:
        return [spec.name for spec in self._specs]

    def set_specs(self, specs: Iterable[WorkerSpec]) -> None:
        specs = validate_specs(specs)
        self.beginResetModel()
        self._specs = specs
        self._statuses = {}
        self.endResetModel()
        self.specsChanged.emit()

    def add_spec(self, spec: WorkerSpec) -> None:
        """Appends ``spec``; raises ``SpecError`` for a name already present."""
        existing = same_name(spec.name, self.names())
        if existing is not None:
            raise SpecError("name", _duplicate(spec.name, existing))
        row = len(self._specs)
        self.beginInsertRows(QModelIndex(), row, row)
        self._specs.append(spec)
        self.endInsertRows()
        self.specsChanged.emit()

    def remove_rows(self, rows: Iterable[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._specs[row]
            self.endRemoveRows()
        self.specsChanged.emit()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable

    # -- what the engine reports ----------------------------------------

    def clear_statuses(self) -> None:
        self._statuses = {}
        self._record = None
        self._emit_runtime_changed()

    def show_record(self, record: RunRecord | None) -> None:
        """Take start cost, CPU, memory and tracebacks from ``record`` (None: none)."""
        self._record = record
        self._emit_runtime_changed()

    def refresh_run_facts(self) -> None:
        """The record has new events: redraw the columns that come from it."""
        if self._specs and self._record is not None:
            self.dataChanged.emit(self.index(0, EXIT_CODE), self.index(len(self._specs) - 1, LAST_RUNTIME))

    def update_statuses(self, statuses: Iterable[WorkerStatus]) -> None:
        """Refresh the runtime columns of the rows whose status changed only."""
        fresh = {status.name: status for status in statuses}
        changed = [row for row, spec in enumerate(self._specs)
                   if fresh.get(spec.name) != self._statuses.get(spec.name)]
        self._statuses = fresh
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, FIRST_RUNTIME), self.index(last, LAST_RUNTIME))

    def status(self, name: str) -> WorkerStatus | None:
        return self._statuses.get(name)

    def _emit_runtime_changed(self) -> None:
        if self._specs:
            self.dataChanged.emit(self.index(0, FIRST_RUNTIME), self.index(len(self._specs) - 1, LAST_RUNTIME))

    # -- QAbstractTableModel --------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._specs)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal:
            if role == Qt.DisplayRole:
                return tr(COLUMNS[section])
            if role == Qt.ToolTipRole:
                return tr(_TOOLTIPS[section])
        elif role == Qt.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index):
        if self._editable and index.column() in _EDITABLE_COLUMNS:
            return _EDITABLE_FLAGS
        return _FIXED_FLAGS

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        role = int(role)
        column = index.column()
        if role == _DISPLAY:
            return self._display(self._specs[index.row()], column)
        if role == _ALIGNMENT:
            return _RIGHT_ALIGNED if column in _RIGHT_COLUMNS else None
        spec = self._specs[index.row()]
        if role == _EDIT:
            return spec.name if column == NAME else spec.interval if column == INTERVAL else None
        if role == _TOOLTIP:
            if column == KIND:
                return f"{spec.kind}: {tr(KIND_DESCRIPTIONS[spec.kind])}"
            return tr(_TOOLTIPS[column])
        if role == _FOREGROUND and column == STATE:
            state = self._state(spec.name)
            if state in STATE_COLOURS:
                return QColor(STATE_COLOURS[state])
        return None

    def _state(self, name: str) -> WorkerState:
        status = self._statuses.get(name)
        return status.state if status else WorkerState.NOT_STARTED

    def _display(self, spec: WorkerSpec, column: int) -> str:
        status = self._statuses.get(spec.name)
        if column == NAME:
            return spec.name
        if column == KIND:
            return spec.describe()
        if column == INTERVAL:
            return f"{spec.interval:g}"
        if column == STATE:
            return state_label(self._state(spec.name))
        if status is None or status.pid is None:
            return ""
        if column == PID:
            return str(status.pid)
        if column == ALIVE:
            return tr("yes") if status.alive else tr("no")
        run = self._record.workers.get(spec.name) if self._record is not None else None
        if column == EXIT_CODE:
            return exit_code_label(status.exitcode, run.raised if run is not None else None)
        if run is None:
            return ""
        if column == START_COST:
            cost = run.start_cost_ms
            return "" if cost is None else f"{cost:.1f} ms"
        sample = run.latest_sample if status.alive else None
        if sample is None:
            return ""
        if column == CPU:
            return f"{sample[1]:.0f}%"
        return f"{sample[2] / 2**20:.0f} MB"

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid() or not self._editable:
            return False
        row, column = index.row(), index.column()
        old = self._specs[row]
        try:
            if column == NAME:
                name = validate_name(value)
                existing = same_name(name, [other for i, other in enumerate(self.names()) if i != row])
                if existing is not None:
                    raise SpecError("name", _duplicate(name, existing))
                new = replace(old, name=name)
            elif column == INTERVAL:
                new = replace(old, interval=parse_interval(value))
            else:
                return False
        except SpecError as error:
            self.editRejected.emit(tr("Row {row}: {field} {message}. The old value is kept.").format(
                row=row + 1, field=error.field, message=error.message))
            return False
        if new != old:
            self._specs[row] = new
            self.dataChanged.emit(index, index)
            self.specsChanged.emit()
        return True


def _runs(rows: list[int]):
    """[1, 2, 3, 7, 8] -> (1, 3), (7, 8): one dataChanged per block of rows."""
    start = previous = None
    for row in rows:
        if previous is not None and row == previous + 1:
            previous = row
            continue
        if start is not None:
            yield start, previous
        start = previous = row
    if start is not None:
        yield start, previous


def _duplicate(name: str, existing: str) -> str:
    """Why ``name`` is refused: ``existing`` is the same name (maybe but for case or Unicode form)."""
    if name == existing:
        return f"a worker named {name!r} already exists"
    return f"a worker named {existing!r} already exists ({name!r} differs from it only in case or Unicode form)"
