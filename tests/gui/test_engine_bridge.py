"""The bridge: engine events in, Qt signals out, in the GUI thread."""
import threading

from engine import WorkerSpec
from engine.model.events import OutputLine, WorkerExited
from gui.engine_bridge import EngineBridge


def test_events_arrive_in_the_gui_thread_in_batches(qtbot):
    bridge = EngineBridge()
    seen = []
    threads = set()

    in_model_first = []

    def on_events(batch):
        threads.add(threading.current_thread() is threading.main_thread())
        in_model_first.append(all(event in bridge.record.events for event in batch))
        seen.extend(batch)

    bridge.eventsArrived.connect(on_events)
    try:
        with qtbot.waitSignal(bridge.sessionStarted) as started:
            bridge.start([WorkerSpec("w", 0.1)])
        assert started.args == [bridge.record]
        qtbot.waitUntil(lambda: any(e.kind == "exit" for e in seen), timeout=20000)
    finally:
        bridge.close_session()
    assert threads == {True}
    assert in_model_first and all(in_model_first)  # the model has a batch before the views hear of it
    assert bridge.record.workers["w"].exitcode == 0
    assert [e.kind for e in seen] == ["launch", "start", "output", "output", "end", "exit"]


def _deliver_from_a_thread(bridge, deliveries) -> None:
    """As the reader thread does: (session, record, batch) after one another."""
    thread = threading.Thread(target=lambda: [bridge._deliver(*delivery) for delivery in deliveries])
    thread.start()
    thread.join()


def _finished_run(qtbot, bridge, name):
    """(session, record) of one short worker whose exit has reached the GUI thread:
    nothing of that run is still on its way."""
    shown = []

    def collect(events):
        shown.extend(events)

    bridge.eventsArrived.connect(collect)
    bridge.start([WorkerSpec(name, 0.05)])
    qtbot.waitUntil(lambda: any(isinstance(event, WorkerExited) for event in shown), timeout=20000)
    bridge.eventsArrived.disconnect(collect)
    return bridge.session, bridge.record


def test_a_batch_from_a_replaced_session_is_dropped(qtbot):
    bridge = EngineBridge()
    try:
        old, old_record = _finished_run(qtbot, bridge, "old")
        bridge.start([WorkerSpec("new", 0.05)])
        delivered = []
        bridge.eventsArrived.connect(lambda events: delivered.extend(events))
        stale = OutputLine("old", 1, 0, "late line")
        current = OutputLine("new", 2, 0, "a line")
        _deliver_from_a_thread(bridge, [(old, old_record, [stale]), (bridge.session, bridge.record, [current])])
        qtbot.waitUntil(lambda: current in delivered)
        assert stale not in delivered
    finally:
        bridge.close_session()


def test_batches_waiting_for_the_gui_thread_arrive_together_in_order(qtbot):
    bridge = EngineBridge()
    try:
        session, record = _finished_run(qtbot, bridge, "w")
        emitted = []
        bridge.eventsArrived.connect(emitted.append)
        lines = [OutputLine("w", 2, index, f"line {index}") for index in range(100)]
        # The GUI thread is blocked in join() meanwhile: 100 batches wait for it.
        _deliver_from_a_thread(bridge, [(session, record, [line]) for line in lines])
        qtbot.waitUntil(lambda: bool(emitted))
        assert emitted == [lines]
        assert record.events[-100:] == lines  # in the model before the GUI thread saw them
    finally:
        bridge.close_session()


def test_join_runs_off_the_gui_thread_and_reports_back(qtbot):
    bridge = EngineBridge()
    try:
        bridge.start([WorkerSpec("long", 60)])
        with qtbot.waitSignal(bridge.joinFinished, timeout=10000) as blocker:
            bridge.request_join(None, 0.2)
        assert blocker.args == [["long"], 0.2, ["long"]]
    finally:
        bridge.close_session()
    assert bridge.session is None


def test_resources_are_sampled_off_the_gui_thread(qtbot, monkeypatch):
    import gui.engine_bridge as bridge_module

    bridge = EngineBridge()
    sampled_on = []
    release = threading.Event()
    real_sample_into = bridge_module._sample_into

    def slow_sample_into(record, monitor):
        sampled_on.append(threading.current_thread() is threading.main_thread())
        release.wait(10)  # psutil taking its time with many workers
        return real_sample_into(record, monitor)

    monkeypatch.setattr(bridge_module, "_sample_into", slow_sample_into)
    try:
        bridge.start([WorkerSpec("long", 60)])
        qtbot.waitUntil(lambda: bridge.record.workers["long"].pid is not None, timeout=20000)
        with qtbot.waitSignal(bridge.resourcesSampled, timeout=10000):
            assert bridge.request_resource_sample()
            assert not bridge.request_resource_sample()  # the first one is still being taken
            release.set()
        with qtbot.waitSignal(bridge.resourcesSampled, timeout=10000):
            assert bridge.request_resource_sample()  # the first sample only primed cpu_percent()
        assert sampled_on == [False, False]
        assert bridge.record.workers["long"].samples  # psutil's figures are in the model
    finally:
        bridge.close_session()
