"""Putting a complete tree in place of the live one.

The live tree is never written into: a build makes its tree beside it, then swaps.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def swap_in(fresh: Path, live: Path) -> None:
    """Put the complete tree ``fresh`` in place of ``live`` with two renames; the old copy goes last."""
    old = live.with_name(f".{live.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if live.exists():
        os.rename(live, old)
    os.rename(fresh, live)
    shutil.rmtree(old, ignore_errors=True)
