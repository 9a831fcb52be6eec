"""Progress of a build: a bar on a terminal, plain stage lines with timings elsewhere (CI, logs).

The pipeline calls ``stage(name, total)`` around each step and ``advance(n)`` as work is
done; on a terminal one line is redrawn (at most ten times a second), otherwise one line is
printed when a stage ends: ``portal: 渲染页面 12.3 s（4,812 项）``. No dependency: a bar is
a dozen lines, and a build must not print differently because a library changed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

#: Redraw a terminal bar at most this often (seconds).
_REDRAW = 0.1
_WIDTH = 24


class Progress:
    """Reports the stages of one build to ``stream`` (stderr by default)."""

    def __init__(self, stream: IO[str] | None = None, tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        if tty is None:
            tty = self.stream.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")
        self.tty = tty
        self.timings: list[tuple[str, float]] = []
        """(stage, seconds) of every finished stage, in order (bench/run.py reads them)."""
        self.notes: list[tuple[str, str]] = []
        self._notes: list[str] = []
        self._name = ""
        self._total: int | None = None
        self._done = 0
        self._start = 0.0
        self._drawn = 0.0

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Progress]:
        """Time one stage; ``advance`` moves its bar."""
        self._name, self._total, self._done, self._notes = name, total, 0, []
        self._start = self._drawn = time.perf_counter()
        if self.tty:
            self._draw()
        try:
            yield self
        finally:
            took = time.perf_counter() - self._start
            self.timings.append((name, took))
            count = f"（{self._done:,} 项）" if self._done else ""
            if self._notes:
                count += "（" + "，".join(self._notes) + "）"
            end = "\r\x1b[K" if self.tty else ""
            self.stream.write(f"{end}portal: {name} {took:.1f} s{count}\n")
            self.stream.flush()

    def note(self, text: str) -> None:
        """Add ``text`` to the current stage's closing line (e.g. how many pages were reused)."""
        self._notes.append(text)
        self.notes.append((self._name, text))

    def advance(self, n: int = 1) -> None:
        """``n`` more items of the current stage are done."""
        self._done += n
        if self.tty and time.perf_counter() - self._drawn >= _REDRAW:
            self._draw()

    def _draw(self) -> None:
        self._drawn = now = time.perf_counter()
        took = now - self._start
        if self._total:
            share = min(1.0, self._done / self._total)
            bar = "█" * int(share * _WIDTH) + "░" * (_WIDTH - int(share * _WIDTH))
            text = f"{self._name} {bar} {share:4.0%} {self._done:,}/{self._total:,} {took:.1f} s"
        else:
            text = f"{self._name} … {self._done:,} {took:.1f} s"
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()


class Silent(Progress):
    """A Progress that prints nothing (library callers, tests)."""

    def __init__(self) -> None:
        super().__init__(stream=sys.stderr, tty=False)

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Progress]:
        start = time.perf_counter()
        self._done, self._name, self._notes = 0, name, []
        try:
            yield self
        finally:
            self.timings.append((name, time.perf_counter() - start))

    def advance(self, n: int = 1) -> None:
        self._done += n
