"""Settings for publishing: the local settings plus the public address and feeds' absolute links."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F401,F403

# The public address is used only where a link must be absolute (feeds, sitemap);
# pages keep relative links so the credit website can mirror them under any path.
SITEURL = "https://credit.example.gov.cn/shiliqu"
PORTAL_FEED_DOMAIN = SITEURL
