"""Documentation that is generated or promised must match the code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.docs import DATA_FORMAT_PATH, render_data_format

ROOT = Path(__file__).resolve().parent.parent


def test_data_format_doc_is_current():
    assert DATA_FORMAT_PATH.read_text(encoding="utf-8") == render_data_format(), "run: portal docs"


def test_every_model_field_has_a_docstring():
    from pydantic import BaseModel

    from generator.core import models

    for name in dir(models):
        obj = getattr(models, name)
        if (
            isinstance(obj, type)
            and issubclass(obj, BaseModel)
            and obj.__module__ == models.__name__
        ):
            for field, info in obj.model_fields.items():
                assert info.description, f"{name}.{field} has no docstring"


def test_every_portal_setting_is_documented():
    settings = set()
    for conf in ("pelicanconf.py", "publishconf.py"):
        settings |= set(re.findall(r"^(PORTAL_[A-Z_]+)\s*=", (ROOT / conf).read_text(), re.M))
    documented = set(re.findall(r"`(PORTAL_[A-Z_]+)`", (ROOT / "docs" / "settings.md").read_text()))
    assert settings and settings <= documented, settings - documented


def test_docs_check_command_fails_when_stale(tmp_path, monkeypatch):
    import generator.cli as cli
    import generator.docs as docs

    stale = tmp_path / "data-format.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(docs, "DATA_FORMAT_PATH", stale)
    assert cli.main(["docs", "--check"]) == 1
    assert cli.main(["docs"]) == 0
    assert cli.main(["docs", "--check"]) == 0


def test_readme_opens_with_the_two_setup_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make html", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert (
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "--help"], capture_output=True
        ).returncode
        == 0
    )
