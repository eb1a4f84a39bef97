"""Event throughput absorbed end to end: workers sending back-to-back.

Goal: at least 50,000 events/s absorbed without falling behind.

K ``messages`` workers (``WorkerSpec(kind="messages", messages=N,
interval=0.001)``: N messages over 1 ms, i.e. back-to-back) run three ways,
alternating round by round:

* engine: ``engine.Session`` -> subscriber (the reader thread) ->
  ``RunRecord.apply``;
* GUI bridge: ``gui.engine_bridge.EngineBridge`` in an offscreen
  ``QApplication`` (events applied to ``bridge.record`` on the reader
  thread, then queued to the GUI thread's ``eventsArrived``); the figure is
  taken when the last message reaches the GUI thread;
* floor: K bare children, each sending N small tuples over
  ``Pipe(duplex=False)`` back-to-back, read with
  ``multiprocessing.connection.wait`` + ``recv()`` in one thread.

Rate = messages received / (last message in the model - first message
stamped in a worker). Lag = how long after its send the last message landed
(the backlog when the senders stop: near 0 means the reader kept up).

    python bench/event_throughput.py [--workers 2] [--messages 10000] [--rounds 3] [--quick]

This file is the main module; spawn and forkserver children re-import it, so
its module level imports only ``os`` and ``sys``.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

GOAL_EVENTS_S = 50_000
SEND_INTERVAL_S = 0.001
TIMEOUT_S = 120.0


def floor_child(conn, count):
    """Bare sender: ``count`` tuples shaped like the engine's message events."""
    import time

    for index in range(1, count + 1):
        conn.send(("message", time.perf_counter_ns(), index, count))
    conn.close()


def floor_round(method, workers, count):
    import time
    from multiprocessing.connection import wait

    from engine.model.start_methods import make_context

    context = make_context(method)
    readers, processes = [], []
    for _ in range(workers):
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=floor_child, args=(writer, count), daemon=True)
        process.start()
        writer.close()
        readers.append(reader)
        processes.append(process)
    first_ns, last_ns, last_sent_ns, received = None, None, None, 0
    open_readers = list(readers)
    while open_readers:
        for reader in wait(open_readers, TIMEOUT_S):
            try:
                message = reader.recv()
            except EOFError:
                open_readers.remove(reader)
                continue
            received += 1
            first_ns = message[1] if first_ns is None else min(first_ns, message[1])
            last_ns, last_sent_ns = time.perf_counter_ns(), message[1]
    for process in processes:
        process.join(10.0)
    for reader in readers:
        reader.close()
    return received, first_ns, last_ns, last_sent_ns


def specs(workers, count):
    from engine import WorkerSpec

    return [WorkerSpec(f"m{index}", SEND_INTERVAL_S, "messages", messages=count) for index in range(workers)]


def engine_round(method, workers, count):
    import threading
    import time

    from engine import MessageSent, RunRecord, Session

    names = [spec.name for spec in specs(workers, count)]
    state = {"first": None, "last": None, "last_sent": None, "n": 0}
    done = threading.Event()
    total = workers * count
    record = None

    def subscriber(batch):
        record.apply(batch)
        messages = [event for event in batch if isinstance(event, MessageSent)]
        if messages:
            now = time.perf_counter_ns()
            first = min(event.t_ns for event in messages)
            state["first"] = first if state["first"] is None else min(state["first"], first)
            state["last"], state["last_sent"] = now, messages[-1].t_ns
            state["n"] += len(messages)
            if state["n"] >= total:
                done.set()

    t0 = time.perf_counter_ns()
    record = RunRecord.for_names(t0, names)
    with Session(specs(workers, count), subscriber, start_method=method) as session:
        session.start(t0)
        done.wait(TIMEOUT_S)
        session.join(timeout=TIMEOUT_S)
    in_record = sum(len(run.messages) for run in record.workers.values())
    return in_record, state["first"], state["last"], state["last_sent"]


