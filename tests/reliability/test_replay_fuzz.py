"""Reliability checklist, item 11: damaged run files are refused, nothing else breaks.

A small valid run is built by hand (no processes), written with the engine's
own writers (``write_events_jsonl``, ``write_trace``), then damaged by
hypothesis: bytes flipped, the file cut short, bytes inserted, lines
deleted or repeated, JSON values swapped for values of other types.
``load_run`` must return a ``Replay`` or raise ``ReplayError``, never any
other exception; through the window a refused file leaves the view as it was.
"""
from __future__ import annotations

import json
import math
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engine import RunRecord
from engine.files.event_log import write_events_jsonl
from engine.files.replay import Replay, ReplayError, load_run
from engine.files.trace_export import trace_to_json, write_trace
from engine.model.events import (
    JoinReturned,
    LockAcquired,
    LockReleased,
    LockWaiting,
    MessageSent,
    OutputLine,
    ResourceSample,
    RoundTrip,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)

T0 = 1_000_000_000
MS = 1_000_000


def valid_events() -> list:
    """A run of three workers: a sleeper, a lock holder that crashes, a talker."""
    return [
        WorkerLaunched("sleepy", None, T0 + 1 * MS),
        WorkerLaunched("locker", None, T0 + 2 * MS),
        WorkerLaunched("talker", None, T0 + 3 * MS),
        WorkerStarted("sleepy", 101, T0 + 10 * MS),
        OutputLine("sleepy", 101, T0 + 11 * MS, "work sleepy start", "stdout"),
        WorkerStarted("locker", 102, T0 + 12 * MS),
        LockWaiting("locker", 102, T0 + 13 * MS),
        LockAcquired("locker", 102, T0 + 14 * MS),
        WorkerStarted("talker", 103, T0 + 15 * MS),
        MessageSent("talker", 103, T0 + 20 * MS, 1, 2),
        ResourceSample("sleepy", 101, T0 + 25 * MS, 12.5, 20_000_000),
        MessageSent("talker", 103, T0 + 30 * MS, 2, 2),
        RoundTrip("talker", 103, T0 + 35 * MS, 1, 80_000),
        LockReleased("locker", 102, T0 + 40 * MS),
        OutputLine("locker", 102, T0 + 41 * MS, "Traceback … ünïcode ✓", "stderr"),
        WorkerEnded("talker", 103, T0 + 45 * MS),
        WorkerExited("locker", 102, T0 + 50 * MS, 1),
        WorkerExited("talker", 103, T0 + 52 * MS, 0),
        OutputLine("sleepy", 101, T0 + 60 * MS, "work sleepy end", "stdout"),
        WorkerEnded("sleepy", 101, T0 + 61 * MS),
        WorkerExited("sleepy", 101, T0 + 62 * MS, 0),
        JoinReturned("sleepy", 101, T0 + 63 * MS, False),
    ]


def valid_record() -> RunRecord:
    record = RunRecord(T0)
    record.apply(valid_events())
    return record


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> dict[str, bytes]:
    """The two valid files, as the engine writes them (each checked to load)."""
    folder = tmp_path_factory.mktemp("valid_run")
    events_path, trace_path = folder / "run.events.jsonl", folder / "run.trace.json"
    write_events_jsonl(events_path, valid_events(), T0)
    write_trace(trace_path, valid_record(), "fuzz run")
    for path in (events_path, trace_path):
        replay = load_run(path)
        assert list(replay.record.workers) == ["sleepy", "locker", "talker"]
    return {"events": events_path.read_bytes(), "trace": trace_path.read_bytes()}


# -- damage ------------------------------------------------------------------------------

#: Written as 5000 digits: more than Python turns into an int by default (sys.get_int_max_str_digits).
HUGE_NUMBER = "<a number of 5000 digits>"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.just(HUGE_NUMBER)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
#: Values of a type a field may have, that ProcLab never writes: an integer beyond
#: any float, a negative or zero pid or size, empty or multi-line or NUL names,
#: a stream that is neither stdout nor stderr.
ODD_VALUES = [10**400, -(10**400), 2**64, -1, 0, "", "two\nlines", "nul\x00", "\r", " padded ", "stdin", -0.5]


