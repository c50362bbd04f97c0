"""URL ingestion against a real HTTP server on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest

from retrieval.engine import Engine, EngineSettings
from retrieval.errors import FetchError
from retrieval.store import Store

PAGE = (Path(__file__).parent / "fixtures" / "ferry.html").read_bytes()


SEEN: list[str] = []
"""Paths the test server was asked for (a refused fetch must not reach it)."""


class Handler(BaseHTTPRequestHandler):
    """Serves the ferry article, redirects, a PDF, an oversized page, a slow one and one that
    never says how long it is."""

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        SEEN.append(path)
        if path == "/slow":
            time.sleep(3)
        if path == "/endless":
            # No Content-Length: the size cap has to be applied while reading.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
            return
        routes = {
            "/ferry": (200, "text/html; charset=utf-8", PAGE),
            "/moved": (302, "text/html", b""),
            "/to": (302, "text/html", b""),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.4 binary"),
            "/huge": (200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>"),
            "/gone": (404, "text/html", b"not here"),
            "/slow": (200, "text/html", PAGE),
        }
        status, kind, body = routes.get(path, (404, "text/plain", b""))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if status == 302:
            self.send_header("Location", unquote(query) if path == "/to" else "/ferry")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    SEEN.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
async def trusting(store: Store) -> Engine:
    """An engine configured with allow_private_urls, as a local test needs."""
    return Engine(
        store, EngineSettings(allow_private_urls=True, max_bytes=200_000, fetch_timeout=5)
    )


async def test_a_page_is_fetched_and_stored_with_its_url(trusting: Engine, server: str) -> None:
    [draft] = await trusting.drafts_from(f"{server}/ferry")
    result = await trusting.add_draft(draft)
    assert result.article is not None
    assert result.article.url == f"{server}/ferry"
    assert result.article.title == "Ferry service to resume after winter storms"
    answer = await trusting.ask("When will the ferry to Carra resume?")
    assert answer.passages[0].link is not None
    assert answer.passages[0].link.startswith(f"{server}/ferry#:~:text=")


async def test_redirects_are_followed(trusting: Engine, server: str) -> None:
    [draft] = await trusting.drafts_from(f"{server}/moved")
    assert draft.url == f"{server}/ferry"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/report.pdf", "application/pdf, not an HTML page"),
        ("/huge", "larger than the 200 KB limit"),
        ("/gone", "HTTP 404"),
    ],
)
async def test_unusable_responses_are_refused(
    trusting: Engine, server: str, path: str, message: str
) -> None:
    with pytest.raises(FetchError, match=message):
        await trusting.drafts_from(f"{server}{path}")
    assert (await trusting.stats(None)).articles == 0


async def test_loopback_server_is_refused_by_default(engine: Engine, server: str) -> None:
    with pytest.raises(FetchError, match="loopback"):
        await engine.drafts_from(f"{server}/ferry")


# -- names and redirects checked at connect time -------------------------------------------


async def test_a_name_that_resolves_to_an_internal_address_is_refused_when_connecting(
    engine: Engine, server: str, names: dict[str, str]
) -> None:
    port = server.rsplit(":", 1)[1]
    for address in ("10.0.0.7", "169.254.169.254", "127.0.0.2", "::ffff:10.0.0.1", "224.0.0.5"):
        names["news.example.test"] = address
        with pytest.raises(FetchError, match="resolves to a"):
            await engine.drafts_from(f"http://news.example.test:{port}/ferry")
    assert SEEN == []


async def test_redirects_to_internal_addresses_are_refused(
    engine: Engine, server: str, names: dict[str, str]
) -> None:
    port = server.rsplit(":", 1)[1]
    names["public.example.test"] = "127.0.0.1"
    names["intranet.example.test"] = "192.168.1.20"
    [draft] = await engine.drafts_from(f"http://public.example.test:{port}/moved")
    assert draft.title == "Ferry service to resume after winter storms"
    for target in ("http://127.0.0.2/admin", f"http://intranet.example.test:{port}/ferry"):
        SEEN.clear()
        with pytest.raises(FetchError, match="refused to fetch"):
            await engine.drafts_from(f"http://public.example.test:{port}/to?{target}")
        assert SEEN == ["/to"], SEEN


async def test_slow_and_endless_pages_are_cut_off(
    trusting: Engine, store: Store, server: str
) -> None:
    impatient = Engine(store, EngineSettings(allow_private_urls=True, fetch_timeout=1))
    with pytest.raises(FetchError, match="did not answer within 1 s"):
        await impatient.drafts_from(f"{server}/slow")
    with pytest.raises(FetchError, match="larger than the 200 KB limit"):
        await trusting.drafts_from(f"{server}/endless")
    assert (await trusting.stats(None)).articles == 0
