"""Deterministic sample content for the fictional 示例区 (all of it 演示数据).

``write_sample(out, records, seed)`` writes a complete, valid content tree: the
department directory, 双公示 CSV exports split the way departments export them
(one file per department and year, in their own encodings and header styles),
other administrative acts, every hand-kept YAML dataset, the rules file, press
updates and the static pages. Same arguments, byte-identical tree: every random
choice comes from ``random.Random(seed)`` and every date from a fixed reference
window, never from the clock. CSV rows are streamed one file at a time, so
200,000 records need little memory.
"""

from __future__ import annotations

import bisect
import csv
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from stdnum.cn import ric, uscc

from generator.core.derive import add_months
from generator.core.fields import LONG_TERM
from generator.core.load import CSV_DATASETS, pinyin_code
from generator.core.models import DepartmentKind
from generator.core.rules import Rules
from generator.core.workdays import WorkdayCalendar

#: The window decisions fall in, and the date the sample is "exported" as of.
FIRST_DAY = date(2022, 1, 1)
LAST_DAY = date(2026, 11, 20)
REFERENCE_AS_OF = date(2026, 11, 28)
"""The as-of date the scenarios are written for: every state occurs as of this day."""
YEARS = range(FIRST_DAY.year, LAST_DAY.year + 1)

#: Registration-authority region of 示例区: no real county uses 3799xx, as 示例区 does not exist.
REGION = "379901"
#: Birth-place codes for synthetic resident IDs: real codes valid for births 1958–2005,
#: because stdnum.cn.ric (and so the loader) checks the region against the birth year.
BIRTH_REGIONS = (
    "110101",
    "110102",
    "110105",
    "110108",
    "120101",
    "120102",
    "120103",
    "310101",
    "310104",
)

PAGES_DIR = Path(__file__).resolve().parent / "pages"

# GB 32100 registration-authority + organisation-kind prefixes.
PREFIX_ORGAN = "11"  # 机构编制 · 机关
PREFIX_INSTITUTION = "12"  # 机构编制 · 事业单位
# 民政 assigns 居民委员会 and 村民委员会 their codes: 55 for 居民委员会, 54 for 村民委员会
# (the 民政 kinds added after GB 32100-2015's original table; checked validators list 54/55).
PREFIX_RESIDENTS_COMMITTEE = "55"
PREFIX_VILLAGERS_COMMITTEE = "54"
PREFIX_COMPANY = "91"
PREFIX_SOLE_TRADER = "92"


# --------------------------------------------------------------------------- codes


def org_code(body: str) -> str:
    """GB 11714 organisation code: 8 characters plus its check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    check = 11 - sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(prefix: str, body: str) -> str:
    """A 统一社会信用代码 with a correct check digit: prefix, 示例区 region, organisation code."""
    base = prefix + REGION + org_code(body)
    return base + uscc.calc_check_digit(base)


def make_resident_id(rng: random.Random) -> str:
    """A synthetic 18-digit resident ID that passes stdnum.cn.ric (masked when loaded)."""
    born = date(1958, 1, 1) + timedelta(days=rng.randrange(365 * 47))
    base = f"{rng.choice(BIRTH_REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return base + ric.calc_check_digit(base + "0")


# --------------------------------------------------------------------------- departments


@dataclass(frozen=True)
class Dept:
    """A sample department and what it decides."""

    id: str
    name: str
    kind: DepartmentKind
    abbr: str
    """Abbreviation in its document numbers, e.g. 市监 in 示市监处罚〔2025〕12号."""
    penalty_fields: tuple[str, ...] = ()
    licence_kinds: tuple[str, ...] = ()
    act_kinds: tuple[str, ...] = ()
    weight: float = 1.0
    """Relative volume of its decisions."""
    dates: str = "slash"
    """How its export writes dates: slash / dash / cn."""
    aliases: tuple[str, ...] = ()
    parent: str | None = None

    @property
    def uscc(self) -> str:
        return DEPT_USCC[self.id]

    def make_code(self, index: int) -> str:
        """The body's 统一社会信用代码: prefix by kind, then a stable organisation code."""
        prefix = {
            DepartmentKind.district_department: PREFIX_ORGAN,
            DepartmentKind.subdistrict_office: PREFIX_ORGAN,
            DepartmentKind.public_institution: PREFIX_INSTITUTION,
        }.get(self.kind)
        if prefix is None:
            prefix = (
                PREFIX_VILLAGERS_COMMITTEE
                if self.name.endswith("村民委员会")
                else PREFIX_RESIDENTS_COMMITTEE
            )
        return make_uscc(prefix, f"{70410000 + 137 * index:08d}")


