"""The package as a user gets it: a wheel with every data file, declared dependencies, a site built.

The wheel is built offline from a clean copy of the sources (never in the working tree,
whose ``build/`` may hold files of modules that no longer exist). The install test puts
it into a fresh venv that sees the already-installed dependencies through a ``.pth`` file
— lines of a ``.pth`` file go onto ``sys.path``, but ``.pth`` files inside such a folder
are not processed, so this checkout's editable install does not leak in — and builds the
sample site from a folder outside the repository.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
#: The source folders the import scan reads (the shipped code).
CODE_DIRS = ("generator", "search", "demo", "theme")
#: Data folders that ship whole: source folder -> where it lands in the wheel.
DATA = {
    "theme/templates": "generator/theme/templates",
    "theme/static": "generator/theme/static",
    "search/static": "search/static",
    "demo/pages": "demo/pages",
    "demo/data": "demo/data",
}
AS_OF = "2026-11-28"


def _declared() -> dict[str, Requirement]:
    reqs = (Requirement(r) for r in PYPROJECT["project"]["dependencies"])
    return {canonicalize_name(r.name): r for r in reqs}


def _first_party() -> set[str]:
    return {p.split(".")[0] for p in SETUPTOOLS["packages"]}


def _clean_env() -> dict[str, str]:
    """The environment minus anything that would put this checkout on sys.path."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def _run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        cmd, cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, cmd))} exited {proc.returncode}\n"
        f"--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"
    )
    return proc


def _source_copy(dest: Path) -> Path:
    """pyproject.toml, README.md and the package folders, without caches."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for top in sorted(CODE_DIRS):
        shutil.copytree(ROOT / top, dest / top, ignore=ignore)
    return dest


def _offline_build_possible() -> bool:
    """Whether this interpreter's setuptools satisfies [build-system] (requirements-dev pins it)."""
    for spec in PYPROJECT["build-system"]["requires"]:
        req = Requirement(spec)
        try:
            have = importlib.metadata.version(req.name)
        except importlib.metadata.PackageNotFoundError:
            return False
        if not req.specifier.contains(have, prereleases=True):
            return False
    return True


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    src = _source_copy(base / "src")
    dist = base / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(src)]
    if _offline_build_possible():
        cmd[4:4] = ["--no-build-isolation", "--no-index"]
    _run(cmd, cwd=base)
    (built,) = dist.glob("*.whl")
    return built


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.mark.slow  # the wheel fixture runs pip wheel in a fresh process
def test_wheel_ships_every_module_and_data_file(wheel: Path) -> None:
    names = _wheel_names(wheel)
    missing = []
    for top in ("generator", "search", "demo"):
        for py in sorted((ROOT / top).rglob("*.py")):
            if "__pycache__" not in py.parts:
                missing += [] if py.relative_to(ROOT).as_posix() in names else [str(py)]
    for py in sorted((ROOT / "theme").glob("*.py")):
        missing += [] if f"generator/theme/{py.name}" in names else [str(py)]
    for src, target in DATA.items():
        files = [
            f
            for f in sorted((ROOT / src).rglob("*"))
            if f.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in f.parts)
        ]
        assert files or src == "demo/data", f"{src} is empty: wrong folder in DATA?"
        for f in files:
            if f"{target}/{f.relative_to(ROOT / src).as_posix()}" not in names:
                missing.append(str(f.relative_to(ROOT)))
    assert not missing, f"not in {wheel.name}: {missing}"
    for must in (
        "generator/theme/README.md",
        "generator/theme/templates/base.html",
        "generator/theme/static/css/portal.css",
        "search/static/portal-search.js",
    ):
        assert must in names


@pytest.mark.slow  # the wheel fixture runs pip wheel in a fresh process
def test_wheel_ships_no_tests_caches_or_stray_top_levels(wheel: Path) -> None:
    names = _wheel_names(wheel)
    extra = {n.split("/")[0] for n in names} - _first_party()
    assert len(extra) == 1 and extra.pop().endswith(".dist-info"), sorted(extra)
    bad = [n for n in names if n.startswith("tests/") or "__pycache__" in n or n.endswith(".pyc")]
    assert not bad, bad
    with zipfile.ZipFile(wheel) as zf:
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(entry_points).decode()
    assert "portal = generator.cli:main" in text
    assert "sample = demo.cli:register" in text


