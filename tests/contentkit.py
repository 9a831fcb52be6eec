"""Build small content trees for tests from a dict of files (as MkDocs' tests do)."""

from __future__ import annotations

from pathlib import Path

from stdnum.cn import ric, uscc


def code(body17: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return body17 + uscc.calc_check_digit(body17)


def resident_id(body17: str) -> str:
    """A valid resident ID number from its first 17 digits."""
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum expects a placeholder check digit


MARKET = code("11370999MB0000001")
ENV = code("11370999MB0000002")
COMPANY = code("91370999MA0000001")
COMPANY2 = code("91370999MA0000002")
PERSON_ID = resident_id("11010519800101001")

DEPARTMENTS = f"""\
- id: market
  name: 示例区市场监督管理局
  uscc: {MARKET}
  kind: 区直部门
  aliases: [示例区市场监管局]
- id: env
  name: 示例区生态环境分局
  uscc: {ENV}
  kind: 区直部门
"""

PENALTY_HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,证件类型,证件号码,行政处罚决定书文号,"
    "违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,公示截止期,处罚机关,公示日期"
)


def penalty_row(
    name: str = "示例区甲商贸有限公司",
    kind: str = "法人及非法人组织",
    uscc_code: str = COMPANY,
    id_type: str = "",
    id_no: str = "",
    no: str = "示市监罚〔2025〕1号",
    facts: str = "销售过期食品",
    basis: str = "《中华人民共和国食品安全法》第一百二十四条",
    ptype: str = "罚款",
    content: str = "罚款人民币一万元",
    fine: str = "1",
    decided: str = "2025/09/29",
    until: str = "",
    authority: str = "示例区市场监督管理局",
    published: str = "2025/10/15",
) -> str:
    """One penalty CSV row in PENALTY_HEADER order."""
    cells = [
        name,
        kind,
        uscc_code,
        id_type,
        id_no,
        no,
        facts,
        basis,
        ptype,
        content,
        fine,
        decided,
        until,
        authority,
        published,
    ]
    return ",".join(cells)


def make_tree(root: Path, files: dict[str, str | bytes], departments: bool = True) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; returns the content dir."""
    content = root / "content"
    if departments:
        files = {"data/departments.yaml": DEPARTMENTS, **files}
    for rel, data in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return content


def penalties_csv(*rows: str, header: str = PENALTY_HEADER, encoding: str = "utf-8-sig") -> bytes:
    """A penalty CSV file's bytes."""
    return ("\n".join([header, *rows]) + "\n").encode(encoding)
