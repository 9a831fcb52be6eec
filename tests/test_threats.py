"""docs/security.md stays true: every test it names exists, its nginx headers are the server's,
and the probes of issue 11 that held without a test of their own have one here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator.publish.pipeline import check
from search.server import SECURITY_HEADERS
from tests.contentkit import make_tree

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"


def _defined(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_test_the_threat_list_names_exists() -> None:
    text = DOC.read_text("utf-8")
    named = re.findall(r"\b(tests/test_\w+\.py)::(test_\w+)", text)
    assert len(named) > 40
    missing = [f"{f}::{t}" for f, t in named if not (ROOT / f).is_file() or t not in _defined(ROOT / f)]
    assert not missing, missing
    for path in re.findall(r"\b((?:tests|bench|generator|search)/[\w/]+\.py)\b", text):
        assert (ROOT / path).is_file(), path


def test_documented_nginx_headers_are_the_servers() -> None:
    text = DOC.read_text("utf-8")
    documented = dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', text))
    assert documented == SECURITY_HEADERS
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
    base = (ROOT / "theme" / "templates" / "base.html").read_text("utf-8")
    assert meta and meta.group(0) in base


# --------------------------------------------------------------------------- what held


def test_yaml_python_tags_are_refused_with_their_line(tmp_path: Path) -> None:
    text = "- id: a\n  title: !!python/object/apply:os.system ['touch pwned']\n"
    found = [str(p) for p in check(make_tree(tmp_path, {"data/promises.yaml": text})).problems]
    assert len(found) == 1 and found[0].startswith("content/data/promises.yaml:2: YAML: "), found
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_path_tricks_in_ids_are_refused(tmp_path: Path) -> None:
    cases = "- id: ../../x\n  kind: 失信案例\n  title: t\n  department: market\n  occurred_on: 2025-01-01\n  exposed_on: 2025-02-01\n  summary: s\n"
    found = [str(p) for p in check(make_tree(tmp_path, {"data/cases.yaml": cases})).problems]
    assert [f.split(": ")[0:2] for f in found] == [["content/data/cases.yaml:1", "id"]], found