def _third_party_imports() -> dict[str, list[str]]:
    """Top-level name of every absolute, non-stdlib, non-project import -> where it occurs."""
    ours = _first_party()
    found: dict[str, list[str]] = {}
    for top in CODE_DIRS:
        for py in sorted((ROOT / top).rglob("*.py")):
            tree = ast.parse(py.read_bytes(), filename=str(py))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    head = name.split(".")[0]
                    if head in sys.stdlib_module_names or head in ours:
                        continue
                    found.setdefault(head, []).append(f"{py.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_imported_package_is_a_declared_dependency() -> None:
    imports = _third_party_imports()
    assert imports, "the scan found no third-party import at all"
    declared = _declared()
    owners = importlib.metadata.packages_distributions()
    problems = []
    for module, where in sorted(imports.items()):
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        if not dists:
            problems.append(f"{module} (imported at {where[0]}) is not installed: which package?")
        elif not dists & declared.keys():
            problems.append(
                f"{module} (imported at {where[0]}) comes from {sorted(dists)}, "
                "which [project].dependencies does not declare"
            )
    assert not problems, "\n".join(problems)


def _pins() -> dict[str, Requirement]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            req = Requirement(line)
            pins[canonicalize_name(req.name)] = req
    return pins


def test_requirements_pins_match_the_declared_ranges() -> None:
    declared, pins = _declared(), _pins()
    assert sorted(declared) == sorted(pins), (
        "requirements.txt pins exactly the runtime dependencies that pyproject declares"
    )
    for name, req in pins.items():
        (spec,) = req.specifier
        assert spec.operator == "==", f"requirements.txt: {req} is not an exact pin"
        assert declared[name].specifier.contains(spec.version, prereleases=True), (
            f"requirements.txt pins {req}, outside pyproject's {declared[name]}"
        )
        assert req.extras == declared[name].extras, f"{req} vs {declared[name]}: extras differ"


def _site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        env=_clean_env(),
    )
    return Path(out.stdout.strip())


@pytest.mark.slow
def test_installed_wheel_builds_the_sample_site(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python, portal = venv / "bin" / "python", venv / "bin" / "portal"
    # Install first (pip sees no other copy of the project), then lend the dependencies.
    _run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        cwd=tmp_path,
    )
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (_site_packages(python) / "_portal_test_deps.pth").write_text(
        "".join(f"{p}\n" for p in sorted(lent)), encoding="utf-8"
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run(
        [
            str(python),
            "-c",
            "import generator, search, demo, generator.defaults as d;"
            "print(generator.__file__); print(search.__file__); print(demo.__file__); print(d.THEME)",
        ],
        cwd=work,
    ).stdout.split()
    site = _site_packages(python)
    for path in where:
        assert Path(path).is_relative_to(site), f"{path} is not the installed copy (in {site})"

    _run(
        [str(portal), "sample", "--records", "300", "--seed", "2026", "--out", "content"], cwd=work
    )
    _run(
        [str(portal), "build", "--content", "content", "--output", "out", "--as-of", AS_OF],
        cwd=work,
    )

    out = work / "out"
    for page in ("index.html", "search.html", "departments/index.html", "sitemap.xml"):
        assert (out / page).is_file(), f"{page} missing"
    assert len(list((out / "departments").glob("*.html"))) > 5
    assert (out / "pagefind" / "pagefind.js").is_file()
    # The Whoosh index lives beside the site; ask the installed package where.
    index = _run(
        [str(python), "-c", "import search; print(search.index_dir_for('out'))"], cwd=work
    ).stdout.strip()
    assert (Path(index) / "hashes.json").is_file(), f"no Whoosh index at {index}"
    assert "portal.css" in (out / "index.html").read_text(encoding="utf-8")
