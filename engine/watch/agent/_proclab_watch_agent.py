"""ProcLab's watch agent: runs inside every Python process of a watched script.

It reports what the process does to ProcLab's collector as JSON records
(``engine/watch/protocol.py`` lists them) over its own ``SOCK_SEQPACKET``
connection, and changes nothing the script can see: every hook calls the
real function with the same arguments, returns what it returned, raises
what it raised, and swallows its own errors. Standard library only; this
file runs under whichever Python 3.10 to 3.13 runs the script, and is
imported by nothing of ProcLab.

Where it hooks:
- ``os.register_at_fork``: a forked child opens its own connection.
- ``sys.meta_path`` (``_proclab_watch_patches``): ``multiprocessing`` and ``concurrent.futures.process``
  are patched as the script imports them (``Process.start/join/terminate/
  kill/_bootstrap``, ``SemLock`` for Lock and RLock, ``Connection.send/recv``
  and ``Pipe``, ``Queue.put/get``, the Pool and executor worker loops), and
  the default start method is set when ProcLab was asked to choose one.
- ``os.waitpid`` and friends: every reaped child's real exit code.
- ``sys.stdout`` / ``sys.stderr``: whole lines, so two processes' output never mixes.
"""
import atexit
import functools
import json
import os
import socket
import sys
import sysconfig
import threading
import time

_SOCKET_ENV = "PROCLAB_WATCH_SOCKET"
_START_METHOD_ENV = "PROCLAB_WATCH_START_METHOD"
_GUARD_ENV = "PROCLAB_WATCH_GUARD"
_OUTPUT_ENV = "PROCLAB_WATCH_OUTPUT"  # "capture": lines only as records; "tee": also to the stream
_CAPTURED_ENV = "PROCLAB_WATCH_CAPTURED"  # with "capture": the inodes of the pipes ProcLab reads
_MAX_RECORD = 65536
_MAX_LINE = 8000
_HIGH_FD = 900  # our socket's descriptor is moved above the ones scripts use

_now = time.perf_counter_ns
# UTF-8, not \u escapes: a line of _MAX_LINE characters always fits in _MAX_RECORD bytes.
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_here = os.path.abspath(__file__)
#: The agent's own files: their frames are never the script's.
_OURS = {_here}
_sock = None
_ino = None
_fd = -1
_starting_name = None  # the Process whose start() is forking right now (a fork child inherits it)


# -- the connection ------------------------------------------------------------------

def _connect(role, name):
    global _sock, _ino, _fd
    _sock = _ino = None
    path = os.environ.get(_SOCKET_ENV)
    if not path:
        return
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        sock.connect(path)
        try:
            import fcntl

            high = fcntl.fcntl(sock.fileno(), fcntl.F_DUPFD_CLOEXEC, _HIGH_FD)
        except (ImportError, OSError):
            high = None
        if high is not None:
            old = sock
            sock = socket.socket(fileno=high)
            old.close()
    except OSError:
        sock.close()
        return
    _sock, _fd = sock, sock.fileno()
    _ino = os.fstat(_fd).st_ino
    argv = list(getattr(sys, "orig_argv", sys.argv))[:20]
    _send(["hello", _now(), os.getpid(), os.getppid(), [str(a)[:300] for a in argv], role, name])


def _ours():
    """Whether our descriptor is still our socket: the script may have closed it
    and opened one of its own at that number, which we must never touch."""
    try:
        return os.fstat(_fd).st_ino == _ino
    except OSError:
        return False


def _let_go():
    """Silence from now on. Our descriptor is closed only while it is still ours."""
    global _sock
    sock, _sock = _sock, None
    if sock is not None:
        try:
            if _ours():
                sock.close()
            else:
                sock.detach()
        except Exception:
            pass


def _send(record):
    """One record to the collector: True if sent. On an error, silence from then on."""
    sock = _sock
    if sock is None:
        return False
    try:
        data = _dumps(record).encode("utf-8", "backslashreplace")
        if len(data) > _MAX_RECORD:
            return True  # dropped, as the collector would drop it
        if not _ours():
            _let_go()
            return False
        sock.send(data)
        return True
    except Exception:
        _let_go()
        return False


def _unhooked(error):
    """Takes this file's frames off the front of ``error``'s traceback. Every hook
    that calls the real function does so, then re-raises with a bare ``raise``
    (which adds no frame from Python 3.11 on), so the script's tracebacks read
    as they do without ProcLab."""
    try:
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename in _OURS:
            tb = tb.tb_next
        error.__traceback__ = tb
    except Exception:
        pass


def _after_fork_in_child():
    global _sock
    try:
        old = _sock
        _sock = None
        if old is not None:  # the parent's connection: ours to close, not to share
            try:
                ours = _ours()
                old.detach()
                if ours:
                    os.close(_fd)
            except OSError:
                pass
        for stream in (_stdout, _stderr):
            if stream is not None:
                stream._reset_after_fork()
        name = _starting_name or ""
        _connect("process" if _starting_name else "forked", name)
    except Exception:
        pass


# -- who is calling: the script, or the standard library -------------------------------

def _library_dirs():
    dirs = set()
    for key in ("stdlib", "platstdlib"):
        try:
            dirs.add(os.path.abspath(sysconfig.get_paths()[key]) + os.sep)
        except Exception:
            pass
    return tuple(dirs)


_LIBRARY_DIRS = _library_dirs()
_from_library = {}


