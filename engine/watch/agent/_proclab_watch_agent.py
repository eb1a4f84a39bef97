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
- ``sys.meta_path``: ``multiprocessing`` and ``concurrent.futures.process``
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
_sock = None
_ino = None
_fd = -1
_starting_name = None  # the Process whose start() is forking right now (a fork child inherits it)
_name = ""


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
        while tb is not None and tb.tb_frame.f_code.co_filename == _here:
            tb = tb.tb_next
        error.__traceback__ = tb
    except Exception:
        pass


def _after_fork_in_child():
    global _sock, _name
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
        if name:
            _name = name
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
        known = (path == _here or (path.startswith(_LIBRARY_DIRS)
                                   and "site-packages" not in path and "dist-packages" not in path))
        _from_library[filename] = known
    return known


def _caller(depth=2):
    """The first frame outside this file, from ``depth`` frames up."""
    try:
        frame = sys._getframe(depth)
    except ValueError:
        return None
    while frame is not None and frame.f_code.co_filename == _here:
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


# -- multiprocessing, as the script imports it --------------------------------------------

def _patch_process(module):
    base = module.BaseProcess
    start, join, terminate, kill, bootstrap = (base.start, base.join, base.terminate,
                                               getattr(base, "kill", None), base._bootstrap)

    @functools.wraps(start)
    def hooked_start(self):
        global _starting_name
        t = _now()
        _starting_name = self.name
        try:
            return start(self)
        except BaseException as error:
            _unhooked(error)
            raise
        finally:
            _starting_name = None
            try:
                pid = self._popen.pid if self._popen is not None else None
                if pid:
                    _send(["start", t, pid, self.name])
            except Exception:
                pass

    def calling(original, call):
        @functools.wraps(original)
        def hooked(self, *args, **kwargs):
            user = False
            try:
                user = _user_call()
            except Exception:
                pass
            t = _now()
            try:
                return original(self, *args, **kwargs)
            except BaseException as error:
                _unhooked(error)
                raise
            finally:
                if user:
                    try:
                        seconds = (_now() - t) / 1e9 if call == "join" else None
                        if self._popen is not None:
                            _send(["call", t, call, self._popen.pid, seconds])
                    except Exception:
                        pass
        return hooked

    @functools.wraps(bootstrap)
    def hooked_bootstrap(self, *args, **kwargs):
        global _name
        try:
            _name = self.name
            target = getattr(self, "_target", None)
            pool = getattr(target, "_proclab_pool_loop", False)
            run = self.run

            @functools.wraps(run)
            def hooked_run(*run_args, **run_kwargs):
                _send(["run", _now(), self.name, pool])
                ok = False
                try:
                    result = run(*run_args, **run_kwargs)
                    ok = True
                    return result
                except BaseException as error:
                    _unhooked(error)
                    raise
                finally:
                    _send(["run_end", _now(), ok])
            self.run = hooked_run
        except Exception:
            pass
        return bootstrap(self, *args, **kwargs)

    base.start = hooked_start
    base.join = calling(join, "join")
    base.terminate = calling(terminate, "terminate")
    if kill is not None:
        base.kill = calling(kill, "kill")
    base._bootstrap = hooked_bootstrap


