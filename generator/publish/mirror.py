"""``portal mirror SRC DEST``: a verified copy of a published site, switched in atomically.

The city credit website keeps its copy at DEST with the same release layout as a publish
(publish/release.py): a new release is assembled from the source's ``manifest.json``,
files unchanged since the mirror's live release are hard-linked from it and only the
others are copied, files the manifest no longer lists (withdrawn records' pages and data)
are simply not carried over, the result is verified against the manifest, and only then
does DEST switch to it. ``--check`` reports how the live copy drifted from the source.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.problems import BuildError, Problem
from . import manifest
from .release import SEARCH, SITE, Releases


@dataclass
class MirrorReport:
    """What one mirror run did."""

    copied: list[str] = field(default_factory=list)
    linked: int = 0
    """Files unchanged since the mirror's live release (hard links, no copy)."""
    dropped: list[str] = field(default_factory=list)
    """Files of the previous copy the source no longer lists (withdrawn, renamed)."""


def _safe(rel: str) -> bool:
    """A manifest path that stays inside the tree (the source is not trusted blindly)."""
    p = PurePosixPath(rel)
    return not p.is_absolute() and ".." not in p.parts and bool(p.parts)


def _problem(message: str) -> BuildError:
    return BuildError([Problem("mirror", 1, "镜像", message)])


def check(src: Path, dest: Path) -> manifest.Drift:
    """How DEST's live copy differs from the source's manifest."""
    return manifest.compare(Path(dest), manifest.read(Path(src)))


def mirror(src: Path, dest: Path) -> MirrorReport:
    """Bring DEST up to the source's manifest, verify, and switch DEST to the new copy."""
    src = Path(src)
    try:
        wanted = manifest.read(src)
    except (FileNotFoundError, ValueError) as e:
        raise _problem(f"{src} 没有可读的 manifest.json：{e}") from None
    bad = [rel for rel in wanted["files"] if not _safe(rel)]
    if bad:
        raise _problem(f"manifest.json 含越界路径：{bad[0]}")
    releases = Releases(dest)
    report = MirrorReport()
    with releases.lock():
        current = releases.current()
        old_site = current / SITE if current else None
        old = manifest.read(old_site)["files"] if old_site and (old_site / manifest.MANIFEST).is_file() else {}
        staging = releases.start()
        try:
            for rel, entry in sorted(wanted["files"].items()):
                target = staging / SITE / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if old.get(rel) == entry:
                    os.link(old_site / rel, target)
                    report.linked += 1
                else:
                    shutil.copyfile(src / rel, target)
                    report.copied.append(rel)
            shutil.copyfile(src / manifest.MANIFEST, staging / SITE / manifest.MANIFEST)
            _copy_index(src, current, staging)
            drift = manifest.verify(staging / SITE)
            if not drift.clean:
                raise _problem("复制结果与清单不符：" + "；".join(drift.lines()[:5]))
            releases.finish(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        report.dropped = sorted(set(old) - set(wanted["files"]))
    return report


def _copy_index(src: Path, current: Path | None, staging: Path) -> None:
    """The search index beside the source site, if it has one: unchanged files linked, others copied."""
    from search import index_dir_for

    source = index_dir_for(src)
    if not source.is_dir():
        return
    previous = current / SEARCH if current else None
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(source)
        target = staging / SEARCH / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        old = previous / rel if previous else None
        same = (
            old is not None
            and old.is_file()
            and old.stat().st_size == path.stat().st_size
            and manifest.file_digest(old) == manifest.file_digest(path)
        )
        if same:
            os.link(old, target)
        else:
            shutil.copyfile(path, target)
