"""What a worker sends over its Pipe: small tuples, decoded by the engine.

A worker process imports only this module and the standard library (no
dataclasses, no typing machinery), so a spawned worker starts nearly as fast
as a bare ``multiprocessing.Process``. The engine turns each message into a
typed event (``engine.model.events.event_from_wire``) before anyone else sees it.

    ("start", t_ns)
    ("output", t_ns, text, stream)      stream: "stdout" or "stderr"
    ("lock_wait", t_ns)                 about to call lock.acquire()
    ("lock_acquired", t_ns)             acquire() returned
    ("lock_released", t_ns)             sent after release(); t_ns is just before it
    ("message", t_ns, index, count)     message index (1-based) of count
    ("ping", t_ns, seq)                 the engine answers on the reply pipe: ("pong", seq)
    ("round_trip", t_ns, seq, rtt_ns)   rtt_ns is None when no pong came in time
    ("end", t_ns)
"""
START = "start"
OUTPUT = "output"
LOCK_WAIT = "lock_wait"
LOCK_ACQUIRED = "lock_acquired"
LOCK_RELEASED = "lock_released"
MESSAGE = "message"
PING = "ping"
PONG = "pong"
ROUND_TRIP = "round_trip"
END = "end"