_K = DepartmentKind
DEPARTMENTS: tuple[Dept, ...] = (
    Dept(
        "ndrc",
        "示例区发展和改革局",
        _K.district_department,
        "发改",
        licence_kinds=("investment",),
        weight=0.3,
        aliases=("示例区发改局",),
    ),
    Dept(
        "market",
        "示例区市场监督管理局",
        _K.district_department,
        "市监",
        ("市场监管", "食品安全", "特种设备"),
        ("food", "equipment"),
        ("强制",),
        3.0,
        aliases=("示例区市场监管局",),
    ),
    Dept(
        "eco",
        "示例区生态环境分局",
        _K.district_department,
        "环",
        ("环保",),
        ("discharge", "eia"),
        ("强制",),
        1.5,
        "dash",
        aliases=("示例市生态环境局示例区分局",),
    ),
    Dept(
        "safety",
        "示例区应急管理局",
        _K.district_department,
        "应急",
        ("安全生产",),
        ("hazchem",),
        (),
        1.0,
    ),
    Dept(
        "fire",
        "示例区消防救援大队",
        _K.district_department,
        "消",
        ("消防",),
        ("fire_check",),
        (),
        0.8,
        "cn",
    ),
    Dept(
        "transport",
        "示例区交通运输局",
        _K.district_department,
        "交",
        ("交通",),
        ("freight",),
        (),
        1.2,
    ),
    Dept(
        "urban",
        "示例区综合行政执法局",
        _K.district_department,
        "综执",
        ("城管",),
        ("waste", "billboard"),
        ("强制",),
        1.5,
        "dash",
        aliases=("示例区城市管理局",),
    ),
    Dept(
        "housing",
        "示例区住房和城乡建设局",
        _K.district_department,
        "建",
        ("建筑",),
        ("construction",),
        ("征收",),
        1.0,
        "cn",
        aliases=("示例区住建局",),
    ),
    Dept(
        "health", "示例区卫生健康局", _K.district_department, "卫", ("卫生",), ("hygiene",), (), 0.8
    ),
    Dept(
        "culture",
        "示例区文化和旅游局",
        _K.district_department,
        "文旅",
        ("文化旅游",),
        ("entertainment",),
        (),
        0.5,
    ),
    Dept(
        "hrss",
        "示例区人力资源和社会保障局",
        _K.district_department,
        "人社",
        ("劳动保障",),
        ("dispatch",),
        ("确认",),
        0.6,
    ),
    Dept(
        "natural",
        "示例区自然资源局",
        _K.district_department,
        "自然资源",
        ("自然资源",),
        ("planning",),
        ("征收",),
        0.5,
        "dash",
    ),
    Dept("civil", "示例区民政局", _K.district_department, "民", (), (), ("给付",), 0.4),
    Dept("finance", "示例区财政局", _K.district_department, "财"),
    Dept(
        "agri-enforce",
        "示例区农业综合行政执法大队",
        _K.public_institution,
        "农执",
        ("农业",),
        (),
        (),
        0.5,
        parent="natural",
    ),
    Dept(
        "realestate",
        "示例区不动产登记中心",
        _K.public_institution,
        "不动产",
        (),
        (),
        ("确认",),
        0.5,
        parent="natural",
    ),
    Dept("urban-service", "示例区城市管理服务中心", _K.public_institution, "城服", parent="urban"),
    Dept("cdc", "示例区疾病预防控制中心", _K.public_institution, "疾控", parent="health"),
    Dept(
        "qinghe",
        "示例区青禾街道办事处",
        _K.subdistrict_office,
        "青禾街",
        ("街道执法",),
        (),
        (),
        0.3,
    ),
    Dept(
        "yunling",
        "示例区云岭街道办事处",
        _K.subdistrict_office,
        "云岭街",
        ("街道执法",),
        (),
        (),
        0.3,
    ),
    Dept(
        "minghu",
        "示例区明湖街道办事处",
        _K.subdistrict_office,
        "明湖街",
        ("街道执法",),
        (),
        (),
        0.3,
        "cn",
    ),
    Dept(
        "qingshi",
        "示例区青禾街道青石社区居民委员会",
        _K.grassroots_autonomy,
        "青石",
        parent="qinghe",
    ),
    Dept(
        "liuan",
        "示例区云岭街道柳岸社区居民委员会",
        _K.grassroots_autonomy,
        "柳岸",
        parent="yunling",
    ),
    Dept(
        "taoyuan", "示例区明湖街道桃源村民委员会", _K.grassroots_autonomy, "桃源", parent="minghu"
    ),
)
DEPT_BY_ID = {d.id: d for d in DEPARTMENTS}
DEPT_USCC = {d.id: d.make_code(i) for i, d in enumerate(DEPARTMENTS)}

#: Export quirks the default sample must show: one department's system writes GB18030,
#: another's writes the pinyin column codes instead of the Chinese headers.
GB18030_EXPORT = ("licenses", "housing")
PINYIN_EXPORT = ("penalties", "eco")


def department_records() -> list[dict]:
    """departments.yaml: every sample body, its code, kind, aliases and public contact."""
    out = []
    for d in DEPARTMENTS:
        item: dict[str, Any] = {"id": d.id, "name": d.name, "uscc": d.uscc, "kind": d.kind.value}
        if d.aliases:
            item["aliases"] = list(d.aliases)
        if d.parent:
            item["parent"] = d.parent
        office = "办公室" if d.kind != DepartmentKind.grassroots_autonomy else "居（村）务公开栏"
        item["contact"] = f"{d.name}{office}（演示数据，非真实联系方式）"
        out.append(item)
    return out


# --------------------------------------------------------------------------- people and firms

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = (
    "子文明华建国秀英志强丽娟海燕晓东春梅宏伟雪峰立新玉兰国庆红霞佳怡浩然思远欣悦俊杰雨涵嘉豪梓萱"
)
BRAND_A = "青禾云岭明湖桃源柳岸石泉松竹梅兰金银丰泰恒安瑞祥嘉和润鑫盛达永信宏远"
BRAND_B = "源泽川峰晨辉创拓联鼎汇诚茂祥悦航宇博晟骏铭"
INDUSTRIES = (
    "商贸有限公司",
    "餐饮管理有限公司",
    "建筑工程有限公司",
    "物流有限公司",
    "化工有限公司",
    "机械制造有限公司",
    "食品有限公司",
    "科技有限公司",
    "物业服务有限公司",
    "汽车运输有限公司",
    "环保科技有限公司",
    "装饰工程有限公司",
    "文化传媒有限公司",
    "医药连锁有限公司",
    "酒店管理有限公司",
)
SHOPS = (
    "便利店",
    "小吃店",
    "五金店",
    "理发店",
    "水果店",
    "烟酒店",
    "快餐店",
    "汽车修理部",
    "网吧",
    "副食店",
)


