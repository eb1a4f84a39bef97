"""The run always ends: high descriptors, a failing reader, marks queued at stop()."""
from __future__ import annotations

import os
import resource

import pytest

from engine import JoinReturned, OutputLine, Session, WorkerExited, WorkerSpec
from engine.model.events import WorkerLaunched
from engine.model.start_methods import make_context
from engine.run.event_reader import EventReader
from tests.engine.recorder import Recorder

#: select() refuses descriptors from this number on.
FD_SETSIZE = 1024


@pytest.fixture
def high_descriptors():
    """Fill the descriptor table so that what the session opens lands above 1023."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < FD_SETSIZE + 200:
        pytest.skip(f"hard descriptor limit {hard} is too low to reach {FD_SETSIZE}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, FD_SETSIZE + 200), hard))
    held = []
    try:
        while True:
            fd = os.open(os.devnull, os.O_RDONLY)
            held.append(fd)
            if fd >= FD_SETSIZE:
                break
        yield
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.usefixtures("allow_fork_warning")
def test_pipes_above_descriptor_1023_are_read_to_the_end(start_method, high_descriptors):
    recorder = Recorder()
    specs = [WorkerSpec("talk", 0.2, kind="messages", messages=3), WorkerSpec("sleep", 0.1)]
    with Session(specs, recorder, start_method=start_method) as session:
        session.start()
        assert session.join(timeout=30) == []
    assert session.failure is None
    exits = {e.worker: e.exitcode for e in recorder.events if isinstance(e, WorkerExited)}
    assert exits == {"talk": 0, "sleep": 0}
    assert sum(e.kind == "message" for e in recorder.events) == 3


@pytest.mark.usefixtures("allow_fork_warning")
def test_a_failing_reader_ends_the_run_with_the_reason(start_method):
    """Whatever breaks on the reader thread, join() returns and says why."""
    delivered = []

    def subscriber(batch):
        if any(isinstance(e, OutputLine) and e.text.startswith("work") for e in batch):
            raise RuntimeError("the subscriber broke")
        delivered.extend(batch)

    session = Session([WorkerSpec("long", 60), WorkerSpec("other", 60)], subscriber, start_method=start_method)
    try:
        session.start()
        assert session.join(timeout=30) == [], "the run did not end after its reader failed"
        assert "the subscriber broke" in session.failure
        statuses = {s.name: s for s in session.statuses()}
        assert not any(s.alive for s in statuses.values())
        assert {s.exitcode for s in statuses.values()} == {-9}
        last_words = [e for e in delivered if isinstance(e, OutputLine) and "event reader stopped" in e.text]
        assert {e.worker for e in last_words} == {"long", "other"}
    finally:
        session.stop()


def test_everything_registered_before_stop_is_delivered():
    """A join()'s marks queued just before stop() reach the subscriber."""
    context = make_context()
    for attempt in range(50):
        recorder = Recorder()
        reader = EventReader(context, recorder, reap=lambda worker: None)
        reader.start()
        marks = [JoinReturned("w", 1, attempt, False), WorkerLaunched("w", 1, attempt)]
        reader.register(None, marks)
        reader.stop()
        assert recorder.events == marks, f"attempt {attempt}: {recorder.events}"


@pytest.mark.usefixtures("allow_fork_warning")
def test_join_marks_survive_a_fast_stop(start_method):
    for attempt in range(10):
        recorder = Recorder()
        with Session([WorkerSpec("quick", 0.01)], recorder, start_method=start_method) as session:
            session.start()
            session.join()
        joins = [e for e in recorder.events if isinstance(e, JoinReturned)]
        assert len(joins) == 1, f"attempt {attempt}: no join() mark in {recorder.events}"
