"""What a hostile feed or server can do to the fetcher: each defence against a real server on 127.0.0.1."""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time

import pytest

from parley.feeds.fetch import Fetcher, FetchError, Limits, parse_retry_after
from parley.feeds.safety import AddressPolicy, BlockedURL, why_blocked

from .feed_server import FeedServer, Page

# The tests' own server, and nothing else: other private addresses stay refused.
LOCAL_ONLY = AddressPolicy(allow=["127.0.0.1/32"])


@pytest.fixture
def server():
    s = FeedServer().start()
    yield s
    s.stop()


def fetcher(policy=LOCAL_ONLY, **limits) -> Fetcher:
    limits.setdefault("host_interval", 0.0)
    return Fetcher(policy, Limits(**limits))


@pytest.mark.parametrize(
    "addr, kind",
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.0.0.7", "private"),
        ("172.16.4.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata services live here
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::5", "private"),
        ("ff02::1", "multicast"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("::ffff:10.1.1.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a00:1::", "private"),  # 6to4 wrapping 10.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 wrapping 127.0.0.1
    ],
)
def test_non_public_addresses_are_refused(addr, kind):
    reason = why_blocked(ipaddress.ip_address(addr))
    assert reason and reason.startswith(kind)
    with pytest.raises(BlockedURL):
        AddressPolicy().check_ip(ipaddress.ip_address(addr))


@pytest.mark.parametrize("addr", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.4.4"])
def test_public_addresses_pass(addr):
    assert why_blocked(ipaddress.ip_address(addr)) is None
    AddressPolicy().check_ip(ipaddress.ip_address(addr))


def test_allow_private_admits_them():
    AddressPolicy(allow_private=True).check_ip(ipaddress.ip_address("10.0.0.7"))


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1:70/", "javascript:alert(1)"]
)
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetcher(AddressPolicy(allow_private=True)).get(url, "feed")


def test_the_default_refuses_the_local_server(server):
    server.routes["/feed.xml"] = Page(b"<rss/>", "application/rss+xml")
    with pytest.raises(FetchError, match="loopback"):
        Fetcher(limits=Limits(host_interval=0)).get(server.url("/feed.xml"), "feed")
    assert server.log == []  # refused before connecting


def test_a_dns_name_resolving_to_loopback_is_refused(server):
    server.routes["/feed.xml"] = Page(b"<rss/>", "application/rss+xml")
    with pytest.raises(FetchError, match="loopback"):
        Fetcher(limits=Limits(host_interval=0)).get(f"http://localhost:{server.port}/feed.xml", "feed")
    assert server.log == []


def test_every_address_of_a_name_must_be_public():
    # A name with one public and one private answer: the private one is enough to refuse.
    policy = AddressPolicy(resolver=lambda host, port: ["93.184.216.34", "10.9.8.7"])
    with pytest.raises(BlockedURL, match="private"):
        policy.resolve("news.example", 80)
    mapped = AddressPolicy(resolver=lambda host, port: ["::ffff:192.168.0.3"])
    with pytest.raises(BlockedURL, match="private"):
        mapped.resolve("feeds.example", 443)


def test_an_ipv4_mapped_literal_is_refused(server):
    with pytest.raises(FetchError, match="loopback"):
        Fetcher(limits=Limits(host_interval=0)).get(f"http://[::ffff:127.0.0.1]:{server.port}/", "feed")


@pytest.mark.parametrize(
    "target, kind",
    [
        ("http://10.20.30.40/feed.xml", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:{port}/feed.xml", "loopback"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_each_redirect_hop_is_checked(server, target, kind):
    server.routes["/go"] = Page(b"", status=302, headers={"Location": target.format(port=server.port)})
    with pytest.raises(FetchError, match=kind):
        fetcher().get(server.url("/go"), "feed")


def test_at_most_five_redirects(server):
    for n in range(6):
        server.routes[f"/r{n}"] = Page(b"", status=301, headers={"Location": f"/r{n + 1}"})
    server.routes["/r6"] = Page(b"<rss version='2.0'><channel/></rss>", "application/rss+xml")
    assert fetcher().get(server.url("/r1"), "feed").status == 200  # five hops
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher().get(server.url("/r0"), "feed")  # six
    server.routes["/loop"] = Page(b"", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher().get(server.url("/loop"), "feed")
    assert len(server.hits("/loop")) == 6


def _endless(chunk: bytes, pause: float = 0.0):
    """A handler that sends a body with no length, forever (until the client hangs up)."""

    def handle(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        for _ in range(100_000):
            h.wfile.write(chunk)
            h.wfile.flush()
            if pause:
                time.sleep(pause)

    return handle


def test_a_body_is_cut_off_while_streaming(server):
    server.routes["/huge"] = _endless(b"x" * 65536)
    with pytest.raises(FetchError, match="too large"):
        fetcher(max_bytes=1_000_000).get(server.url("/huge"), "article")


def test_a_declared_length_over_the_limit_is_refused_unread(server):
    server.routes["/big"] = Page(b"y" * 200_000, "text/html")
    with pytest.raises(FetchError, match="Content-Length 200000"):
        fetcher(max_bytes=100_000).get(server.url("/big"), "article")


def test_a_gzip_bomb_is_cut_off_once_decompressed(server):
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000  # small on the wire, under the limit as sent
    server.routes["/bomb"] = Page(bomb, "text/html", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="once decompressed"):
        fetcher(max_bytes=1_000_000).get(server.url("/bomb"), "article")
    # An honest gzip body is decompressed.
    page = b"<html><body><p>Plain words.</p></body></html>"
    server.routes["/ok"] = Page(gzip.compress(page), "text/html", headers={"Content-Encoding": "gzip"})
    assert fetcher().get(server.url("/ok"), "article").body == page


def test_a_feed_that_never_ends_hits_the_total_timeout(server):
    server.routes["/drip"] = _endless(b"<", pause=0.05)
    t0 = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1"):
        fetcher(total_timeout=1.0, read_timeout=5.0).get(server.url("/drip"), "article")
    assert time.monotonic() - t0 < 10


def test_a_server_that_never_answers_hits_the_read_timeout(server):
    release = threading.Event()
    server.routes["/silent"] = lambda h: release.wait(10)
    try:
        with pytest.raises(FetchError, match="timed out"):
            fetcher(read_timeout=0.5).get(server.url("/silent"), "feed")
    finally:
        release.set()


@pytest.mark.parametrize(
    "kind, ctype",
    [
        ("article", "application/octet-stream"),
        ("article", "image/png"),
        ("feed", "text/html"),
        ("feed", "video/mp4"),
    ],
)
def test_content_types_are_checked(server, kind, ctype):
    server.routes["/doc"] = Page(b"\x89PNG....", ctype)
    with pytest.raises(FetchError, match="unexpected content type"):
        fetcher().get(server.url("/doc"), kind)


def test_retry_after_blocks_the_host(server):
    server.routes["/busy"] = Page(b"busy", "text/plain", status=503, headers={"Retry-After": "120"})
    server.routes["/other"] = Page(b"<p>hello</p>", "text/html")
    f = fetcher()
    with pytest.raises(FetchError) as e:
        f.get(server.url("/busy"), "feed")
    assert e.value.transient and e.value.retry_after is not None
    assert e.value.retry_after.timestamp() - time.time() > 100
    with pytest.raises(FetchError, match="Retry-After"):
        f.get(server.url("/other"), "article")
    assert server.hits("/other") == []  # the host was not asked again


def test_retry_after_as_a_date():
    from datetime import UTC, datetime

    now = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
    assert parse_retry_after("Tue, 04 Mar 2025 09:05:00 GMT", now) == datetime(2025, 3, 4, 9, 5, tzinfo=UTC)
    assert parse_retry_after("99999999", now) == datetime(2025, 3, 5, 9, 0, tzinfo=UTC)  # capped at a day
    assert parse_retry_after("soon", now) is None


def test_user_agent_names_parley(server):
    server.routes["/a"] = Page(b"<p>x</p>")
    fetcher().get(server.url("/a"), "article")
    assert server.log[0][2]["User-Agent"].startswith("Parley/")


def test_per_host_gap_and_concurrency_cap(server):
    inflight = 0
    most = 0
    lock = threading.Lock()

    def slow(h):
        nonlocal inflight, most
        with lock:
            inflight += 1
            most = max(most, inflight)
        time.sleep(0.3)
        with lock:
            inflight -= 1
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    for n in range(6):
        server.routes[f"/s{n}"] = slow
    f = fetcher(host_concurrency=2)
    threads = [threading.Thread(target=f.get, args=(server.url(f"/s{n}"), "article")) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 2

    for n in range(4):
        server.routes[f"/g{n}"] = Page(b"ok")
    f = fetcher(host_interval=0.2, host_concurrency=4)
    threads = [threading.Thread(target=f.get, args=(server.url(f"/g{n}"), "article")) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times = sorted(t for p, t in server.times if p.startswith("/g"))
    assert all(b - a >= 0.18 for a, b in zip(times, times[1:], strict=False))


def test_the_checked_address_is_connected_to_and_the_name_kept(server):
    # Pinned: the connection goes to the resolved, checked address; Host stays the name asked for.
    server.routes["/a"] = Page(b"<p>x</p>")
    seen = []

    def resolver(host, port):
        seen.append(host)
        return ["127.0.0.1"]

    policy = AddressPolicy(allow=["127.0.0.1/32"], resolver=resolver)
    resp = fetcher(policy).get(f"http://news.test:{server.port}/a", "article")
    assert resp.status == 200 and seen == ["news.test"]
    assert server.log[0][2]["Host"] == f"news.test:{server.port}"
