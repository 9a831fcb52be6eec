"""One build step in a forked child process, so that both cores work (a 2-core VM).

The build forks after the Portal is derived: the child writes the search indexes (the
Whoosh or tantivy index and, through its own ``pagefind`` process, the static bundle)
while the parent renders the pages with Pelican. The child shares the derived Portal with
the parent (copy-on-write), writes only its own files (``site.search/``, ``site/pagefind/``),
and reports back through a pipe: nothing (done), the Problems of a BuildError, or a
traceback. Where there is no ``fork`` (not Linux), the step simply runs in turn.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable

from ..core.problems import BuildError


class Forked:
    """``fn()`` running in a child process; ``join()`` waits and raises what it raised."""

    def __init__(self, fn: Callable[[], None]) -> None:
        self._done = False
        if not hasattr(os, "fork"):  # pragma: no cover - the portal's machines are Linux
            fn()
            self._done = True
            return
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        # Objects alive now are shared with the child page by page until either process writes
        # to them; the cyclic collector writes to every object it visits, which would copy the
        # whole Portal into the child. Frozen objects are never visited (until ``join``).
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: run, report, and leave without the parent's cleanup
            os.close(read)
            code, payload = 0, None
            try:
                fn()
            except BuildError as e:
                code, payload = 3, ("problems", e.problems)
            except BaseException:  # noqa: BLE001 - reported to the parent, which raises
                code, payload = 1, ("error", traceback.format_exc())
            try:
                with os.fdopen(write, "wb") as fh:
                    pickle.dump(payload, fh)
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def join(self) -> None:
        """Wait for the child; a BuildError in it is raised here with its problems."""
        if self._done:
            return
        self._done = True
        with os.fdopen(self._read, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(self._pid, 0)
        gc.unfreeze()
        payload = pickle.loads(data) if data else None  # noqa: S301 - our own child's answer
        if payload is not None and payload[0] == "problems":
            raise BuildError(payload[1])
        if payload is not None:
            raise RuntimeError(f"后台步骤失败：\n{payload[1]}")
        if status != 0:
            raise RuntimeError(f"后台步骤异常退出（状态 {status}）")

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere) and reap it."""
        if self._done:
            return
        self._done = True
        try:
            os.kill(self._pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)
        gc.unfreeze()
        os.close(self._read)
