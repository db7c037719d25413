"""Which addresses the watcher may connect to (SSRF protection).

A feed is written by someone else, and so is every link in it: an entry may point at
``http://169.254.169.254/`` (a cloud metadata service), at ``localhost:5432`` or at a name
that resolves to an address inside the network. So before each request, and each redirect
hop, the host is resolved here, *every* address it resolves to is checked, and the
connection is then made to the checked address itself (``PinnedTransport``), so a DNS
answer that changes between the check and the connect (rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

import httpx

ALLOWED_SCHEMES = ("http", "https")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class BlockedURL(Exception):
    """A URL the watcher refuses to fetch (scheme or address); the message says why."""


def _system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BlockedURL(f"cannot resolve {host}: {exc.strerror or exc}") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def why_blocked(ip: IPAddress) -> str | None:
    """The reason ``ip`` is not a public internet address, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1 reaches 10.0.0.1; 6to4 and NAT64 forms embed an IPv4 address too.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = why_blocked(embedded)
            return f"{inner} (inside IPv6 {ip})" if inner else None
    for test, name in (
        (ip.is_loopback, "loopback"),
        (ip.is_unspecified, "unspecified"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
    ):
        if test:
            return f"{name} address {ip}"
    if not ip.is_global:  # shared address space (100.64/10), benchmarking nets, ...
        return f"non-public address {ip}"
    return None


class AddressPolicy:
    """Public addresses only, unless ``allow_private``; ``allow`` admits given networks only
    (the tests allow their own ``127.0.0.1`` and nothing else)."""

    def __init__(
        self,
        allow_private: bool = False,
        allow: Iterable[str] = (),
        resolver: Resolver | None = None,
    ):
        self.allow_private = allow_private
        self.allow = [ipaddress.ip_network(n) for n in allow]
        self.resolver = resolver or _system_resolver

    def check_url(self, url: httpx.URL | str) -> httpx.URL:
        url = httpx.URL(str(url)) if not isinstance(url, httpx.URL) else url
        if url.scheme not in ALLOWED_SCHEMES:
            raise BlockedURL(f"only http and https URLs are fetched, not {url.scheme or 'no scheme'!r}")
        if not url.host:
            raise BlockedURL("URL has no host")
        return url

    def check_ip(self, ip: IPAddress) -> None:
        if self.allow_private:
            return
        if any(ip in net for net in self.allow if net.version == ip.version):
            return
        reason = why_blocked(ip)
        if reason:
            raise BlockedURL(f"refused {reason} (--allow-private allows it)")

    def resolve(self, host: str, port: int) -> str:
        """The address to connect to for ``host``: every address it resolves to must pass."""
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        addrs = [str(literal)] if literal else self.resolver(host, port)
        if not addrs:
            raise BlockedURL(f"{host} resolves to no address")
        for a in addrs:
            # getaddrinfo may append a scope (fe80::1%eth0).
            self.check_ip(ipaddress.ip_address(a.split("%", 1)[0]))
        return addrs[0].split("%", 1)[0]


class PinnedTransport(httpx.HTTPTransport):
    """Connects to the address the policy checked, keeping Host (and TLS SNI) the original name."""

    def __init__(self, policy: AddressPolicy, **kw):
        super().__init__(**kw)
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = self.policy.check_url(request.url)
        port = url.port or (443 if url.scheme == "https" else 80)
        addr = self.policy.resolve(url.host, port)
        if url.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": url.host}
        request.url = url.copy_with(host=addr)
        return super().handle_request(request)
