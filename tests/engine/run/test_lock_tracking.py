"""How the session follows the shared Lock from the workers' reports.

The reader drains pipes one after another, so reports of different workers
can arrive out of time order; these feed such batches straight in.
"""
from engine import Session, WorkerSpec
from engine.model.events import LockAbandoned, LockAcquired, LockRecovered, LockReleased, WorkerExited
from tests.engine.recorder import Recorder


def fed_session():
    recorder = Recorder()
    session = Session([WorkerSpec("idle", 0.01)], recorder)
    session.start()
    return session, recorder


def test_a_late_report_of_an_earlier_hold_does_not_hide_the_real_holder():
    session, recorder = fed_session()
    with session:
        session._on_batch([LockAcquired("B", 2, 20)])  # B's pipe drained first
        session._on_batch([LockAcquired("A", 1, 10), LockReleased("A", 1, 15)])  # A held before B
        assert session.lock_holder == "B"
        session._on_batch([WorkerExited("B", 2, 30, -9)])
        assert session.lock_abandoned_by == "B"
        assert [e.worker for e in recorder.events if isinstance(e, LockAbandoned)] == ["B"]


def test_an_older_acquire_read_late_does_not_recover_an_abandoned_lock():
    session, recorder = fed_session()
    with session:
        session._on_batch([LockAcquired("X", 1, 100), WorkerExited("X", 1, 200, -9)])
        session._on_batch([LockAcquired("Y", 2, 50)])  # happened before X's hold: stale
        assert session.lock_abandoned_by == "X"
        assert not any(isinstance(e, LockRecovered) for e in recorder.events)


def test_a_worker_that_releases_and_exits_abandons_nothing():
    session, recorder = fed_session()
    with session:
        session._on_batch([LockAcquired("A", 1, 10), LockReleased("A", 1, 20), WorkerExited("A", 1, 30, 0)])
        assert session.lock_abandoned_by is None and session.lock_holder is None
        assert not any(isinstance(e, LockAbandoned) for e in recorder.events)
