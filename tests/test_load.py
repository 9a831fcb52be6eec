"""Loaders: what departments really export goes in, and every defect comes out as path:line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from generator.core.load import load_content
from generator.publish.pipeline import check
from tests.contentkit import (
    COMPANY,
    PENALTY_HEADER,
    PERSON_ID,
    make_tree,
    penalties_csv,
    penalty_row,
)


def _problems(content) -> list[str]:
    return [str(p) for p in check(content).problems]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_load(tmp_path, encoding):
    content = make_tree(
        tmp_path, {"data/penalties/a.csv": penalties_csv(penalty_row(), encoding=encoding)}
    )
    loaded = load_content(content)
    assert loaded.problems == []
    [p] = loaded.records("penalties")
    assert p.subject_name == "示例区甲商贸有限公司"
    assert p.fine == Decimal("1")
    assert p.decided_on == date(2025, 9, 29)


def test_pinyin_headers_are_aliases(tmp_path):
    header = "cf_xdr_mc,cf_xdr_lb,CF_XDR_SHXYM,cf_wsh,cf_sy,cf_cflb,cf_nr,cf_jdrq,cf_cfjg"
    row = f"示例区乙公司,法人及非法人组织,{COMPANY},示市监罚〔2024〕9号,无照经营,罚款,罚款,2024-03-01,示例区市场监督管理局"
    content = make_tree(tmp_path, {"data/penalties/py.csv": penalties_csv(row, header=header)})
    loaded = load_content(content)
    assert loaded.problems == []
    assert loaded.records("penalties")[0].decision_no == "示市监罚〔2024〕9号"


@pytest.mark.parametrize("text", ["2025/03/01", "2025-03-01", "2025年03月01日", "2025年3月1日"])
def test_date_forms(tmp_path, text):
    content = make_tree(
        tmp_path, {"data/penalties/a.csv": penalties_csv(penalty_row(decided=text, published=""))}
    )
    assert load_content(content).records("penalties")[0].decided_on == date(2025, 3, 1)


def test_license_long_term_and_state(tmp_path):
    header = "行政相对人名称,行政相对人类别,统一社会信用代码,行政许可决定文书名称,行政许可决定文书号,许可类别,许可内容,许可决定日期,有效期自,有效期至,许可机关,当前状态"
    row = f"示例区丙公司,法人及非法人组织,{COMPANY},食品经营许可决定书,示市监许〔2024〕1号,普通,食品经营,2024/05/06,2024/05/06,2099/12/31,示例区市场监督管理局,有效"
    content = make_tree(tmp_path, {"data/licenses/l.csv": penalties_csv(row, header=header)})
    loaded = load_content(content)
    assert loaded.problems == []
    assert loaded.records("licenses")[0].long_term


def test_resident_id_is_validated_then_masked(tmp_path):
    row = penalty_row(name="张三", kind="自然人", uscc_code="", id_type="身份证", id_no=PERSON_ID)
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(row)})
    [p] = load_content(content).records("penalties")
    assert p.subject_id == PERSON_ID[:6] + "*" * 12
    assert PERSON_ID not in repr(p.model_dump())


def test_already_masked_id_is_accepted(tmp_path):
    row = penalty_row(
        name="李四", kind="自然人", uscc_code="", id_type="身份证", id_no="370103************"
    )
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(row)})
    assert load_content(content).records("penalties")[0].subject_id == "370103************"


def test_every_broken_row_reported_once_with_its_line(tmp_path):
    rows = [
        penalty_row(no="文号1"),  # line 2: fine
        penalty_row(no="文号2", decided="2025/02/30"),  # line 3: impossible date
        penalty_row(no="文号3", uscc_code="9.13701E+17"),  # line 4: Excel-mangled code
        penalty_row(
            no="文号4", uscc_code=COMPANY[:-1] + ("0" if COMPANY[-1] != "0" else "1")
        ),  # line 5
        penalty_row(
            no="文号5",
            kind="自然人",
            id_type="身份证",
            id_no=PERSON_ID[:-1] + "0" if PERSON_ID[-1] != "0" else PERSON_ID[:-1] + "1",
        ),
        penalty_row(no="文号1"),  # line 7: duplicate 文号
        penalty_row(no="文号7", authority="示例区不存在局"),  # line 8: unknown authority
        penalty_row(
            no="文号8", decided="2025/10/20", published="2025/10/01"
        ),  # line 9: published before decided
        penalty_row(no="文号9", kind="外星人"),  # line 10: bad category
        penalty_row(no="文号10", fine="一万"),  # line 11: bad amount
    ]
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(*rows)})
    problems = _problems(content)
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10, 11], problems
    assert "data/penalties/a.csv:3: 处罚决定日期: 「2025/02/30」是不存在的日期" in "\n".join(
        problems
    )
    assert "科学计数法" in problems[1]
    assert "校验位错误" in problems[2] and problems[2].split(": ")[1] == "统一社会信用代码"
    assert problems[3].split(": ")[1] == "证件号码" and PERSON_ID[:17] not in problems[3]
    assert "与 content/data/penalties/a.csv:2" in problems[4] or "a.csv:2 重复" in problems[4]
    assert "不在部门名录" in problems[5]
    assert problems[6].split(": ")[1] == "公示日期" and "早于处罚决定日期" in problems[6]
    assert problems[7].split(": ")[1] == "行政相对人类别"
    assert problems[8].split(": ")[1] == "罚款金额（万元）"


def test_unknown_and_missing_columns(tmp_path):
    header = PENALTY_HEADER.replace("处罚机关", "处罚单位") + ",奇怪的列"
    content = make_tree(
        tmp_path, {"data/penalties/a.csv": penalties_csv(penalty_row() + ",x", header=header)}
    )
    problems = _problems(content)
    assert any(
        p.endswith(":1: 处罚单位: 未知列；国家标准字段见 docs/data-format.md") for p in problems
    )
    assert any(":1: 奇怪的列: 未知列" in p for p in problems)
    assert any(":1: 处罚机关: 缺少必填列" in p for p in problems)


def test_undecodable_bytes_named_with_line(tmp_path):
    data = penalties_csv(penalty_row(), penalty_row(no="x")) + b"\xff\xfe\xfd broken\n"
    content = make_tree(tmp_path, {"data/penalties/a.csv": data})
    problems = _problems(content)
    assert len(problems) == 1 and ":4: 编码:" in problems[0], problems


def test_wrong_cell_count(tmp_path):
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(penalty_row(), "a,b,c")})
    assert _problems(content) == ["content/data/penalties/a.csv:3: -: 有 3 列，表头有 15 列"]


def test_yaml_problems_point_at_the_field_line(tmp_path):
    promises = """\
