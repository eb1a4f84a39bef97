"""The worker table's model: the experiment's specs and what polling says, or a watched script's processes.

Two kinds of rows. Usually one per ``WorkerSpec`` of the experiment, in
order, with name and interval editable before Start. While a watched
script's run is shown (``show_watched``), one per process of that run, in
the order the run's record met them, read-only: a script's processes are
what its code made, not what the table says.
"""
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
           N_("CPU"), N_("Memory"), N_("Start cost"), N_("Host"))
NAME, KIND, INTERVAL, PID, ALIVE, STATE, EXIT_CODE, CPU, MEMORY, START_COST, HOST = range(len(COLUMNS))
#: Columns filled from polling and from the run's events.
FIRST_RUNTIME, LAST_RUNTIME = PID, HOST

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
    HOST: N_("Where the worker ran on a Dask cluster: the machine's name and its Dask worker's address. "
             "CPU and memory are not sampled there: psutil sees this machine's processes only"),
}

#: A watched script's rows: the Kind column says what made the process.
ROLE_HEADER = N_("Role")
ROLE_TOOLTIP = N_("What made the process: the script itself (main), multiprocessing.Process, a Pool or "
                  "ProcessPoolExecutor worker, os.fork(), another Python it ran, or a helper multiprocessing "
                  "starts for itself (the forkserver, the resource tracker)")
ROLES = {"main": N_("main"), "process": "Process", "pool": N_("pool worker"), "fork": "os.fork()",
         "subprocess": N_("subprocess"), "helper": N_("helper")}
