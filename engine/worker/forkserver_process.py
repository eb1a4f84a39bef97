"""A forkserver ``Process`` whose ``poll()`` costs a microsecond, not twenty.

``Process.start()`` first polls every live child (``multiprocessing``'s
``_cleanup()``), and ``is_alive()``, ``exitcode`` and ``active_children()``
poll too. A forkserver child's ``poll()`` asks whether its sentinel is
readable through ``multiprocessing.connection.wait()``, which builds and
tears down a selector each time (10-30 us). With 1,000 workers, starting
them polled half a million times and one table refresh a thousand; the
launcher thread spent seconds in Python, and the window, which needs the
GIL for every cell it paints, waited for it in turn.

Here each child keeps one ``select.poll()`` object on its sentinel, and
only a readable sentinel goes on to the standard ``poll()``, which reads
the exit status exactly as before. Nothing else differs. Workers unpickle
this class, so the module is stdlib-only and preloaded into the forkserver.
"""
from __future__ import annotations

import os
import select
from multiprocessing import popen_forkserver
from multiprocessing.context import ForkServerProcess


class _Popen(popen_forkserver.Popen):
    def poll(self, flag=os.WNOHANG):
        if self.returncode is None and flag == os.WNOHANG:
            poller = getattr(self, "_sentinel_poller", None)
            if poller is None:
                poller = self._sentinel_poller = select.poll()
                poller.register(self.sentinel, select.POLLIN)
            if not poller.poll(0):
                return None
        return super().poll(flag)

    def close(self):
        self._sentinel_poller = None
        super().close()


class WatchedForkServerProcess(ForkServerProcess):
    """``context.Process`` for the forkserver context, with the cheap ``poll()``."""

    @staticmethod
    def _Popen(process_obj):
        return _Popen(process_obj)
