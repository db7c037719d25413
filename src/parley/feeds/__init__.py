"""Following news feeds: ``parley feeds`` and ``parley watch``.

- ``safety``: which URLs and addresses may be fetched (SSRF protection)
- ``fetch``: one bounded, polite GET (redirects, size, timeouts, content types, Retry-After)
- ``robots``: robots.txt per host
- ``parse``: RSS, Atom, JSON Feed and news sitemaps to entries
- ``article``: an article page to a story (trafilatura)
- ``poll``: the watcher's rounds; feed state lives in the store (``store/feeds.py``)
"""

from .fetch import Fetcher, FetchError, Limits
from .poll import RoundSummary, Watcher
from .safety import AddressPolicy, BlockedURL

__all__ = ["AddressPolicy", "BlockedURL", "FetchError", "Fetcher", "Limits", "RoundSummary", "Watcher"]
