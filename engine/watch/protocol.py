"""What a watched process sends ProcLab: plain JSON records, never code.

Each process of a watched script holds one ``AF_UNIX`` ``SOCK_SEQPACKET``
connection to ProcLab's collector (a socket in a directory only this user
can read). Every packet is one UTF-8 JSON array, ``[kind, t_ns, ...]``,
with ``t_ns`` from ``time.perf_counter_ns()`` (system-wide on Linux). The
first packet is ``hello``; the connection's end means the process is gone
(or closed the socket). The agent (``engine/watch/agent``) writes these and
the collector reads them; the agent runs in the script's own interpreter,
so it repeats these names rather than importing them.

    hello     t pid ppid argv role name      role: main | forked | child
    name      t name                          the process learnt its Process.name
    start     t child_pid child_name          Process.start() called at t, returned
    run       t name pool                     the child's run() begins (pool: a Pool or executor worker)
    run_end   t ok                            ... and returns (ok False: it raised)
    call      t call child_pid seconds        join / terminate / kill (seconds: join's)
    reaped    t child_pid exitcode            os.waitpid() & co. reaped a child
    lockdef   t semaphore site                a Lock or RLock made at site ("file.py:12")
    lock      t what lock                     what: wait | acquired | gave_up | released
    pipe      t a_ino b_ino site              Pipe() made these two ends (st_ino)
    send      t ino                           Connection.send() on end ino
    recv      t ino                           Connection.recv() returned on end ino
    queuedef  t ino site                      a Queue made at site (ino: its pipe's inode)
    put       t ino                           Queue.put()
    get       t ino                           Queue.get() returned
    task      t what name ok                  what: begin | end
    out       t stream text                   one line the process wrote
    exit      t code                          the interpreter is exiting (its own word)

Only calls made by the script's own code are sent (not those the standard
library makes inside Pool, Queue or the executor). A record that is not
one of these, or longer than ``MAX_RECORD_BYTES``, is counted and dropped.
"""
from __future__ import annotations

#: The environment variable that names the collector's socket. When it is
#: missing, the agent does nothing at all.
SOCKET_ENV = "PROCLAB_WATCH_SOCKET"
#: The start method to impose when the script does not choose one.
START_METHOD_ENV = "PROCLAB_WATCH_START_METHOD"
#: The pid of the guard that starts the script: its child says role "main".
GUARD_PID_ENV = "PROCLAB_WATCH_GUARD"
#: "capture": output lines go to ProcLab only; "tee": to the script's streams as well.
OUTPUT_ENV = "PROCLAB_WATCH_OUTPUT"
#: With "capture", the inodes ("INO,INO") of the pipes ProcLab reads the script's stdout
#: and stderr from: a stream writing anywhere else (a pipe its parent reads, a file) is
#: written as without ProcLab, and its lines reported too.
CAPTURED_ENV = "PROCLAB_WATCH_CAPTURED"
#: The longest record the collector accepts; a longer line is cut by the agent.
MAX_RECORD_BYTES = 65536
#: The longest line of output kept whole.
MAX_LINE_CHARS = 8000
#: What each kind carries after ``kind`` and ``t_ns``: (name, type) pairs.
RECORD_FIELDS: dict[str, tuple[tuple[str, type | tuple], ...]] = {
    "hello": (("pid", int), ("ppid", int), ("argv", list), ("role", str), ("name", str)),
    "name": (("name", str),),
    "start": (("child_pid", int), ("child_name", str)),
    "run": (("name", str), ("pool", bool)),
    "run_end": (("ok", bool),),
    "call": (("call", str), ("child_pid", int), ("seconds", (float, int, type(None)))),
    "reaped": (("child_pid", int), ("exitcode", int)),
    "lockdef": (("semaphore", str), ("site", str)),
    "lock": (("what", str), ("lock", str)),
    "pipe": (("a", int), ("b", int), ("site", str)),
    "send": (("ino", int),),
    "recv": (("ino", int),),
    "queuedef": (("ino", int), ("site", str)),
    "put": (("ino", int),),
    "get": (("ino", int),),
    "task": (("what", str), ("name", str), ("ok", bool)),
    "out": (("stream", str), ("text", str)),
    "exit": (("code", (int, type(None))),),
}