def person_name(rng: random.Random) -> str:
    """A fictional two- or three-character name."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


@dataclass
class Subject:
    """A party to decisions: firm, sole trader or natural person."""

    name: str
    kind: str
    code: str | None
    rep: str | None
    rep_id: str | None


def brand(rng: random.Random) -> str:
    i, j = rng.randrange(0, len(BRAND_A), 2), rng.randrange(len(BRAND_B))
    return BRAND_A[i : i + 2] + BRAND_B[j]


class Parties:
    """A pool of fictional firms and sole traders (repeat offenders are realistic), plus persons."""

    def __init__(self, rng: random.Random, size: int):
        self.rng = rng
        self.firms: list[Subject] = []
        names: set[str] = set()
        bodies: set[str] = set()
        limit = len(BRAND_A) // 2 * len(BRAND_B) * len(INDUSTRIES)
        while len(self.firms) < min(size, limit):
            sole = rng.random() < 0.25
            name = f"示例区{brand(rng)}" + (rng.choice(SHOPS) if sole else rng.choice(INDUSTRIES))
            if name in names:
                continue
            body = f"{rng.randrange(10**8):08d}"
            if body in bodies:
                continue
            names.add(name)
            bodies.add(body)
            code = make_uscc(PREFIX_SOLE_TRADER if sole else PREFIX_COMPANY, body)
            rep = person_name(rng)
            rep_id = make_resident_id(rng) if rng.random() < 0.5 else None
            self.firms.append(
                Subject(name, "个体工商户" if sole else "法人及非法人组织", code, rep, rep_id)
            )

    def pick(self, person_share: float, companies_only: bool = False) -> Subject:
        """A firm from the pool, or (with ``person_share``) a fresh natural person."""
        if self.rng.random() < person_share:
            return Subject(person_name(self.rng), "自然人", None, None, make_resident_id(self.rng))
        firm = self.rng.choice(self.firms)
        while companies_only and firm.kind != "法人及非法人组织":
            firm = self.rng.choice(self.firms)
        return firm


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class PenaltyTemplate:
    """A kind of violation in one field: facts, provisions, sanctions and the usual fine."""

    violation: str
    facts: str
    """May use {place}, {goods}, {food}, {value} and {count}."""
    basis: str
    types: str
    """处罚类别, several separated by ；; 罚款 and 没收违法所得 get amounts."""
    fine: tuple[int, int]
    """Fine range in 元."""
    licence: str | None = None
    """Certificate suspended or revoked (暂扣或吊销证照), if any."""


PLACES = (
    "示例区青禾路",
    "示例区云岭大道",
    "示例区明湖北街",
    "示例区桃源路",
    "示例区柳岸街",
    "示例区工业园",
)
PRODUCTS = (
    "儿童玩具",
    "电动自行车充电器",
    "化妆品",
    "建筑用钢筋",
    "电线电缆",
    "劳保手套",
    "燃气灶具",
)
FOODS = ("散装白酒", "冷冻肉制品", "预包装饮料", "婴幼儿配方乳粉", "糕点", "调味品", "速冻水饺")

PENALTY_TEMPLATES: dict[str, tuple[PenaltyTemplate, ...]] = {
    "市场监管": (
        PenaltyTemplate(
            "销售不合格产品",
            "当事人在其位于{place}的经营场所销售经抽检不合格的{goods}，货值金额{value}元。",
            "《中华人民共和国产品质量法》第四十九条",
            "罚款；没收违法所得",
            (2000, 50000),
        ),
        PenaltyTemplate(
            "虚假宣传",
            "当事人在其网店页面对所售{goods}作虚假的功能宣传，欺骗、误导消费者。",
            "《中华人民共和国反不正当竞争法》第二十条",
            "罚款",
            (20000, 200000),
        ),
        PenaltyTemplate(
            "未按规定公示年度报告",
            "当事人未按规定期限公示年度报告，经责令限期改正逾期仍未改正。",
            "《中华人民共和国市场主体登记管理条例》第四十六条",
            "警告；罚款",
            (1000, 10000),
        ),
        PenaltyTemplate(
            "计量器具未经检定",
            "当事人在经营中使用未经检定的电子计价秤{count}台。",
            "《中华人民共和国计量法实施细则》第四十三条",
            "罚款",
            (500, 3000),
        ),
    ),
    "食品安全": (
        PenaltyTemplate(
            "经营超过保质期的食品",
            "当事人在其位于{place}的经营场所销售超过保质期的{food}，货值金额{value}元。",
            "《中华人民共和国食品安全法》第一百二十四条第一款第（二）项",
            "罚款；没收违法所得",
            (5000, 100000),
        ),
        PenaltyTemplate(
            "未取得食品经营许可从事食品经营",
            "当事人未取得食品经营许可，在{place}从事餐饮服务。",
            "《中华人民共和国食品安全法》第一百二十二条第一款",
            "罚款；没收违法所得",
            (10000, 60000),
        ),
        PenaltyTemplate(
            "从业人员未取得健康证明",
            "当事人安排{count}名未取得健康证明的人员从事接触直接入口食品的工作。",
            "《中华人民共和国食品安全法》第一百二十六条第一款第（六）项",
            "警告；罚款",
            (5000, 20000),
        ),
    ),
    "特种设备": (
        PenaltyTemplate(
            "使用未经定期检验的特种设备",
            "当事人使用的{count}台电梯超过检验有效期未申报定期检验，继续投入使用。",
            "《中华人民共和国特种设备安全法》第八十四条第（一）项",
            "罚款；责令停止使用",
            (30000, 300000),
        ),
        PenaltyTemplate(
            "特种设备作业人员无证上岗",
            "当事人安排未取得特种设备作业人员证的人员操作叉车。",
            "《中华人民共和国特种设备安全法》第八十六条第（二）项",
            "罚款",
            (10000, 30000),
        ),
    ),
    "环保": (
        PenaltyTemplate(
            "超标排放大气污染物",
            "经监测，当事人位于{place}的生产车间废气排放口颗粒物浓度超过排放标准。",
            "《中华人民共和国大气污染防治法》第九十九条第（二）项",
            "罚款",
            (100000, 1000000),
        ),
        PenaltyTemplate(
            "未批先建",
            "当事人建设项目环境影响报告表未经批准，擅自开工建设。",
            "《中华人民共和国环境影响评价法》第三十一条第一款",
            "罚款",
            (50000, 500000),
        ),
        PenaltyTemplate(
            "危险废物贮存不规范",
            "当事人将废机油等危险废物露天堆放，未设置危险废物识别标志。",
            "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（一）项",
            "罚款",
            (100000, 1000000),
        ),
        PenaltyTemplate(
            "无证排污",
            "当事人未取得排污许可证排放水污染物。",
            "《排污许可管理条例》第三十三条第（一）项",
            "罚款；责令停产整治",
            (200000, 1000000),
        ),
    ),
    "安全生产": (
        PenaltyTemplate(
            "未按规定开展安全生产教育培训",
            "当事人未对{count}名新入职从业人员进行安全生产教育和培训。",
            "《中华人民共和国安全生产法》第九十七条第（三）项",
            "罚款",
            (10000, 100000),
        ),
        PenaltyTemplate(
            "未建立事故隐患排查治理制度",
            "当事人未建立生产安全事故隐患排查治理制度，未如实记录隐患排查治理情况。",
            "《中华人民共和国安全生产法》第一百零二条",
            "罚款",
            (20000, 100000),
        ),
        PenaltyTemplate(
            "危险化学品储存不符合规定",
            "当事人在{place}的仓库内混存禁忌危险化学品，未设置安全警示标志。",
            "《危险化学品安全管理条例》第八十条 《中华人民共和国安全生产法》",
            "罚款；责令停产停业整顿",
            (50000, 200000),
        ),
    ),
    "消防": (
        PenaltyTemplate(
            "占用、堵塞、封闭疏散通道",
            "当事人经营场所的安全出口被货物堵塞，疏散通道被占用。",
            "《中华人民共和国消防法》第六十条第一款第（三）项",
            "罚款",
            (5000, 50000),
        ),
        PenaltyTemplate(
            "消防设施未保持完好有效",
            "当事人单位自动喷水灭火系统处于关闭状态，消防设施未保持完好有效。",
            "《中华人民共和国消防法》第六十条第一款第（一）项",
            "罚款",
            (5000, 50000),
        ),
        PenaltyTemplate(
            "公众聚集场所未经消防安全检查擅自投入使用",
            "当事人位于{place}的歌舞娱乐场所未经消防安全检查擅自投入使用、营业。",
            "《中华人民共和国消防法》第五十八条第一款第（四）项",
            "罚款；责令停止使用",
            (30000, 300000),
        ),
    ),
    "交通": (
        PenaltyTemplate(
            "道路运输车辆未按规定取得营运证",
            "当事人使用营运证被暂扣期间的车辆继续从事货物运输。",
            "《中华人民共和国道路运输条例》第六十八条",
            "罚款；暂扣许可证",
            (3000, 10000),
            "道路运输证",
        ),
        PenaltyTemplate(
            "未取得道路运输经营许可擅自从事道路运输经营",
            "当事人未取得道路运输经营许可，使用车辆从事货物运输经营。",
            "《中华人民共和国道路运输条例》第六十三条",
            "罚款；没收违法所得",
            (10000, 100000),
        ),
        PenaltyTemplate(
            "货运车辆超限运输",
            "当事人所属车辆在示例区治超站检测，车货总质量超过限定标准。",
            "《公路安全保护条例》第六十四条",
            "罚款",
            (500, 30000),
        ),
        PenaltyTemplate(
            "客运车辆未按规定进行维护",
            "当事人未按规定对客运车辆进行二级维护。",
            "《中华人民共和国道路运输条例》第七十条",
            "警告；罚款",
            (1000, 5000),
        ),
    ),
    "城管": (
        PenaltyTemplate(
            "擅自占用城市道路",
            "当事人未经批准，在{place}占用城市道路堆放建筑材料。",
            "《城市道路管理条例》第四十二条第（二）项",
            "罚款",
            (200, 20000),
        ),
        PenaltyTemplate(
            "建筑垃圾未按规定处置",
            "当事人运输建筑垃圾的车辆未密闭，沿途撒漏。",
            "《城市市容和环境卫生管理条例》第三十六条",
            "罚款",
            (5000, 50000),
        ),
        PenaltyTemplate(
            "擅自设置户外广告",
            "当事人未经批准，在{place}擅自设置大型户外广告牌。",
            "《城市市容和环境卫生管理条例》第三十六条",
            "罚款",
            (1000, 10000),
        ),
    ),
    "街道执法": (
        PenaltyTemplate(
            "店外经营",
            "当事人超出门窗在{place}人行道上摆卖商品，经责令改正拒不改正。",
            "《城市市容和环境卫生管理条例》第三十四条第（四）项",
            "罚款",
            (50, 500),
        ),
        PenaltyTemplate(
            "餐饮油烟直排",
            "当事人在居民住宅楼内从事产生油烟的餐饮服务，油烟未经处理直接排放。",
            "《中华人民共和国大气污染防治法》第一百一十八条",
            "罚款",
            (5000, 100000),
        ),
    ),
    "建筑": (
        PenaltyTemplate(
            "未取得施工许可证擅自施工",
            "当事人建设的项目未取得施工许可证即擅自开工。",
            "《建筑工程施工许可管理办法》第十二条",
            "罚款",
            (20000, 100000),
        ),
        PenaltyTemplate(
            "违反工程建设强制性标准",
            "经检查，当事人施工项目的脚手架搭设违反工程建设强制性标准。",
            "《建设工程质量管理条例》第五十六条",
            "罚款",
            (200000, 500000),
        ),
    ),
    "卫生": (
        PenaltyTemplate(
            "公共场所未取得卫生许可证",
            "当事人经营的洗浴场所未依法取得公共场所卫生许可证。",
            "《公共场所卫生管理条例实施细则》第三十五条",
            "警告；罚款",
            (500, 5000),
        ),
        PenaltyTemplate(
            "医疗机构使用非卫生技术人员",
            "当事人使用{count}名非卫生技术人员从事医疗卫生技术工作。",
            "《医疗机构管理条例》第四十七条",
            "罚款",
            (10000, 50000),
        ),
    ),
    "文化旅游": (
        PenaltyTemplate(
            "多次接纳未成年人进入互联网上网服务营业场所",
            "当事人经营的网吧在一年内多次接纳未成年人进入营业场所，情节严重。",
            "《互联网上网服务营业场所管理条例》第三十一条第（二）项",
            "罚款；吊销许可证",
            (10000, 15000),
            "网络文化经营许可证",
        ),
        PenaltyTemplate(
            "接纳未成年人进入互联网上网服务营业场所",
            "当事人经营的网吧接纳未成年人进入营业场所。",
            "《互联网上网服务营业场所管理条例》第三十一条第（二）项",
            "警告；罚款",
            (2000, 15000),
        ),
        PenaltyTemplate(
            "旅行社未与旅游者签订旅游合同",
            "当事人组织团队旅游未与旅游者签订书面合同。",
            "《中华人民共和国旅游法》第九十五条",
            "罚款",
            (10000, 50000),
        ),
    ),
    "劳动保障": (
        PenaltyTemplate(
            "未按规定办理社会保险登记",
            "当事人自用工之日起三十日内未为{count}名职工办理社会保险登记。",
            "《中华人民共和国社会保险法》第八十四条",
            "罚款",
            (500, 3000),
        ),
        PenaltyTemplate(
            "违反工作时间规定",
            "当事人安排劳动者延长工作时间超过法定限度。",
            "《劳动保障监察条例》第二十五条",
            "警告；罚款",
            (2000, 20000),
        ),
    ),
    "自然资源": (
        PenaltyTemplate(
            "非法占用土地",
            "当事人未经批准，占用{place}集体土地{count}百平方米建设厂房。",
            "《中华人民共和国土地管理法》第七十七条",
            "罚款；没收违法所得",
            (20000, 200000),
        ),
    ),
    "农业": (
        PenaltyTemplate(
            "经营假农药",
            "当事人销售经抽检有效成分含量不合格的农药，货值金额{value}元。",
            "《农药管理条例》第五十五条",
            "罚款；没收违法所得",
            (5000, 50000),
        ),
        PenaltyTemplate(
            "兽药经营不规范",
            "当事人未建立兽药购销记录。",
            "《兽药管理条例》第五十九条",
            "警告；罚款",
            (1000, 10000),
        ),
    ),
}


@dataclass(frozen=True)
class LicenceTemplate:
    document: str
    category: str
    certificate: str | None
    content: str
    number: str
    """Prefix of the 许可编号."""
    years: int | None
    """Validity in years; None: long-term (2099/12/31)."""


LICENCE_TEMPLATES: dict[str, LicenceTemplate] = {
    "investment": LicenceTemplate(
        "企业投资项目核准决定书", "核准", None, "核准示例区{brand}仓储物流中心建设项目", "FG", None
    ),
    "food": LicenceTemplate(
        "食品经营许可决定书",
        "普通",
        "食品经营许可证",
        "预包装食品销售（含冷藏冷冻食品），热食类食品制售",
        "JY1379901",
        5,
    ),
    "equipment": LicenceTemplate(
        "特种设备使用登记决定书", "登记", "特种设备使用登记证", "乘客电梯使用登记", "梯11示", None
    ),
    "discharge": LicenceTemplate(
        "排污许可决定书",
        "普通",
        "排污许可证",
        "准予排放废气、废水，排放口及许可排放量见副本",
        "913799",
        5,
    ),
    "eia": LicenceTemplate(
        "建设项目环境影响报告表批复",
        "普通",
        None,
        "同意{brand}年产三万件配件生产线项目建设",
        "示环审",
        None,
    ),
    "hazchem": LicenceTemplate(
        "危险化学品经营许可决定书",
        "普通",
        "危险化学品经营许可证",
        "经营（不带储存设施）：汽油、柴油、液化石油气",
        "示危化经",
        3,
    ),
    "fire_check": LicenceTemplate(
        "公众聚集场所投入使用、营业前消防安全检查意见书",
        "普通",
        "消防安全检查合格证",
        "准予投入使用、营业",
        "示消安检",
        None,
    ),
    "freight": LicenceTemplate(
        "道路货物运输经营许可决定书",
        "普通",
        "道路运输经营许可证",
        "普通货运",
        "示交运管许可字",
        4,
    ),
    "waste": LicenceTemplate(
        "城市建筑垃圾处置核准决定书", "核准", "建筑垃圾处置核准证", "建筑垃圾运输处置", "示建垃", 1
    ),
    "billboard": LicenceTemplate(
        "设置大型户外广告许可决定书",
        "普通",
        None,
        "在示例区云岭大道设置户外广告牌一处",
        "示户广",
        1,
    ),
    "construction": LicenceTemplate(
        "建筑工程施工许可决定书",
        "普通",
        "建筑工程施工许可证",
        "{brand}厂房及配套用房新建工程",
        "3799012",
        None,
    ),
    "hygiene": LicenceTemplate(
        "公共场所卫生许可决定书", "普通", "卫生许可证", "住宿、沐浴场所", "示卫公字", 4
    ),
    "entertainment": LicenceTemplate(
        "娱乐经营许可决定书", "普通", "娱乐经营许可证", "歌舞娱乐场所", "3799010", 2
    ),
    "dispatch": LicenceTemplate(
        "劳务派遣经营许可决定书", "普通", "劳务派遣经营许可证", "劳务派遣", "379901", 3
    ),
    "planning": LicenceTemplate(
        "建设工程规划许可决定书",
        "普通",
        "建设工程规划许可证",
        "{brand}综合楼工程规划许可",
        "建字第379901",
        None,
    ),
}

#: Licences a sole trader (个体工商户) typically holds; the others go to companies.
SOLE_TRADER_LICENCES = frozenset({"food", "hygiene", "entertainment", "fire_check", "freight"})

ACT_TEMPLATES: dict[str, tuple[str, str, str, bool]] = {
    # 行为类别 short → (kind, content, basis, natural person)
    "强制": (
        "行政强制",
        "查封涉案场所、设施及财物，期限三十日",
        "《中华人民共和国行政强制法》第二十五条",
        False,
    ),
    "确认": (
        "行政确认",
        "认定申请人所受伤害为工伤",
        "《工伤保险条例》第二十条",
        True,
    ),
    "征收": (
        "行政征收",
        "征收城市基础设施配套费",
        "《示例市城市基础设施配套费征收管理办法》（演示数据）",
        False,
    ),
    "给付": ("行政给付", "发放最低生活保障金", "《社会救助暂行办法》第九条", True),
}
#: Departments whose acts of a kind differ from the general wording above.
ACT_OVERRIDES: dict[str, tuple[str, str]] = {
    "realestate": ("办理不动产首次登记", "《不动产登记暂行条例》第十四条"),
    "natural": ("征收土地闲置费", "《闲置土地处置办法》第十四条"),
}


# --------------------------------------------------------------------------- dates


class Days:
    """Working days of the sample window, precomputed once (200,000 lookups stay cheap)."""

    def __init__(self) -> None:
        cal = WorkdayCalendar()
        day, end = date(FIRST_DAY.year - 1, 12, 1), date(LAST_DAY.year, 12, 31)
        self.workdays: list[date] = []
        while day <= end:
            if cal.is_workday(day):
                self.workdays.append(day)
            day += timedelta(days=1)

    def add(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (n = 0: the day itself)."""
        if n == 0:
            return start
        return self.workdays[bisect.bisect_right(self.workdays, start) + n - 1]

    def in_year(self, year: int) -> list[date]:
        lo = bisect.bisect_left(self.workdays, max(date(year, 1, 1), FIRST_DAY))
        hi = bisect.bisect_right(self.workdays, min(date(year, 12, 31), LAST_DAY))
        return self.workdays[lo:hi]


