"""Hostile and careless input stops at the loader: one ``path:line: field: message`` each, never a traceback."""

from __future__ import annotations

import time

import pytest

from generator.core.privacy import personal_numbers
from generator.publish.pipeline import check
from tests.contentkit import PERSON_ID, make_tree, penalties_csv, penalty_row


def problems_of(tmp_path, files: dict[str, str | bytes]) -> list[str]:
    return [str(p) for p in check(make_tree(tmp_path, files)).problems]


# --------------------------------------------------------------------------- YAML that costs


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    start = time.perf_counter()
    found = problems_of(tmp_path, {"data/cases.yaml": "\n".join(lines) + "\n"})
    assert time.perf_counter() - start < 10  # expanded, it kept validate busy past 60 s
    assert found == ["content/data/cases.yaml:2: YAML: 不支持 YAML 别名（*名称）：请把内容直接写出"]


def test_deep_nesting_is_refused(tmp_path):
    found = problems_of(tmp_path, {"data/archive.yaml": "[" * 5000 + "]" * 5000 + "\n"})
    assert found == ["content/data/archive.yaml:1: YAML: 嵌套超过 20 层"]


def test_duplicate_yaml_key_is_reported_not_overwritten(tmp_path):
    text = "- id: a\n  title: 第一个标题\n  title: 第二个标题\n"
    found = problems_of(tmp_path, {"data/promises.yaml": text})
    assert found == ["content/data/promises.yaml:3: YAML: 键「title」重复（第 2 行已有）：后一个会覆盖前一个"]


# --------------------------------------------------------------------------- characters and numbers


def test_nul_in_a_csv_cell_and_an_escaped_yaml_string(tmp_path):
    found = problems_of(
        tmp_path,
        {
            "data/penalties/a.csv": penalties_csv(penalty_row(facts="销售\x00过期食品")),
            "data/promises.yaml": '- id: a\n  title: "带\\e转义"\n',
        },
    )
    assert found == [
        "content/data/penalties/a.csv:2: 违法事实: 含控制字符 U+0000，请删除",
        "content/data/promises.yaml:2: title: 含控制字符 U+001B，请删除",
    ]


@pytest.mark.parametrize(
    "fine, message",
    [
        ("1e400", "金额「1e400」超过上限 100000000 万元，请核对单位（万元）"),
        ("NaN", "「NaN」不是有限的金额（单位：万元）"),
        ("-Infinity", "「-Infinity」不是有限的金额（单位：万元）"),
        ("0.0000001", "金额「0.0000001」小数位过多（万元最多 6 位小数）"),
        ("-3", "金额不能为负数：-3"),
    ],
)
def test_amounts_are_finite_and_in_range(tmp_path, fine, message):
    found = problems_of(tmp_path, {"data/penalties/a.csv": penalties_csv(penalty_row(fine=fine))})
    assert found == [f"content/data/penalties/a.csv:2: 罚款金额（万元）: {message}"]


def test_yaml_numbers_are_finite(tmp_path):
    text = "- department: market\n  year: 2025\n  received: 10\n  responded_on_time: 5\n  resolved: 5\n  satisfaction: .nan\n"
    found = problems_of(tmp_path, {"data/hotline.yaml": text})
    assert len(found) == 1 and found[0].startswith("content/data/hotline.yaml:6: satisfaction:")


# --------------------------------------------------------------------------- personal numbers in free text

SPACED_ID = f"{PERSON_ID[:6]} {PERSON_ID[6:14]} {PERSON_ID[14:]}"
FULL_WIDTH_ID = PERSON_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("联系电话13812345678", ["手机号码"]),
        ("手机 138 1234 5678", ["手机号码"]),
        ("手机138-1234-5678", ["手机号码"]),
        ("手机１３８１２３４５６７８", ["手机号码"]),
        ("tel13812345678abc", ["手机号码"]),
        ("电话（0531）88886666", ["固定电话"]),
        ("电话 0531-8888 6666", ["固定电话"]),
        (f"身份证{PERSON_ID}", ["居民身份证号码"]),
        (f"身份证 {SPACED_ID}", ["居民身份证号码"]),
        (f"身份证{FULL_WIDTH_ID}", ["居民身份证号码"]),
        (PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1"), []),  # wrong check digit
        ("示市监罚〔2025〕12号，罚款人民币10000元", []),
        ("2025-10-15 至 2025-10-20 期间", []),
        ("食品经营许可证 JY13799010001234", []),
    ],
)
def test_personal_numbers_in_every_written_form(text, kinds):
    assert personal_numbers(text) == kinds


def test_validate_names_the_source_row_and_field(tmp_path):
    found = problems_of(
        tmp_path,
        {
            "data/penalties/a.csv": penalties_csv(
                penalty_row(no="1号"),
                penalty_row(no="2号", facts="当事人手机１３８ １２３４ ５６７８，拒不整改"),
            ),
            "data/cases.yaml": (
                "- id: c1\n  kind: 失信案例\n  title: 拖欠工程款\n  department: market\n"
                "  occurred_on: 2025-01-01\n  exposed_on: 2025-02-01\n"
                f"  summary: 经办人身份证 {SPACED_ID}\n"
            ),
            "updates/2025-03-01-a.md": f"Title: 通报\nDate: 2025-03-01\n\n举报电话 0531-8888 6666，联系人 {PERSON_ID}\n",
        },
    )
    message = "（个人信息，不得公开）；请删除或改为单位公开电话后重新导出（号码未显示）"
    assert found == [
        f"content/data/cases.yaml:7: summary: 含居民身份证号码{message}",
        f"content/data/penalties/a.csv:3: 违法事实: 含手机号码{message}",
        f"content/updates/2025-03-01-a.md:4: 正文: 含居民身份证号码{message}",
    ]  # the press office may print an office's landline (举报电话) in its own text
    assert not any(PERSON_ID in p or "13812345678" in p for p in found)


def test_a_department_may_publish_its_office_landline_but_not_a_mobile(tmp_path):
    departments = (
        "- id: market\n  name: 示例区市场监督管理局\n  uscc: {code}\n  contact: 信用科 0531-8888 6666\n"
        "- id: env\n  name: 示例区生态环境分局\n  uscc: {code2}\n  contact: 王科长 13812345678\n"
    )
    from tests.contentkit import ENV, MARKET

    found = problems_of(
        tmp_path, {"data/departments.yaml": departments.format(code=MARKET, code2=ENV)}
    )
    assert found == [
        "content/data/departments.yaml:8: contact: 含手机号码（个人信息，不得公开）；请删除或改为单位公开电话后重新导出（号码未显示）"
    ]