def _patch_synchronize(module):
    semlock, make_methods, init = module.SemLock, module.SemLock._make_methods, module.SemLock.__init__
    lock_types = (module.Lock, module.RLock)

    @functools.wraps(init)
    def hooked_init(self, *args, **kwargs):
        try:
            init(self, *args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            if isinstance(self, lock_types):
                site = _site()
                self.__dict__["_proclab_site"] = site
                name = getattr(self._semlock, "name", None)
                if site and name:
                    _send(["lockdef", _now(), name, site])
        except Exception:
            pass

    @functools.wraps(make_methods)
    def hooked_make_methods(self):
        make_methods(self)
        try:
            if isinstance(self, lock_types):
                _hook_lock(self, isinstance(self, module.RLock))
        except Exception:
            pass

    def enter(self):
        try:
            return self.acquire()
        except BaseException as error:
            _unhooked(error)
            raise

    def exit(self, *args):
        try:
            return self.release()
        except BaseException as error:
            _unhooked(error)
            raise

    semlock.__init__ = hooked_init
    semlock._make_methods = hooked_make_methods
    semlock.__enter__ = enter
    semlock.__exit__ = exit


def _lock_id(lock):
    site = lock.__dict__.get("_proclab_site", "")
    if site:
        return site
    name = getattr(lock._semlock, "name", None)
    return "sem:" + name if name else "lock"


def _hook_lock(lock, recursive):
    acquire, release, semlock = lock._semlock.acquire, lock._semlock.release, lock._semlock

    def hooked_acquire(block=True, timeout=None):
        try:
            report = _user_call() and (not recursive or semlock._count() == 0)
        except Exception:
            report = False
        try:
            if not report:
                return acquire(block, timeout)
            name = _lock_id(lock)
            _send(["lock", _now(), "wait", name])
            got = acquire(block, timeout)
        except BaseException as error:
            _unhooked(error)
            raise
        _send(["lock", _now(), "acquired" if got else "gave_up", name])
        return got

    def hooked_release():
        try:
            report = _user_call() and (not recursive or semlock._count() == 1)
        except Exception:
            report = False
        if report:
            _send(["lock", _now(), "released", _lock_id(lock)])
        try:
            return release()
        except BaseException as error:
            _unhooked(error)
            raise

    lock.acquire, lock.release = hooked_acquire, hooked_release


def _inode(conn):
    ino = conn.__dict__.get("_proclab_ino")
    if ino is None:
        ino = conn.__dict__["_proclab_ino"] = os.fstat(conn.fileno()).st_ino
    return ino


def _patch_connection(module):
    base, pipe = module._ConnectionBase, module.Pipe
    send, recv = base.send, base.recv

    @functools.wraps(pipe)
    def hooked_pipe(*args, **kwargs):
        try:
            ends = pipe(*args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            site = _site()
            if site:
                _send(["pipe", _now(), _inode(ends[0]), _inode(ends[1]), site])
        except Exception:
            pass
        return ends

    @functools.wraps(send)
    def hooked_send(self, obj):
        t = _now()  # before: the receiver may have it before send() returns here
        try:
            result = send(self, obj)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            if _user_call():
                _send(["send", t, _inode(self)])
        except Exception:
            pass
        return result

    @functools.wraps(recv)
    def hooked_recv(self):
        try:
            result = recv(self)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            if _user_call():
                _send(["recv", _now(), _inode(self)])
        except Exception:
            pass
        return result

    module.Pipe = hooked_pipe
    base.send, base.recv = hooked_send, hooked_recv


def _queue_inode(queue):
    return os.fstat(queue._reader.fileno()).st_ino


def _patch_queues(module):
    for cls in (module.Queue, module.SimpleQueue):
        _patch_queue_class(cls)


def _patch_queue_class(cls):
    init, put, get = cls.__init__, cls.put, cls.get

    @functools.wraps(init)
    def hooked_init(self, *args, **kwargs):
        try:
            init(self, *args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            site = _site()
            if site:
                _send(["queuedef", _now(), _queue_inode(self), site])
        except Exception:
            pass

    @functools.wraps(put)
    def hooked_put(self, *args, **kwargs):
        t = _now()
        try:
            result = put(self, *args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            if _user_call():
                _send(["put", t, _queue_inode(self)])
        except Exception:
            pass
        return result

    @functools.wraps(get)
    def hooked_get(self, *args, **kwargs):
        try:
            result = get(self, *args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            if _user_call():
                _send(["get", _now(), _queue_inode(self)])
        except Exception:
            pass
        return result

    cls.__init__, cls.put, cls.get = hooked_init, hooked_put, hooked_get


def _task_name(func, args):
    inner = func
    if getattr(func, "__name__", "") in ("mapstar", "starmapstar") and args and args[0]:
        inner = args[0][0]
    while isinstance(inner, functools.partial):  # the executor's map: partial(_process_chunk, fn)
        inner = inner.args[0] if inner.func.__name__ == "_process_chunk" and inner.args else inner.func
    return getattr(inner, "__qualname__", None) or getattr(inner, "__name__", None) or type(inner).__name__


def _timed(func, name):
    @functools.wraps(func)
    def task(*args, **kwargs):
        _send(["task", _now(), "begin", name, True])
        ok = False
        try:
            result = func(*args, **kwargs)
            ok = True
            return result
        except BaseException as error:
            _unhooked(error)
            raise
        finally:
            _send(["task", _now(), "end", name, ok])
    return task


class _TaskQueue:
    """The worker loop's own queue, with each task it hands out timed."""

    def __init__(self, queue, wrap):
        self._proclab_queue, self._proclab_wrap = queue, wrap

    def get(self, *args, **kwargs):
        try:
            item = self._proclab_queue.get(*args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise
        try:
            return self._proclab_wrap(item)
        except Exception:
            return item

    def __getattr__(self, name):
        return getattr(self._proclab_queue, name)


def _pool_task(task):
    if task is None:
        return task
    job, i, func, args, kwds = task
    return job, i, _timed(func, _task_name(func, args)), args, kwds


def _executor_task(item):
    if item is not None and hasattr(item, "fn"):
        item.fn = _timed(item.fn, _task_name(item.fn, item.args))
    return item


def _patch_pool(module):
    worker = module.worker

    @functools.wraps(worker)
    def hooked_worker(inqueue, *args, **kwargs):
        try:
            return worker(_TaskQueue(inqueue, _pool_task), *args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise

    hooked_worker._proclab_pool_loop = True
    module.worker = hooked_worker


def _patch_executor(module):
    worker = module._process_worker

    @functools.wraps(worker)
    def hooked_worker(call_queue, *args, **kwargs):
        try:
            return worker(_TaskQueue(call_queue, _executor_task), *args, **kwargs)
        except BaseException as error:
            _unhooked(error)
            raise

    hooked_worker._proclab_pool_loop = True
    module._process_worker = hooked_worker


def _patch_context(module):
    method = os.environ.get(_START_METHOD_ENV)
    if method and method in module._concrete_contexts:
        module._default_context._default_context = module._concrete_contexts[method]


_PATCHES = {
    "multiprocessing.context": _patch_context,
    "multiprocessing.process": _patch_process,
    "multiprocessing.synchronize": _patch_synchronize,
    "multiprocessing.connection": _patch_connection,
    "multiprocessing.queues": _patch_queues,
    "multiprocessing.pool": _patch_pool,
    "concurrent.futures.process": _patch_executor,
}


def _patch(name, module):
    try:
        _PATCHES[name](module)
    except Exception:
        pass


class _Finder:
    """Patches a module of ``_PATCHES`` right after it is first executed."""

    def find_spec(self, name, path=None, target=None):
        if name not in _PATCHES:
            return None
        try:
            import importlib.machinery

            spec = importlib.machinery.PathFinder.find_spec(name, path)
        except Exception:
            return None
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        class _PatchingLoader:
            def __getattr__(self, attribute):
                return getattr(loader, attribute)

            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                exec_module(module)
                _patch(name, module)

        spec.loader = _PatchingLoader()
        return spec

    def invalidate_caches(self):
        pass


# -- start ------------------------------------------------------------------------------

def install():
    global _name
    guard = os.environ.get(_GUARD_ENV, "")
    # The guard's own child, which it made a process group leader; an orphan
    # the guard adopted (its parent gone) has the guard as parent too.
    main = guard.isdigit() and os.getppid() == int(guard) and os.getpgrp() == os.getpid()
    _name = "MainProcess" if main else ""
    _connect("main" if main else "child", _name)
    if _sock is None:
        return
    _wrap_output()
    _hook_wait()
    os.register_at_fork(after_in_child=_after_fork_in_child)
    atexit.register(_at_exit)
    for name in _PATCHES:
        if name in sys.modules:
            _patch(name, sys.modules[name])
    sys.meta_path.insert(0, _Finder())