- id: p1
  title: 兑现产业扶持资金
  department: market
  category: 招商引资政策
  made_on: 2024/01/10
  summary: 示例
  source: {title: 协议}
  history:
    - on: 2024/02/30
      rating: 推进中
      note: 已拨付首期
      evidence: [{title: 拨付凭证}]
- id: p2
  title: x
  department: nowhere
  category: 招商引资政策
  made_on: 2024/01/10
  summary: 示例
  source: {title: 协议}
  surprise: 1
  history:
    - on: 2024/03/01
      rating: 推进中
      note: n
      evidence: [{title: e}]
"""
    content = make_tree(tmp_path, {"data/promises.yaml": promises})
    problems = _problems(content)
    assert "content/data/promises.yaml:9: history.0.on: 「2024/02/30」是不存在的日期" in problems
    assert "content/data/promises.yaml:20: surprise: 未知字段" in problems


def test_yaml_syntax_error_is_one_problem(tmp_path):
    content = make_tree(tmp_path, {"data/cases.yaml": "- id: a\n  title: [unclosed\n"})
    problems = _problems(content)
    assert len(problems) == 1 and problems[0].startswith("content/data/cases.yaml:")


def test_missing_departments_file(tmp_path):
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv()}, departments=False)
    assert any("departments.yaml:1: -: 缺少部门名录文件" in p for p in _problems(content))


def test_authority_resolves_by_alias_and_code_mismatch(tmp_path):
    header = PENALTY_HEADER + ",处罚机关统一社会信用代码"
    from tests.contentkit import ENV, MARKET

    ok = penalty_row(no="a", authority="示例区市场监管局") + f",{MARKET}"
    bad = penalty_row(no="b") + f",{ENV}"
    content = make_tree(tmp_path, {"data/penalties/a.csv": penalties_csv(ok, bad, header=header)})
    problems = _problems(content)
    assert len(problems) == 1 and ":3: 处罚机关统一社会信用代码:" in problems[0]


def test_a_large_tree_loaded_by_worker_processes_is_the_same(tmp_path, monkeypatch):
    """Above PARALLEL_BYTES the files are loaded by two workers: the same records in the same
    order, the same problems in the same order, as one process loads them."""
    from generator.core import load

    rows = [penalty_row(no=f"示市监罚〔2025〕{i}号") for i in range(1, 30)]
    broken = penalty_row(no="示市监罚〔2025〕99号", decided="2025/13/01")
    content = make_tree(
        tmp_path,
        {
            "data/penalties/a.csv": penalties_csv(*rows[:10], broken),
            "data/penalties/b.csv": penalties_csv(*rows[10:]),
            "data/penalties/c.csv": penalties_csv(penalty_row(no="示市监罚〔2025〕1号")),
        },
    )

    def snapshot() -> tuple:
        c = load_content(content)
        records = {n: [(x.path, x.line, x.record.model_dump()) for x in v] for n, v in c.datasets.items()}
        return records, [str(p) for p in c.problems]

    one = snapshot()
    monkeypatch.setattr(load, "PARALLEL_BYTES", 0)
    calls = []
    real = load.ProcessPoolExecutor

    def counting(*args, **kwargs):
        calls.append(kwargs.get("max_workers"))
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "ProcessPoolExecutor", counting)
    assert snapshot() == one and calls == [load.LOAD_PROCESSES]
    assert any("2025/13/01" in p or "日期" in p for p in one[1])
