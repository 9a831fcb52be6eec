"""Deterministic sample content for the fictional 示例区 (all of it 演示数据).

``write_sample(out, records, seed)`` writes a complete, valid content tree: the
department directory, 双公示 CSV exports split the way departments export them
(one file per department and year, in their own encodings and header styles),
other administrative acts, every hand-kept YAML dataset, the rules file, press
updates and the static pages. Same arguments, byte-identical tree: every random
choice comes from ``random.Random(seed)`` and every date from a fixed reference
window, never from the clock. CSV rows are streamed one file at a time, so
200,000 records need little memory.

Where things are made (this module only puts them together):

| module | what it makes |
|---|---|
| ``departments`` | the department directory and each body's 统一社会信用代码 |
| ``export_plan`` | which CSV files there are and how many rows each holds |
| ``exports`` | the CSV rows, from ``parties`` (names, firms) and ``templates`` (wording) |
| ``hand_kept`` | promises, cases, archive and the other hand-kept YAML datasets |
| ``codes``, ``dates`` | code and ID makers; the date window and its working days |
| ``datafiles`` | loads the plain-data tables, ``demo/data/*.yaml``; ``demo/pages/`` is copied as is |
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from generator.core.rules import Rules

from .datafiles import PAGES_DIR
from .dates import REFERENCE_AS_OF
from .departments import department_records
from .exports import GB18030_EXPORT, PINYIN_EXPORT, write_csvs
from .hand_kept import hand_kept

__all__ = ["GB18030_EXPORT", "PINYIN_EXPORT", "REFERENCE_AS_OF", "write_sample"]


def dump_yaml(path: Path, title: str, items: Any) -> None:
    """A YAML file with a comment header saying it is demonstration data."""
    body = yaml.safe_dump(
        items, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    path.write_text(
        f"# {title}\n# 演示数据：示例区为虚构行政区，所列单位、人员、企业及事项均为虚构。\n\n{body}",
        encoding="utf-8",
    )


def rules_yaml() -> str:
    """rules.yaml: every default of generator.core.rules.Rules, each with its description as a comment."""
    lines = [
        "# 公示规则与期限（generator/core/rules.py 的默认值，逐项注明含义）",
        "# 演示数据：本区可按本地规定修改这些数值。",
        "",
    ]
    defaults = Rules()
    for name, info in Rules.model_fields.items():
        for text in (info.description or "").splitlines():
            lines.append(f"# {text}")
        value = yaml.safe_dump(
            {name: getattr(defaults, name)}, allow_unicode=True, default_flow_style=False
        )
        lines.append(value.rstrip("\n"))
        lines.append("")
    return "\n".join(lines)


def write_sample(out: Path, records: int, seed: int) -> None:
    """Write a deterministic, valid sample content tree with ``records`` 双公示 records."""
    out = Path(out)
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    dump_yaml(
        data / "departments.yaml",
        "部门名录：示例区各部门、事业单位、街道办事处与基层群众性自治组织",
        department_records(),
    )
    (data / "rules.yaml").write_text(rules_yaml(), encoding="utf-8")
    # String seeds hash with SHA-512: stable across runs and Python processes.
    notable = write_csvs(data, random.Random(f"{seed}:csv"), records)
    for stem, (title, items) in hand_kept(seed, records, notable.penalties).items():
        dump_yaml(data / f"{stem}.yaml", title, items)
    # Fixed files: the press office's pages and updates, and the indicator configuration.
    for folder in ("pages", "updates", "data"):
        target = out / folder
        target.mkdir(parents=True, exist_ok=True)
        for src in sorted((PAGES_DIR / folder).glob("*.*")):
            (target / src.name).write_bytes(src.read_bytes())
