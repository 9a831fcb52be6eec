"""Load the content tree: CSV exports and hand-kept YAML, each record with its file and line.

Loaders never raise on bad content: they return what validated and a Problem for
everything else, so one run reports every defect (``portal validate``).
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import models as m
from .fields import CNDate
from .kinds import RECORD_KINDS
from .problems import Problem, from_validation_error, split_field
from .rules import Rules

# --------------------------------------------------------------------------- registry

#: CSV datasets: folder under content/data → (model, pinyin prefix of the national codes).
CSV_DATASETS: dict[str, tuple[type[BaseModel], str]] = {
    k.dataset: (k.model, k.code_prefix) for k in RECORD_KINDS.values()
}

#: YAML list datasets: file stem under content/data (``name.yaml`` or ``name/*.yaml``), model.
YAML_DATASETS: dict[str, type[BaseModel]] = {
    "departments": m.Department,
    "promises": m.Promise,
    "cases": m.Case,
    "civil_servant_records": m.CivilServantRecord,
    "archive": m.ArchiveEntry,
    "debtor_listings": m.DebtorListing,
    "hotline": m.HotlineFigures,
    "proposals": m.ProposalFigures,
    "proposal_items": m.ProposalItem,
    "objections": m.Objection,
    "third_party": m.ThirdPartyResult,
}


@dataclass
class Located:
    """A validated record and where it came from."""

    record: Any
    path: str
    line: int
    #: line of each field (YAML files), for reports about one field
    lines: dict[str, int] = field(default_factory=dict)
    #: header of each field as the file spells it (CSV files)
    labels: dict[str, str] = field(default_factory=dict)

    def problem(self, field_name: str, message: str) -> Problem:
        """A Problem about one field of this record, at that field's line and label."""
        label = self.labels.get(field_name, field_name)
        return Problem(self.path, self.lines.get(field_name, self.line), label, message)


