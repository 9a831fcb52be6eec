"""Where the demo's files are, and ``load(name)`` for its data tables.

``demo/data/*.yaml`` holds what is plain data — the department directory, word lists,
decision templates, the hand-kept datasets' scenarios — so it can be read and edited
without the code that draws from it. These files are inputs of the generator: none is
copied into the sample tree. The files copied verbatim are under ``demo/pages/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
PAGES_DIR = HERE / "pages"
"""Static pages, press updates and the indicator configuration, copied as they are."""


def load(name: str) -> Any:
    """The parsed ``demo/data/<name>.yaml`` (modules call this once, at import)."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
