"""Fuzzing the loaders with hypothesis: CSV and YAML as departments and clerks might send them, and worse.

The promise of ``portal validate`` (generator/core/load.py), checked on random input:

* never an exception;
* every problem is one line, ``path:line: field: message``, its line within the file;
* never a record lost without a report: every non-empty data row (CSV) or list item (YAML)
  is either loaded, at its own line, or named by a problem at that line, unless the whole
  file is refused by a problem that says so (no required column, not decodable, empty).

Deterministic (``derandomize=True``, no example database) and bounded for CI (EXAMPLES below);
the whole-tree fuzzer runs ``check()`` on a content tree per example and is marked slow.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core import models as m
from generator.core.load import CSV_DATASETS, header_aliases, load_csv, load_yaml_list, read_yaml
from generator.core.problems import Problem
from generator.publish.pipeline import check
from tests.contentkit import DEPARTMENTS, PENALTY_HEADER, make_tree, penalty_row

#: Examples per fuzzer (the whole-tree one runs 2/5 of these). To explore beyond CI's fixed set:
#: PORTAL_FUZZ_EXAMPLES=5000 PORTAL_FUZZ_RANDOM=1 .venv/bin/python -m pytest tests/test_fuzz_loaders.py
EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    derandomize=not os.environ.get("PORTAL_FUZZ_RANDOM"),
    database=None,
    deadline=None,  # a build machine under load must not turn a slow example into a failure
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
PENALTY, PREFIX = CSV_DATASETS["penalties"]
REL = "content/data/penalties/fuzz.csv"
#: Every way a line ends, as the YAML reader counts them; the CSV reader counts the first three.
LINE_BREAKS = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
CSV_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
#: Messages that refuse a whole file: its rows need no report of their own.
WHOLE_FILE = ("缺少必填列", "文件为空", "应为记录列表（每条以 - 开头）")


def line_count(raw: bytes) -> int:
    """Lines in a file however it is read: bytes, UTF-8 or GB18030 text, every kind of line break."""
    counts = [raw.count(b"\n") + 1]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            counts.append(len(LINE_BREAKS.findall(raw.decode(encoding))) + 1)
        except UnicodeDecodeError:
            pass
    return max(counts)


def assert_reports(problems: list[Problem], rel: str, raw: bytes) -> None:
    """Each problem is one well-formed line about ``rel`` at a line inside the file."""
    last = line_count(raw)
    for p in problems:
        text = str(p)
        assert "\n" not in text and "\r" not in text, repr(text)
        assert text.startswith(f"{rel}:{p.line}: ") and p.field and p.message, repr(text)
        assert 1 <= p.line <= last, (p, last)


def refused_whole(problems: list[Problem]) -> bool:
    return any(p.message in WHOLE_FILE or p.field == "编码" or p.field == "YAML" for p in problems)


# --------------------------------------------------------------------------- CSV

#: Cells: valid values, Chinese and Latin text, separators, quotes, line breaks, numbers as Excel writes them.
CELL = st.one_of(
    st.sampled_from(["", " ", "示例区甲商贸有限公司", "法人及非法人组织", "自然人", "罚款", "2025/09/29",
                     "2025-13-45", "1", "1e400", "NaN", "9.13701E+17", "示例区市场监督管理局", "身份证",
                     '含"引号"', "逗号,分隔", "换行\n第二行", "回车\r\n第二行", "\x00", "\ufeff", "　"]),  # fmt: skip
    st.text(max_size=30),
    st.text(alphabet="0123456789Xx-/ ", max_size=20),
)
KNOWN_HEADERS = sorted({*PENALTY_HEADER.split(","), *header_aliases(PENALTY, PREFIX)})
HEADER = st.one_of(st.sampled_from(KNOWN_HEADERS), st.text(max_size=12))


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, list[int]]:
    """(bytes of a CSV file, start line of each non-empty data row)."""
    if draw(st.booleans()):
        header = PENALTY_HEADER.split(",")
        header = draw(st.permutations(header)) if draw(st.booleans()) else header
    else:
        header = draw(st.lists(HEADER, max_size=18))
    width = len(header)
    rows = draw(
        st.lists(
            st.one_of(
                st.just(penalty_row(no=f"示市监罚〔2025〕{draw(st.integers(1, 999))}号").split(",")),
                st.lists(CELL, min_size=width, max_size=width),
                st.lists(CELL, max_size=width + 3),  # ragged rows
            ),
            max_size=12,
        )
    )
    terminator = draw(st.sampled_from(["\r\n", "\n"]))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=terminator)
    writer.writerow(header)
    starts = []
    for row in rows:
        if terminator == "\n":
            row = [c.replace("\r", "") for c in row]  # a bare CR would end the line
        start = len(CSV_LINE_BREAKS.findall(out.getvalue())) + 1
        writer.writerow(row)
        if any(c.strip() for c in row):
            starts.append(start)
    if draw(st.booleans()):
        out.write(draw(st.sampled_from(["", "\n", "\n\n", " ,\n", '"unterminated'])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return out.getvalue().encode(encoding), starts


def _load_csv(tmp_path: Path, raw: bytes):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(raw)
    return load_csv(path, REL, PENALTY, PREFIX)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_csv_random_bytes(tmp_path: Path, raw: bytes) -> None:
    located, problems = _load_csv(tmp_path, raw)
    assert_reports(problems, REL, raw)
    assert all(1 < loc.line <= line_count(raw) for loc in located)


@FUZZ
@given(file=csv_files())
def test_csv_every_row_is_loaded_or_reported(tmp_path: Path, file: tuple[bytes, list[int]]) -> None:
    raw, starts = file
    located, problems = _load_csv(tmp_path, raw)
    assert_reports(problems, REL, raw)
    if refused_whole(problems):
        assert not located
        return
    loaded = {loc.line for loc in located}
    reported = {p.line for p in problems}
    lost = [line for line in starts if line not in loaded and line not in reported]
    assert not lost, (lost, [str(p) for p in problems])
    assert not loaded & {p.line for p in problems if p.line > 1}, "a loaded row also has a problem"


@settings(FUZZ, max_examples=12)
@given(
    size=st.sampled_from([1_000, 130_000, 140_000, 2_000_000]),
    column=st.sampled_from(["违法事实", "处罚决定日期", "罚款金额（万元）", "行政处罚决定书文号"]),
    quote=st.booleans(),
)
def test_csv_enormous_cells(tmp_path: Path, size: int, column: str, quote: bool) -> None:
    """A huge cell: its row is loaded or reported at its line, in a short report; the next row loads."""
    cells = penalty_row(no="示市监罚〔2025〕1号").split(",")
    cells[PENALTY_HEADER.split(",").index(column)] = ('"' + "长" * size + "\n" + "长" * 10 + '"') if quote else "9" * size
    raw = "\n".join([PENALTY_HEADER, ",".join(cells), penalty_row(no="示市监罚〔2025〕2号")]).encode("utf-8")
    located, problems = _load_csv(tmp_path, raw)
    assert_reports(problems, REL, raw)
    # past the parser's limit a quoted cell's second line is read as a row of its own: reported too
    assert {p.line for p in problems} <= {2, 3 if quote else 2} and all(len(str(p)) < 500 for p in problems)
    next_row = 4 if quote else 3
    assert [loc.line for loc in located] in ([2, next_row], [next_row]) and bool(problems) != (2 in [x.line for x in located])


@FUZZ
@given(text=st.text(max_size=400), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1", "cp1252"]))
def test_csv_any_text_in_any_encoding(tmp_path: Path, text: str, encoding: str) -> None:
    raw = codecs.encode(PENALTY_HEADER + "\n" + text, encoding, errors="replace")
    located, problems = _load_csv(tmp_path, raw)
    assert_reports(problems, REL, raw)


# --------------------------------------------------------------------------- YAML

YAML_REL = "content/data/promises.yaml"
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.sampled_from(["2025-01-01", "示例区", "market", "推进中", "&a", "*a", "<<", "!!python/object", "~", ".nan"]),
)  # fmt: skip
KEYS = st.one_of(st.sampled_from(sorted(m.Promise.model_fields) + ["__line__", "__lines__", "on", "no"]), st.text(max_size=8))
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=12,
)


@st.composite
def yaml_files(draw: st.DrawFn) -> bytes:
    """A YAML list of records in some style, sometimes cut or spliced with junk."""
    items = draw(st.lists(st.one_of(st.dictionaries(KEYS, VALUE, max_size=8), VALUE), max_size=6))
    style = draw(st.sampled_from([None, False, True]))
    text = yaml.safe_dump(items, allow_unicode=draw(st.booleans()), default_flow_style=style, sort_keys=False)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        junk = draw(st.sampled_from(["", ":", "- ", "\t", "&x ", "*x", "{", "[", '"', "\n  - ", "key: v\nkey: w\n"]))
        text = text[:cut] + junk + text[cut:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    return codecs.encode(text, encoding, errors="replace")


def _load_yaml(tmp_path: Path, raw: bytes):
    path = tmp_path / "promises.yaml"
    path.write_bytes(raw)
    return load_yaml_list(path, YAML_REL, m.Promise)


def _item_spans(raw: bytes) -> list[tuple[int, int]] | None:
    """(first, last line) of each item of a YAML list, from PyYAML's own composer (None if not a list)."""
    try:
        node = yaml.compose(raw.decode("utf-8"), Loader=yaml.SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None
    if not isinstance(node, yaml.SequenceNode):
        return None
    # an end mark at the start of a line belongs to the line before
    return [(n.start_mark.line + 1, n.end_mark.line + (n.end_mark.column > 0)) for n in node.value]


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_yaml_random_bytes(tmp_path: Path, raw: bytes) -> None:
    _located, problems = _load_yaml(tmp_path, raw)
    assert_reports(problems, YAML_REL, raw)


@pytest.mark.slow  # over 2 s of generated files
@FUZZ
@given(raw=yaml_files())
def test_yaml_every_item_is_loaded_or_reported(tmp_path: Path, raw: bytes) -> None:
    located, problems = _load_yaml(tmp_path, raw)
    assert_reports(problems, YAML_REL, raw)
    spans = _item_spans(raw)
    if spans is None or refused_whole(problems):
        return
    loaded = {loc.line for loc in located}
    # a problem about a field names its item: its line is one of the item's lines
    lost = [
        (first, last) for first, last in spans
        if first not in loaded and not any(first <= p.line <= max(first, last) for p in problems)
    ]  # fmt: skip
    assert not lost, (lost, raw.decode("utf-8", "replace"), [str(p) for p in problems])


@FUZZ
@given(text=st.text(max_size=300))
def test_read_yaml_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.yaml"
    path.write_text(text, encoding="utf-8")
    _data, problems = read_yaml(path, "content/data/any.yaml")
    assert_reports(problems, "content/data/any.yaml", text.encode("utf-8"))


# --------------------------------------------------------------------------- a whole content tree

TREE_FILES = [
    "data/departments.yaml", "data/promises.yaml", "data/cases.yaml", "data/objections.yaml",
    "data/archive.yaml", "data/rules.yaml", "data/calendar.yaml", "data/evaluation.yaml",
    "data/penalties/a.csv", "data/licenses/b.csv", "data/other-acts/c.csv", "data/hotline.yaml",
    "updates/2025-01-01-a.md", "pages/about.md",
]  # fmt: skip
CONTENT = st.one_of(
    st.binary(max_size=600),
    yaml_files(),
    csv_files().map(lambda f: f[0]),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.sampled_from([DEPARTMENTS.encode(), b"- id: x\n  department: market\n", b"2026:\n  holidays: [2026-13-01]\n",
                     b"Title: t\nDate: x\nSlug: ../y\n\nbody\n", b"[]", b"{}", b"~"]),  # fmt: skip
)


@pytest.mark.slow
@settings(FUZZ, max_examples=max(1, EXAMPLES * 2 // 5))
@given(files=st.dictionaries(st.sampled_from(TREE_FILES), CONTENT, min_size=1, max_size=6))
def test_check_on_a_random_tree(tmp_path_factory: pytest.TempPathFactory, files: dict[str, bytes]) -> None:
    """``portal validate`` on a whole random tree: one report per problem, never an exception."""
    content = make_tree(tmp_path_factory.mktemp("tree"), files, departments="data/departments.yaml" not in files)
    problems = check(content).problems
    for p in problems:
        path = content.parent / p.path
        assert path.is_file(), p
        assert_reports([p], p.path, path.read_bytes())
