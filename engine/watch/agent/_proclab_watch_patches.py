"""The multiprocessing half of ProcLab's watch agent: patches applied as the script imports them.

``_proclab_watch_agent`` (the connection, output lines, reaped children)
installs ``Finder`` on ``sys.meta_path``; it patches each module of
``PATCHES`` right after the module first runs, and ``patch`` patches one
already imported. Every hook calls the real function with the same
arguments, returns what it returned, raises what it raised (with the
agent's frames taken off), and swallows its own errors. Standard library
only, like the agent.
"""
import functools
import os

import _proclab_watch_agent as agent

agent._OURS.add(os.path.abspath(__file__))  # this file's frames are the agent's, not the script's

def _patch_process(module):
    base = module.BaseProcess
    start, join, terminate, kill, bootstrap = (base.start, base.join, base.terminate,
                                               getattr(base, "kill", None), base._bootstrap)

    @functools.wraps(start)
    def hooked_start(self):
        t = agent._now()
        agent._starting_name = self.name
        try:
            return start(self)
        except BaseException as error:
            agent._unhooked(error)
            raise
        finally:
            agent._starting_name = None
            try:
                pid = self._popen.pid if self._popen is not None else None
                if pid:
                    agent._send(["start", t, pid, self.name])
            except Exception:
                pass

    def calling(original, call):
        @functools.wraps(original)
        def hooked(self, *args, **kwargs):
            user = False
            try:
                user = agent._user_call()
            except Exception:
                pass
            t = agent._now()
            try:
                return original(self, *args, **kwargs)
            except BaseException as error:
                agent._unhooked(error)
                raise
            finally:
                if user:
                    try:
                        seconds = (agent._now() - t) / 1e9 if call == "join" else None
                        if self._popen is not None:
                            agent._send(["call", t, call, self._popen.pid, seconds])
                    except Exception:
                        pass
        return hooked

    @functools.wraps(bootstrap)
    def hooked_bootstrap(self, *args, **kwargs):
        try:
            target = getattr(self, "_target", None)
            pool = getattr(target, "_proclab_pool_loop", False)
            run = self.run

            @functools.wraps(run)
            def hooked_run(*run_args, **run_kwargs):
                agent._send(["run", agent._now(), self.name, pool])
                ok = False
                try:
                    result = run(*run_args, **run_kwargs)
                    ok = True
                    return result
                except BaseException as error:
                    agent._unhooked(error)
                    raise
                finally:
                    agent._send(["run_end", agent._now(), ok])
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
            agent._unhooked(error)
            raise
        try:
            if isinstance(self, lock_types):
                site = agent._site()
                self.__dict__["_proclab_site"] = site
                name = getattr(self._semlock, "name", None)
                if site and name:
                    agent._send(["lockdef", agent._now(), name, site])
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
            agent._unhooked(error)
            raise

    def exit(self, *args):
        try:
            return self.release()
        except BaseException as error:
            agent._unhooked(error)
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
            report = agent._user_call() and (not recursive or semlock._count() == 0)
        except Exception:
            report = False
        try:
            if not report:
                return acquire(block, timeout)
            name = _lock_id(lock)
            agent._send(["lock", agent._now(), "wait", name])
            got = acquire(block, timeout)
        except BaseException as error:
            agent._unhooked(error)
            raise
        agent._send(["lock", agent._now(), "acquired" if got else "gave_up", name])
        return got

    def hooked_release():
        try:
            report = agent._user_call() and (not recursive or semlock._count() == 1)
        except Exception:
            report = False
        if report:
            agent._send(["lock", agent._now(), "released", _lock_id(lock)])
        try:
            return release()
        except BaseException as error:
            agent._unhooked(error)
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
            agent._unhooked(error)
            raise
        try:
            site = agent._site()
            if site:
                agent._send(["pipe", agent._now(), _inode(ends[0]), _inode(ends[1]), site])
        except Exception:
            pass
        return ends

    @functools.wraps(send)
    def hooked_send(self, obj):
        t = agent._now()  # before: the receiver may have it before send() returns here
        try:
            result = send(self, obj)
        except BaseException as error:
            agent._unhooked(error)
            raise
        try:
            if agent._user_call():
                agent._send(["send", t, _inode(self)])
        except Exception:
            pass
        return result

    @functools.wraps(recv)
    def hooked_recv(self):
        try:
            result = recv(self)
        except BaseException as error:
            agent._unhooked(error)
            raise
        try:
            if agent._user_call():
                agent._send(["recv", agent._now(), _inode(self)])
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
            agent._unhooked(error)
            raise
        try:
            site = agent._site()
            if site:
                agent._send(["queuedef", agent._now(), _queue_inode(self), site])
        except Exception:
            pass

    @functools.wraps(put)
    def hooked_put(self, *args, **kwargs):
        t = agent._now()
        try:
            result = put(self, *args, **kwargs)
        except BaseException as error:
            agent._unhooked(error)
            raise
        try:
            if agent._user_call():
                agent._send(["put", t, _queue_inode(self)])
        except Exception:
            pass
        return result

    @functools.wraps(get)
    def hooked_get(self, *args, **kwargs):
        try:
            result = get(self, *args, **kwargs)
        except BaseException as error:
            agent._unhooked(error)
            raise
        try:
            if agent._user_call():
                agent._send(["get", agent._now(), _queue_inode(self)])
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
        agent._send(["task", agent._now(), "begin", name, True])
        ok = False
        try:
            result = func(*args, **kwargs)
            ok = True
            return result
        except BaseException as error:
            agent._unhooked(error)
            raise
        finally:
            agent._send(["task", agent._now(), "end", name, ok])
    return task


class _TaskQueue:
    """The worker loop's own queue, with each task it hands out timed."""

    def __init__(self, queue, wrap):
        self._proclab_queue, self._proclab_wrap = queue, wrap

    def get(self, *args, **kwargs):
        try:
            item = self._proclab_queue.get(*args, **kwargs)
        except BaseException as error:
            agent._unhooked(error)
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


def _hook_worker_loop(module, name, wrap):
    """The Pool's or the executor's worker loop, handed a queue whose tasks are timed."""
    worker = getattr(module, name)

    @functools.wraps(worker)
    def hooked_worker(queue, *args, **kwargs):
        try:
            return worker(_TaskQueue(queue, wrap), *args, **kwargs)
        except BaseException as error:
            agent._unhooked(error)
            raise

    hooked_worker._proclab_pool_loop = True
    setattr(module, name, hooked_worker)


def _patch_pool(module):
    _hook_worker_loop(module, "worker", _pool_task)


def _patch_executor(module):
    _hook_worker_loop(module, "_process_worker", _executor_task)


def _patch_context(module):
    method = os.environ.get(agent._START_METHOD_ENV)
    if method and method in module._concrete_contexts:
        module._default_context._default_context = module._concrete_contexts[method]


PATCHES = {
    "multiprocessing.context": _patch_context,
    "multiprocessing.process": _patch_process,
    "multiprocessing.synchronize": _patch_synchronize,
    "multiprocessing.connection": _patch_connection,
    "multiprocessing.queues": _patch_queues,
    "multiprocessing.pool": _patch_pool,
    "concurrent.futures.process": _patch_executor,
}


def patch(name, module):
    try:
        PATCHES[name](module)
    except Exception:
        pass


class Finder:
    """Patches a module of ``PATCHES`` right after it is first executed."""

    def find_spec(self, name, path=None, target=None):
        if name not in PATCHES:
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
                patch(name, module)

        spec.loader = _PatchingLoader()
        return spec

    def invalidate_caches(self):
        pass


# -- start ------------------------------------------------------------------------------
