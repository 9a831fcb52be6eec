"""A district-scale sample: more bodies, more years, more promises, cases and press updates.

``portal sample --departments 60 --years 10 --promises 3000 --cases 2000 --updates 100``
(bench/run.py's content, issue 10) writes the same kind of tree as the default sample, only
bigger. Nothing here runs for the default sample, which stays byte-identical.

How: the sample's modules read their tables (``DEPARTMENTS``, ``YEARS`` …) from module
globals, so ``scaled(scale)`` swaps those globals, in every loaded ``demo`` module that holds
the very same object, for the larger tables while the sample is written, and puts the
originals back afterwards. The extra bodies are made deterministically from their number:
street offices that enforce (街道执法) and the residents' committees under them, each with a
name, abbreviation and 部门排序 of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.core.models import DepartmentKind

from . import dates, departments

#: Fictional place names for the extra bodies (示例区 is fictional; none is a real district's).
PLACES = (
    "东湖 西岭 南塘 北苑 金桥 银河 翠屏 临江 望海 云龙 白鹭 松林 梅园 竹溪 枫桥 荷塘 桂香 兰亭 "
    "石泉 玉带 锦绣 长乐 永宁 安康 和平 太平 丰收 新华 光明 朝阳 春晖 秋实 清源 碧波 鹿鸣 凤栖 "
    "龙湾 虎丘 鹤林 雁塔 燕山 莺歌 蝶谷 杏林 桃溪 李庄 柏园 樟树 榕城 槐荫 楠溪 杉木 榆林 桑田"
).split()


@dataclass(frozen=True)
class Scale:
    """What a larger sample has; None keeps the default sample's own."""

    departments: int | None = None
    """Bodies in all (at least the directory's own; extra ones are generated)."""
    years: int | None = None
    """Decision years, ending with the sample's last year (2026)."""
    promises: int | None = None
    cases: int | None = None
    updates: int | None = None
    """Press updates in all (the fixed ones, then generated ones)."""

    @property
    def default(self) -> bool:
        return self == Scale()


