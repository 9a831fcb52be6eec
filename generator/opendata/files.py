"""Writers of the open-data files: CSV, JSON, one SQLite database, datapackage.json, Datasette metadata.

Every file depends only on the tables (made from the Portal) and the settings: rows in a
fixed order, no clock, no random names. The SQLite database is built in memory with a
fixed page size and copied out with ``VACUUM INTO``, so two builds of the same content
give the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlite_utils

from . import fts
from .columns import Column, Table, last_changed

#: The database's file name; Datasette names the database after its stem.
DATABASE = "portal.db"
DATABASE_NAME = DATABASE.removesuffix(".db")
DATAPACKAGE = "datapackage.json"
METADATA = "metadata.json"
SCHEMA_DIR = "schemas"
#: CSV booleans, so Excel shows words rather than TRUE/FALSE.
TRUE, FALSE = "是", "否"
#: SQLite page size, set before anything is written (part of byte-reproducibility).
PAGE_SIZE = 4096

_SQL_TYPES = {"string": str, "date": str, "number": float, "integer": int, "boolean": int}


@dataclass(frozen=True)
class DataFile:
    """A written file: its name under data/, size and SHA-256."""

    name: str
    format: str
    mediatype: str
    bytes: int
    sha256: str


def _write(path: Path, data: bytes, fmt: str, mediatype: str) -> DataFile:
    """Write one file and describe it by the bytes written (never re-read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    name = path.name if path.parent.name != SCHEMA_DIR else f"{SCHEMA_DIR}/{path.name}"
    return DataFile(name, fmt, mediatype, len(data), hashlib.sha256(data).hexdigest())


# --------------------------------------------------------------------------- CSV and JSON


Convert = dict[str, Callable[[Any], Any]]


def converted(table: Table, convert: Convert) -> list[list]:
    """The rows with each value of a column whose type is in ``convert`` converted (None kept).

    Only those columns are touched: at 20,000 records a function call per value costs more
    than writing the files.
    """
    fixes = [(i, convert[c.type]) for i, c in enumerate(table.columns) if c.type in convert]
    out = []
    for row in table.rows:
        values = list(row)
        for i, fix in fixes:
            if values[i] is not None:
                values[i] = fix(values[i])
        out.append(values)
    return out


def _plain_number(value: Any) -> Any:
    """An amount in plain notation for CSV."""
    # str(Decimal("1E+2")) is "1E+2": write amounts in plain notation
    return format(value, "f") if isinstance(value, Decimal) else value


def _float(value: Any) -> float:
    """An amount or score as a JSON / SQLite number."""
    return float(value)  # amounts have at most 6 decimals and 9 integer digits: float keeps them


#: CSV: booleans 是/否, amounts in plain notation; csv writes None as empty, dates as ISO (str).
CSV_CONVERT: Convert = {"boolean": lambda v: TRUE if v else FALSE, "number": _plain_number}
#: JSON: dates ISO, amounts as numbers.
JSON_CONVERT: Convert = {"date": date.isoformat, "number": _float}
#: SQLite: dates ISO text, amounts REAL (booleans are ints already).
SQL_CONVERT: Convert = {"date": date.isoformat, "number": _float}


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a BOM (Excel then reads it as UTF-8), CRLF line ends, a header row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows(converted(table, CSV_CONVERT))
    return buf.getvalue().encode("utf-8-sig")


def json_bytes(table: Table) -> bytes:
    """An array of objects keyed by column name, one record per line."""
    names = [c.name for c in table.columns]
    body = ",\n".join(
        json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, separators=(",", ":"))
        for row in converted(table, JSON_CONVERT)
    )
    return (f"[\n{body}\n]\n" if body else "[]\n").encode("utf-8")


# --------------------------------------------------------------------------- SQLite


def fts_table(table: Table) -> str | None:
    """Name of a table's full-text index, None when it has no searchable column."""
    return f"{table.name}_fts" if any(c.search for c in table.columns) else None


def _add_table(db: sqlite_utils.Database, table: Table) -> None:
    """One table, its rows in order (rowid 1, 2, …), and its contentless FTS5 index."""
    cols = table.columns
    db[table.name].create({c.name: _SQL_TYPES[c.type] for c in cols})
    # plain executemany: sqlite-utils' insert_all inspects every value and triples the cost
    db.conn.executemany(
        f"insert into [{table.name}] values ({', '.join('?' * len(cols))})",
        converted(table, SQL_CONVERT),
    )
    name = fts_table(table)
    if name is None:
        return
    searched = [(i, c) for i, c in enumerate(cols) if c.search]
    # contentless (content=''): the table keeps the text, the index only the pairs
    db.execute(
        f"create virtual table [{name}] using fts5("
        + ", ".join(f"[{c.name}]" for _, c in searched)
        + ", content='', tokenize='unicode61 remove_diacritics 2')"
    )
    db.conn.executemany(
        f"insert into [{name}] (rowid, {', '.join(f'[{c.name}]' for _, c in searched)}) "
        f"values ({', '.join('?' * (len(searched) + 1))})",
        (
            (rowid, *(fts.segment(row[i]) for i, _ in searched))
            for rowid, row in enumerate(table.rows, start=1)
        ),
    )
    db.execute(f"insert into [{name}] ([{name}]) values ('optimize')")


