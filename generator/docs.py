"""Generate ``docs/data-format.md`` from the models, so the documentation cannot drift."""

from __future__ import annotations

import types
import typing
from pathlib import Path

from pydantic import BaseModel

from .core import models as m
from .core.load import CSV_DATASETS, YAML_DATASETS, CalendarYear, pinyin_code
from .core.rules import Rules
from .evaluation.config import CONFIG_FILE, EvaluationConfig

#: The generated document, in the source checkout (``portal docs`` is a maintainer's command).
DATA_FORMAT_PATH = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"

_INTRO = """# Data format

Generated from `generator/core/models.py` by `portal docs`; do not edit by hand
(a test fails when this file is stale).

Content lives under `content/data/`. CSV exports go in one folder per dataset;
hand-kept records are YAML lists, either `name.yaml` or several files in `name/`.

CSV files: UTF-8 (with or without BOM) or GB18030; the header row is line 1 and
may use the Chinese national header or the pinyin code (case-insensitive; for
penalties the national codes carry the `cf_` prefix, for licences `xk_`).
Dates: `YYYY/MM/DD`, `YYYY-MM-DD` or `YYYY年MM月DD日`; `2099/12/31` means long-term.
Amounts in 万元. Required columns are marked **yes**; every other column of the
national layout is optional. Unknown columns are errors, so nothing is dropped silently.

ID numbers are validated (resident IDs with their check digit) and kept only in
masked form (`370103************`); the full number never reaches the output.
"""


def _type_name(annotation: typing.Any) -> str:
    """A readable, stable name for a field's type (no memory addresses)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " \\| ".join(_type_name(a) for a in args)
    if origin is typing.Literal:
        return " / ".join(str(a) for a in args)
    if origin is list:
        return f"list[{_type_name(args[0])}]"
    if annotation is type(None):
        return "None"
    return getattr(annotation, "__name__", str(annotation))


def _table_csv(model: type[BaseModel], prefix: str) -> list[str]:
    rows = ["| column | code | required | field | meaning |", "|---|---|---|---|---|"]
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra or {}
        code = pinyin_code(model, name, prefix) or ""
        desc = (info.description or "").replace("\n", " ").replace("|", "\\|")
        rows.append(
            f"| {extra.get('header', '')} | `{code}` | {'yes' if info.is_required() else ''} | `{name}` | {desc} |"
        )
    return rows


def _table_yaml(model: type[BaseModel]) -> list[str]:
    rows = ["| key | type | required | meaning |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        desc = (info.description or "").replace("\n", " ").replace("|", "\\|")
        rows.append(
            f"| `{name}` | {_type_name(info.annotation)} | {'yes' if info.is_required() else ''} | {desc} |"
        )
    return rows


def _nested_models(model: type[BaseModel], seen: set) -> list[type[BaseModel]]:
    out = []
    for info in model.model_fields.values():
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            for inner in (arg, *typing.get_args(arg)):
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
                    seen.add(inner)
                    out += [inner, *_nested_models(inner, seen)]
    return out


def render_data_format() -> str:
    """The whole data-format document as text."""
    lines = [_INTRO]
    lines.append("## CSV datasets\n")
    for folder, (model, prefix) in CSV_DATASETS.items():
        lines += [f"### `content/data/{folder}/*.csv` — {model.__doc__.splitlines()[0]}", ""]
        lines += _table_csv(model, prefix) + [""]
    lines.append("## YAML datasets\n")
    seen: set = set(YAML_DATASETS.values())
    for stem, model in YAML_DATASETS.items():
        lines += [f"### `content/data/{stem}.yaml` — {model.__doc__.splitlines()[0]}", ""]
        lines += _table_yaml(model) + [""]
    nested = []
    for model in YAML_DATASETS.values():
        nested += _nested_models(model, seen)
    if nested:
        lines.append("## Nested records\n")
        for model in nested:
            lines += [f"### {model.__name__} — {model.__doc__.splitlines()[0]}", ""]
            lines += _table_yaml(model) + [""]
    lines.append("## Enumerations\n")
    for name in sorted(dir(m)):
        obj = getattr(m, name)
        if isinstance(obj, type) and issubclass(obj, m.StrEnum) and obj is not m.StrEnum:
            lines.append(
                f"- **{name}** ({obj.__doc__.splitlines()[0]}): " + " / ".join(v.value for v in obj)
            )
    lines += ["", "## `content/data/rules.yaml` — " + Rules.__doc__.splitlines()[0], ""]
    lines += _table_yaml(Rules) + [""]
    lines += [f"## `content/data/{CONFIG_FILE}` — " + EvaluationConfig.__doc__.splitlines()[0], ""]
    lines += _table_yaml(EvaluationConfig) + [""]
    for model in _nested_models(EvaluationConfig, set()):
        lines += [f"### {model.__name__} — {model.__doc__.splitlines()[0]}", ""]
        lines += _table_yaml(model) + [""]
    lines += [
        "## `content/data/calendar.yaml` — local working-day calendar",
        "",
        "`chinese_calendar` covers the years it ships; for later years (or to correct a day) list",
        "each year's holidays and make-up working days. A deadline in a year neither covers is a",
        "validation error, never a guess.",
        "",
        "```yaml",
        "2027:",
        "  holidays: [2027-01-01, 2027-02-16]",
        "  workdays: [2027-02-07]",
        "```",
        "",
        "Each year:",
        "",
    ]
    lines += _table_yaml(CalendarYear) + [""]
    return "\n".join(lines)


def write(path: Path = DATA_FORMAT_PATH) -> None:
    path.write_text(render_data_format(), encoding="utf-8")
