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
        ("[search]\nfreshness = -1\n", "search.freshness must be between 0 and 5"),
        ("[search]\ncandidates = 5\n", "search.candidates must be between 10 and 1,000"),
        ("[search]\nscored_rows = 'all'\n", "search.scored_rows must be int"),
        ("not toml [", "not valid TOML"),
    ],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, environ={})


def test_search_settings_reach_the_ranking(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[search]\nfreshness = 0\ncandidates = 40\nscored_rows = 2500\narticle_rows = 2000\n"
    )
    weights = load_settings(path, environ={}).engine.weights
    assert (weights.freshness, weights.candidates) == (0.0, 40)
    assert (weights.scored_rows, weights.document_rows) == (2500, 2000)
    # Everything else keeps its default.
    assert weights.period == EngineSettings().weights.period