def json_paths(value, path=()):
    """Every place in a JSON value, as a path of keys and indices."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from json_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_paths(item, path + (index,))


def replaced(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = replaced(value[head], rest, new)
    return copy


def swap_json_value(data: bytes, draw) -> bytes:
    """One value of the JSON (a line's object for events, the whole trace) swapped for another JSON value."""
    text = data.decode("utf-8", errors="surrogateescape")
    lines = text.split("\n")
    whole = len([line for line in lines if line.strip()]) == 1
    index = 0 if whole else draw(st.integers(0, max(0, len(lines) - 2)))
    line = lines[index]
    comma = "," if line.endswith(",") else ""  # a trace holds one array element per line
    try:
        document = json.loads(line.removesuffix(comma))
    except ValueError:
        return data  # damaged earlier, or a line that is not a whole value: leave it
    places = list(json_paths(document))
    logged = [place for place in places if place[:2] == ("proclab", "events")]
    if logged and draw(st.booleans()):  # a one-line trace: aim at its events half the time
        places = logged
    place = draw(st.sampled_from(places))
    current = _at(document, place)
    odd = [value for value in ODD_VALUES if type(value) is type(current) and value != current]
    if odd and draw(st.booleans()):  # the right type, a value ProcLab never writes
        new = draw(st.sampled_from(odd))
    else:
        new = draw(json_values.filter(lambda v: type(v) is not type(current)))
    lines[index] = json.dumps(replaced(document, place, new), ensure_ascii=False).replace(
        json.dumps(HUGE_NUMBER), "9" * 5000) + comma
    return "\n".join(lines).encode("utf-8", errors="surrogateescape")


def _at(value, path):
    for key in path:
        value = value[key]
    return value


def lines_of(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """``data`` with one to three kinds of damage."""
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "delete_line", "repeat_line", "swap_value"]))
        if how == "swap_value":
            data = swap_json_value(data, draw)
            continue
        if not data:
            break
        if how == "flip":
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif how == "truncate":
            data = data[: draw(st.integers(0, len(data) - 1))]
        elif how == "insert":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
        elif how == "delete_line":
            lines = lines_of(data)
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = b"\n".join(lines)
        elif how == "repeat_line":
            lines = lines_of(data)
            at = draw(st.integers(0, len(lines) - 1))
            lines.insert(at, lines[at])
            data = b"\n".join(lines)
    return data


def load_or_refuse(path: Path) -> Replay | None:
    """A Replay that can be shown, or None for a ReplayError; any other exception fails the test."""
    try:
        replay = load_run(path)
    except ReplayError as error:
        assert error.path == path and str(path) in str(error)
        return None
    record = replay.record
    for loaded in record.events:
        assert_proclab_writes(loaded)
    # What the window does with a replay must work too: the end time, the rows, the counter rows,
    # exporting it again.
    assert record.last_time_s() >= 0.0
    record.all_exited()
    for run in record.workers.values():
        for t, cpu, rss in run.samples:
            assert math.isfinite(float(t) + float(cpu) + float(rss) / 1e6)
    json.loads(trace_to_json(record, replay.title))
    return replay


def assert_proclab_writes(loaded) -> None:
    """Only values ProcLab itself writes get through."""
    assert loaded.worker and loaded.worker.isprintable() and loaded.worker == loaded.worker.strip(), loaded
    assert loaded.pid is None or loaded.pid >= 1, loaded
    assert getattr(loaded, "stream", "stdout") in ("stdout", "stderr"), loaded
    for value in vars(loaded).values():
        if type(value) is int:
            assert -(2**63) <= value < 2**63 and math.isfinite(float(value)), loaded


FUZZ = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


