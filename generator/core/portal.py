"""The core pipeline in two calls: ``check`` (load + validate) and ``derive_portal`` (+ derive).

There is no cache: every call reads the content folder afresh, so a second build in the
same process (``make devserver``) sees every edit. ``portal build`` derives once and hands
the Portal to Pelican itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .derive import Portal, derive
from .load import Content, load_content
from .problems import BuildError, Problem
from .validate import validate_content


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


def derive_portal(content_dir: Path, as_of: date) -> Portal:
    """The derived Portal of a content tree; invalid content raises BuildError."""
    checked = check(content_dir)
    if checked.problems:
        raise BuildError(checked.problems)
    return derive(checked.content, as_of)
