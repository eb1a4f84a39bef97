"""Every rule a ProcLab trace file keeps, as one checker tests can share.

``check_trace(data)`` checks a parsed trace on its own, taking what each
worker must show from the trace's own ``proclab.events``; given the
``RunRecord`` it came from, it also checks the workers and events against
it. ``load_trace(path)`` reads a file strictly (UTF-8, no NaN/Infinity).
"""
from __future__ import annotations

import json
import numbers
import re
from collections import Counter, defaultdict
from pathlib import Path

SCHEMA = "proclab.trace/1"
#: Output lines shown as instants per worker (the rest are only in proclab.events).
OUTPUT_INSTANTS_PER_WORKER = 1000
EVENT_KEYS = {"kind", "worker", "pid", "t"}


def load_trace(path) -> dict:
    def refuse(constant):
        raise AssertionError(f"{path}: {constant} is not JSON")

    return json.loads(Path(path).read_bytes().decode("utf-8"), parse_constant=refuse)


def _clean(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _us(seconds: float) -> int:
    return max(0, round(seconds * 1e6))


def check_trace(data, record=None) -> None:
    """Assert every rule of the trace layout (see engine/files/trace_events.py)."""
    assert isinstance(data, dict), "a trace is a JSON object"
    events = data.get("traceEvents")
    assert isinstance(events, list), "traceEvents is a list"
    assert data.get("displayTimeUnit") in ("ms", "ns")
    for event in events:
        _check_event(event)

    proclab = data.get("proclab")
    assert isinstance(proclab, dict) and proclab.get("schema") == SCHEMA, proclab
    assert isinstance(proclab.get("title"), str)
    logged = proclab.get("events")
    assert isinstance(logged, list)
    for item in logged:
        assert isinstance(item, dict) and EVENT_KEYS <= set(item), item

    metadata = [e for e in events if e["ph"] == "M"]
    processes = [e for e in metadata if e["name"] == "process_name"]
    assert len(processes) == 1 and processes[0]["args"]["name"] == f"ProcLab run: {proclab['title']}"
    pid = processes[0]["pid"]
    assert all(e["pid"] == pid for e in events), "one process holds every track"

    names = _thread_names(metadata, pid)
    tids = {name: tid for tid, name in names.items()}
    assert len(tids) == len(names), f"one track per worker: {names}"
    order = [names[tid] for tid in sorted(names)]
    if record is not None:
        assert order == list(record.workers), "tracks in table order"
        assert len(logged) == len(record.events), "every event of the record in proclab.events"
        assert [item["kind"] for item in logged] == [e.kind for e in record.events]
        assert [item["worker"] for item in logged] == [e.worker for e in record.events]
        assert [item["pid"] for item in logged] == [e.pid for e in record.events]
    assert {item["worker"] for item in logged} <= set(tids), "every worker that sent events has a track"
    assert all(e["tid"] in names for e in events if e["ph"] != "M"), "every event is on a named track"

    _check_nesting(events)
    _check_flows(events, logged, names)
    by_worker = defaultdict(list)
    for item in logged:
        by_worker[item["worker"]].append(item)
    for name, tid in tids.items():
        _check_worker(name, [e for e in events if e["ph"] != "M" and e["tid"] == tid], by_worker[name])


def _check_event(event) -> None:
    assert isinstance(event, dict), event
    assert isinstance(event.get("ph"), str) and event["ph"] in ("M", "X", "i", "C", "s", "f"), event
    assert _is_int(event.get("pid")) and _is_int(event.get("tid")), f"integer pid and tid: {event}"
    assert isinstance(event.get("name"), str), event
    if event["ph"] != "M" or "ts" in event:
        assert _is_number(event.get("ts")) and event["ts"] >= 0, f"ts a number >= 0: {event}"
    if event["ph"] == "X":
        assert _is_number(event.get("dur")) and event["dur"] >= 0, f"dur a number >= 0: {event}"
    if event["ph"] == "i":
        assert event.get("s") == "t", f"instants on their worker's track: {event}"
    if event["ph"] in "sf":
        assert _is_int(event.get("id")) and event.get("cat") == event["name"] == "pipe", f"a pipe flow: {event}"
        assert event.get("bp") == ("e" if event["ph"] == "f" else None), f"a flow ends in its span: {event}"
    if event["ph"] == "C":
        args = event.get("args")
        assert isinstance(args, dict) and args and all(_is_number(v) for v in args.values()), event


def _thread_names(metadata, pid: int) -> dict[int, str]:
    names = {}
    sort_index = {}
    for event in metadata:
        if event["name"] == "thread_name":
            assert event["tid"] not in names, f"one thread_name per track: {event}"
            names[event["tid"]] = event["args"]["name"]
        elif event["name"] == "thread_sort_index":
            assert event["tid"] not in sort_index, event
            sort_index[event["tid"]] = event["args"]["sort_index"]
    assert set(sort_index) == set(names), "a sort index for every named track"
    by_index = sorted(names, key=lambda tid: sort_index[tid])
    assert by_index == sorted(names), "sort index follows the table order (tid)"
    # Perfetto calls the thread whose tid is its process's pid "main thread": no worker is that.
    assert pid not in names, f"no worker's tid equals the pid {pid}"
    assert sorted(names) == list(range(pid + 1, pid + 1 + len(names))), "tids are the pid + 1-based rows"
    return names


def _check_nesting(events) -> None:
    """No two complete events on one track partly overlap (Perfetto's rule)."""
    tracks = defaultdict(list)
    for event in events:
        if event["ph"] == "X":
            tracks[event["pid"], event["tid"]].append((event["ts"], event["ts"] + event["dur"], event["name"]))
    for spans in tracks.values():
        for i, (a0, a1, a) in enumerate(spans):
            for b0, b1, b in spans[i + 1:]:
                disjoint = a1 <= b0 or b1 <= a0
                nested = (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1)
                assert disjoint or nested, f"{a} [{a0}, {a1}] and {b} [{b0}, {b1}] partly overlap"


def _check_flows(events, logged, names) -> None:
    """Each flow is one start and one finish, on the tracks of a send and a receive of one Pipe message."""
    flows = defaultdict(dict)
    for event in events:
        if event["ph"] in "sf":
            assert event["ph"] not in flows[event["id"]], f"one start and one finish per flow id: {event}"
            flows[event["id"]][event["ph"]] = event
    ends = defaultdict(set)
    for item in logged:
        if item["kind"] in ("pipe_send", "pipe_recv"):
            ends[item["kind"], (item["channel"], item["seq"])].add((item["worker"], _us(item["t"])))
    messages = {key[1] for key in ends}
    paired = set()
    for flow_id, flow in flows.items():
        assert set(flow) == {"s", "f"}, f"flow {flow_id} has a start and a finish"
        start, finish = flow["s"], flow["f"]
        sent = (names[start["tid"]], start["ts"])
        received = (names[finish["tid"]], finish["ts"])
        message = next((m for m in messages if sent in ends["pipe_send", m] and received in ends["pipe_recv", m]),
                       None)
        assert message is not None, f"flow {flow_id} joins a send and the receive of the same message"
        paired.add((message, sent, received))
    assert len(paired) == len(flows), "no two flows join the same send and receive"


def _task_count(logged: list) -> int:
    """Task spans a worker has: one per begin, plus an end whose begin was never seen."""
    open_tasks, count = [], 0
    for item in logged:
        if item["kind"] == "task_begin":
            open_tasks.append(item["task"])
            count += 1
        elif item["kind"] == "task_end":
            if item["task"] in open_tasks:
                del open_tasks[len(open_tasks) - 1 - open_tasks[::-1].index(item["task"])]
            else:
                count += 1
    return count


def _check_worker(name: str, events: list, logged: list) -> None:
    kinds = Counter(item["kind"] for item in logged)
    spans = [e for e in events if e["ph"] == "X"]
    instants = [e for e in events if e["ph"] == "i"]
    runs = [e for e in spans if e["name"] == "run"]
    waits = [e for e in spans if e["name"] == "waiting for lock"]
    holds = [e for e in spans if e["name"] == "holding lock"]
    tasks = [e for e in spans if e.get("cat") == "task" and e["name"] == "task " + e["args"]["task"]]
    assert len(spans) == len(runs) + len(waits) + len(holds) + len(tasks), f"{name}: unknown spans"
    assert len(tasks) == _task_count(logged), f"{name}: a span per task"

    has_run = kinds["start"] > 0 or kinds["exit"] > 0
    assert len(runs) == int(has_run), f"{name}: one run span if it started, else none"
    assert len(waits) == kinds["lock_wait"] + kinds["named_lock_wait"], f"{name}: a span per lock wait"
    assert len(holds) == kinds["lock_acquired"] + kinds["named_lock_acquired"], f"{name}: a span per lock hold"
    named_waits = [item["lock"] for item in logged if item["kind"] == "named_lock_wait" and item["lock"]]
    assert sorted(e["args"]["lock"] for e in waits if "lock" in e["args"]) == sorted(named_waits), (
        f"{name}: a named lock's waits carry its name")
    if runs:
        run = runs[0]
        for child in waits + holds + tasks:
            assert run["ts"] <= child["ts"] and child["ts"] + child["dur"] <= run["ts"] + run["dur"], (
                f"{name}: {child['name']} lies inside the run")
        starts = [item["t"] for item in logged if item["kind"] == "start"]
        if starts:
            assert run["ts"] == _us(starts[-1]), f"{name}: the run span begins at the start event"
        ends = [item["t"] for item in logged if item["kind"] == "end"] or [
            item["t"] for item in logged if item["kind"] == "exit"]
        if ends and (not starts or ends[-1] >= starts[-1]):
            assert run["ts"] + run["dur"] == _us(ends[-1]), f"{name}: the run span ends at end (else exit)"
    for spans_of_a_kind, what in ((waits + holds, "lock spans"), (tasks, "tasks")):
        in_order = sorted(spans_of_a_kind, key=lambda e: (e["ts"], e["dur"]))
        for a, b in zip(in_order, in_order[1:]):
            assert a["ts"] + a["dur"] <= b["ts"], f"{name}: {what} one after another"

    outputs = [e for e in instants if e.get("cat") == "output"]
    assert len(outputs) == min(kinds["output"], OUTPUT_INSTANTS_PER_WORKER), f"{name}: output instants"
    texts = [item["text"] for item in logged if item["kind"] == "output"]
    assert sorted(e["args"]["text"] for e in outputs) == sorted(
        _clean(text) for text in texts[:OUTPUT_INSTANTS_PER_WORKER]), f"{name}: output instants hold the text"
    instants = [e for e in instants if e.get("cat") != "output"]

    def named(prefix):
        return [e for e in instants if e["name"].startswith(prefix)]

    messages = named("message ")
    assert len(messages) == kinds["message"], f"{name}: an instant per message"
    expected = [f"message {item['index']} of {item['count']}" for item in logged if item["kind"] == "message"]
    assert sorted(e["name"] for e in messages) == sorted(expected)
    assert len(named("start() called")) == kinds["launch"], f"{name}: an instant per start() call"
    assert len(named("join()")) == kinds["join"], f"{name}: an instant per join() that returned"
    exits = [e for e in instants if e["name"] == "exit" or e["name"].startswith("exit ")]
    assert len(exits) == kinds["exit"], f"{name}: an instant per exit"
    codes = [item["exitcode"] for item in logged if item["kind"] == "exit"]
    assert sorted(map(str, (e["args"]["exitcode"] for e in exits))) == sorted(map(str, codes))
    for e in exits:
        assert e["args"]["exitcode"] is None or e["args"]["exit"].startswith(str(e["args"]["exitcode"]))
    for category, count in (("pipe", kinds["pipe_send"] + kinds["pipe_recv"]),
                            ("queue", kinds["queue_put"] + kinds["queue_get"]), ("call", kinds["call"])):
        assert len([e for e in instants if e.get("cat") == category]) == count, f"{name}: {category} instants"
    assert len(named("exited holding the lock")) == kinds["lock_abandoned"]
    assert len(named("abandoned lock released")) == kinds["lock_recovered"]

    counters = [e for e in events if e["ph"] == "C"]
    samples = kinds["resources"]
    cpu = [e for e in counters if e["name"] == f"cpu {name}"]
    memory = [e for e in counters if e["name"] == f"memory {name}"]
    assert len(counters) == len(cpu) + len(memory), f"{name}: counters are named after their worker"
    assert len(memory) == samples and (len(cpu) > 0) == (samples > 0), f"{name}: cpu and memory counters"
    assert all(set(e["args"]) == {"%"} for e in cpu) and all(set(e["args"]) == {"MB"} for e in memory)
