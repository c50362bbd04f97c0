"""`newsbot run` and `newsbot sync` as an admin runs them, and the one error handler."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

import pytest

from tests.discord_harness import Harness
from tests.discord_standin import GUILD_A, REJECTED_TOKEN, StandIn
from tests.test_discord import option


async def newsbot(
    tmp_path: Path, token: str | None, *args: str, api_base: str = "http://127.0.0.1:9/api/v10"
) -> tuple[int, str, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[discord]\napi_base = "{api_base}"\n')
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    if token is not None:
        env["DISCORD_TOKEN"] = token
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.main",
        "--db",
        str(tmp_path / "n.db"),
        "--config",
        str(config),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return await process.wait(), out.decode(), err.decode()


async def test_run_without_a_token_names_discord_token(tmp_path: Path) -> None:
    code, _, err = await newsbot(tmp_path, None, "run")
    assert code == 1
    assert err.strip().splitlines() == [err.strip()]
    assert "DISCORD_TOKEN is not set" in err


async def test_run_with_a_rejected_token_is_one_clear_line(tmp_path: Path) -> None:
    standin = StandIn()
    await standin.start()
    try:
        code, _, err = await newsbot(tmp_path, REJECTED_TOKEN, "run", api_base=standin.api_base)
    finally:
        await standin.stop()
    assert code == 1
    assert "Discord rejected the token in DISCORD_TOKEN" in err
    assert "Traceback" not in err
    assert REJECTED_TOKEN not in err


async def test_sync_to_one_server_is_an_explicit_action(tmp_path: Path) -> None:
    standin = StandIn()
    await standin.start()
    try:
        code, out, err = await newsbot(
            tmp_path, "good-token", "sync", "--guild", str(GUILD_A), api_base=standin.api_base
        )
    finally:
        await standin.stop()
    assert code == 0, err
    assert "synced 9 commands to server" in out
    assert standin.command_errors == []
    assert set(standin.commands) == {str(GUILD_A)}


async def test_unexpected_errors_are_logged_and_answered_briefly(
    harness: Harness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(harness.engine, "ask", broken)
    with caplog.at_level(logging.ERROR):
        _iid, token = await harness.command("ask", [option("question", "anything")])
        reply = (await harness.followup(token)).body
    assert reply["content"] == "Something went wrong on our side; the error has been logged."
    assert reply["flags"] & 64
    assert "database on fire" not in reply["content"]
    assert any("database on fire" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    assert not any("stand-in-token" in r.getMessage() for r in caplog.records)
