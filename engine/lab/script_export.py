"""The experiment as a standalone script: plain multiprocessing, stdlib only.

``generate_script(specs)`` returns Python 3 source that does what ProcLab
does with the same workers, without ProcLab: one ``Process`` per worker,
started, listed with ``active_children()``, joined, and its exit code
printed, in the style of the classic tutorial example (written for Python 3:
f-strings, not ``print("...").format(...)``).

The script holds only what the experiment uses: the worker functions of the
kinds it has (and, for crash workers, the ways of failing it has), and the
imports those need. A seed-only experiment gives a short script close to
the tutorial's. Worker names and values enter the source only through
``repr()``, so quotes and non-ASCII letters in a name stay text. The same
input always gives the same script.
"""
from __future__ import annotations

from typing import Sequence

from engine.model.spec import CRASH_MODES, CRASH_MODES_WITH_STATUS, KINDS, WorkerSpec
from engine.model.start_methods import ALL_METHODS

_HEADER = '''\
#!/usr/bin/env python3
"""A ProcLab experiment as a plain multiprocessing script.

Python 3, standard library only. It starts one process per worker, lists
the live children, waits for all of them and prints how each one exited.
"""
'''

_SAY = '''\
def say(line):
    """Print one line in one write, at once.

    print() writes the text and the newline separately when the output is
    unbuffered (python -u, PYTHONUNBUFFERED=1, as many IDEs run scripts), so
    two processes' lines could mix. One write, flushed at once, keeps every
    line whole and in the order printed, even through a pipe or into a file,
    and a worker that dies suddenly loses none of its output.
    """
    print(line + "\\n", end="", flush=True)
'''

_SLEEP_WORKER = '''\
def worker(interval):
    name = multiprocessing.current_process().name
    say(f"work {name} start")
    time.sleep(interval)
    say(f"work {name} end")
'''

_STUBBORN_WORKER = '''\
def stubborn_worker(interval):
    # Ignore SIGTERM: terminate() has no effect on this process; kill() still ends it.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    name = multiprocessing.current_process().name
    say(f"work {name} start (ignoring SIGTERM)")
    time.sleep(interval)
    say(f"work {name} end")
'''

_CPU_WORKER = '''\
def cpu_worker(interval):
    name = multiprocessing.current_process().name
    say(f"work {name} start")
    # Pure-Python sums of squares until this process has used `interval`
    # seconds of CPU time. time.process_time() counts only this process's
    # CPU time, so each worker does about the same work however busy the
    # machine is; when workers outnumber cores they take longer on the clock.
    # (ProcLab's own cpu worker times this arithmetic once and then does a
    # fixed amount of it: the same work, measured the other way round.)
    budget_end = time.process_time() + interval
    total = 0
    while time.process_time() < budget_end:
        for i in range(2000):
            total += i * i
    say(f"work {name} end")
'''

_LOCK_WORKER = '''\
def lock_worker(interval, lock):
    name = multiprocessing.current_process().name
    say(f"work {name} start")
    say(f"{name} waits for the lock")
    with lock:
        say(f"{name} holds the lock")
        time.sleep(interval)
        # Printed just before the release, so no other worker's "holds"
        # line can come between this worker's two lines.
        say(f"{name} released the lock")
    say(f"work {name} end")
'''

_MESSAGE_WORKER = '''\
def message_worker(interval, count, conn):
    name = multiprocessing.current_process().name
    say(f"work {name} start")
    begin = time.perf_counter()
    for index in range(1, count + 1):
        # Spread the messages evenly over the interval.
        delay = begin + interval * index / count - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        conn.send(f"message {index}/{count} from {name}")
    conn.close()
    say(f"work {name} end")
'''

_CRASH_HEAD = '''\
def crash_worker(interval, how, status):
    name = multiprocessing.current_process().name
    say(f"work {name} start")
    time.sleep(interval)
    say(f"work {name} crashes: {how}")
'''

#: crash mode -> the statement that fails that way (the exception comes last).
_CRASH_STATEMENTS = {
    "sys.exit": "sys.exit(status)  # exit code status, after Python's normal clean-up",
    "os._exit": "os._exit(status)  # exit code status at once, no clean-up",
    "sigkill": "os.kill(os.getpid(), signal.SIGKILL)  # killed by signal 9: exit code -9 (POSIX)",
    "segfault": "ctypes.string_at(0)  # reads address 0: SIGSEGV, exit code -11",
}
_CRASH_RAISE = (
    '    # An uncaught exception: the traceback goes to stderr, exit code 1.\n'
    '    raise RuntimeError(f"{name} crashed on purpose after {interval} s")\n'
)

#: kind -> the function's name in the script.
_FUNCTION_NAMES = {
    "sleep": "worker",
    "cpu": "cpu_worker",
    "lock": "lock_worker",
    "messages": "message_worker",
    "crash": "crash_worker",
    "stubborn": "stubborn_worker",
}

#: The script's imports in the order written, and which kinds or crash modes need each.
_IMPORTS = (
    ("ctypes", lambda kinds, crashes: "segfault" in crashes),
    ("multiprocessing", lambda kinds, crashes: True),
    ("multiprocessing.connection", lambda kinds, crashes: "messages" in kinds),
    ("os", lambda kinds, crashes: bool({"os._exit", "sigkill"} & crashes)),
    ("signal", lambda kinds, crashes: "sigkill" in crashes or "stubborn" in kinds),
    ("sys", lambda kinds, crashes: "sys.exit" in crashes),
    ("time", lambda kinds, crashes: bool(kinds)),
)


