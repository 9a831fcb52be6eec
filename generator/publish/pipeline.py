"""The build: load → validate → derive → (render (Pelican) ∥ index) → scan → publish.

``build`` derives the Portal once and hands it to Pelican (``generator.render.plugin``);
the search indexes are made from the same Portal, in a forked child while Pelican renders
(publish/background.py). Each build is a release of its own,
switched in only when every step succeeded (publish/release.py), so nothing half-built
is ever live.
"""

from __future__ import annotations

import importlib
import os
import shutil
import traceback
from datetime import date
from pathlib import Path

from search.indexing import index_site

from ..core import portal as core
from ..core.derive import Portal, derive
from ..core.portal import Checked
from ..core.problems import BuildError, Problem
from ..render.plugin import LIVE_KEY, PORTAL_KEY, PROGRESS_KEY
from . import inputs, manifest, scan
from .background import Forked
from .ledger import Ledger, State, first_published
from .ledger import apply as apply_history
from .ledger import plan as ledger_plan
from .progress import Progress, Silent
from .release import SEARCH, SITE, Releases

#: The package's own settings, used when no pelicanconf.py is given or found.
DEFAULT_SETTINGS = Path(__file__).resolve().parent.parent / "defaults.py"


def settings_file(publish: bool = False, explicit: Path | None = None) -> Path:
    """The settings file: ``explicit``, else the site's own in the current folder, else the package's."""
    if explicit is not None:
        return Path(explicit)
    local = Path("publishconf.py" if publish else "pelicanconf.py")
    return local if local.is_file() else DEFAULT_SETTINGS


def pelican_settings(
    content_dir: Path,
    output_dir: Path,
    as_of: date,
    publish: bool = False,
    conf: Path | None = None,
) -> dict:
    """Pelican settings from the settings file, pointed at these folders."""
    from pelican.settings import read_settings

    path = settings_file(publish, conf)
    try:
        return read_settings(
            str(path),
            override={
                "PATH": str(Path(content_dir).resolve()),
                "OUTPUT_PATH": str(Path(output_dir).resolve()),
                "PORTAL_AS_OF": as_of.isoformat(),
                "DELETE_OUTPUT_DIRECTORY": False,
            },
        )
    except Exception as e:  # noqa: BLE001 - a settings file is Python: any error is the operator's to fix
        raise BuildError([_settings_problem(Path(path), e)]) from e


def _settings_problem(path: Path, error: Exception) -> Problem:
    """A settings file that does not load, as one ``path:line`` report (no traceback)."""
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    if line is None:
        frames = traceback.extract_tb(error.__traceback__)
        line = next(
            (f.lineno for f in reversed(frames) if Path(f.filename).resolve() == path.resolve()), 1
        )
    return Problem(str(path), line or 1, "设置", f"设置文件无法载入：{type(error).__name__}: {error}")


def register_plugins(settings: dict) -> None:
    """Connect the configured plugins' receivers (as Pelican does when it starts).

    ``portal validate`` runs no Pelican, yet features check their own files through
    the ``check_content`` signal; connecting twice is harmless (blinker keeps one).
    """
    for name in settings.get("PLUGINS") or []:
        importlib.import_module(name).register()


def check(content_dir: Path, conf: Path | None = None) -> Checked:
    """Load and validate the content, with every configured feature's own checks."""
    register_plugins(pelican_settings(content_dir, Path("output"), date.today(), conf=conf))
    return core.check(content_dir)


def derive_portal(content_dir: Path, as_of: date, conf: Path | None = None) -> Portal:
    """The derived Portal of valid content; problems raise BuildError."""
    register_plugins(pelican_settings(content_dir, Path("output"), as_of, conf=conf))
    return core.derive_portal(content_dir, as_of)


def ledger_path(settings: dict, output_dir: Path) -> Path:
    """The publish ledger's file: PORTAL_LEDGER, else ``<output>.ledger.sqlite`` beside the output."""
    configured = settings.get("PORTAL_LEDGER")
    return Path(configured) if configured else Ledger.default_path(output_dir)


