"""The portal's core Pelican plugin: a generator that writes every portal page from one Portal.

Where the Portal comes from: ``portal build`` derives it once and hands it over in the
settings (key ``portal``, lowercase so no configuration file can set it); a plain
``pelican`` run (``make devserver``) has none and derives it afresh on every run, so an
edited CSV shows on the next rebuild. Nothing is cached between runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pelican import signals as pelican_signals
from pelican.generators import Generator

from .. import signals
from ..core.derive import Portal
from ..core.portal import derive_portal
from . import changes, feeds, pages, press, urls
from .cache import PageCache, code_digest, global_key
from .filters import add_to_environment, hold_future_updates, sanitise_content

#: Settings key under which ``portal build`` hands its derived Portal to Pelican.
PORTAL_KEY = "portal"
#: Settings key naming the live release's site folder (``portal build`` only; None before the
#: first release): pages whose inputs did not change are hard-linked from there (render/cache.py).
LIVE_KEY = "portal_live_site"
#: Settings key of the build's progress reporter (publish/progress.py), advanced per page.
PROGRESS_KEY = "portal_progress"


def portal_of(settings: dict) -> Portal:
    """The build's Portal: the one handed over, else derived now from ``PATH``."""
    handed = settings.get(PORTAL_KEY)
    if handed is not None:
        return handed
    # Plain `pelican` runs (make devserver) mean today unless PORTAL_AS_OF says otherwise.
    configured = settings.get("PORTAL_AS_OF")
    as_of = date.fromisoformat(str(configured)) if configured else date.today()
    return derive_portal(Path(settings["PATH"]), as_of)


class PortalGenerator(Generator):
    """Writes every portal page from the derived Portal, and lets feature plugins write theirs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.portal: Portal | None = None
        self.features: dict[str, Any] = {}
        """This build's per-feature state (generator/signals.py)."""
        self.written: list[str] = []
        self.cache: PageCache | None = None
        """Keys of this build's pages (render/cache.py); ``portal build`` only."""

    def generate_context(self) -> None:
        """Take the build's Portal, announce it and collect the navigation."""
        self.portal = portal = portal_of(self.settings)
        signals.portal_derived.send(portal, features=self.features)
        nav = list(pages.CORE_NAV)
        signals.navigation.send(portal, nav=nav, features=self.features)
        self.context["PORTAL_NAV"] = nav
        self.context["PORTAL_AS_OF"] = portal.as_of.isoformat()
        # 联系我们 may be a Pelican page (Template: contact): it lists every body's objection contact.
        self.context["PORTAL_DEPARTMENTS"] = portal.departments

    def _writer_for(self, writer: Any) -> Callable[..., None]:
        """A callable(template_name, save_as, **context) that renders with this theme."""

        progress = self.settings.get(PROGRESS_KEY)

        def write(template_name: str, save_as: str, **context: Any) -> None:
            name = template_name.removesuffix(".html")
            context.setdefault("root", "../" * save_as.count("/"))
            context.setdefault("portal", self.portal)
            cache = self.cache
            key = cache.key(name, save_as, context) if cache else None
            if cache is None or not cache.reuse(save_as, key):
                template = self.get_template(name)
                writer.write_file(save_as, template, self.context, relative_urls=True, **context)
                if cache is not None:
                    cache.rendered_page(save_as, key)
            if save_as.endswith(".html"):
                self.written.append(save_as)
            if progress is not None:
                progress.advance()

        return write

    def generate_output(self, writer: Any) -> None:
        """Render every page; feature plugins write theirs through the same writer."""
        portal = self.portal
        assert portal is not None
        if LIVE_KEY in self.settings:  # portal build: key every page, reuse unchanged ones
            key = global_key(self.context, code_digest(), portal.as_of)
            self.cache = PageCache(Path(self.output_path), self.settings[LIVE_KEY], key)
        write = self._writer_for(writer)
        site = pages.SiteData(portal, self.context, self.features)
        pages.write_home(write, site)
        pages.write_departments(write, site)
        pages.write_listings(write, site)
        pages.write_district_listings(write, site)
        pages.write_promises(write, site)
        pages.write_cases(write, site)
        pages.write_objections(write, site)
        pages.write_supervision(write, site)
        signals.write_pages.send(
            portal, writer=write, settings=self.settings, features=self.features
        )
        changes.write_pages(write, portal)
        pages.write_misc(write, site)
        output = Path(self.output_path)
        feeds.write_feeds(output, site, self.settings)
        (output / urls.CHANGES_FEED).write_bytes(changes.changes_feed(portal, self.settings))
        changes.write_delta_files(output, portal.publishes)
        every_page = sorted(set(self.written) | set(pelican_paths(self.context)))
        feeds.write_sitemap(
            output, every_page, self.settings, changes.last_modified(portal, every_page)
        )
        feeds.write_robots(output, self.settings)
        if self.cache is not None:
            self.cache.save()
            progress = self.settings.get(PROGRESS_KEY)
            if progress is not None:
                progress.note(f"沿用 {self.cache.reused:,} 页，渲染 {self.cache.rendered:,} 页")


def pelican_paths(context: dict) -> list[str]:
    """Site-relative paths of the pages Pelican itself writes (updates, pages, categories)."""
    paths = [a.save_as for a in context.get("articles", []) if a.save_as]
    paths += [p.save_as for p in context.get("pages", []) if p.save_as]
    paths += [c.save_as for c, _ in context.get("categories", []) if c.save_as]
    if context.get("INDEX_SAVE_AS") and context.get("articles"):
        paths.append(context["INDEX_SAVE_AS"])
    return paths


def get_generators(_pelican: Any) -> type[Generator]:
    """Pelican get_generators: add the portal's generator."""
    return PortalGenerator


def register() -> None:
    """Connect the generator, the Markdown sanitiser, the as-of rule, the template filters and the Markdown check."""
    pelican_signals.get_generators.connect(get_generators)
    pelican_signals.content_object_init.connect(sanitise_content)
    pelican_signals.content_object_init.connect(hold_future_updates)
    pelican_signals.generator_init.connect(add_to_environment)
    signals.check_content.connect(press.on_check_content)
