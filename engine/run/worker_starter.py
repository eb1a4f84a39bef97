"""Starting one worker's process, with its channel, as the start method needs.

Under forkserver the ``Process`` class is the one whose ``poll()`` is cheap
(``engine/worker/forkserver_process.py``), the server that started each
worker is remembered, and a copy of the server's "alive" pipe is kept so
that its workers outlive it (``forkserver_loss.Lifelines``).
"""
from __future__ import annotations

import time

from engine.model.start_methods import process_class
from engine.worker.worker_main import run_worker

from . import forkserver_loss
from .channel import WorkerChannel
from .worker_slot import WorkerSlot


class WorkerStarter:
    def __init__(self, context, start_method: str, shared_lock, guard):
        """``guard``: the session's lock, held around ``Process.start()`` (see Session)."""
        self._context = context
        self._process_class = process_class(context)
        self._forkserver = start_method == "forkserver"
        self._shared_lock = shared_lock
        self._guard = guard
        self._lifelines = forkserver_loss.Lifelines()
        self._subreaper = False

    def begin(self) -> None:
        """Before the first start: adopt the workers of a forkserver that dies (Linux)."""
        if self._forkserver and not self._subreaper:
            self._subreaper = forkserver_loss.become_subreaper()

    def start(self, slot: WorkerSlot, options: dict) -> int:
        """Start ``slot``'s process and fill in the slot; when ``start()`` was called (perf_counter_ns).

        Raises what ``Process.start()`` raises (out of processes or descriptors),
        with nothing of the worker left open.
        """
        spec = slot.spec
        channel = WorkerChannel(self._context, replies=spec.kind == "messages")
        try:
            writer, reply_reader = channel.child_ends()
            # Only lock workers get the Lock: unpickling one imports
            # multiprocessing.synchronize, and with it tempfile (3.6 ms a spawn worker).
            lock = self._shared_lock if spec.kind == "lock" else None
            process = self._process_class(
                target=run_worker,
                args=(spec.name, spec.interval, writer, lock, spec.kind, options, reply_reader),
                name=spec.name,
                daemon=True,
            )
            with self._guard:
                launched_ns = time.perf_counter_ns()
                process.start()
                channel.release_child_end()
                slot.process, slot.channel, slot.pid = process, channel, process.pid
                if self._forkserver:
                    slot.server_pid = forkserver_loss.current_server()[0]
                    self._lifelines.hold_current()
        except BaseException:
            channel.close()
            raise
        return launched_ns

    def close(self) -> None:
        """Once every worker has ended (or none was started): let go of the servers."""
        self._lifelines.close()
        if self._subreaper:
            self._subreaper = False
            forkserver_loss.stop_subreaper()
