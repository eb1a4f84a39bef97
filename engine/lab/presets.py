"""Built-in experiments: the reference example and one per lesson."""
from __future__ import annotations

from engine.model.spec import WorkerSpec
from engine.model.wording import N_


def seed_example() -> list[WorkerSpec]:
    """The reference example: three sleeping workers of 2, 3 and 4 seconds."""
    return [WorkerSpec("worker1", 2.0), WorkerSpec("worker2", 3.0), WorkerSpec("worker3", 4.0)]


def lock_example() -> list[WorkerSpec]:
    """Three workers take turns holding one Lock for a second each."""
    return [WorkerSpec(f"locker{n}", 1.0, "lock") for n in (1, 2, 3)]


def messages_example() -> list[WorkerSpec]:
    """Two workers send messages over their Pipes at different rates."""
    return [WorkerSpec("talker", 2.0, "messages", messages=20), WorkerSpec("whisper", 3.0, "messages", messages=5)]


def crash_example() -> list[WorkerSpec]:
    """Every way to fail, next to a worker that finishes normally."""
    return [
        WorkerSpec("survivor", 3.0),
        WorkerSpec("raises", 1.0, "crash", crash="exception"),
        WorkerSpec("exits4", 1.2, "crash", crash="sys.exit", exit_status=4),
        WorkerSpec("os_exit3", 1.4, "crash", crash="os._exit", exit_status=3),
        WorkerSpec("sigkill", 1.6, "crash", crash="sigkill"),
        WorkerSpec("segfault", 1.8, "crash", crash="segfault"),
    ]


def cpu_example() -> list[WorkerSpec]:
    """Two cpu-bound workers: compare them as threads and as processes."""
    return [WorkerSpec("crunch1", 1.0, "cpu"), WorkerSpec("crunch2", 1.0, "cpu")]


#: name -> (description, factory); the command line's --preset and the Presets menu.
PRESETS = {
    "seed": seed_example,
    "lock": lock_example,
    "messages": messages_example,
    "crash": crash_example,
    "cpu": cpu_example,
}
PRESET_DESCRIPTIONS = {
    "seed": N_("worker1, worker2, worker3 sleeping 2, 3 and 4 seconds"),
    "lock": N_("three lock workers take turns holding one multiprocessing.Lock for 1 s each"),
    "messages": N_("two workers send 20 and 5 messages over their Pipes, then time a ping/pong"),
    "crash": N_("one worker sleeps 3 s while five others crash in each way there is"),
    "cpu": N_("two cpu-bound workers of 1 s each: try Compare threads vs processes"),
}
