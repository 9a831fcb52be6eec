"""What a dataset is made of: columns (names, types, descriptions from the models) and rows.

Every dataset module (acts, records, scores) builds its ``(columns, rows)`` with these
helpers; every file format and page reads the same ``Table``. Column descriptions come
from the models' field docstrings; columns the portal derives describe themselves.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..core import models as m
from ..core.derive import Portal


@dataclass(frozen=True)
class Column:
    """One column of a dataset, the same in every file format."""

    name: str
    """Header in every file: the national Chinese header (双公示), else the model's field name."""
    type: str
    """Table Schema type: string, date, number, integer or boolean."""
    title: str
    """Chinese name, for the data dictionary, datapackage.json and Datasette."""
    description: str
    """What the column holds: the model field's docstring, or the portal's own words."""
    enum: tuple[str, ...] = ()
    """The values allowed, for a field that is an enumeration."""
    search: bool = False
    """Part of the dataset's full-text index (SQLite FTS5)."""
    withheld: str = ""
    """Why a national-layout column is always empty (the pages do not publish it)."""


Rows = list[tuple]
Build = Callable[[Portal, dict], tuple[list[Column], Rows]]


@dataclass(frozen=True)
class Dataset:
    """A published dataset: its names, what it is, and the function that makes its rows."""

    name: str
    """File stem and SQLite table name, e.g. ``penalties``."""
    title: str
    title_en: str
    description: str
    description_en: str
    build: Build
    dates: tuple[str, ...] = ()
    """Date columns whose newest value is the dataset's last change (see ``last_changed``)."""
    optional: bool = False
    """Written only when it has rows (e.g. evaluation scores need the evaluation feature)."""


@dataclass
class Table:
    """A dataset with its rows for one build."""

    dataset: Dataset
    columns: list[Column]
    rows: Rows = field(default_factory=list)

    @property
    def name(self) -> str:
        """The dataset's name (file stem and SQLite table)."""
        return self.dataset.name

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as column → value mappings, in column order."""
        names = [c.name for c in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]


def last_changed(table: Table) -> date | None:
    """When a dataset last changed: for now the newest date in its records.

    The one place to change when the publish ledger supplies each record's last-changed
    date (issue 9, point 2): the download page, datapackage.json and JSON-LD read it here.
    """
    index = [i for i, c in enumerate(table.columns) if c.name in table.dataset.dates]
    days = [row[i] for row in table.rows for i in index if isinstance(row[i], date)]
    return max(days, default=None)


# --------------------------------------------------------------------------- columns from models


def _base_type(annotation: Any) -> Any:
    """The type under ``Optional[...]`` and ``Annotated[...]``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _schema_type(annotation: Any) -> tuple[str, tuple[str, ...]]:
    """Table Schema type and allowed values of a model field's annotation."""
    base = _base_type(annotation)
    if get_origin(base) is Literal:
        return "string", tuple(str(a) for a in get_args(base))
    if isinstance(base, type):
        if issubclass(base, Enum):
            return "string", tuple(str(e.value) for e in base)
        if issubclass(base, bool):
            return "boolean", ()
        if issubclass(base, date):
            return "date", ()
        if issubclass(base, int):
            return "integer", ()
        if issubclass(base, float | Decimal):
            return "number", ()
    return "string", ()


def model_column(
    model: type[BaseModel],
    field_name: str,
    title: str,
    *,
    name: str | None = None,
    search: bool = False,
    type: str | None = None,
) -> Column:
    """A column holding a model field: its type, allowed values and docstring from the model."""
    info = model.model_fields[field_name]
    schema_type, enum = _schema_type(info.annotation)
    return Column(
        name=name or field_name,
        type=type or schema_type,
        title=title,
        description=info.description or "",
        enum=() if type else enum,
        search=search,
    )


def national_column(
    model: type[BaseModel], field_name: str, search: bool = False, withheld: str = ""
) -> Column:
    """A 双公示 column under its national header, exactly as the model declares it."""
    header = (model.model_fields[field_name].json_schema_extra or {})["header"]
    col = model_column(model, field_name, header, name=header, search=search)
    if withheld:
        return Column(col.name, col.type, col.title, col.description, col.enum, False, withheld)
    return col


def portal_column(
    name: str, type: str, title: str, description: str, search: bool = False
) -> Column:
    """A column the portal derives (status, deadline, permalink …)."""
    return Column(name, type, title, description, search=search)


# --------------------------------------------------------------------------- shared by datasets


def department_columns() -> list[Column]:
    """The department id and name, which most datasets begin with."""
    return [
        portal_column("department", "string", "部门标识", "Id of the department."),
        portal_column(
            "department_name", "string", "部门名称", "Full official name of the department."
        ),
    ]


def evidence_text(items: list[m.Evidence]) -> str:
    """Sources as the pages list them: 标题（文号）, separated by ；."""
    return "；".join(f"{e.title}（{e.doc_no}）" if e.doc_no else e.title for e in items)


def evidence_urls(items: list[m.Evidence]) -> str:
    """Public addresses of sources, separated by spaces."""
    return " ".join(e.url for e in items if e.url)


#: Description of the permalink column of the hand-kept datasets.
URL = "Permalink of the page that shows it, relative to the site root."
