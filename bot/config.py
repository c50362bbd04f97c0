"""Settings: a TOML file into frozen dataclasses, read only when `load_settings` is called."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from retrieval.engine import EngineSettings
from retrieval.errors import NewsbotError
from retrieval.rank import SEMANTIC_WEIGHT, Weights
from retrieval.semantic import missing

DEFAULT_DB = "~/.local/share/newsbot/newsbot.db"


@dataclass(frozen=True)
class DiscordSettings:
    """The `[discord]` section."""

    dev_guild_id: int | None = None
    admin_role: str | None = None
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str | None = None
    ask_cooldown: float = 10.0
    # Sharding: how many shards in all (0: one process, the count Discord recommends) and
    # which of them this process connects ("A-B", "A", or "" for all of them).
    shard_count: int = 0
    shards: str = ""
    # How often a process looks for feeds to poll, and the lease that lets one process of
    # several poll them: another takes over within `feed_lease` seconds of its holder dying.
    feed_check_every: float = 60.0
    feed_lease: float = 180.0

    def shard_ids(self) -> list[int] | None:
        """The shards this process connects (None: all of them)."""
        return shard_range(self.shards, self.shard_count)


@dataclass(frozen=True)
class Settings:
    """Everything newsbot reads from its configuration and environment."""

    database: str = DEFAULT_DB
    results: int = 5
    engine: EngineSettings = field(default_factory=EngineSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    token: str | None = field(default=None, repr=False)

    @property
    def database_path(self) -> Path:
        """The database file, with `~` expanded."""
        return Path(self.database).expanduser()


class ConfigError(NewsbotError):
    """The configuration file cannot be used."""


def shard_range(spec: str, count: int) -> list[int] | None:
    """The shard ids of "A-B" or "A" out of `count` shards; None for every shard."""
    spec = spec.strip()
    if not spec:
        return None
    if count <= 0:
        raise ConfigError("shards need a shard count: give --shard-count (or discord.shard_count)")
    first, _, last = spec.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise ConfigError(f"shards must be A-B or A, e.g. 0-3: {spec!r}") from None
    if not 0 <= low <= high < count:
        raise ConfigError(f"shards {spec} are not within 0-{count - 1} of {count} shards")
    return list(range(low, high + 1))


def _section(data: Mapping[str, Any], name: str, allowed: set[str]) -> dict[str, Any]:
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(f"config: [{name}] must be a table")
    unknown = set(section) - allowed
    if unknown:
        raise ConfigError(f"config: unknown setting {name}.{sorted(unknown)[0]}")
    return section


def _typed(value: Any, kind: type, name: str) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"config: {name} must be {kind.__name__}")
    return value


def _weights(search: Mapping[str, Any]) -> Weights:
    """Ranking weights with the `[search]` settings that trade speed, quality and recency."""
    default = Weights()
    freshness = _typed(search.get("freshness", default.freshness), float, "search.freshness")
    if not 0.0 <= freshness <= 5.0:
        raise ConfigError("config: search.freshness must be between 0 and 5")
    limits = {
        "candidates": ("candidates", 10, 1_000),
        "scored_rows": ("scored_rows", 100, 10_000_000),
        "article_rows": ("document_rows", 100, 10_000_000),
    }
    sizes: dict[str, int] = {}
    for name, (field_name, low, high) in limits.items():
        value = _typed(search.get(name, getattr(default, field_name)), int, f"search.{name}")
        if not low <= value <= high:
            raise ConfigError(f"config: search.{name} must be between {low:,} and {high:,}")
        sizes[field_name] = value
    semantic = _typed(search.get("semantic", False), bool, "search.semantic")
    if semantic and (problem := missing()):
        raise ConfigError(f"config: {problem}")
    return replace(
        default, freshness=freshness, semantic=SEMANTIC_WEIGHT if semantic else 0.0, **sizes
    )


def check_discord(settings: DiscordSettings) -> None:
    """Refuse sharding and polling settings that cannot work, in one line."""
    if settings.shard_count < 0:
        raise ConfigError("discord.shard_count must be 0 (one process) or more")
    settings.shard_ids()
    if settings.feed_check_every < 0.1:
        raise ConfigError("discord.feed_check_every must be at least 0.1 seconds")
    if settings.feed_lease < 3 * settings.feed_check_every:
        # Renewed at every look, expiring a look before the lease is over: at least two looks
        # of margin, so that a lease never passes between live processes.
        raise ConfigError(
            "discord.feed_lease must be at least three times discord.feed_check_every"
        )


def load_settings(path: Path | None, environ: Mapping[str, str] = os.environ) -> Settings:
    """Read `path` (if given) and the environment (`DISCORD_TOKEN`, `NEWSBOT_DB`)."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    unknown = set(data) - {"database", "ingest", "search", "discord"}
    if unknown:
        raise ConfigError(f"config: unknown section [{sorted(unknown)[0]}]")
    db = _section(data, "database", {"path"})
    ingest = _section(
        data, "ingest", {"allow_private_urls", "max_bytes", "fetch_timeout", "extract_quotes"}
    )
    search = _section(
        data,
        "search",
        {"results", "freshness", "candidates", "scored_rows", "article_rows", "semantic"},
    )
    discord_names = {f.name for f in fields(DiscordSettings)}
    disc = _section(data, "discord", discord_names)

    engine = EngineSettings(
        weights=_weights(search),
        allow_private_urls=_typed(
            ingest.get("allow_private_urls", False), bool, "ingest.allow_private_urls"
        ),
        max_bytes=_typed(ingest.get("max_bytes", 10_000_000), int, "ingest.max_bytes"),
        fetch_timeout=_typed(ingest.get("fetch_timeout", 15.0), float, "ingest.fetch_timeout"),
        extract_quotes=_typed(ingest.get("extract_quotes", True), bool, "ingest.extract_quotes"),
    )
    guild = disc.get("dev_guild_id")
    discord = DiscordSettings(
        dev_guild_id=_typed(guild, int, "discord.dev_guild_id") or None if guild else None,
        admin_role=_typed(disc.get("admin_role", ""), str, "discord.admin_role") or None,
        api_base=_typed(disc.get("api_base", DiscordSettings.api_base), str, "discord.api_base"),
        gateway_url=_typed(disc.get("gateway_url", ""), str, "discord.gateway_url") or None,
        ask_cooldown=_typed(disc.get("ask_cooldown", 10.0), float, "discord.ask_cooldown"),
        shard_count=_typed(disc.get("shard_count", 0), int, "discord.shard_count"),
        shards=_typed(disc.get("shards", ""), str, "discord.shards"),
        feed_check_every=_typed(
            disc.get("feed_check_every", 60.0), float, "discord.feed_check_every"
        ),
        feed_lease=_typed(disc.get("feed_lease", 180.0), float, "discord.feed_lease"),
    )
    check_discord(discord)
    database = environ.get("NEWSBOT_DB") or _typed(db.get("path", DEFAULT_DB), str, "database.path")
    results = _typed(search.get("results", 5), int, "search.results")
    if not 1 <= results <= 10:
        raise ConfigError("config: search.results must be between 1 and 10")
    return Settings(
        database=database,
        results=results,
        engine=engine,
        discord=discord,
        token=environ.get("DISCORD_TOKEN") or None,
    )
