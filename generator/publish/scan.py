"""Build-time leak scan: no file of the output may hold a full resident ID or a mobile number.

The last guard: it reads every written file, whatever produced it (a template, a feed,
a data file), with the same rule as everything else (core/privacy.py ``find_leaks``).

Two things keep it fast at district scale (hundreds of megabytes of pages):

* A file hard-linked from the live release (an unchanged page, publish/pipeline.py) is the
  very file that release's scan passed: it is not read again.
* ``find_leaks_fast`` gives exactly ``find_leaks``'s answer without its regular expressions
  (13 MB/s): the bytes are mapped to a four-letter alphabet (digit, X, other letter or digit,
  anything else) with ``bytes.translate``, and ``bytes.find`` looks for the only shapes a
  leak can have — a run of exactly 11 or 18 digits (or 17 and an X) with no letter or digit
  on either side — in C; only those runs are checked in Python (``tests/test_scan.py``
  compares the two on random and hostile bytes).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from stdnum.cn import ric

from ..core.privacy import find_leaks
from ..core.problems import Problem

__all__ = ["find_leaks", "find_leaks_fast", "scan_tree"]

_D, _X, _A, _O = b"d", b"x", b"a", b"."
#: digit → d, X/x → x, other ASCII letters → a, any other byte → "."
_SHAPES = bytes(
    (_D if 48 <= i <= 57 else _X if i in (88, 120) else _A if chr(i).isalpha() and i < 128 else _O)[0]
    for i in range(256)
)
_MOBILE_SHAPE = _O + _D * 11 + _O
_ID_SHAPES = (_O + _D * 18 + _O, _O + _D * 17 + _X + _O)


def _shape_runs(shapes: bytes, pattern: bytes) -> list[int]:
    """Start offsets (in the unpadded data) of every occurrence of ``pattern`` in ``shapes``."""
    out, at = [], shapes.find(pattern)
    while at >= 0:
        out.append(at)  # shapes has one byte of padding in front: at is the run's own start
        at = shapes.find(pattern, at + len(pattern) - 1)
    return out


def find_leaks_fast(data: bytes) -> list[tuple[int, str]]:
    """The same (line, kind) list as ``core.privacy.find_leaks``, found with ``bytes.find``."""
    shapes = _O + data.translate(_SHAPES) + _O
    hits = []
    ids = sorted(s for shape in _ID_SHAPES for s in _shape_runs(shapes, shape))
    for start in ids:
        run = data[start : start + 18]
        if run[:1] != b"0" and ric.is_valid(run.decode()):
            hits.append((data.count(b"\n", 0, start) + 1, "居民身份证号码"))
    for start in _shape_runs(shapes, _MOBILE_SHAPE):
        if data[start : start + 1] == b"1" and data[start + 1 : start + 2] in b"3456789":
            hits.append((data.count(b"\n", 0, start) + 1, "手机号码"))
    return hits

#: Files not scanned: binary formats where digit runs are not text.
_BINARY = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".woff",
    ".woff2",
    ".ico",
    ".pf_fragment",
    ".pf_index",
    ".pf_meta",
    ".pagefind",
}


#: SQLite databases are read value by value: their pages store a row's fields side by side
#: with no separator (``…@1333333`` then ``2024-08-16``), which reads as an 11-digit run.
_DATABASES = {".db", ".sqlite", ".sqlite3"}


def _database_text(path: Path) -> bytes:
    """Every text value of every table of a SQLite file, one per line (blobs are not text)."""
    out: list[bytes] = []
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            try:
                rows = db.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from the file itself
            except sqlite3.Error:
                continue  # a virtual table whose module is not loaded: its shadow tables are read
            for row in rows:
                out.extend(v.encode("utf-8") for v in row if isinstance(v, str))
    return b"\n".join(out)


def _same_file(path: Path, previous: Path | None, rel: str) -> bool:
    """True when ``path`` is a hard link of the same file in the previous release."""
    if previous is None:
        return False
    try:
        a, b = os.stat(path), os.stat(previous / rel)
    except OSError:
        return False
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev)


def scan_tree(root: Path, previous: Path | None = None) -> list[Problem]:
    """One Problem per leak in any file under ``root`` (paths relative to it).

    Files hard-linked from ``previous`` (the live release's site, already scanned) are skipped.
    """
    problems = []
    root = Path(root)
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() in _BINARY:
            continue
        if _same_file(path, previous, path.relative_to(root).as_posix()):
            continue
        if path.suffix.lower() in _DATABASES:
            data = _database_text(path)  # a line number here is a value's position, not a line
        else:
            data = path.read_bytes()
        for line, kind in find_leaks_fast(data):
            rel = path.relative_to(root).as_posix()
            problems.append(
                Problem(rel, line, kind, "输出文件含完整个人号码，构建已中止（号码未显示）")
            )
    return problems