def fmt(day: date | None, style: str) -> str:
    """A date as the department's export writes it."""
    if day is None:
        return ""
    if style == "dash":
        return f"{day:%Y-%m-%d}"
    if style == "cn":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    return f"{day:%Y/%m/%d}"


def wan(yuan: int) -> str:
    """An amount in 元 written in 万元, as the national layout wants."""
    text = f"{yuan / 10000:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


# --------------------------------------------------------------------------- CSV


PENALTY_COLUMNS = (
    "subject_name",
    "subject_kind",
    "subject_uscc",
    "legal_rep",
    "legal_rep_id_type",
    "legal_rep_id",
    "subject_id_type",
    "subject_id",
    "decision_no",
    "violation_type",
    "facts",
    "legal_basis",
    "penalty_type",
    "content",
    "fine",
    "confiscated",
    "license_affected",
    "decided_on",
    "valid_until",
    "publicity_until",
    "authority",
    "authority_uscc",
    "source",
    "source_uscc",
    "remarks",
    "published_on",
    "revoked_on",
    "repaired_on",
)
LICENCE_COLUMNS = (
    "subject_name",
    "subject_kind",
    "subject_uscc",
    "legal_rep",
    "legal_rep_id_type",
    "legal_rep_id",
    "subject_id_type",
    "subject_id",
    "document_name",
    "decision_no",
    "category",
    "certificate_name",
    "license_no",
    "content",
    "decided_on",
    "valid_from",
    "valid_until",
    "authority",
    "authority_uscc",
    "state",
    "source",
    "source_uscc",
    "remarks",
    "published_on",
    "revoked_on",
)
ACT_COLUMNS = (
    "act_kind",
    "subject_name",
    "subject_kind",
    "subject_uscc",
    "decision_no",
    "content",
    "legal_basis",
    "decided_on",
    "authority",
    "authority_uscc",
    "remarks",
    "published_on",
    "revoked_on",
)
#: Per CSV dataset: model, pinyin prefix (from the loader's registry) and the export's column order.
DATASETS = {
    name: (*CSV_DATASETS[name], columns)
    for name, columns in (
        ("penalties", PENALTY_COLUMNS),
        ("licenses", LICENCE_COLUMNS),
        ("other-acts", ACT_COLUMNS),
    )
}


