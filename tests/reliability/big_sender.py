"""Children that leave a torn message in their pipe (stdlib only: spawn imports it).

ProcLab's workers send small tuples, so these stand in for a worker that
dies in the middle of a large one. Each first sends some ordinary messages,
then says on ``ready`` that the big one is next, then starts it and never
finishes it: the test kills the child with SIGKILL.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import struct
import time


def send_then_block_in_big_send(conn, ready, small_messages, big_kind, big_size) -> None:
    """Send ``small_messages``, then one ``big_size``-character output line.

    Nobody reads the pipe yet, so once the pipe buffer is full the child is
    blocked inside ``conn.send()`` for good.
    """
    for message in small_messages:
        conn.send(message)
    big = (big_kind, time.perf_counter_ns(), "x" * big_size, "stdout")
    ready.send(True)
    conn.send(big)  # blocks: the message is far larger than the pipe buffer


def write_half_a_message_then_wait(conn, ready, small_messages, announced_size, written_size) -> None:
    """Send ``small_messages``, then the first ``written_size`` bytes of a
    ``Connection`` frame that announces ``announced_size`` bytes, then wait.

    The frame is what ``Connection.send_bytes`` writes: a 4-byte big-endian
    length, then the payload. A reader that takes these bytes is then inside
    ``recv()``, waiting for the rest, when the child is killed.
    """
    for message in small_messages:
        conn.send(message)
    frame = struct.pack("!i", announced_size) + b"x" * written_size
    view = memoryview(frame)
    while view:
        view = view[os.write(conn.fileno(), view):]
    ready.send(True)
    # Wait until killed (or, should the test die first, until the parent is gone).
    multiprocessing.connection.wait([multiprocessing.parent_process().sentinel])
