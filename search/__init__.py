"""Search: one source of search documents, a Whoosh index for journalists, a static index for citizens.

The rest of the portal uses only the functions exported here, so the engine can be swapped.
"""

from __future__ import annotations


def index_site(portal, site_dir, settings) -> None:
    """Write every search index of a freshly rendered site (placeholder until search lands)."""
    return None
