"""Fetching article URLs without letting a URL reach inside the network.

Addresses are checked where the connection is made: the resolver that aiohttp calls for every
connection (redirects included) refuses private, loopback, link-local, multicast and reserved
addresses, so a public name that resolves to 127.0.0.1 or a redirect to 10.0.0.1 is stopped too.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from retrieval.errors import FetchError
from retrieval.ingest import human_size

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# What feeds are served as (and HTML, which some servers send them as: the parser decides).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    *ACCEPTED_TYPES,
)
MAX_REDIRECTS = 5
USER_AGENT = "newsbot/0.1 (+https://example.org/newsbot)"


@dataclass(frozen=True)
class Fetched:
    """A fetched page: final URL, content type and body, and the validators a later
    conditional request sends back (`etag`, `last_modified`). `not_modified` says the server
    answered 304: nothing changed since those validators, and `body` is empty."""

    url: str
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def refusal(address: str) -> str | None:
    """Why an IP address may not be fetched, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return refusal(str(mapped))
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "a reserved address"
    return None


class GuardedResolver(AbstractResolver):
    """Resolves names, then refuses the connection if any address is not public."""

    def __init__(self) -> None:
        self._inner = ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Every address of `host`, or FetchError if one of them is internal."""
        results = await self._inner.resolve(host, port, family)
        for result in results:
            reason = refusal(result["host"])
            if reason:
                raise FetchError(f"refused to fetch {host}: it resolves to {reason}")
        return results

    async def close(self) -> None:
        """Release the inner resolver."""
        await self._inner.close()


def check_url(url: str, allow_private: bool) -> None:
    """Refuse non-HTTP URLs and internal IP literals before any connection is made."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:200]}")
    if allow_private:
        return
    host = parts.hostname
    try:
        reason = refusal(host)
    except ValueError:
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise FetchError(f"refused to fetch {host}: a local name") from None
        return
    if reason:
        raise FetchError(f"refused to fetch {host}: {reason}")


async def fetch(
    url: str,
    *,
    allow_private: bool,
    max_bytes: int,
    timeout: float,
    accept: tuple[str, ...] = ACCEPTED_TYPES,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET a page (following up to five redirects) within the size and time limits, of one
    of the `accept` types. With `etag` or `last_modified` the request is conditional, and a
    304 answer comes back as `not_modified`."""
    check_url(url, allow_private)
    connector_args: dict[str, Any] = {} if allow_private else {"resolver": GuardedResolver()}
    connector = aiohttp.TCPConnector(limit=4, **connector_args)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": ",".join(accept)}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with aiohttp.ClientSession(
            connector=connector, timeout=client_timeout, headers=headers
        ) as session:
            for _ in range(MAX_REDIRECTS + 1):
                async with session.get(url, allow_redirects=False) as response:
                    if response.status in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchError(f"{url[:200]} redirects nowhere")
                        url = urljoin(url, location)
                        check_url(url, allow_private)
                        continue
                    new_etag = response.headers.get("ETag")
                    new_modified = response.headers.get("Last-Modified")
                    if response.status == 304 and (etag or last_modified):
                        return Fetched(
                            str(response.url), "", b"", new_etag or etag,
                            new_modified or last_modified, not_modified=True,
                        )  # fmt: skip
                    if response.status >= 400:
                        busy = response.status == 429 or response.status >= 500
                        raise FetchError(
                            f"{url[:200]} answered HTTP {response.status}", transient=busy
                        )
                    content_type = response.headers.get("Content-Type", "").split(";")[0]
                    content_type = content_type.strip().lower()
                    if content_type and content_type not in accept:
                        what = "a feed" if accept is not ACCEPTED_TYPES else "an HTML page or text"
                        raise FetchError(f"{url[:200]} is {content_type}, not {what}")
                    declared = response.content_length
                    if declared is not None and declared > max_bytes:
                        raise FetchError(
                            f"{url[:200]} is larger than the {human_size(max_bytes)} limit"
                        )
                    body = bytearray()
                    async for chunk in response.content.iter_chunked(65536):
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchError(
                                f"{url[:200]} is larger than the {human_size(max_bytes)} limit"
                            )
                    kind = content_type or "text/html"
                    return Fetched(str(response.url), kind, bytes(body), new_etag, new_modified)
            raise FetchError(f"{url[:200]} redirects more than {MAX_REDIRECTS} times")
    except FetchError:
        raise
    except TimeoutError:
        raise FetchError(f"{url[:200]} did not answer within {timeout:g} s", True) from None
    except aiohttp.ClientConnectorError as exc:
        # The guarded resolver's refusal arrives wrapped in a connector error.
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, FetchError):
            raise cause from None
        raise FetchError(f"could not connect to {urlsplit(url).hostname}", True) from None
    except aiohttp.ClientError as exc:
        raise FetchError(f"could not fetch {url[:200]}: {type(exc).__name__}", True) from None