@dataclass
class Content:
    """Everything under content/data, validated record by record."""

    root: Path
    datasets: dict[str, list[Located]] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)
    calendar: dict[int, dict[str, list]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def records(self, name: str) -> list[Any]:
        """The validated records of one dataset, in file order."""
        return [loc.record for loc in self.datasets.get(name, [])]


# --------------------------------------------------------------------------- YAML


#: Nesting deeper than this is refused: hand-kept records are a few levels deep, and an
#: unbounded depth would exhaust the parser's recursion.
MAX_YAML_DEPTH = 20


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that remembers the line of every mapping and key.

    It bounds its work: aliases (``*name``) are refused, since nested aliases expand
    exponentially (a 9 × 9 "billion laughs" file), nesting is capped at MAX_YAML_DEPTH,
    and a key given twice in one mapping is an error instead of the last one silently winning.
    """

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "不支持 YAML 别名（*名称）：请把内容直接写出", mark
            )
        if self._depth >= MAX_YAML_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, f"嵌套超过 {MAX_YAML_DEPTH} 层", mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    lines: dict[str, int] = {}
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in lines:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"键「{key.value}」重复（第 {lines[key.value]} 行已有）：后一个会覆盖前一个",
                    key.start_mark,
                )
            lines[key.value] = key.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


class _Items(list):
    """A YAML sequence that remembers the line of each item (a scalar has no ``__line__``)."""

    lines: list[int]


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list:
    items = _Items(loader.construct_sequence(node, deep=True))
    items.lines = [item.start_mark.line + 1 for item in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay strings so that the models parse every accepted form the same way, and only
# true/false are booleans: YAML 1.1 would read a key like ``on:`` or a value ``no`` as one.
_BOOL = "tag:yaml.org,2002:bool"
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", _BOOL)]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _FastLineLoader(yaml.CSafeLoader):
    """``_LineLoader`` with libyaml's C parser: the same constructors, resolvers and lines.

    Pure-Python PyYAML read a 200,000-record district's promises and cases (5 MB) in about
    30 s (bench/RESULTS.md). libyaml composes nodes in C, where ``_LineLoader.compose_node``
    cannot refuse aliases or deep nesting, so ``_fast_load`` checks the events first; any
    doubt (an alias, deep nesting, any error) goes to ``_LineLoader``, whose message is the one
    reported.
    """


_FastLineLoader.yaml_constructors = dict(_LineLoader.yaml_constructors)
_FastLineLoader.yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers


def _fast_load(text: str) -> Any:
    """Load with libyaml after checking its events for aliases and nesting; None when in doubt."""
    if not yaml.__with_libyaml__:
        return None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return [yaml.load(text, Loader=_FastLineLoader)]  # noqa: S506 - CSafeLoader subclass
    except (yaml.YAMLError, ValueError):
        return None


def _load(text: str) -> Any:
    """Parse YAML text as ``_LineLoader`` does, with libyaml when it can be trusted to."""
    fast = _fast_load(text)
    return fast[0] if fast is not None else yaml.load(text, Loader=_LineLoader)  # noqa: S506


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in ("__line__", "__lines__")}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


#: Line breaks as YAML counts them.
_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def read_yaml(path: Path, rel: str) -> tuple[Any, list[Problem]]:
    """Parse a YAML file with line information; a syntax error is one Problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        return None, [Problem(rel, line, "编码", "YAML 文件必须是 UTF-8 编码")]
    try:
        return _load(text), []
    except yaml.reader.ReaderError as e:
        # A character YAML refuses outright (NUL, other controls): its line, not PyYAML's two-line text.
        line = len(_YAML_BREAK.findall(text, 0, e.position)) + 1
        char = e.character if isinstance(e.character, int) else ord(e.character)
        return None, [Problem(rel, line, "YAML", f"含 YAML 不允许的字符 U+{char:04X}，请删除")]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return None, [Problem(rel, line, "YAML", str(getattr(e, "problem", e)))]


def _field_line(item: dict, loc_field: str) -> int:
    """Line of a (possibly dotted) field inside a YAML mapping, falling back to the mapping."""
    node: Any = item
    line = item.get("__line__", 1)
    for part in loc_field.split("."):
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(part, node.get("__line__", line))
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            if isinstance(node, dict):
                line = node.get("__line__", line)
        else:
            break
    return line


#: Control characters (NUL, escape …) have no place in published text; tab and newlines do.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """The first control character in ``text`` as ``U+0000``, or None."""
    m = _CONTROL.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def _control_characters(item: Any, path: str = "") -> list[tuple[str, str]]:
    """(dotted field, U+XXXX) of every string inside a YAML value holding a control character."""
    if isinstance(item, str):
        found = control_character(item)
        return [(path or "-", found)] if found else []
    if isinstance(item, dict):
        return [
            hit
            for k, v in item.items()
            if k not in ("__line__", "__lines__")
            for hit in _control_characters(v, f"{path}.{k}" if path else str(k))
        ]
    if isinstance(item, list):
        return [hit for n, v in enumerate(item) for hit in _control_characters(v, f"{path}.{n}")]
    return []


def validate_mapping(
    model: type[BaseModel], item: Any, rel: str, line: int
) -> tuple[Any, list[Problem]]:
    """Validate one YAML mapping against a model; problems carry the field's own line."""
    if not isinstance(item, dict):
        return None, [Problem(rel, line, "-", f"应为键值映射，实际是 {type(item).__name__}")]
    controls = _control_characters(item)
    if controls:
        return None, [
            Problem(rel, _field_line(item, fld), fld, f"含控制字符 {code}，请删除")
            for fld, code in controls
        ]
    try:
        return model.model_validate(_strip_lines(item)), []
    except ValidationError as exc:
        out = []
        for fld, msg in from_validation_error(exc):
            out.append(Problem(rel, _field_line(item, fld), fld, msg))
        return None, out


def load_yaml_list(
    path: Path, rel: str, model: type[BaseModel]
) -> tuple[list[Located], list[Problem]]:
    """Load a YAML file holding a list of records of one model."""
    data, problems = read_yaml(path, rel)
    if data is None:
        return [], problems or [Problem(rel, 1, "-", "文件为空")]
    if not isinstance(data, list):
        return [], [Problem(rel, 1, "-", "应为记录列表（每条以 - 开头）")]
    located: list[Located] = []
    lines = getattr(data, "lines", [1] * len(data))
    for item, item_line in zip(data, lines, strict=True):
        line = item.get("__line__", item_line) if isinstance(item, dict) else item_line
        record, errs = validate_mapping(model, item, rel, line)
        problems.extend(errs)
        if record is not None:
            located.append(Located(record, rel, line, lines=dict(item.get("__lines__", {}))))
    return located, problems


# --------------------------------------------------------------------------- CSV


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Decode strictly as UTF-8 (with or without BOM), then GB18030; else say where it fails."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("gb18030"), []
        except UnicodeDecodeError:
            start = utf8_error.start + (
                3 if raw.startswith(b"\xef\xbb\xbf") else 0
            )  # utf-8-sig offsets skip the BOM
            line = raw[:start].count(b"\n") + 1
            return None, [
                Problem(
                    rel,
                    line,
                    "编码",
                    f"第 {start} 字节起无法按 UTF-8 或 GB18030 解码；请另存为 UTF-8 CSV",
                )
            ]


_SPACE_RE = re.compile(r"\s+")


def _normalise_header(text: str) -> str:
    return _SPACE_RE.sub("", text).replace("(", "（").replace(")", "）").lower()


def pinyin_code(model: type[BaseModel], name: str, prefix: str) -> str | None:
    """A field's national pinyin code with its dataset prefix (``cf_xdr_mc``); 备注 is plain ``bz``."""
    code = (model.model_fields[name].json_schema_extra or {}).get("code")
    if not code or code == "bz" or code.startswith(prefix):
        return code
    return prefix + code


def header_aliases(model: type[BaseModel], prefix: str) -> dict[str, str]:
    """Map every accepted header (Chinese, pinyin code with or without prefix) to a field name."""
    aliases: dict[str, str] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra or {}
        if extra.get("header"):
            aliases[_normalise_header(extra["header"])] = name
        if extra.get("code"):
            aliases[extra["code"].lower()] = name
            aliases[pinyin_code(model, name, prefix).lower()] = name
        aliases[name] = name
    return aliases


def display_header(model: type[BaseModel], name: str) -> str:
    """The national Chinese header of a field (for reports about absent columns)."""
    extra = model.model_fields[name].json_schema_extra or {}
    return extra.get("header") or name


def load_csv(
    path: Path, rel: str, model: type[BaseModel], prefix: str
) -> tuple[list[Located], list[Problem]]:
    """Load one 双公示-style CSV export; one Problem per bad cell, bad row or bad header."""
    text, problems = decode(path.read_bytes(), rel)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(rel, 1, "-", "文件为空")]
    except csv.Error as e:
        return [], [Problem(rel, 1, "-", f"CSV 格式错误：{e}")]
    aliases = header_aliases(model, prefix)
    columns: list[str | None] = []
    labels: dict[str, str] = {}
    for raw_name in header:
        name = aliases.get(_normalise_header(raw_name)) or aliases.get(raw_name.strip().lower())
        if not raw_name.strip():
            columns.append(None)
            problems.append(Problem(rel, 1, "-", "表头有空列名"))
        elif name is None:
            columns.append(None)
            problems.append(
                Problem(rel, 1, raw_name.strip(), "未知列；国家标准字段见 docs/data-format.md")
            )
        elif name in labels:
            columns.append(None)
            problems.append(
                Problem(rel, 1, raw_name.strip(), f"与「{labels[name]}」是同一字段，重复")
            )
        else:
            columns.append(name)
            labels[name] = raw_name.strip()
    missing = [
        n for n, info in model.model_fields.items() if info.is_required() and n not in labels
    ]
    for name in missing:
        problems.append(Problem(rel, 1, display_header(model, name), "缺少必填列"))
    if missing:
        return [], problems  # every row would fail the same way: report the header once

    located: list[Located] = []
    for start, row in _rows(reader, rel, problems):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            problems.append(
                Problem(rel, start, "-", f"有 {len(row)} 列，表头有 {len(columns)} 列")
            )
            continue
        values = {c: v.strip() for c, v in zip(columns, row, strict=True) if c and v.strip()}
        controls = [(c, code) for c, v in values.items() if (code := control_character(v))]
        if controls:
            problems += [
                Problem(rel, start, labels[c], f"含控制字符 {code}，请删除") for c, code in controls
            ]
            continue
        record, errs = _validate_row(model, values, rel, start, labels)
        problems.extend(errs)
        if record is not None:
            located.append(Located(record, rel, start, labels=labels))
    return located, problems