def header(model: Any, prefix: str, name: str, pinyin: bool) -> str:
    """The column header: national Chinese header, or the prefixed pinyin code."""
    if pinyin:
        return pinyin_code(model, name, prefix)
    return model.model_fields[name].json_schema_extra["header"]


@dataclass
class Group:
    """One export file: a department's records of one kind, for one year or (small volumes) a batch of years."""

    dataset: str
    dept: Dept
    counts: dict[int, int]
    """Rows per decision year."""
    extra: list[dict] = field(default_factory=list)

    @property
    def filename(self) -> str:
        first, last = min(self.counts), max(self.counts)
        return (
            f"{self.dept.id}-{first}.csv" if first == last else f"{self.dept.id}-{first}-{last}.csv"
        )


#: Below this many rows a year, a department exports all its years in one batch file.
ROWS_PER_YEAR_FILE = 40


def allocate(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split ``total`` over ``weights`` exactly (largest remainder)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def year_weight(year: int) -> float:
    """Later years have more online records; 2026 ends on 20 November."""
    return {2022: 0.7, 2023: 0.85, 2024: 1.0, 2025: 1.1}.get(
        year, 1.0 * (LAST_DAY.timetuple().tm_yday / 365)
    )


def plan_groups(rng: random.Random, records: int) -> list[Group]:
    """Files to write and how many rows each holds; penalties ≈ 40 %, licences ≈ 60 %, acts ≈ 3 % extra."""
    fixed = fixed_penalties()
    n_pen = max(0, round(records * 0.4) - len(fixed))
    n_lic = max(0, records - n_pen - len(fixed))
    n_act = max(6, records * 3 // 100)
    groups: list[Group] = []
    for dataset, total, attr in (
        ("penalties", n_pen, "penalty_fields"),
        ("licenses", n_lic, "licence_kinds"),
        ("other-acts", n_act, "act_kinds"),
    ):
        cells = [(d, y) for d in DEPARTMENTS if getattr(d, attr) for y in YEARS]
        weights = [d.weight * year_weight(y) * rng.uniform(0.7, 1.3) for d, y in cells]
        per_dept: dict[str, dict[int, int]] = {}
        for (d, y), n in zip(cells, allocate(rng, total, weights), strict=True):
            per_dept.setdefault(d.id, {})[y] = n
        for dept_id, counts in per_dept.items():
            dept = DEPT_BY_ID[dept_id]
            extra = fixed if (dataset, dept_id) == ("penalties", "market") else []
            for y in {f["decided"].year for f in extra}:
                counts[y] = counts.get(y, 0)
            years = [
                y for y in YEARS if counts.get(y) or any(f["decided"].year == y for f in extra)
            ]
            if not years:
                continue
            if sum(counts.values()) < ROWS_PER_YEAR_FILE * len(YEARS):
                groups.append(Group(dataset, dept, {y: counts[y] for y in years}, extra))
            else:
                for y in years:
                    groups.append(
                        Group(
                            dataset,
                            dept,
                            {y: counts[y]},
                            [f for f in extra if f["decided"].year == y],
                        )
                    )
    return groups


def fixed_penalties() -> list[dict]:
    """Two decisions of 2025-09-29 around the National Day holiday: published on the
    7th working day (2025-10-15, on time) and on the 8th (2025-10-16, late)."""
    decided = date(2025, 9, 29)
    return [
        {
            "subject": "示例区嘉和食品有限公司",
            "code": "52013145",
            "rep": "周海燕",
            "decided": decided,
            "published": date(2025, 10, 15),
            "facts_note": "节前决定，节后第7个工作日公示（按期）",
        },
        {
            "subject": "示例区润鑫商贸有限公司",
            "code": "52013146",
            "rep": "吴立新",
            "decided": decided,
            "published": date(2025, 10, 16),
            "facts_note": "节前决定，节后第8个工作日公示（逾期）",
        },
    ]


@dataclass
class Notable:
    """Records generated in the CSVs that hand-kept datasets refer to (objections)."""

    penalties: list[tuple[str, str]] = field(default_factory=list)
    """(文号, department id) of active penalties of organisations decided 2025-06..2026-10."""


class Writer:
    """Generates rows group by group and streams each group to its file."""

    def __init__(self, rng: random.Random, records: int):
        self.rng = rng
        self.days = Days()
        self.parties = Parties(rng, max(60, records // 4))
        self.notable = Notable()

    # ---- common columns

    def subject_cells(self, s: Subject) -> dict[str, str]:
        cells = {
            "subject_name": s.name,
            "subject_kind": s.kind,
            "subject_uscc": s.code or "",
            "legal_rep": s.rep or "",
        }
        if s.kind == "自然人":
            cells |= {"subject_id_type": "身份证", "subject_id": s.rep_id or ""}
        elif s.rep_id:
            cells |= {"legal_rep_id_type": "身份证", "legal_rep_id": s.rep_id}
        return cells

    def publication(self, decided: date, row: dict[str, str], style: str) -> None:
        """公示日期: mostly within 7 working days, some late, some unknown; never after the export."""
        r = self.rng.random()
        if r < 0.05:
            return
        k = self.rng.randint(0, 7) if r < 0.92 else self.rng.randint(8, 25)
        published = self.days.add(decided, k)
        if published <= LAST_DAY:
            row["published_on"] = fmt(published, style)

    def authority(self, d: Dept, row: dict[str, str], source: bool = True) -> None:
        row["authority"] = d.name if self.rng.random() > 0.1 or not d.aliases else d.aliases[0]
        if self.rng.random() < 0.85:
            row["authority_uscc"] = d.uscc
        if source:
            row["source"], row["source_uscc"] = d.name, d.uscc

    def maybe_later(self, decided: date, lo: int, hi: int) -> date | None:
        """A date lo..hi days after the decision, if it is not after the export."""
        day = decided + timedelta(days=self.rng.randint(lo, hi))
        return day if day <= LAST_DAY else None

    # ---- rows

    def penalty_row(self, d: Dept, decided: date, no: str, fixed: dict | None) -> dict[str, str]:
        rng, style = self.rng, d.dates
        tpl = rng.choice(PENALTY_TEMPLATES[rng.choice(d.penalty_fields)])
        subject = self.parties.pick(0.12 if tpl.fine[1] <= 50000 else 0.03)
        if fixed:
            subject = Subject(
                fixed["subject"],
                "法人及非法人组织",
                make_uscc(PREFIX_COMPANY, fixed["code"]),
                fixed["rep"],
                None,
            )
            tpl = PENALTY_TEMPLATES["食品安全"][0]
        row = self.subject_cells(subject)
        fine = rng.randrange(tpl.fine[0], tpl.fine[1] + 1, 100)
        value = rng.randrange(1000, 60000)
        text = tpl.facts.format(
            place=rng.choice(PLACES),
            goods=rng.choice(PRODUCTS),
            food=rng.choice(FOODS),
            value=value,
            count=rng.randint(2, 12),
        )
        row |= {
            "decision_no": no,
            "violation_type": tpl.violation,
            "facts": text,
            "legal_basis": tpl.basis,
            "penalty_type": tpl.types,
            "fine": wan(fine),
            "decided_on": fmt(decided, style),
        }
        parts = []
        for kind in tpl.types.split("；"):
            if kind == "罚款":
                parts.append(f"罚款人民币{fine:,}元")
            elif kind == "没收违法所得":
                illegal = (
                    value * rng.randint(5, 40) // 100
                )  # the profit, a share of the goods' value
                row["confiscated"] = wan(illegal)
                parts.append(f"没收违法所得人民币{illegal:,}元")
            elif kind in ("暂扣许可证", "吊销许可证") and tpl.licence:
                licence = f"{tpl.licence}（编号：示{decided.year - rng.randint(1, 4)}{rng.randrange(10000):04d}）"
                row["license_affected"] = licence
                parts.append(f"{kind[:2]}{licence}")
            else:
                parts.append(kind)
        content = "，".join(parts)
        row["content"] = content
        if rng.random() < 0.5:
            row["valid_until"] = fmt(add_years(decided, 3) - timedelta(days=1), style)
        if rng.random() < 0.12:
            row["publicity_until"] = fmt(add_years(decided, rng.choice((1, 2))), style)
        self.authority(d, row)
        if fixed:
            row["published_on"] = fmt(fixed["published"], style)
            row["remarks"] = f"演示数据：{fixed['facts_note']}"
            return row
        self.publication(decided, row, style)
        r = rng.random()
        if r < 0.015 and (day := self.maybe_later(decided, 20, 200)):
            row["revoked_on"] = fmt(day, style)
            row["remarks"] = "经行政复议，原处罚决定被撤销"
        elif r < 0.08 and (day := self.maybe_later(decided, 120, 700)):
            row["repaired_on"] = fmt(day, style)
            row["remarks"] = "已履行处罚并完成信用修复"
        elif date(2025, 6, 1) <= decided <= date(2026, 10, 31) and subject.kind != "自然人":
            self.notable.penalties.append((no, d.id))
        return row

    def licence_row(self, d: Dept, decided: date, no: str, seq: int) -> dict[str, str]:
        rng, style = self.rng, d.dates
        kind = rng.choice(d.licence_kinds)
        tpl = LICENCE_TEMPLATES[kind]
        subject = self.parties.pick(0.0, companies_only=kind not in SOLE_TRADER_LICENCES)
        row = self.subject_cells(subject)
        until = (
            LONG_TERM if tpl.years is None else add_years(decided, tpl.years) - timedelta(days=1)
        )
        row |= {
            "document_name": tpl.document,
            "decision_no": no,
            "category": tpl.category,
            "certificate_name": tpl.certificate or "",
            "content": tpl.content.format(brand=brand(rng)),
            "license_no": f"{tpl.number}{decided.year}{seq:05d}",
            "decided_on": fmt(decided, style),
            "valid_from": fmt(decided, style),
            "valid_until": fmt(until, "slash"),
            "state": "有效",
        }
        self.authority(d, row)
        self.publication(decided, row, style)
        r = rng.random()
        if r < 0.005 and (day := self.maybe_later(decided, 30, 300)):
            row |= {
                "state": "撤销",
                "revoked_on": fmt(day, style),
                "remarks": "以欺骗手段取得许可，依法撤销",
            }
        elif r < 0.025:
            row |= {"state": "注销", "remarks": "被许可人申请注销"}
        return row

    def act_row(self, d: Dept, decided: date, no: str, short: str) -> dict[str, str]:
        rng, style = self.rng, d.dates
        kind, content, basis, person = ACT_TEMPLATES[short]
        subject = self.parties.pick(1.0 if person else 0.0)
        content, basis = ACT_OVERRIDES.get(d.id, (content, basis))
        row = {
            "act_kind": kind,
            "subject_name": subject.name,
            "subject_kind": subject.kind,
            "subject_uscc": subject.code or "",
            "decision_no": no,
            "content": content,
            "legal_basis": basis,
            "decided_on": fmt(decided, style),
        }
        self.authority(d, row, source=False)
        self.publication(decided, row, style)
        if short == "强制" and rng.random() < 0.3 and (day := self.maybe_later(decided, 30, 90)):
            row["remarks"] = f"已于{fmt(day, style)}解除查封"
        return row

    # ---- files

    def rows(self, g: Group) -> Iterator[dict[str, str]]:
        for year, count in g.counts.items():
            yield from self.year_rows(g, year, count)

    def year_rows(self, g: Group, year: int, count: int) -> Iterator[dict[str, str]]:
        """A year's rows in decision order, numbered as the department numbers its documents."""
        workdays = self.days.in_year(year)
        dated = [(self.rng.choice(workdays), None) for _ in range(count)]
        dated += [(f["decided"], f) for f in g.extra if f["decided"].year == year]
        dated.sort(key=lambda item: (item[0], item[1] is not None))
        abbr = g.dept.abbr
        for seq, (decided, fixed) in enumerate(dated, start=1):
            if g.dataset == "penalties":
                yield self.penalty_row(g.dept, decided, f"示{abbr}罚〔{year}〕{seq}号", fixed)
            elif g.dataset == "licenses":
                yield self.licence_row(g.dept, decided, f"示{abbr}许〔{year}〕{seq}号", seq)
            else:
                short = self.rng.choice(g.dept.act_kinds)
                yield self.act_row(g.dept, decided, f"示{abbr}{short[0]}〔{year}〕{seq}号", short)

    def write(self, data: Path, g: Group) -> Path:
        model, prefix, columns = DATASETS[g.dataset]
        pinyin = (g.dataset, g.dept.id) == PINYIN_EXPORT
        encoding = "gb18030" if (g.dataset, g.dept.id) == GB18030_EXPORT else "utf-8-sig"
        path = data / g.dataset / g.filename
        with path.open("w", encoding=encoding, newline="") as fh:
            out = csv.writer(fh)
            out.writerow([header(model, prefix, c, pinyin) for c in columns])
            for row in self.rows(g):
                out.writerow([row.get(c, "") for c in columns])
        return path


def write_csvs(data: Path, rng: random.Random, records: int) -> Notable:
    """Every 双公示 and other-act export; returns records the YAML datasets refer to."""
    writer = Writer(rng, records)
    for name in DATASETS:
        folder = data / name
        if folder.is_dir():
            shutil.rmtree(folder)  # the sample owns these folders: no stale files from a larger run
        folder.mkdir(parents=True)
    for group in plan_groups(rng, records):
        writer.write(data, group)
    return writer.notable


# --------------------------------------------------------------------------- YAML


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
    from .hand_kept import hand_kept  # the YAML datasets; imports this module's tables

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