def gui_round(app, method, workers, count):
    import time

    from engine import MessageSent
    from gui.engine_bridge import EngineBridge

    bridge = EngineBridge(method)
    state = {"first": None, "last": None, "last_sent": None, "n": 0, "batches": 0}

    def on_events(batch):
        messages = [event for event in batch if isinstance(event, MessageSent)]
        state["batches"] += 1
        if messages:
            state["last"] = time.perf_counter_ns()
            first = min(event.t_ns for event in messages)
            state["first"] = first if state["first"] is None else min(state["first"], first)
            state["last_sent"] = messages[-1].t_ns
            state["n"] += len(messages)

    bridge.eventsArrived.connect(on_events)
    bridge.start(specs(workers, count))
    deadline = time.monotonic() + TIMEOUT_S
    while not bridge.record.all_exited() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    in_record = sum(len(run.messages) for run in bridge.record.workers.values())
    bridge.close_session()
    if state["n"] != in_record:
        print(f"note: GUI thread saw {state['n']} messages, the record holds {in_record}")
    return in_record, state["first"], state["last"], state["last_sent"]


def rate(sample):
    received, first_ns, last_ns, last_sent_ns = sample
    seconds = (last_ns - first_ns) / 1e9
    return received / seconds, (last_ns - last_sent_ns) / 1e6, received


def measure(method, workers, count, rounds, with_gui=True):
    app = None
    if with_gui:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
    ways = {"engine -> RunRecord": [], "GUI bridge -> GUI thread": [], "floor: bare Pipe": []}
    engine_round(method, 1, 100)  # warm-up: starts the forkserver, imports
    for _ in range(rounds):
        ways["engine -> RunRecord"].append(rate(engine_round(method, workers, count)))
        if app is not None:
            ways["GUI bridge -> GUI thread"].append(rate(gui_round(app, method, workers, count)))
        ways["floor: bare Pipe"].append(rate(floor_round(method, workers, count)))
    return {way: samples for way, samples in ways.items() if samples}


def main(argv=None):
    import argparse

    from bench.result_line import result
    from bench.start_cost import machine_line, percentile
    from engine.model.start_methods import default_start_method

    parser = argparse.ArgumentParser(description="Events/s absorbed from back-to-back senders.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--messages", type=int, default=10_000, help="per worker (the engine allows 10,000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--method", default=None)
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1 round (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    rounds = 1 if args.quick else args.rounds
    method = args.method or default_start_method()

    print(machine_line())
    print(f"{args.workers} messages workers x {args.messages:,} messages, back-to-back (interval "
          f"{SEND_INTERVAL_S:g} s), start method {method}, {rounds} round(s), ways alternating;\n"
          "rate = messages / (last one in the model - first one stamped in a worker); "
          "lag = last message's send to its arrival")
    ways = measure(method, args.workers, args.messages, rounds, not args.no_gui)
    print(f"{'way':<26} {'median events/s':>16} {'min':>10} {'max':>10} {'lag ms':>8} {'received':>9}")
    medians = {}
    for way, samples in ways.items():
        rates = [r for r, _, _ in samples]
        lag = percentile([lag_ms for _, lag_ms, _ in samples], 0.5)
        medians[way] = percentile(rates, 0.5)
        print(f"{way:<26} {medians[way]:>16,.0f} {min(rates):>10,.0f} {max(rates):>10,.0f} {lag:>8.1f} "
              f"{samples[-1][2]:>9,}")
    floor = medians["floor: bare Pipe"]
    for way in ("engine -> RunRecord", "GUI bridge -> GUI thread"):
        if way in medians:
            print(f"{way}: {medians[way] / floor:.2f}x the bare Pipe floor")
    absorbed = medians.get("GUI bridge -> GUI thread", medians["engine -> RunRecord"])
    label = "GUI bridge" if "GUI bridge -> GUI thread" in medians else "engine"
    result(f"3. event throughput absorbed ({label}, {args.workers} senders)",
           f"{absorbed:,.0f} ev/s (floor {floor:,.0f}; engine {medians['engine -> RunRecord']:,.0f})",
           f">= {GOAL_EVENTS_S:,} ev/s", absorbed >= GOAL_EVENTS_S)
    return ways


if __name__ == "__main__":
    main(sys.argv[1:])
