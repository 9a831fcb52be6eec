"""Releases: every build is a complete tree of its own, and the live path switches with one rename.

For an output path ``output`` the layout is::

    output -> output.releases/000007/site     (a relative symbolic link: the live site)
    output.releases/
        .lock                                  (held while a build writes)
        000006/site/  000006/site.search/      (the previous release, kept for rollback)
        000007/site/  000007/site.search/      (pages, data, Pagefind; the Whoosh index beside)
        000008.building-4711/                  (a build in progress: never served)

A build writes its release into a fresh ``.building`` directory, renames it to its number
when complete, then points ``output`` at it by renaming a new link over the old one:
rename(2) is atomic, so a reader sees the old release or the new one, never a mix and never
nothing. The Whoosh index lives inside the release (``site.search`` beside ``site``: the
place ``search.index_dir_for`` looks), so pages and index switch together. One build at a
time: the lock is taken without waiting, and a second build says who holds it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.problems import BuildError, Problem

#: Name of a finished release directory: its sequence number.
_RELEASE = re.compile(r"^\d{6}$")
SITE = "site"
SEARCH = "site.search"


class Releases:
    """The releases behind one live output path."""

    def __init__(self, live: Path):
        self.live = Path(live).absolute()
        self.root = self.live.with_name(f"{self.live.name}.releases")

    # -- reading

    def all(self) -> list[Path]:
        """Finished releases, oldest first."""
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if _RELEASE.match(p.name) and p.is_dir())

    def current(self) -> Path | None:
        """The release the live path points at (None before the first build)."""
        if not self.live.is_symlink():
            return None
        target = (self.live.parent / os.readlink(self.live)).resolve()
        return target.parent if target.parent.parent == self.root.resolve() else None

    # -- writing (hold the lock)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold this output's build lock; a second build fails at once with a clear message."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / ".lock"
        with open(path, "a+", encoding="utf-8") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "另一进程"
                raise BuildError(
                    [Problem(str(path), 1, "锁", f"{holder} 正在构建 {self.live}；请等它结束后再试")]
                ) from None
            fh.seek(0)
            fh.truncate()
            fh.write(f"进程 {os.getpid()}\n")
            fh.flush()
            try:
                yield
            finally:
                fh.seek(0)
                fh.truncate()
                fcntl.flock(fh, fcntl.LOCK_UN)

    def start(self) -> Path:
        """A fresh staging directory for the next release (stale ones from killed builds go first)."""
        for stale in self.root.glob("*.building-*"):
            shutil.rmtree(stale, ignore_errors=True)
        numbers = [int(p.name) for p in self.all()]
        staging = self.root / f"{max(numbers, default=0) + 1:06d}.building-{os.getpid()}"
        (staging / SITE).mkdir(parents=True)
        return staging

    def finish(self, staging: Path) -> Path:
        """Name the complete staging directory as a release and make it live."""
        release = staging.with_name(staging.name.split(".")[0])
        os.rename(staging, release)
        self.switch(release)
        return release

    def switch(self, release: Path) -> None:
        """Point the live path at ``release`` with one rename over the old link."""
        self._adopt_plain_directory()
        target = os.path.relpath(release / SITE, self.live.parent)
        link = self.live.with_name(f".{self.live.name}.link-{os.getpid()}")
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(target, link)
        os.replace(link, self.live)

    def _adopt_plain_directory(self) -> None:
        """A live path that is a plain directory (an older layout) becomes release 000000."""
        if self.live.is_dir() and not self.live.is_symlink():
            legacy = self.root / "000000"
            legacy.mkdir(parents=True, exist_ok=True)
            os.rename(self.live, legacy / SITE)
            old_index = self.live.with_name(f"{self.live.name}.search")
            if old_index.is_dir():
                os.rename(old_index, legacy / SEARCH)

    def prune(self, keep: int) -> list[Path]:
        """Delete all but the newest ``keep`` releases, never the live one; returns those deleted."""
        live = self.current()
        doomed = [r for r in self.all()[: -keep or None] if r != live] if keep > 0 else []
        for release in doomed:
            shutil.rmtree(release, ignore_errors=True)
        return doomed

    def rollback(self) -> Path:
        """Make the release before the live one live again; returns it."""
        releases, live = self.all(), self.current()
        if live is None or live not in releases or releases.index(live) == 0:
            raise BuildError([Problem(str(self.root), 1, "回滚", "没有更早的版本可以回滚")])
        previous = releases[releases.index(live) - 1]
        self.switch(previous)
        return previous