@pytest.mark.parametrize("kind", ["events", "trace"])
@FUZZ
@given(data=st.data())
def test_a_damaged_run_file_loads_or_is_refused_never_crashes(originals, kind, data):
    damaged_bytes = data.draw(damaged(originals[kind]), label="damaged file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"run.{kind}"
        path.write_bytes(damaged_bytes)
        replay = load_or_refuse(path)
    # --hypothesis-show-statistics shows how often each happens.
    event("unchanged" if damaged_bytes == originals[kind] else "loaded" if replay else "refused")


#: Per field, values of the field's own JSON type that ProcLab never writes.
NEVER_WRITTEN = {
    "worker": ["", "two\nlines", "nul\x00", "tab\there", " padded", "w" * 300],
    "pid": [-1, 0, 10**400, 2**40],
    "stream": ["stdin", "", "STDOUT"],
    "rtt_ns": [10**400, -1, 2**63],
    "rss_bytes": [10**400, -(10**400), -1],
    "exitcode": [10**400, -(10**400), 2**40],
    "index": [10**400, -1],
    "count": [10**400, -1],
    "seq": [10**400, -1],
    "cpu_percent": [-0.5, 10**400],
}


@pytest.mark.parametrize("kind", ["events", "trace"])
@FUZZ
@given(data=st.data())
def test_a_value_proclab_never_writes_is_refused_naming_the_event_and_field(originals, kind, data):
    """One field of one event set to a value of its type that ProcLab never writes: always refused."""
    lines = originals[kind].decode("utf-8").split("\n")
    events = [n for n, line in enumerate(lines) if line.startswith('{"kind"')]
    number = data.draw(st.sampled_from(events), label="line")
    comma = "," if lines[number].endswith(",") else ""
    event = json.loads(lines[number].removesuffix(comma))
    field = data.draw(st.sampled_from(sorted(set(event) & set(NEVER_WRITTEN))), label="field")
    event[field] = data.draw(st.sampled_from(NEVER_WRITTEN[field]), label="value")
    lines[number] = json.dumps(event, ensure_ascii=False) + comma
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"run.{kind}"
        path.write_text("\n".join(lines), encoding="utf-8")
        with pytest.raises(ReplayError) as caught:
            load_run(path)
    where = f"line {number + 1}: " if kind == "events" else f"proclab.events[{events.index(number)}]: "
    assert str(caught.value).startswith(f"{path}: {where}{field}: "), str(caught.value)


# -- through the window --------------------------------------------------------------------

def refused_damages(original: bytes, seed: int, count: int) -> list[bytes]:
    """``count`` damaged copies of ``original`` that ``load_run`` refuses (seeded: the same every run)."""
    rng = random.Random(seed)
    found = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probe"
        while len(found) < count:
            data = bytearray(original)
            how = rng.choice(["flip", "truncate", "insert", "delete_line"])
            at = rng.randrange(len(data))
            if how == "flip":
                data[at] ^= rng.randrange(1, 256)
            elif how == "truncate":
                del data[at:]
            elif how == "insert":
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
            else:
                lines = bytes(data).split(b"\n")
                del lines[rng.randrange(len(lines))]
                data = bytearray(b"\n".join(lines))
            path.write_bytes(bytes(data))
            try:
                load_run(path)
            except ReplayError:
                found.append(bytes(data))
    return found


def timeline_rows(window) -> list[str]:
    return [run.name for run in window.timeline.bars.runs]


@pytest.mark.parametrize("kind", ["events", "trace"])
def test_the_window_refuses_a_damaged_run_and_keeps_the_replay_it_shows(window, dialogs, originals, tmp_path, kind):  # noqa: F811
    good = tmp_path / f"good.{kind}"
    good.write_bytes(originals[kind])
    assert window.run_files.open_run(good)
    rows, replay, title = timeline_rows(window), window.shown.replay, window.windowTitle()
    assert rows == ["sleepy", "locker", "talker"]
    for number, data in enumerate(refused_damages(originals[kind], seed=11, count=8)):
        path = tmp_path / f"damaged{number}.{kind}"
        path.write_bytes(data)
        errors = len(dialogs.errors)
        assert not window.run_files.open_run(path)
        assert len(dialogs.errors) == errors + 1 and str(path) in dialogs.errors[-1]
        assert timeline_rows(window) == rows
        assert window.shown.replay is replay and window.windowTitle() == title


def test_the_window_refuses_a_damaged_run_and_keeps_the_planned_rows(window, dialogs, originals, tmp_path):  # noqa: F811
    """With no replay open the timeline shows the experiment's planned rows; they stay too."""
    window.load_seed_example()
    rows = timeline_rows(window)
    assert rows == ["worker1", "worker2", "worker3"]
    for number, data in enumerate(refused_damages(originals["trace"], seed=5, count=4)):
        path = tmp_path / f"damaged{number}.trace.json"
        path.write_bytes(data)
        assert not window.run_files.open_run(path)
        assert str(path) in dialogs.errors[-1]
        assert timeline_rows(window) == rows and window.shown.replay is None
        assert not window.shown.replay_label.isVisible()
