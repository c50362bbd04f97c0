"""URL ingestion against a real HTTP server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from retrieval.engine import Engine, EngineSettings
from retrieval.errors import FetchError
from retrieval.store import Store

PAGE = (Path(__file__).parent / "fixtures" / "ferry.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    """Serves the ferry article, a redirect, a PDF, and an oversized page."""

    def do_GET(self) -> None:
        routes = {
            "/ferry": (200, "text/html; charset=utf-8", PAGE),
            "/moved": (302, "text/html", b""),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.4 binary"),
            "/huge": (200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>"),
            "/gone": (404, "text/html", b"not here"),
        }
        status, kind, body = routes.get(self.path, (404, "text/plain", b""))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if status == 302:
            self.send_header("Location", "/ferry")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
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
    assert (await trusting.store.stats(None)).articles == 0


async def test_loopback_server_is_refused_by_default(engine: Engine, server: str) -> None:
    with pytest.raises(FetchError, match="loopback"):
        await engine.drafts_from(f"{server}/ferry")
