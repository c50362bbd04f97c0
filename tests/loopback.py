"""Made-up host names on loopback (a pytest plugin): fetches go to the test servers under
public-looking names, while every other internal address stays refused."""

from __future__ import annotations

import socket
from typing import Any, ClassVar

import pytest

from retrieval import fetch


class NamedResolver:
    """Resolves made-up names to chosen addresses, as a DNS server could."""

    names: ClassVar[dict[str, str]] = {}

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[dict[str, Any]]:
        address = self.names[host]
        return [
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        """Nothing to release."""


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Made-up host names; 127.0.0.1 counts as a public address, every other internal
    address stays refused (so a redirect can be followed from the test server)."""
    original = fetch.refusal
    monkeypatch.setattr(fetch, "ThreadedResolver", NamedResolver)
    monkeypatch.setattr(fetch, "refusal", lambda a: None if a == "127.0.0.1" else original(a))
    NamedResolver.names = {}
    return NamedResolver.names
