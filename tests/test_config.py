"""Configuration: the example file loads, documents every setting, and bad files are refused."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from bot.config import ConfigError, DiscordSettings, load_settings
from retrieval.engine import EngineSettings
from tests.conftest import ROOT

EXAMPLE = ROOT / "config.example.toml"


def test_example_config_loads_with_the_defaults() -> None:
    settings = load_settings(EXAMPLE, environ={})
    assert settings.engine == EngineSettings()
    assert settings.discord == DiscordSettings()
    assert settings.token is None


def test_every_setting_is_in_the_example() -> None:
    text = EXAMPLE.read_text()
    documented = set(re.findall(r"^(\w+) =", text, flags=re.MULTILINE))
    engine = {f.name for f in fields(EngineSettings)} - {"weights"}
    assert engine <= documented
    assert {f.name for f in fields(DiscordSettings)} <= documented


def test_token_and_database_come_from_the_environment() -> None:
    settings = load_settings(None, environ={"DISCORD_TOKEN": "abc", "NEWSBOT_DB": "/tmp/x.db"})
    assert settings.token == "abc"
    assert settings.database == "/tmp/x.db"
    assert "abc" not in repr(settings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[ingest]\nmax_bytes = 'big'\n", "ingest.max_bytes must be int"),
        ("[nope]\n", "unknown section"),
        ("[search]\ncolour = 1\n", "unknown setting search.colour"),
        ("[search]\nresults = 50\n", "between 1 and 10"),
        ("not toml [", "not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, environ={})