def generate_script(specs: Sequence[WorkerSpec], start_method: str | None = None) -> str:
    """Python 3 source (stdlib only) that runs ``specs`` with plain multiprocessing.

    ``start_method`` (``"spawn"``, ``"fork"`` or ``"forkserver"``) makes the
    script use ``multiprocessing.get_context(start_method)``; ``None`` leaves
    the platform's default.
    """
    specs = list(specs)
    if start_method is not None and start_method not in ALL_METHODS:
        raise ValueError(f"unknown start method {start_method!r}; choose one of {', '.join(ALL_METHODS)}")
    kinds = {spec.kind for spec in specs}
    crashes = {spec.crash for spec in specs if spec.kind == "crash"}

    parts = [_SAY] + [_function(kind, crashes) for kind in KINDS if kind in kinds]
    parts.append(_main(specs, start_method))
    # PEP 8: two blank lines around top-level functions.
    body = "\n\n\n".join(part.rstrip("\n") for part in parts)
    return f"{_HEADER}\n{_imports(kinds, crashes)}\n\n{body}\n"


def _imports(kinds: set[str], crashes: set[str]) -> str:
    return "".join(f"import {module}\n" for module, needed in _IMPORTS if needed(kinds, crashes))


def _function(kind: str, crashes: set[str]) -> str:
    if kind != "crash":
        return {"sleep": _SLEEP_WORKER, "cpu": _CPU_WORKER, "lock": _LOCK_WORKER,
                "messages": _MESSAGE_WORKER, "stubborn": _STUBBORN_WORKER}[kind]
    lines = [_CRASH_HEAD]
    for mode in CRASH_MODES:
        if mode in crashes and mode in _CRASH_STATEMENTS:
            lines.append(f"    if how == {_literal(mode)}:\n        {_CRASH_STATEMENTS[mode]}\n")
    if "exception" in crashes:
        lines.append(_CRASH_RAISE)
    return "".join(lines)


def _args(spec: WorkerSpec, index: int) -> str:
    """The ``args=`` tuple of worker ``index`` (1-based), as source."""
    values = [repr(spec.interval)]
    if spec.kind == "lock":
        values.append("lock")
    elif spec.kind == "messages":
        values += [repr(spec.messages), f"writer{index}"]
    elif spec.kind == "crash":
        status = spec.exit_status if spec.crash in CRASH_MODES_WITH_STATUS else None
        values += [_literal(spec.crash), repr(status)]
    return "(" + ", ".join(values) + ("," if len(values) == 1 else "") + ")"


def _main(specs: list[WorkerSpec], start_method: str | None) -> str:
    out: list[str] = ['if __name__ == "__main__":']

    def emit(line: str = "") -> None:
        out.append(f"    {line}" if line else "")

    if start_method is None:
        mp = "multiprocessing"
        emit("# multiprocessing's default start method for this platform.")
    else:
        mp = "ctx"
        emit("# Processes, locks and pipes all come from one context, so they agree")
        emit("# on how children start.")
        emit(f"ctx = multiprocessing.get_context({_literal(start_method)})")
    kinds = {spec.kind for spec in specs}
    if "lock" in kinds:
        emit(f"lock = {mp}.Lock()  # one lock, shared by every lock worker through args")
    message_indexes = [index for index, spec in enumerate(specs, 1) if spec.kind == "messages"]
    for index, spec in enumerate(specs, 1):
        if spec.kind == "messages":
            emit(f"reader{index}, writer{index} = {mp}.Pipe(duplex=False)  # child sends, parent receives")
        emit(f"p{index} = {mp}.Process(target={_FUNCTION_NAMES[spec.kind]}, "
             f"args={_args(spec, index)}, name={_literal(spec.name)})")
    if specs:
        emit()
    for index, spec in enumerate(specs, 1):
        emit(f"p{index}.start()")
        if spec.kind == "messages":
            emit(f"writer{index}.close()  # the child has its own copy; this one would keep EOF away")
    if specs:
        emit()
    emit(f'say(f"The number of CPU is: {{{mp}.cpu_count()}}")')
    emit(f"for p in {mp}.active_children():")
    emit('    say(f"child   p.name: {p.name}\\tp.pid: {p.pid}")')
    emit()
    if message_indexes:
        emit("# Receive before join(): a child whose pipe is full waits until the parent")
        emit("# reads, so joining first could wait forever. A reader raises EOFError")
        emit("# once every copy of its write end is closed: the child's when it ends")
        emit("# (under fork, children started before it inherited a copy too, which")
        emit("# closes when they end; join() waits for them anyway).")
        emit("readers = [" + ", ".join(f"reader{index}" for index in message_indexes) + "]")
        emit("while readers:")
        emit("    for conn in multiprocessing.connection.wait(readers):")
        emit("        try:")
        emit("            message = conn.recv()")
        emit("        except EOFError:")
        emit("            readers.remove(conn)")
        emit("            conn.close()")
        emit("        else:")
        emit('            say(f"parent got: {message}")')
        emit()
    processes = _tuple(f"p{index}" for index in range(1, len(specs) + 1))
    emit(f"for p in {processes}:")
    emit("    p.join()")
    emit()
    emit("# 0: finished, 1: uncaught exception, N: sys.exit(N) or os._exit(N),")
    emit("# -N: killed by signal N.")
    emit('say("exit codes:")')
    emit(f"for p in {processes}:")
    emit('    say(f"  {p.name}: {p.exitcode}")')
    return "\n".join(out) + "\n"


def _literal(text: str) -> str:
    """``text`` as a Python string literal: ``repr()``, in double quotes when
    the text has no quote of either kind (then the two spellings agree)."""
    literal = repr(text)
    if "'" not in text and '"' not in text:
        return f'"{literal[1:-1]}"'
    return literal


def _tuple(items) -> str:
    items = list(items)
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"
