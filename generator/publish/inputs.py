"""What a release was built from, as one sha256: a build whose inputs did not change does no work.

The key covers everything a release depends on — every byte of the content tree, the
settings file, the code and theme that build it (every file of the installed packages),
the versions of Pelican, Jinja, Whoosh and Pagefind, the as-of date, preview or publish, and
the publish ledger's state read row by row (its file's bytes change with each transaction) —
and is written beside the release's site (``NNNNNN/inputs.sha256``). When the live release
has the same key, the new release is the live one hard-linked (pages, Pagefind, Whoosh,
manifest): the same bytes, without loading, validating or rendering anything. Content
hashes only, never modification times.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from ..render.cache import _tree, code_digest

KEY_FILE = "inputs.sha256"


def ledger_digest(path: Path) -> str:
    """sha256 of the ledger's rows (meta, records, changes), or of its absence."""
    if not Path(path).is_file():
        return "no ledger"
    h = hashlib.sha256()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        for table, order in (("meta", "key"), ("records", "ref"), ("changes", "day, seq")):
            try:
                rows = db.execute(f"SELECT * FROM {table} ORDER BY {order}")  # noqa: S608 - fixed names
            except sqlite3.Error:
                h.update(f"{table}: none\n".encode())
                continue
            h.update(f"{table}\n".encode())
            for row in rows:
                h.update(repr(row).encode("utf-8"))
    return h.hexdigest()


def inputs_key(
    content_dir: Path, settings_path: Path, ledger: Path, as_of: date, publish: bool
) -> str:
    """The key of a build: content, settings, code, ledger state, as-of date and mode."""
    h = hashlib.sha256()
    h.update(f"as of {as_of.isoformat()} publish {publish}\n".encode())
    h.update(f"code {code_digest()}\n".encode())
    h.update(f"ledger {ledger_digest(ledger)}\n".encode())
    settings_path = Path(settings_path)
    h.update(b"settings\0" + (settings_path.read_bytes() if settings_path.is_file() else b""))
    _tree(h, Path(content_dir), "content")
    return h.hexdigest()


def read_key(release: Path | None) -> str | None:
    """The inputs key a release was built from (None when it has none)."""
    if release is None:
        return None
    try:
        return (Path(release) / KEY_FILE).read_text("utf-8").strip()
    except OSError:
        return None


def write_key(release: Path, key: str) -> None:
    """Record the inputs key beside the release's site."""
    (Path(release) / KEY_FILE).write_text(key + "\n", "utf-8")
