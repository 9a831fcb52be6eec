"""Pelican settings for this checkout: the portal's defaults plus what this site changes.

``make devserver`` runs plain Pelican with this file; ``portal build`` reads it when run
from this folder. The defaults, and what each setting means: generator/defaults.py and
docs/settings.md.
"""

from generator.defaults import *  # noqa: F401,F403

PATH = "content"
