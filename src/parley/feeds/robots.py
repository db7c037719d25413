"""robots.txt, fetched once per host and round through the same safe fetcher.

Following RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be
read (5xx, timeout) disallows the host for now; ``Crawl-delay`` lengthens the host's gap.
"""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

import httpx

from .fetch import Fetcher, FetchError

#: The product token matched against robots.txt ``User-agent`` lines.
AGENT = "Parley"


class Robots:
    def __init__(self, fetcher: Fetcher, enabled: bool = True):
        self.fetcher, self.enabled = fetcher, enabled
        self._rules: dict[str, RobotFileParser | FetchError] = {}  # origin -> rules, or why not

    def clear(self) -> None:
        self._rules.clear()

    def check(self, url: str) -> None:
        """Raise ``FetchError`` when robots.txt forbids ``url``."""
        if not self.enabled:
            return
        u = httpx.URL(url)
        origin = f"{u.scheme}://{u.netloc.decode('ascii', 'replace')}"
        rules = self._rules.get(origin)
        if rules is None:
            rules = self._rules[origin] = self._load(origin, u.host)
        if isinstance(rules, FetchError):
            raise rules
        if not rules.can_fetch(AGENT, url):
            raise FetchError(f"robots.txt of {origin} disallows it")

    def _load(self, origin: str, host: str) -> RobotFileParser | FetchError:
        parser = RobotFileParser()
        try:
            resp = self.fetcher.get(origin + "/robots.txt", "robots")
        except FetchError as exc:
            if exc.reason.startswith("HTTP 4") or exc.reason.startswith("unexpected content type"):
                parser.parse([])  # no usable robots.txt: everything allowed
                return parser
            if not exc.transient:  # a refused address or scheme: the article's own answer
                return exc
            return FetchError(
                f"robots.txt of {origin} unreadable ({exc.reason}): host skipped for now", transient=True
            )
        parser.parse(resp.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(AGENT)
        if delay:
            self.fetcher.gate.set_interval(host, float(delay))
        return parser