def extra_departments(count: int) -> list[departments.Dept]:
    """``count`` more bodies: a street office (街道执法), then two residents' committees under it, …"""
    out: list[departments.Dept] = []
    office: departments.Dept | None = None
    n = 0
    while len(out) < count:
        place = PLACES[n % len(PLACES)] + ("" if n < len(PLACES) else str(n // len(PLACES) + 1))
        n += 1
        if office is None or sum(1 for d in out if d.parent == office.id) >= 2:
            office = departments.Dept(
                id=f"street-{n:02d}",
                name=f"示例区{place}街道办事处",
                kind=DepartmentKind.subdistrict_office,
                abbr=f"{place}街",
                penalty_fields=("街道执法",),
                weight=0.3,
                order=500 + 10 * n,
            )
            out.append(office)
        else:
            out.append(
                departments.Dept(
                    id=f"community-{n:02d}",
                    name=f"{office.name.removesuffix('办事处')}{place}社区居民委员会",
                    kind=DepartmentKind.grassroots_autonomy,
                    abbr=place,
                    parent=office.id,
                    order=900 + 10 * n,
                )
            )
    return out


def _swap(pairs: list[tuple[object, object]]) -> list[tuple[object, str, object]]:
    """Replace, in every loaded demo module, each global that *is* an old object by its new one."""
    done = []
    for name, module in list(sys.modules.items()):
        if not (name == "demo" or name.startswith("demo.")) or module is None:
            continue
        for attr, value in list(vars(module).items()):
            for old, new in pairs:
                if value is old:
                    setattr(module, attr, new)
                    done.append((module, attr, old))
    return done


@contextmanager
def scaled(scale: Scale) -> Iterator[None]:
    """The sample's tables grown to ``scale`` while the block runs (see the module's docstring)."""
    import demo.hand_kept as hand_kept  # noqa: F401 - loaded, so that its globals are swapped too

    pairs: list[tuple[object, object]] = []
    base = departments.DEPARTMENTS
    if scale.departments and scale.departments > len(base):
        bodies = base + tuple(extra_departments(scale.departments - len(base)))
        uscc = {d.id: d.make_code(i) for i, d in enumerate(bodies)}
        pairs += [
            (base, bodies),
            (departments.DEPT_BY_ID, {d.id: d for d in bodies}),
            (departments.DEPT_USCC, uscc),
        ]
        # Tables other modules computed from the directory when they were imported.
        for attr, value in (
            ("DISTRICT", [d.id for d in bodies if d.kind == DepartmentKind.district_department]),
            ("ALL_IDS", [d.id for d in bodies]),
            ("NAME", {d.id: d.name for d in bodies}),
        ):
            if hasattr(hand_kept, attr):
                pairs.append((getattr(hand_kept, attr), value))
    if scale.years:
        first = date(dates.LAST_DAY.year - scale.years + 1, 1, 1)
        pairs += [
            (dates.FIRST_DAY, first),
            (dates.YEARS, range(first.year, dates.LAST_DAY.year + 1)),
        ]
    # Dates and ranges are values, not identities: swap only the modules' own names for them.
    swapped = _swap([p for p in pairs if not isinstance(p[0], date | range)])
    for old, new in pairs:
        if isinstance(old, date | range):
            for name, module in list(sys.modules.items()):
                if (name == "demo" or name.startswith("demo.")) and module is not None:
                    for attr in ("FIRST_DAY", "YEARS"):
                        if getattr(module, attr, None) == old and type(old) is type(new):
                            swapped.append((module, attr, old))
                            setattr(module, attr, new)
    try:
        yield
    finally:
        for module, attr, old in reversed(swapped):
            setattr(module, attr, old)


def generated_updates(folder: Path, count: int, start: int) -> None:
    """Press updates ``start+1`` … ``count``: dated working-day news, one Markdown file each."""
    first = datetime(2017, 1, 9, 10, 0)
    span = (datetime(2026, 11, 10, 10, 0) - first).days
    topics = ("信用承诺", "双公示", "信用修复", "守信激励", "失信惩戒", "信用培训")
    for i in range(start, count):
        when = first + timedelta(days=span * (i - start) // max(1, count - start))
        topic = topics[i % len(topics)]
        slug = f"gong-zuo-dong-tai-{i + 1:04d}"
        text = (
            f"Title: {topic}工作动态（第{i + 1}期）\n"
            f"Date: {when:%Y-%m-%d %H:%M}\n"
            "Category: 工作动态\n"
            f"Slug: {slug}\n"
            f"Summary: 示例区{topic}工作进展（演示数据）。\n\n"
            "*本文为演示数据，示例区为虚构行政区。*\n\n"
            f"本期介绍示例区{topic}工作的进展：各部门按规定在作出决定后 7 个工作日内公开"
            f"行政许可和行政处罚信息，区信用办按月核查公开情况并通报。\n"
        )
        (folder / f"{when:%Y-%m-%d}-{slug}.md").write_text(text, encoding="utf-8")


def _rewrite(data: Path, stem: str, items: list) -> None:
    """Write a hand-kept dataset again, under the header title the sample gave it."""
    from .sample import dump_yaml

    path = data / f"{stem}.yaml"
    title = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
    dump_yaml(path, title, items)


def write_scaled_sample(out: Path, records: int, seed: int, scale: Scale) -> None:
    """``write_sample`` at ``scale``: the same tree, with the larger tables and counts."""
    import random

    from . import hand_kept
    from .sample import write_sample

    if scale.default:
        write_sample(out, records, seed)
        return
    out = Path(out)
    with scaled(scale):
        write_sample(out, records, seed)
        # Same generators and seeds as hand_kept(), only the counts differ.
        if scale.promises is not None:
            rng = random.Random(f"{seed}:promises")
            _rewrite(out / "data", "promises", hand_kept.promises(rng, scale.promises))
        if scale.cases is not None:
            rng = random.Random(f"{seed}:cases")
            _rewrite(out / "data", "cases", hand_kept.cases(rng, scale.cases))
    if scale.updates is not None:
        folder = out / "updates"
        fixed = len(list(folder.glob("*.md")))
        generated_updates(folder, scale.updates, fixed)
