"""Chinese descriptions of the open-data columns (descriptions_zh.yaml), for the 数据字典 page.

The English descriptions are the models' docstrings; these say the same for Chinese readers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

FILE = Path(__file__).with_name("descriptions_zh.yaml")


@cache
def _table() -> dict[str, str]:
    """The file's mapping (package data: read once per process)."""
    return yaml.safe_load(FILE.read_text("utf-8"))


def chinese(dataset: str, column: str) -> str | None:
    """A column's Chinese description: ``dataset.column`` first, then ``column``; None if none."""
    table = _table()
    return table.get(f"{dataset}.{column}") or table.get(column)
