"""A small content tree for the search tests: public, withdrawn and personal records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.contentkit import COMPANY, COMPANY2, code, make_tree, penalties_csv, penalty_row

AS_OF = date(2025, 11, 1)
WITHDRAWN_COMPANY = code("91370999MA0000009")
THIRD_COMPANY = code("91370999MA0000003")

#: The records the tests look for; each has something no other record has.
FOOD = {"name": "示例区乙餐饮有限公司", "uscc": COMPANY2, "no": "示市监罚〔2025〕2号", "facts": "使用超过保质期的食品原料加工凉菜"}
POLLUTER = {"name": "示例区丙化工有限公司", "uscc": THIRD_COMPANY, "no": "示环罚〔2024〕7号", "facts": "未经批准擅自排放含铬废水"}
WITHDRAWN = {"name": "示例区丁撤销测试有限公司", "uscc": WITHDRAWN_COMPANY, "no": "示市监罚〔2025〕9号", "facts": "虚构撤销案由蓝鲸标记"}

PENALTIES = penalties_csv(
    penalty_row(name="示例区甲商贸有限公司", uscc_code=COMPANY, no="示市监罚〔2025〕1号", facts="销售过期食品", fine="1"),
    penalty_row(
        name=FOOD["name"], uscc_code=FOOD["uscc"], no=FOOD["no"], facts=FOOD["facts"], fine="5",
        decided="2025/06/10", published="2025/06/12",
    ),
    penalty_row(
        name=POLLUTER["name"], uscc_code=POLLUTER["uscc"], no=POLLUTER["no"], facts=POLLUTER["facts"], fine="20",
        basis="《中华人民共和国水污染防治法》第八十三条", content="罚款人民币二十万元",
        decided="2024/03/05", published="2024/03/08", authority="示例区生态环境分局",
    ),
)

# The withdrawn record: its decision was revoked before the as-of date (a column only it has).
REVOKED_HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,行政处罚决定书文号,违法事实,处罚类别,处罚内容,"
    "罚款金额（万元）,处罚决定日期,处罚机关,公示日期,撤销日期"
)
REVOKED = (
    REVOKED_HEADER
    + "\n"
    + f"{WITHDRAWN['name']},法人及非法人组织,{WITHDRAWN['uscc']},{WITHDRAWN['no']},{WITHDRAWN['facts']},"
    + "罚款,罚款人民币三万元,3,2025/07/01,示例区市场监督管理局,2025/07/03,2025/08/01\n"
).encode("utf-8")

CASES = """\
- id: late-payment
  kind: 失信案例
  title: 示例区某局拖欠中小企业工程款
  department: env
  occurred_on: 2024-05-01
  exposed_on: 2024-09-01
  summary: 拖欠示例区某建设公司工程款逾期未付，经督办后限期整改。
  sanctions:
    - kind: 限期整改
      imposed_on: 2024-09-01
      deadline: 2024-12-31
"""

PROMISES = """\
- id: rent-subsidy
  title: 三年内兑现孵化器房租补贴
  department: market
  category: 招商引资政策
  counterparty: 示例区戊孵化器有限公司
  made_on: 2023-03-01
  due_on: 2026-03-01
  amount_wan: 150
  summary: 对入驻孵化器的科技企业按年拨付房租补贴。
  source:
    title: 示例区招商引资协议
    doc_no: 示招商〔2023〕4号
  history:
    - on: 2023-03-01
      rating: 推进中
      note: 协议签订，首年补贴已拨付。
      evidence:
        - title: 拨付凭证
"""

UPDATE = """\
Title: 我区举办诚信宣传周活动
Date: 2025-10-01
Category: 工作动态

本周举办**信用修复**政策讲座，讲解失信记录修复流程。
"""

DRAFT_UPDATE = """\
Title: 尚未发布的草稿
Date: 2025-10-02
Status: draft

草稿里的独角兽字样不应被检索到。
"""


def search_tree(root: Path) -> Path:
    """Write the search test content under ``root``; returns the content dir."""
    return make_tree(
        root,
        {
            "data/penalties/2025.csv": PENALTIES,
            "data/penalties/revoked.csv": REVOKED,
            "data/cases.yaml": CASES,
            "data/promises.yaml": PROMISES,
            "updates/2025-10-01-week.md": UPDATE,
            "updates/2025-10-02-draft.md": DRAFT_UPDATE,
        },
    )