def _rows(reader: Any, rel: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each data row. A row the CSV parser refuses is a problem at its
    line, and reading goes on: the parser starts afresh on the next line."""
    line = 2
    while True:
        start = line
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            problems.append(Problem(rel, start, "-", _csv_error(e)))
            line = reader.line_num + 1
            continue
        line = reader.line_num + 1
        yield start, row


def _csv_error(error: csv.Error) -> str:
    """A CSV parser error in words a clerk can act on."""
    if "field larger than field limit" in str(error):
        return f"单元格超过 {csv.field_size_limit()} 个字符，请检查引号是否成对、内容是否完整"
    return f"CSV 格式错误：{error}"


def _validate_row(
    model: type[BaseModel], values: dict, rel: str, line: int, labels: dict[str, str]
):
    try:
        return model.model_validate(values), []
    except ValidationError as exc:
        out = []
        for fld, msg in from_validation_error(exc):
            name, msg = split_field(msg, fld) if fld == "-" else (fld, msg)
            label = labels.get(name) or (
                display_header(model, name) if name in model.model_fields else name
            )
            out.append(Problem(rel, line, label, msg))
        return None, out


# --------------------------------------------------------------------------- tree


def _yaml_files(data_dir: Path, stem: str) -> list[Path]:
    files = [data_dir / f"{stem}.yaml"] if (data_dir / f"{stem}.yaml").is_file() else []
    if (data_dir / stem).is_dir():
        files += sorted((data_dir / stem).glob("*.yaml"))
    return files


#: Above this many bytes of CSV and YAML, the files are read and validated by two worker
#: processes (a district's 200,000 records take half a minute on one core); smaller trees, the
#: sample's and the tests', stay in this process, where forking would cost more than it saves.
PARALLEL_BYTES = 16 * 1024 * 1024
#: Worker processes for a large tree (the portal's machines have two cores).
LOAD_PROCESSES = 2


@dataclass(frozen=True)
class _Job:
    """One data file to load: ``csv`` or ``yaml``, its dataset, path and reported path."""

    kind: str
    dataset: str
    path: Path
    rel: str


def _load_file(job: _Job) -> tuple[list[Located], list[Problem]]:
    """Load and validate one file (in this process or a worker)."""
    if job.kind == "csv":
        model, prefix = CSV_DATASETS[job.dataset]
        return load_csv(job.path, job.rel, model, prefix)
    return load_yaml_list(job.path, job.rel, YAML_DATASETS[job.dataset])


def _load_files(jobs: list[_Job]) -> list[tuple[list[Located], list[Problem]]]:
    """Every job's result, in the jobs' order; large trees in worker processes, largest file
    first (so that one big YAML file does not finish alone at the end)."""
    sizes = [job.path.stat().st_size for job in jobs]
    if (
        sum(sizes) < PARALLEL_BYTES
        or len(jobs) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [_load_file(job) for job in jobs]
    order = sorted(range(len(jobs)), key=lambda i: -sizes[i])
    context = multiprocessing.get_context("fork")  # the workers inherit the loaded modules
    with ProcessPoolExecutor(max_workers=LOAD_PROCESSES, mp_context=context) as pool:
        done = dict(zip(order, pool.map(_load_file, [jobs[i] for i in order]), strict=True))
    return [done[i] for i in range(len(jobs))]


def load_content(root: Path) -> Content:
    """Load and validate record by record everything under ``root/data``."""
    root = Path(root)
    data_dir = root / "data"
    content = Content(root=root)
    rel = lambda p: str(p.relative_to(root.parent)) if root.parent in p.parents else str(p)  # noqa: E731

    if not (data_dir / "departments.yaml").is_file():
        content.problems.append(
            Problem(rel(data_dir / "departments.yaml"), 1, "-", "缺少部门名录文件")
        )

    jobs = [
        _Job("csv", name, path, rel(path))
        for name in CSV_DATASETS
        for path in (sorted((data_dir / name).glob("*.csv")) if (data_dir / name).is_dir() else [])
    ] + [_Job("yaml", name, path, rel(path)) for name in YAML_DATASETS for path in _yaml_files(data_dir, name)]
    for name in (*CSV_DATASETS, *YAML_DATASETS):
        content.datasets[name] = []
    for job, (located, problems) in zip(jobs, _load_files(jobs), strict=True):
        content.datasets[job.dataset].extend(located)
        content.problems.extend(problems)

    rules_path = data_dir / "rules.yaml"
    if rules_path.is_file():
        data, problems = read_yaml(rules_path, rel(rules_path))
        content.problems.extend(problems)
        if data is not None:
            rules, problems = validate_mapping(Rules, data, rel(rules_path), 1)
            content.problems.extend(problems)
            content.rules = rules or content.rules

    cal_path = data_dir / "calendar.yaml"
    if cal_path.is_file():
        content.calendar, problems = _load_calendar(cal_path, rel(cal_path))
        content.problems.extend(problems)
    return content


class CalendarYear(m.Model):
    """One year's arrangement of statutory holidays, as the State Council announces it."""

    holidays: list[CNDate] = []
    """Days off that would otherwise be working days (法定节假日)."""
    workdays: list[CNDate] = []
    """Make-up working days (调休上班), usually weekends."""


def _load_calendar(path: Path, rel: str) -> tuple[dict, list[Problem]]:
    """The local working-day calendar ``{year: CalendarYear}``, each day checked to lie in its year."""
    data, problems = read_yaml(path, rel)
    if data is None:
        return {}, problems
    if not isinstance(data, dict):
        return {}, [Problem(rel, 1, "-", "应为 年份: {holidays: [...], workdays: [...]} 的映射")]
    out: dict[int, dict[str, list]] = {}
    for year in _strip_lines(data):
        line = data.get("__lines__", {}).get(str(year), 1)
        if not isinstance(year, int):
            problems.append(Problem(rel, line, str(year), "应为年份，如 2027"))
            continue
        entry, errs = validate_mapping(CalendarYear, data[year], rel, line)
        problems += [Problem(p.path, p.line, f"{year}.{p.field}", p.message) for p in errs]
        if entry is None:
            continue
        out[year] = {"holidays": entry.holidays, "workdays": entry.workdays}
        for key in ("holidays", "workdays"):
            for n, day in enumerate(getattr(entry, key)):
                if day.year != year:
                    where = _field_line(data[year], f"{key}.{n}")
                    problems.append(
                        Problem(rel, where, f"{year}.{key}", f"「{day:%Y/%m/%d}」不属于 {year} 年")
                    )
    return out, problems
