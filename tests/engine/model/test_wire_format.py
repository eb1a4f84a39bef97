"""The wire format, pinned: what a worker sends over its Pipe and the event it becomes.

Every message kind of ``engine.worker.wire`` is decoded here by
``event_from_wire`` from a tuple built the way the workers build it, with a
different value in every position, and compared with the event built by
field name: swapping two values on the wire, two fields of an event, or
two lines of ``wire``'s table fails a test. Anything else a Pipe could carry
is refused with ``ValueError``.
"""
from __future__ import annotations

import dataclasses
import re
import threading

import pytest

from engine.model.events import (
    LockAcquired,
    LockReleased,
    LockWaiting,
    MessageSent,
    OutputLine,
    PingReceived,
    RoundTrip,
    WorkerEnded,
    WorkerStarted,
    event_from_wire,
)
from engine.worker import wire
from engine.worker.local_runner import run_here

NAME, PID = "w1", 4242

#: (wire tuple, the event it decodes to), one or more per kind a worker sends.
CASES = [
    ((wire.START, 1_001), WorkerStarted(worker=NAME, pid=PID, t_ns=1_001)),
    ((wire.OUTPUT, 1_002, "work w1 start", "stdout"),
     OutputLine(worker=NAME, pid=PID, t_ns=1_002, text="work w1 start", stream="stdout")),
    ((wire.OUTPUT, 1_003, "Traceback (most recent call last):", "stderr"),
     OutputLine(worker=NAME, pid=PID, t_ns=1_003, text="Traceback (most recent call last):", stream="stderr")),
    ((wire.LOCK_WAIT, 1_004), LockWaiting(worker=NAME, pid=PID, t_ns=1_004)),
    ((wire.LOCK_ACQUIRED, 1_005), LockAcquired(worker=NAME, pid=PID, t_ns=1_005)),
    ((wire.LOCK_RELEASED, 1_006), LockReleased(worker=NAME, pid=PID, t_ns=1_006)),
    ((wire.MESSAGE, 1_007, 3, 20), MessageSent(worker=NAME, pid=PID, t_ns=1_007, index=3, count=20)),
    ((wire.PING, 1_008, 9), PingReceived(worker=NAME, pid=PID, t_ns=1_008, seq=9)),
    ((wire.ROUND_TRIP, 1_009, 1, 250_000), RoundTrip(worker=NAME, pid=PID, t_ns=1_009, seq=1, rtt_ns=250_000)),
    ((wire.ROUND_TRIP, 1_010, 2, None), RoundTrip(worker=NAME, pid=PID, t_ns=1_010, seq=2, rtt_ns=None)),
    ((wire.END, 1_011), WorkerEnded(worker=NAME, pid=PID, t_ns=1_011)),
]
#: Sent the other way (the engine answers a ping on the reply pipe): never an event.
ENGINE_TO_WORKER = {wire.PONG}


def _wire_kinds() -> set[str]:
    return {value for name, value in vars(wire).items() if name.isupper() and isinstance(value, str)}


@pytest.mark.parametrize("message, expected", CASES, ids=[f"{m[0]}-{m[1]}" for m, _ in CASES])
def test_a_wire_message_decodes_to_its_event_field_by_field(message, expected):
    event = event_from_wire(NAME, PID, message)
    assert type(event) is type(expected)
    assert dataclasses.asdict(event) == dataclasses.asdict(expected)
    assert event == expected


def test_every_kind_a_worker_sends_is_pinned_here():
    pinned = {message[0] for message, _ in CASES}
    assert pinned == _wire_kinds() - ENGINE_TO_WORKER
    assert ENGINE_TO_WORKER <= _wire_kinds()


#: One line of the table in ``wire``'s docstring: ("kind", t_ns, value, ...).
_TABLE_LINE = re.compile(r'^\s*\("(?P<kind>\w+)", (?P<fields>[\w, ]+)\)', re.MULTILINE)


def test_the_table_in_wire_names_each_events_fields_in_order():
    """wire's docstring is the format's reference: its names are the event's fields, in the same order."""
    table = {match["kind"]: [name.strip() for name in match["fields"].split(",")]
             for match in _TABLE_LINE.finditer(wire.__doc__)}
    assert set(table) == _wire_kinds() - ENGINE_TO_WORKER
    for message, expected in CASES:
        fields = [field.name for field in dataclasses.fields(expected)]
        assert fields[:3] == ["worker", "pid", "t_ns"]
        assert table[message[0]] == fields[2:], message[0]
        assert len(message) == len(fields) - 1, message[0]  # the kind, then everything but worker and pid


@pytest.mark.parametrize("message", [
    (),  # nothing at all
    (wire.START,),  # no timestamp
    (wire.START, 1, "extra"),  # a value too many
    (wire.END, 1, None),
    (wire.OUTPUT, 1, "text"),  # a value too few
    (wire.OUTPUT, 1, "text", "stdout", "more"),
    (wire.MESSAGE, 1, 3),
    (wire.PING, 1),
    (wire.ROUND_TRIP, 1, 1),
    (wire.ROUND_TRIP, 1, 1, 2, 3),
    (wire.PONG, 1),  # the engine's answer, not a worker's message
    ("exit", 1, 0),  # an event kind of the files, not of the wire
    ("teleport", 1),
    (wire.START, "1"),  # a timestamp that is not an int
    (wire.START, 1.5),
    (wire.START, None),
    (wire.START, True),
    ([wire.START], 1),  # an unhashable kind
    [wire.START, 1],  # not a tuple
    wire.START,
    None,
], ids=repr)
def test_an_unknown_or_malformed_message_is_refused(message):
    with pytest.raises(ValueError, match="unknown message from worker 'w1'"):
        event_from_wire(NAME, PID, message)


def test_what_the_workloads_really_send_decodes_in_order():
    """The senders too: the workloads' own tuples, run here, decode to the fields they meant."""
    sent: list[tuple] = []
    for kind, options in (("sleep", {}), ("lock", {}), ("messages", {"messages": 3})):
        run_here(NAME, 0.001, sent.append, threading.Lock(), kind, options, ping=lambda seq: 250_000)
    events = [event_from_wire(NAME, PID, message) for message in sent]

    assert {message[0] for message in sent} == _wire_kinds() - ENGINE_TO_WORKER - {wire.PING}  # ping: the pinger's
    assert [event.t_ns for event in events] == sorted(event.t_ns for event in events)
    output = [event for event in events if isinstance(event, OutputLine)]
    assert output[0].text == f"work {NAME} start" and {event.stream for event in output} == {"stdout"}
    assert [type(event) for event in events if type(event).__name__.startswith("Lock")] == [
        LockWaiting, LockAcquired, LockReleased]
    messages = [event for event in events if isinstance(event, MessageSent)]
    assert [(event.index, event.count) for event in messages] == [(1, 3), (2, 3), (3, 3)]
    assert [(event.seq, event.rtt_ns) for event in events if isinstance(event, RoundTrip)] == [(1, 250_000)]