def write_database(tables: list[Table], path: Path) -> None:
    """All tables in one SQLite file, byte-reproducible: built in memory, copied by VACUUM INTO."""
    db = sqlite_utils.Database(memory=True)
    db.execute(f"pragma page_size = {PAGE_SIZE}")
    with db.conn:
        for table in tables:
            _add_table(db, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # VACUUM INTO refuses an existing file
    db.execute("vacuum into ?", [str(path)])
    db.close()


# --------------------------------------------------------------------------- descriptors


def description(column: Column) -> str:
    """A column's description, with why it is always empty when the site withholds it."""
    return column.description + (f"（始终为空：{column.withheld}）" if column.withheld else "")


def table_schema(table: Table) -> dict[str, Any]:
    """The dataset's Frictionless Table Schema: types, titles and descriptions from the models."""
    fields = []
    for c in table.columns:
        f: dict[str, Any] = {"name": c.name, "type": c.type, "title": c.title}
        f |= {"description": description(c)}
        if c.type == "boolean":
            f["trueValues"], f["falseValues"] = [TRUE], [FALSE]
        if c.enum:
            f["constraints"] = {"enum": list(c.enum)}
        fields.append(f)
    return {"fields": fields, "missingValues": [""]}


def licence(settings: dict) -> dict[str, str]:
    """The data licence (PORTAL_DATA_LICENSE): name, title, path."""
    return dict(settings.get("PORTAL_DATA_LICENSE") or {})


def datapackage(
    tables: list[Table], csv_files: dict[str, DataFile], settings: dict, as_of: date
) -> dict[str, Any]:
    """A Frictionless Data Package: one tabular resource (the CSV) per dataset."""
    resources = []
    for t in tables:
        f = csv_files[t.name]
        changed = last_changed(t)
        resources.append(
            {
                "name": t.name,
                "path": f.name,
                "profile": "tabular-data-resource",
                "title": t.dataset.title,
                "description": t.dataset.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": f.bytes,
                "hash": f"sha256:{f.sha256}",
                "schema": table_schema(t),
                **({"lastModified": changed.isoformat()} if changed else {}),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "integrity-portal",
        "title": f"{settings.get('SITENAME', '')}开放数据",
        "description": f"截至 {as_of.isoformat()} 公示中的全部数据；已撤下的记录不在其中。",
        "version": as_of.isoformat(),
        "licenses": [licence(settings)],
        "contributors": [{"title": settings.get("PORTAL_HOST", ""), "role": "publisher"}],
        "resources": resources,
    }


def datasette_metadata(tables: list[Table], settings: dict, as_of: date) -> dict[str, Any]:
    """Datasette's metadata.json: titles, descriptions, licence, column descriptions, FTS, canned queries."""
    lic = licence(settings)
    db_tables: dict[str, Any] = {}
    queries: dict[str, Any] = {}
    for t in tables:
        entry: dict[str, Any] = {
            "title": t.dataset.title,
            "description": t.dataset.description,
            "columns": {c.name: f"{c.title}：{description(c)}" for c in t.columns},
        }
        name = fts_table(t)
        if name:
            entry["fts_table"], entry["fts_pk"] = name, "rowid"
            db_tables[name] = {"hidden": True}
            queries[f"search_{t.name}"] = {
                "title": f"检索{t.dataset.title}",
                "description": "输入连续的字词（名称片段、词语或文号的一部分），按相邻两字检索。",
                "sql": fts.canned_sql(t.name, name),
            }
        db_tables[t.name] = entry
    return {
        "title": f"{settings.get('SITENAME', '')}开放数据",
        "description": f"数据截至 {as_of.isoformat()}。中文全文检索按相邻两字（二元分词）建立索引，见数据下载页说明。",
        "license": lic.get("title", lic.get("name", "")),
        "license_url": lic.get("path", ""),
        "source": settings.get("PORTAL_HOST", ""),
        "databases": {DATABASE_NAME: {"tables": db_tables, "queries": queries}},
    }


def _json(data: Any) -> bytes:
    """A descriptor as indented UTF-8 JSON."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- all files


@dataclass
class Written:
    """What one build wrote under data/: per dataset its files, and the whole-catalogue files."""

    per_table: dict[str, list[DataFile]]
    database: DataFile
    metadata: DataFile
    datapackage: DataFile


def write_all(tables: list[Table], data_dir: Path, settings: dict, as_of: date) -> Written:
    """Write every data file into ``data_dir``; datapackage.json last (it hashes the CSVs)."""
    per_table: dict[str, list[DataFile]] = {}
    csv_files = {}
    for t in tables:
        c = _write(data_dir / f"{t.name}.csv", csv_bytes(t), "CSV", "text/csv")
        j = _write(data_dir / f"{t.name}.json", json_bytes(t), "JSON", "application/json")
        s = _write(
            data_dir / SCHEMA_DIR / f"{t.name}.json",
            _json(table_schema(t)),
            "Table Schema",
            "application/schema+json",
        )
        csv_files[t.name] = c
        per_table[t.name] = [c, j, s]
    db_path = data_dir / DATABASE
    write_database(tables, db_path)
    db_bytes = db_path.read_bytes()
    database = DataFile(
        DATABASE,
        "SQLite",
        "application/vnd.sqlite3",
        len(db_bytes),
        hashlib.sha256(db_bytes).hexdigest(),
    )
    metadata = _write(
        data_dir / METADATA,
        _json(datasette_metadata(tables, settings, as_of)),
        "Datasette metadata",
        "application/json",
    )
    package = _write(
        data_dir / DATAPACKAGE,
        _json(datapackage(tables, csv_files, settings, as_of)),
        "Data Package",
        "application/json",
    )
    return Written(per_table, database, metadata, package)
