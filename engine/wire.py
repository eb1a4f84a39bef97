"""What a worker sends over its Pipe: small tuples, decoded by the engine.

A worker process imports only this module and the standard library (no
dataclasses, no typing machinery), so a spawned worker starts nearly as fast
as a bare ``multiprocessing.Process``. The engine turns each message into a
typed event (``engine.events.event_from_wire``) before anyone else sees it.

    ("start", t_ns)
    ("output", t_ns, text, stream)      stream: "stdout" or "stderr"
    ("end", t_ns)
"""
START = "start"
OUTPUT = "output"
END = "end"