def _is_library(filename):
    known = _from_library.get(filename)
    if known is None:
        path = os.path.abspath(filename) if filename and not filename.startswith("<") else filename
        known = (path in _OURS or (path.startswith(_LIBRARY_DIRS)
                                   and "site-packages" not in path and "dist-packages" not in path))
        _from_library[filename] = known
    return known


def _caller(depth=2):
    """The first frame outside this file, from ``depth`` frames up."""
    try:
        frame = sys._getframe(depth)
    except ValueError:
        return None
    while frame is not None and frame.f_code.co_filename in _OURS:
        frame = frame.f_back
    return frame


def _library_frame(frame):
    """Code of the standard library, including what it made with ``exec`` (the
    getters of ``Value`` and ``Array`` are compiled as "<string>" in a namespace
    with no ``__name__``; the script's own ``python -c`` code has one)."""
    filename = frame.f_code.co_filename
    if filename.startswith("<") and "__name__" not in frame.f_globals:
        return True
    return _is_library(filename)


def _user_call(depth=3):
    frame = _caller(depth)
    return frame is not None and not _library_frame(frame)


def _site(depth=3):
    """Where the script's own code made the object: "file.py:12", or "" inside the library."""
    frame = _caller(depth)
    while frame is not None and _library_frame(frame):
        frame = frame.f_back
    if frame is None:
        return ""
    return f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}"


# -- output, line by line -------------------------------------------------------------------

class _Lines:
    """Stands in for ``sys.stdout`` / ``sys.stderr``: whole lines go out as records."""

    def __init__(self, stream, name, tee):
        self.__dict__["_stream"] = stream
        self.__dict__["_label"] = name
        self.__dict__["_tee"] = tee
        self.__dict__["_pending"] = ""
        self.__dict__["_lock"] = threading.Lock()

    def _reset_after_fork(self):
        self.__dict__["_pending"] = ""
        self.__dict__["_lock"] = threading.Lock()

    def write(self, text):
        try:
            if self._tee or not isinstance(text, str):
                result = self._stream.write(text)
            elif _sock is None:  # nobody to report to: the stream is the script's own again
                self._flush_pending()
                return self._stream.write(text)
            else:
                result = len(text)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            if isinstance(text, str) and text:
                with self._lock:
                    lines = (self._pending + text).split("\n")
                    self.__dict__["_pending"] = lines.pop()
                t = _now()
                for line in lines:
                    if not _send(["out", t, self._label, line[:_MAX_LINE]]) and not self._tee:
                        self._stream.write(line + "\n")  # not reported: not lost either
                if len(self._pending) > _MAX_LINE:
                    self._flush_pending()
        except Exception:
            pass
        return result

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def _flush_pending(self):
        with self._lock:
            pending, self.__dict__["_pending"] = self._pending, ""
        if pending and not _send(["out", _now(), self._label, pending[:_MAX_LINE]]) and not self._tee:
            self._stream.write(pending)

    def flush(self):
        try:
            self._flush_pending()
        except Exception:
            pass
        try:
            return self._stream.flush()
        except BaseException as error:
            _unhooked(error)
            raise

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __setattr__(self, name, value):
        setattr(self._stream, name, value)

    def __iter__(self):
        return iter(self._stream)


_stdout = _stderr = None


def _captured(stream):
    """Whether ``stream`` writes into a pipe ProcLab reads, so its lines are ProcLab's
    alone. A subprocess whose output its parent reads or sends to a file writes it there."""
    if os.environ.get(_OUTPUT_ENV) != "capture":
        return False
    inodes = os.environ.get(_CAPTURED_ENV)
    if inodes is None:
        return True
    try:
        return str(os.fstat(stream.fileno()).st_ino) in inodes.split(",")
    except Exception:
        return False


def _wrap_output():
    global _stdout, _stderr
    if sys.stdout is not None:
        _stdout = sys.stdout = _Lines(sys.stdout, "stdout", not _captured(sys.stdout))
    if sys.stderr is not None:
        _stderr = sys.stderr = _Lines(sys.stderr, "stderr", not _captured(sys.stderr))


def _at_exit():
    for stream in (_stdout, _stderr):
        if stream is not None:
            try:
                stream._flush_pending()
            except Exception:
                pass
    _send(["exit", _now(), None])


# -- reaped children: the exit codes the OS reports ----------------------------------------

def _report_reaped(pid, status):
    if pid > 0:
        try:
            code = os.waitstatus_to_exitcode(status)
        except ValueError:  # stopped, not ended
            return
        _send(["reaped", _now(), pid, code])


def _hook_wait():
    for name in ("waitpid", "wait", "wait3", "wait4"):
        original = getattr(os, name, None)
        if original is not None:
            setattr(os, name, _reaping(original, name))


def _reaping(original, name):
    @functools.wraps(original)
    def wait(*args, **kwargs):
        try:
            result = original(*args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            _report_reaped(result[0], result[1])
        except Exception:
            pass
        return result
    return wait


def install():
    guard = os.environ.get(_GUARD_ENV, "")
    # The guard's own child, which it made a process group leader; an orphan
    # the guard adopted (its parent gone) has the guard as parent too.
    main = guard.isdigit() and os.getppid() == int(guard) and os.getpgrp() == os.getpid()
    _connect("main" if main else "child", "MainProcess" if main else "")
    if _sock is None:
        return
    _wrap_output()
    _hook_wait()
    os.register_at_fork(after_in_child=_after_fork_in_child)
    atexit.register(_at_exit)
    import _proclab_watch_patches as patches

    for name in patches.PATCHES:
        if name in sys.modules:
            patches.patch(name, sys.modules[name])
    sys.meta_path.insert(0, patches.Finder())