#: Helper processes' rows are dimmed, as on the timeline.
HELPER_COLOUR = "#8A8A8A"


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
    """Rows are the experiment's workers, in order, or a watched script's processes.

    Names and intervals are editable until the run starts; every edit goes
    through the engine's validation, and a refused edit is reported through
    ``editRejected`` with the reason, leaving the old value in place.
    ``watchingChanged`` says the rows changed kind (the view hides what the
    other kind has not).
    """

    editRejected = Signal(str)
    specsChanged = Signal()
    watchingChanged = Signal(bool)

    def __init__(self, specs: Iterable[WorkerSpec] = (), parent=None):
        super().__init__(parent)
        self._specs: list[WorkerSpec] = validate_specs(specs)
        self._statuses: dict[str, WorkerStatus] = {}
        self._record: RunRecord | None = None
        self._watched: list[str] | None = None  # a watched run's rows, while shown
        self._editable = True

    # -- the experiment ------------------------------------------------

    def specs(self) -> list[WorkerSpec]:
        return list(self._specs)

    def names(self) -> list[str]:
        return [spec.name for spec in self._specs]

    def row_names(self) -> list[str]:
        """What the rows show: the experiment's workers, or the watched run's processes."""
        return list(self._watched) if self._watched is not None else self.names()

    def set_specs(self, specs: Iterable[WorkerSpec]) -> None:
        specs = validate_specs(specs)
        was_watching = self.watching
        self.beginResetModel()
        self._specs = specs
        self._statuses = {}
        self._watched = None
        self.endResetModel()
        if was_watching:
            self.watchingChanged.emit(False)
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
        """No run's results: the experiment's workers as planned."""
        self._statuses = {}
        self._record = None
        if not self._leave_watched():
            self._emit_runtime_changed()

    def show_record(self, record: RunRecord | None) -> None:
        """The experiment's run: take start cost, CPU, memory and tracebacks from ``record`` (None: none)."""
        self._record = record
        if not self._leave_watched():
            self._emit_runtime_changed()

    # -- a watched script's processes ---------------------------------------

    @property
    def watching(self) -> bool:
        return self._watched is not None

    def show_watched(self, record: RunRecord | None) -> None:
        """One read-only row per process of a watched run, added as ``record`` meets them (``refresh_rows``);
        None: no run of the script yet, no rows."""
        self.beginResetModel()
        self._record, self._statuses, self._watched = record, {}, []
        self.endResetModel()
        self.watchingChanged.emit(True)
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Rows for the processes the record has met since the last call (a record never loses a row)."""
        if self._watched is None or self._record is None:
            return
        with self._record.lock:
            names = list(self._record.workers)
        if len(names) > len(self._watched):
            first = len(self._watched)
            self.beginInsertRows(QModelIndex(), first, len(names) - 1)
            self._watched.extend(names[first:])
            self.endInsertRows()

    def _leave_watched(self) -> bool:
        """Back to the experiment's rows; False if they were shown already."""
        if self._watched is None:
            return False
        self.beginResetModel()
        self._watched = None
        self.endResetModel()
        self.watchingChanged.emit(False)
        return True

    # -- what polling says -------------------------------------------------------

    def refresh_run_facts(self) -> None:
        """The record has new events: redraw the columns that come from it."""
        rows = self.rowCount()
        if rows and self._record is not None:
            first = KIND if self.watching else EXIT_CODE  # a process's role arrives as an event
            self.dataChanged.emit(self.index(0, first), self.index(rows - 1, LAST_RUNTIME))

    def update_statuses(self, statuses: Iterable[WorkerStatus]) -> None:
        """Refresh the runtime columns of the rows whose status changed only."""
        fresh = {status.name: status for status in statuses}
        changed = [row for row, name in enumerate(self.row_names())
                   if fresh.get(name) != self._statuses.get(name)]
        self._statuses = fresh
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, FIRST_RUNTIME), self.index(last, LAST_RUNTIME))

    def status(self, name: str) -> WorkerStatus | None:
        return self._statuses.get(name)

    def _emit_runtime_changed(self) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, FIRST_RUNTIME), self.index(rows - 1, LAST_RUNTIME))

    # -- QAbstractTableModel --------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._watched) if self._watched is not None else len(self._specs)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal:
            if role == Qt.DisplayRole:
                return tr(ROLE_HEADER if section == KIND and self.watching else COLUMNS[section])
            if role == Qt.ToolTipRole:
                return tr(ROLE_TOOLTIP if section == KIND and self.watching else _TOOLTIPS[section])
        elif role == Qt.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index):
        if self._editable and self._watched is None and index.column() in _EDITABLE_COLUMNS:
            return _EDITABLE_FLAGS
        return _FIXED_FLAGS

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        role = int(role)
        column = index.column()
        if self._watched is not None:
            return self._watched_data(self._watched[index.row()], column, role)
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
            return self.headerData(column, Qt.Horizontal, Qt.ToolTipRole)
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
            if status.lost is not None:
                return tr("lost: {reason}").format(reason=status.lost)
            return exit_code_label(status.exitcode, run.raised if run is not None else None)
        if run is None:
            return ""
        if column == HOST:
            return short_placement(run)
        if column == START_COST:
            cost = run.start_cost_ms
            return "" if cost is None else f"{cost:.1f} ms"
        sample = run.latest_sample if status.alive else None
        if sample is None:
            return ""
        if column == CPU:
            return f"{sample[1]:.0f}%"
        return f"{sample[2] / 2**20:.0f} MB"

    def _watched_data(self, name: str, column: int, role: int):
        run = self._record.workers.get(name)
        if run is None:
            return None
        if role == _DISPLAY:
            return self._watched_display(run, column)
        if role == _ALIGNMENT:
            return _RIGHT_ALIGNED if column in _RIGHT_COLUMNS else None
        if role == _TOOLTIP:
            return _process_tooltip(run) if column == NAME else self.headerData(column, Qt.Horizontal, Qt.ToolTipRole)
        if role == _FOREGROUND:
            if column == STATE and run.state in STATE_COLOURS:
                return QColor(STATE_COLOURS[run.state])
            if run.helper:
                return QColor(HELPER_COLOUR)
        return None

    def _watched_display(self, run, column: int) -> str:
        """From the record (exit codes as the OS reported them) and polling (is it alive now)."""
        if column == NAME:
            return run.name
        if column == KIND:
            return tr(ROLES[run.role]) if run.role in ROLES else (run.role or "")
        if column == STATE:
            return state_label(run.state)
        if run.pid is None or column == INTERVAL:
            return ""
        if column == PID:
            return str(run.pid)
        status = self._statuses.get(run.name)
        alive = run.exit_s is None and (status is None or status.alive)
        if column == ALIVE:
            return tr("yes") if alive else tr("no")
        if column == EXIT_CODE:
            if run.exit_s is None:
                return ""
            return exit_code_label(run.exitcode, run.raised) or tr("unknown")  # gone, its code lost with its parent
        if column == START_COST:
            cost = run.start_cost_ms
            return "" if cost is None else f"{cost:.1f} ms"
        sample = run.latest_sample if alive else None
        if sample is None:
            return ""
        if column == CPU:
            return f"{sample[1]:.0f}%"
        return f"{sample[2] / 2**20:.0f} MB"

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid() or not self._editable or self._watched is not None:
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


def _process_tooltip(run) -> str:
    """Who the process is: pid, who started it, its command line."""
    lines = [run.name if run.pid is None else tr("{name}, pid {pid}").format(name=run.name, pid=run.pid)]
    if run.parent:
        lines.append(tr("started by {parent} (pid {pid})").format(parent=run.parent, pid=run.parent_pid))
    if run.helper:
        lines.append(tr("a helper multiprocessing started for itself"))
    if run.command:
        lines.append(run.command)
    return "\n".join(lines)


def short_placement(run) -> str:
    """A cluster run's worker's machine and Dask worker, short enough for a column: "vm · 10.0.0.5:40123"."""
    if not run.address:
        return run.host
    address = run.address.split("://", 1)[-1]
    return f"{run.host} · {address}" if run.host else address


def _duplicate(name: str, existing: str) -> str:
    """Why ``name`` is refused: ``existing`` is the same name (maybe but for case or Unicode form)."""
    if name == existing:
        return f"a worker named {name!r} already exists"
    return f"a worker named {existing!r} already exists ({name!r} differs from it only in case or Unicode form)"
