"""The build pipeline: load → validate → derive → render (Pelican) → scan → index → publish.

The output directory is replaced only when every step succeeded: the site is
built beside it and swapped in with renames, so nothing half-built is published.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .derive import Portal, derive
from .load import Content, load_content
from .problems import Problem
from .validate import validate_content

ROOT = Path(__file__).resolve().parent.parent

#: Portals derived in this process, keyed by (content dir, as-of date): the CLI derives
#: once and the Pelican plugin reuses the result instead of loading everything again.
_DERIVED: dict[tuple[str, date], Portal] = {}


class BuildError(Exception):
    """The build stopped; ``problems`` says why, one line each."""

    def __init__(self, problems: list[Problem] | list[str]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Checked:
    """Loaded content and every problem found in it."""

    content: Content
    problems: list[Problem]


def check(content_dir: Path) -> Checked:
    """Load and validate the content tree; problems are sorted by file and line."""
    content = load_content(Path(content_dir))
    problems = content.problems + validate_content(content)
    return Checked(content, sorted(set(problems)))


def portal_for(content_dir: Path, as_of: date) -> Portal:
    """The derived portal for a content tree, validating it first (cached per process)."""
    key = (str(Path(content_dir).resolve()), as_of)
    if key not in _DERIVED:
        checked = check(content_dir)
        if checked.problems:
            raise BuildError(checked.problems)
        _DERIVED[key] = derive(checked.content, as_of)
    return _DERIVED[key]


def pelican_settings(
    content_dir: Path, output_dir: Path, as_of: date, publish: bool = False
) -> dict:
    """Pelican settings from pelicanconf.py (or publishconf.py), pointed at these folders."""
    from pelican.settings import read_settings

    conf = ROOT / ("publishconf.py" if publish else "pelicanconf.py")
    return read_settings(
        str(conf),
        override={
            "PATH": str(Path(content_dir).resolve()),
            "OUTPUT_PATH": str(Path(output_dir).resolve()),
            "PORTAL_AS_OF": as_of.isoformat(),
            "DELETE_OUTPUT_DIRECTORY": False,
        },
    )


def build(content_dir: Path, output_dir: Path, as_of: date, publish: bool = False) -> Path:
    """Validate, render and index the site into ``output_dir``, replacing it only on success."""
    from pelican import Pelican

    from . import scan

    portal_for(content_dir, as_of)  # refuses invalid content before anything is written
    output_dir = Path(output_dir)
    staging = output_dir.with_name(f".{output_dir.name}.building")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        settings = pelican_settings(content_dir, staging, as_of, publish)
        Pelican(settings).run()
        leaks = scan.scan_tree(staging)
        if leaks:
            raise BuildError(leaks)
        from search import index_site

        # The Whoosh index (beside the site) is swapped in before the pages: should the page
        # swap then fail, the API runs ahead of the pages instead of serving withdrawn records.
        index_site(portal_for(content_dir, as_of), staging, settings, output_dir=output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, output_dir)
    return output_dir


def swap_in(fresh: Path, live: Path) -> None:
    """Put the complete tree ``fresh`` in place of ``live`` with two renames; the old copy goes last."""
    old = live.with_name(f".{live.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if live.exists():
        os.rename(live, old)
    os.rename(fresh, live)
    shutil.rmtree(old, ignore_errors=True)
