"""The 双公示 and other-act CSV exports: rows generated and streamed one file at a time.

``write_csvs`` writes every file ``plan_groups`` lists, each the way its department's
system exports it: date style, Chinese headers or pinyin column codes (``PINYIN_EXPORT``),
UTF-8 with BOM or GB18030 (``GB18030_EXPORT``). Rows are numbered in decision order as
the department numbers its documents; 200,000 records need little memory.
"""

from __future__ import annotations

import csv
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from generator.core.fields import LONG_TERM
from generator.core.kinds import LICENSE, OLD_REGISTRATION_CODES, PENALTY
from generator.core.load import CSV_DATASETS, pinyin_code

from .codes import PREFIX_COMPANY, make_uscc
from .dates import LAST_DAY, Days, add_years
from .departments import Dept
from .export_plan import Group, plan_groups
from .parties import Parties, Subject
from .templates import (
    ACT_TEMPLATES,
    FOODS,
    LICENCE_TEMPLATES,
    PENALTY_TEMPLATES,
    PERSON,
    PLACES,
    PRODUCTS,
)

#: Export quirks the default sample must show: one department's system writes GB18030,
#: another's writes the pinyin column codes instead of the Chinese headers.
GB18030_EXPORT = ("licenses", "housing")
PINYIN_EXPORT = ("penalties", "eco")

# Column order of each export (model field names; the header text comes from the model): the
# national layout without the pre-USCC registration numbers (the sample's bodies all have a
# 统一社会信用代码), then the publication columns a department's system adds.
_PUBLICATION = ("published_on", "revoked_on")
PENALTY_COLUMNS = (
    *(f for f in PENALTY.layout if f not in OLD_REGISTRATION_CODES),
    *_PUBLICATION,
    "repaired_on",
    "repair_decision_no",
)
LICENCE_COLUMNS = (*(f for f in LICENSE.layout if f not in OLD_REGISTRATION_CODES), *_PUBLICATION)
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


PHASES = "一二三四五六七八九"


def phase(n: int) -> str:
    """一期, 二期 … of a firm's n-th project of a kind."""
    return f"{PHASES[n - 1] if n <= len(PHASES) else n}期"


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
        self.repairs: dict[tuple[str, int], int] = {}
        """Credit-repair decisions numbered per department and year (no draw from rng)."""
        #: Per penalty template, the firms fined under it (see Parties.pick).
        self.seen: dict[int, set[str]] = {}
        #: Per department, its licence kinds weighted by how many firms are in their trades.
        self.licence_kinds: dict[str, list[str]] = {}
        #: Per licence kind, per firm granted it: how many times (its projects' phases) and
        #: the trade its wording is for.
        self.granted: dict[str, dict[str, list]] = {}

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
        if fixed:
            subject = Subject(
                fixed["subject"],
                "法人及非法人组织",
                make_uscc(PREFIX_COMPANY, fixed["code"]),
                fixed["rep"],
                None,
            )
            tpl = PENALTY_TEMPLATES["食品安全"][0]
        else:
            tpl = rng.choice(PENALTY_TEMPLATES[rng.choice(d.penalty_fields)])
            seen = self.seen.get(id(tpl))
            if seen is None:
                seen = self.seen[id(tpl)] = set()
            subject = self.parties.pick(tpl.parties, tpl.person, seen)
            seen.add(subject.name)
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
            n = self.repairs[(d.id, day.year)] = self.repairs.get((d.id, day.year), 0) + 1
            row["repair_decision_no"] = f"示{d.abbr}信修〔{day.year}〕{n}号"
            row["remarks"] = "已履行处罚并完成信用修复"
        elif date(2025, 6, 1) <= decided <= date(2026, 10, 31) and subject.kind != "自然人":
            self.notable.penalties.append((no, d.id))
        return row

    def licence_row(self, d: Dept, decided: date, no: str, seq: int) -> dict[str, str]:
        rng, style = self.rng, d.dates
        # A kind is granted about as often as there are firms in its trades: many food shops,
        # few food makers.
        kinds = self.licence_kinds.get(d.id)
        if kinds is None:  # each kind repeated once per firm in its trades, drawn uniformly
            kinds = [
                k for k in d.licence_kinds for _ in self.parties.pool(LICENCE_TEMPLATES[k].parties)
            ]
            self.licence_kinds[d.id] = kinds
        kind = rng.choice(kinds)
        tpl = LICENCE_TEMPLATES[kind]
        granted = self.granted.get(kind)
        if granted is None:
            granted = self.granted[kind] = {}
        subject = self.parties.pick(tpl.parties, avoid=granted)
        held = granted.get(subject.name)
        if held is None:
            # the wording for the licensee's trade (a firm may be in several: the first listed)
            trade = next(t for t in tpl.parties if t in subject.trades)
            held = granted[subject.name] = [0, trade]
        held[0] += 1
        n, trade = held
        content = tpl.content[trade]
        if "{" in content:  # a project named after the licensee, in its phases
            content = content.format(brand=subject.brand, phase=phase(n))
        row = self.subject_cells(subject)
        until = (
            LONG_TERM if tpl.years is None else add_years(decided, tpl.years) - timedelta(days=1)
        )
        row |= {
            "document_name": tpl.document,
            "decision_no": no,
            "category": tpl.category,
            "certificate_name": tpl.certificate or "",
            "content": content,
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

    def act_row(self, d: Dept, decided: date, no: str, key: str) -> dict[str, str]:
        rng, style = self.rng, d.dates
        tpl = ACT_TEMPLATES[key]
        firms = tuple(t for t in tpl.parties if t != PERSON)
        if PERSON in tpl.parties:
            subject = self.parties.pick(firms, 0.5) if firms else self.parties.person()
        else:
            subject = self.parties.pick(firms)
        row = {
            "act_kind": tpl.kind,
            "subject_name": subject.name,
            "subject_kind": subject.kind,
            "subject_uscc": subject.code or "",
            "decision_no": no,
            "content": tpl.content,
            "legal_basis": tpl.basis,
            "decided_on": fmt(decided, style),
        }
        self.authority(d, row, source=False)
        self.publication(decided, row, style)
        if tpl.lifted and rng.random() < 0.3 and (day := self.maybe_later(decided, 30, 90)):
            row["remarks"] = f"已于{fmt(day, style)}{tpl.lifted}"
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
                key = self.rng.choice(g.dept.act_kinds)
                mark = ACT_TEMPLATES[key].mark
                yield self.act_row(g.dept, decided, f"示{abbr}{mark}〔{year}〕{seq}号", key)

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
