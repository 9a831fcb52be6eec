"""``make devserver``: plain Pelican rebuilding in one process sees every content edit."""

from __future__ import annotations

from datetime import date

from pelican import Pelican

from generator.publish.pipeline import pelican_settings, register_plugins
from tests.searchkit import FOOD, search_tree


def test_two_pelican_runs_in_one_process_show_an_edited_csv(tmp_path):
    """No Portal is cached between runs: the second run shows the edit (pelican -r does this)."""
    content = search_tree(tmp_path)
    out = tmp_path / "dev"
    settings = pelican_settings(content, out, date(2025, 11, 1))
    register_plugins(settings)
    assert "portal" not in settings  # no Portal handed over: each run derives its own
    Pelican(dict(settings)).run()
    page = out / "shuanggongshi/market/penalty-2025.html"
    assert FOOD["facts"] in page.read_text("utf-8")

    csv_path = content / "data/penalties/2025.csv"
    csv_path.write_text(
        csv_path.read_text("utf-8-sig").replace(FOOD["facts"], "经复核：冷菜间温度超标"), "utf-8-sig"
    )
    Pelican(dict(settings)).run()
    text = page.read_text("utf-8")
    assert "经复核：冷菜间温度超标" in text and FOOD["facts"] not in text
