"""``manifest.json``: the sha256 and size of every file of a release, written last.

A mirror (or anyone) checks a copy against it with ``portal verify DIR``, which names each
altered, missing and extra file. The manifest lists the site tree only; the Whoosh index
beside it (``site.search``) is not byte-reproducible and is checked by its own hashes.

A file hard-linked from the live release (an unchanged page or bundle file) is the same
inode that release's manifest already hashed: its entry is taken from there, not re-read.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "manifest.json"
_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def tree_files(root: Path) -> list[str]:
    """Every file under ``root`` but the manifest, as sorted POSIX paths."""
    root = Path(root)
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).as_posix() != MANIFEST
    )


def _entry(root: Path, rel: str, previous: Path | None, known: dict) -> dict:
    """A file's manifest entry; reused from ``known`` when the file is the previous release's own."""
    path = root / rel
    info = os.stat(path)
    old = known.get(rel)
    if old is not None and previous is not None:
        try:
            before = os.stat(previous / rel)
        except OSError:
            before = None
        if before is not None and (before.st_ino, before.st_dev) == (info.st_ino, info.st_dev):
            return {"sha256": old["sha256"], "bytes": info.st_size}
    return {"sha256": file_digest(path), "bytes": info.st_size}


def build(root: Path, previous: Path | None = None) -> dict:
    """The manifest of a tree: ``{"files": {path: {"sha256", "bytes"}}}``.

    ``previous`` is the live release's site: files hard-linked from it keep its entries.
    """
    root = Path(root)
    known: dict = {}
    if previous is not None:
        try:
            known = read(previous)["files"]
        except (OSError, ValueError, KeyError):
            known = {}
    return {"files": {rel: _entry(root, rel, previous, known) for rel in tree_files(root)}}


def write(root: Path, previous: Path | None = None) -> Path:
    """Write ``manifest.json`` into ``root`` (after every other file of the release)."""
    path = Path(root) / MANIFEST
    data = json.dumps(build(root, previous), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.write_text(data, encoding="utf-8")
    return path


def read(root: Path) -> dict:
    """The manifest of a tree (FileNotFoundError when it has none)."""
    return json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))


@dataclass
class Drift:
    """How a tree differs from a manifest."""

    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.altered or self.missing or self.extra)

    def lines(self) -> list[str]:
        """One line per difference, as ``portal verify`` prints them."""
        return (
            [f"已改动：{p}" for p in self.altered]
            + [f"缺失：{p}" for p in self.missing]
            + [f"多余：{p}" for p in self.extra]
        )


def compare(root: Path, manifest: dict) -> Drift:
    """Every file of ``root`` against ``manifest``: altered, missing, extra."""
    root = Path(root)
    expected = manifest["files"]
    present = set(tree_files(root))
    drift = Drift(
        missing=sorted(set(expected) - present), extra=sorted(present - set(expected))
    )
    for rel in sorted(present & set(expected)):
        entry = expected[rel]
        path = root / rel
        if path.stat().st_size != entry["bytes"] or file_digest(path) != entry["sha256"]:
            drift.altered.append(rel)
    return drift


def verify(root: Path) -> Drift:
    """A tree against its own manifest."""
    return compare(root, read(root))
