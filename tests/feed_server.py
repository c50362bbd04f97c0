"""A news site on loopback for feed tests: RSS 2.0 and Atom feeds with ETags and
Last-Modified, article pages, a page that is gone, a redirect to a private address, a
malformed feed, and a feed of many entries. Everything here was written for these tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

PAGES = {
    "bridge": (
        "Harbour bridge reopens after repairs",
        [
            "The Harbour Bridge in Wexley reopened to traffic on Monday after eleven weeks of "
            "repairs to its cables and deck.",
            "“Nobody wins when the bridge is shut, and today everybody does,” said Ines "
            "Okoro, the city's transport minister, as the first buses crossed.",
            "Engineers replaced forty cable anchors and resurfaced the whole span. The council "
            "said the works came in under budget.",
        ],
    ),
    "market": (
        "Night market returns to the old quay",
        [
            "Stalls lined the old quay on Friday as the night market returned for the summer, "
            "with more than sixty traders selling food and crafts.",
            "“We waited all winter for this,” said Tomas Lindqvist, who runs a bakery stall.",
        ],
    ),
    "atom-1": (
        "Library extends its opening hours",
        [
            "The central library will stay open until nine in the evening from next month, "
            "the council's culture committee decided on Tuesday.",
            "“Students asked for it, and they were right,” said Ana Ruiz, who chairs the "
            "committee.",
        ],
    ),
    "atom-2": (
        "Tram line survey begins",
        [
            "Surveyors began mapping the route of the planned eastern tram line on Wednesday, "
            "starting at the railway station.",
            "The survey will take three months, according to the city's planning office.",
        ],
    ),
}
FERRY_TEXT = (
    "<p>The ferry strike planned for next week was called off on Sunday after crews accepted "
    "a new pay offer.</p><p>“This is a fair deal for everyone who keeps the ferries running,” "
    "said Martin Hale, who speaks for the crews' union.</p>"
)
ATOM_FULL_TEXT = (
    "<p>Surveyors began mapping the route of the planned eastern tram line on Wednesday.</p>"
)
RSS_ETAG = '"rss-1"'
ATOM_MODIFIED = format_datetime(datetime(2025, 3, 4, 9, 0, tzinfo=UTC), usegmt=True)


def page(name: str) -> bytes:
    title, paragraphs = PAGES[name]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
        "</article></body></html>"
    ).encode()


def rss(base: str) -> bytes:
    items = [
        ("bridge-1", "Harbour bridge reopens after repairs", f"{base}/news/bridge", ""),
        (
            "ferry-2",
            "Ferry strike called off",
            f"{base}/news/ferry",
            f"<content:encoded><![CDATA[{FERRY_TEXT}]]></content:encoded>",
        ),
        ("mayor-3", "Mayor's office moves", f"{base}/news/moved-inside", ""),
        ("", "Night market returns to the old quay", f"{base}/news/market", ""),
    ]
    xml = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        + (f"<guid isPermaLink='false'>{guid}</guid>" if guid else "")
        + f"<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate>{extra}</item>"
        for guid, title, link, extra in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Wexley Gazette</title><link>{base}/</link><description>News</description>"
        f"{xml}</channel></rss>"
    ).encode()


def atom(base: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Wexley Council News</title><id>urn:wexley:council</id>"
        "<updated>2025-03-04T09:00:00Z</updated>"
        "<entry><title>Library extends its opening hours</title><id>urn:wexley:1</id>"
        f'<link href="{base}/news/atom-1"/><updated>2025-03-04T08:00:00Z</updated></entry>'
        "<entry><title>Tram line survey begins</title><id>urn:wexley:2</id>"
        f'<link href="{base}/news/atom-2"/><updated>2025-03-05T08:00:00Z</updated>'
        f'<content type="html"><![CDATA[{ATOM_FULL_TEXT}]]></content></entry></feed>'
    ).encode()


def many(base: str, count: int) -> bytes:
    """A feed of `count` notes, the newest first, as feeds list them."""
    items = "".join(
        f"<item><title>Council note {n}</title><guid>note-{n}</guid>"
        f"<link>{base}/notes/{n}</link></item>"
        for n in range(count - 1, -1, -1)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Council notes</title>'
        f"{items}</channel></rss>"
    ).encode()


def note(n: int) -> bytes:
    text = (
        f"Council note number {n} records the decisions of the planning committee on the "
        f"harbour works, item {n} of the year, with the votes of every member present."
    )
    head = f"<html><body><article><h1>Council note {n}</h1>"
    return f"{head}<p>{text}</p></article></body></html>".encode()


class Site(BaseHTTPRequestHandler):
    """Routes of the test site; `SEEN` records every path asked for."""

    SEEN: ClassVar[list[str]] = []
    # Paths that serve a malformed document instead, from the moment a test says so.
    BROKEN: ClassVar[set[str]] = set()
    NOTES: ClassVar[int] = 25
    # How many more times /news/flaky answers 503 before it answers.
    FLAKY: ClassVar[int] = 0
    # Seconds each page takes, for tests that kill a poll half-way.
    DELAY: ClassVar[float] = 0.0

    def do_GET(self) -> None:
        self.SEEN.append(self.path)
        base = f"http://{self.headers['Host']}"
        if self.path in self.BROKEN:
            return self._send(200, "application/xml", b'<?xml version="1.0"?>\n<<<not a feed')
        if self.path == "/rss.xml":
            if self.headers.get("If-None-Match") == RSS_ETAG:
                return self._send(304, "", b"")
            return self._send(200, "application/rss+xml", rss(base), {"ETag": RSS_ETAG})
        if self.path == "/atom.xml":
            if self.headers.get("If-Modified-Since") == ATOM_MODIFIED:
                return self._send(304, "", b"")
            headers = {"Last-Modified": ATOM_MODIFIED}
            return self._send(200, "application/atom+xml", atom(base), headers)
        if self.path == "/plain-rss.xml":
            # The same feed with no validators: every poll reads it whole.
            return self._send(200, "text/xml", rss(base))
        if self.path == "/bad.xml":
            return self._send(200, "application/xml", b'<?xml version="1.0"?>\n<<<not a feed')
        if self.path == "/notes.xml":
            return self._send(200, "application/rss+xml", many(base, self.NOTES))
        if self.path.startswith("/notes/"):
            time.sleep(self.DELAY)
            return self._send(200, "text/html", note(int(self.path.rsplit("/", 1)[1])))
        if self.path == "/flaky.xml":
            item = (
                "<item><title>Harbour bridge reopens after repairs</title><guid>flaky-1</guid>"
                f"<link>{base}/news/flaky</link></item>"
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{item}'
            return self._send(
                200, "text/xml", (body + "</channel></rss>").encode(), {"ETag": '"f"'}
            )
        if self.path == "/news/flaky":
            if Site.FLAKY > 0:
                Site.FLAKY -= 1
                return self._send(503, "text/html", b"busy")
            return self._send(200, "text/html", page("bridge"))
        if self.path == "/news/moved-inside":
            return self._send(302, "text/html", b"", {"Location": "http://10.1.2.3/mayor"})
        name = self.path.removeprefix("/news/")
        if name in PAGES:
            return self._send(200, "text/html; charset=utf-8", page(name))
        return self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _send(
        self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@contextmanager
def site() -> Iterator[int]:
    """The site on a free loopback port; yields the port."""
    Site.SEEN, Site.BROKEN, Site.NOTES, Site.DELAY, Site.FLAKY = [], set(), 25, 0.0, 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(httpd.server_address[1])
    finally:
        httpd.shutdown()
