"""``portal sample`` at district scale (demo/scale.py): more bodies, years, promises, cases, updates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from demo import departments
from demo.scale import Scale, extra_departments, write_scaled_sample
from generator.publish.pipeline import check

pytestmark = pytest.mark.slow


def test_a_scaled_sample_is_valid_and_as_large_as_asked(tmp_path: Path) -> None:
    out = tmp_path / "content"
    scale = Scale(departments=30, years=7, promises=45, cases=26, updates=9)
    write_scaled_sample(out, records=1500, seed=7, scale=scale)
    checked = check(out)
    assert checked.problems == []
    data = checked.content.datasets
    assert len(data["departments"]) == 30 and len(data["promises"]) == 45 and len(data["cases"]) == 26
    years = {int(y) for p in (out / "data" / "penalties").glob("*.csv") for y in re.findall(r"-(\d{4})", p.name)}
    assert min(years) == 2020 and max(years) == 2026
    assert len(list((out / "updates").glob("*.md"))) == 9
    # The module tables are the default's again afterwards.
    assert len(departments.DEPARTMENTS) < 30


def test_extra_bodies_are_distinct_and_stable() -> None:
    bodies = extra_departments(36)
    assert len({d.id for d in bodies}) == 36 and len({d.abbr for d in bodies}) == 36
    assert not {d.abbr for d in bodies} & {d.abbr for d in departments.DEPARTMENTS}
    assert bodies == extra_departments(36)
    parents = {d.parent for d in bodies if d.parent}
    assert parents <= {d.id for d in bodies}


def test_the_default_scale_writes_the_default_sample(tmp_path: Path) -> None:
    from demo.sample import write_sample

    write_sample(tmp_path / "a", records=300, seed=2026)
    write_scaled_sample(tmp_path / "b", records=300, seed=2026, scale=Scale())
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert yaml.safe_load((tmp_path / "b" / "data" / "departments.yaml").read_text("utf-8"))
