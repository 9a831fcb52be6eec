"""The build: load → validate → derive → render (Pelican) → scan → index → publish.

``build`` derives the Portal once and hands it to Pelican (``generator.render.plugin``);
the search index is made from the same Portal. The output directory is replaced only
when every step succeeded: the site is built beside it and swapped in, so nothing
half-built is published.
"""

from __future__ import annotations

import importlib
import shutil
from datetime import date
from pathlib import Path

from search import index_dir_for, index_site

from ..core import portal as core
from ..core.derive import Portal
from ..core.portal import Checked
from ..core.problems import BuildError
from ..render.plugin import PORTAL_KEY
from . import scan
from .release import swap_in

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

    return read_settings(
        str(settings_file(publish, conf)),
        override={
            "PATH": str(Path(content_dir).resolve()),
            "OUTPUT_PATH": str(Path(output_dir).resolve()),
            "PORTAL_AS_OF": as_of.isoformat(),
            "DELETE_OUTPUT_DIRECTORY": False,
        },
    )


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


def build(
    content_dir: Path,
    output_dir: Path,
    as_of: date,
    publish: bool = False,
    conf: Path | None = None,
) -> Path:
    """Validate, render and index the site into ``output_dir``, replacing it only on success."""
    from pelican import Pelican

    portal = derive_portal(content_dir, as_of, conf)  # invalid content: nothing is written
    output_dir = Path(output_dir)
    staging = output_dir.with_name(f".{output_dir.name}.building")
    index_staging = index_dir_for(output_dir).with_name(f".{index_dir_for(output_dir).name}.building")
    for folder in (staging, index_staging):
        if folder.exists():
            shutil.rmtree(folder)
    staging.mkdir(parents=True)
    try:
        settings = pelican_settings(content_dir, staging, as_of, publish, conf)
        settings[PORTAL_KEY] = portal
        Pelican(settings).run()
        leaks = scan.scan_tree(staging)
        if leaks:
            raise BuildError(leaks)
        fresh_index = index_site(
            portal,
            staging,
            settings,
            live_site=output_dir,
            index_target=index_staging,
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(index_staging, ignore_errors=True)
        raise
    # The Whoosh index (beside the site) is swapped in before the pages: should the page
    # swap then fail, the API runs ahead of the pages instead of serving withdrawn records.
    if fresh_index is not None:
        swap_in(fresh_index, index_dir_for(output_dir))
    swap_in(staging, output_dir)
    return output_dir