def build(
    content_dir: Path,
    output_dir: Path,
    as_of: date,
    publish: bool = False,
    conf: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Validate, render and index a new release of the site and make it live at ``output_dir``.

    ``publish`` (``portal publish``) uses publishconf.py and records the publish in the
    ledger; without it (``portal build``) the build is a preview: it shows the history the
    ledger holds, and what this publish would add to it, but records nothing. Invalid content
    writes nothing. The release is written beside the live one and switched in with one
    rename (publish/release.py); a failed build leaves the live site and the ledger as they were.
    ``progress`` reports each stage (generator/publish/progress.py): a bar on a terminal,
    one line with its time per stage otherwise.
    """
    from pelican import Pelican

    progress = progress or Progress()
    settings = pelican_settings(content_dir, output_dir, as_of, publish, conf)
    register_plugins(settings)
    ledger = Ledger(ledger_path(settings, output_dir))
    releases = Releases(output_dir)
    with progress.stage("输入指纹"):
        key = inputs.inputs_key(
            content_dir, settings_file(publish, conf), ledger.path, as_of, publish
        )
    if _reuse_live(releases, key, settings, progress):
        return Path(output_dir)
    with progress.stage("读取与校验"):
        checked = core.check(content_dir)
    if checked.problems:
        raise BuildError(checked.problems)
    with releases.lock():
        state = ledger.load()
        if not publish and state.last_day and as_of < state.last_day:
            state = State(secret=state.secret)  # a preview of the past: no history to show
        with progress.stage("推导状态与发布记录"):
            portal = derive(checked.content, as_of, first_published(state, as_of))
            plan = ledger_plan(state, portal, as_of)
            apply_history(plan, portal)
        staging = releases.start()
        live = releases.current()
        try:
            settings["OUTPUT_PATH"] = str(staging / SITE)
            settings[PORTAL_KEY] = portal
            settings[PROGRESS_KEY] = progress
            settings[LIVE_KEY] = str(live / SITE) if live else None
            # The search indexes are written by a forked child on the other core while Pelican
            # renders (publish/background.py); the scan waits for both, as it reads every file.
            child_progress = progress if not progress.tty else Silent()
            indexing = Forked(
                lambda: index_site(
                    portal,
                    staging / SITE,
                    dict(settings),
                    live_site=output_dir,
                    index_target=staging / SEARCH,
                    progress=child_progress,
                )
            )
            try:
                with progress.stage("渲染页面（Pelican）"):
                    Pelican(settings).run()
                with progress.stage("等待搜索索引（后台进程）"):
                    indexing.join()
            except BaseException:
                indexing.cancel()
                raise
            with progress.stage("泄露扫描"):
                leaks = scan.scan_tree(staging / SITE, live / SITE if live else None)
            if leaks:
                raise BuildError(leaks)
            with progress.stage("清单 manifest.json"):
                manifest.write(staging / SITE, live / SITE if live else None)
            inputs.write_key(staging, key)
            releases.finish(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if publish:
            ledger.commit(plan)
        releases.prune(int(settings.get("PORTAL_KEEP_RELEASES") or 0))
    return Path(output_dir)


def _reuse_live(releases: Releases, key: str, settings: dict, progress: Progress) -> bool:
    """When the live release was built from exactly these inputs (publish/inputs.py), make the
    new release its hard-linked copy and return True: nothing to load, render or index.

    A publish of an unchanged state on the same day records nothing new, so the ledger is
    left as it is (its rows are part of the key).
    """
    live = releases.current()
    if live is None or inputs.read_key(live) != key:
        return False
    with releases.lock():
        if releases.current() != live:
            return False  # another build finished in between: build as usual
        with progress.stage("内容未变：沿用现有版本"):
            staging = releases.start()
            try:
                for item in sorted(live.iterdir()):
                    if item.is_dir():
                        shutil.copytree(item, staging / item.name, copy_function=os.link, dirs_exist_ok=True)
                    else:
                        os.link(item, staging / item.name)
                releases.finish(staging)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        releases.prune(int(settings.get("PORTAL_KEEP_RELEASES") or 0))
    return True
