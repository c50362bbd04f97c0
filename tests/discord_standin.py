"""A local stand-in for Discord: the REST API and the gateway (zlib-stream), on loopback.

The unmodified bot connects to it as it would to Discord. It records every request, validates
command registrations against Discord's rules, and lets a test dispatch gateway events
(INTERACTION_CREATE, MESSAGE_CREATE) and wait for what the bot sends back.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 900000000000000001
BOT_ID = APP_ID
GUILD_A = 910000000000000001
GUILD_B = 920000000000000002
CHANNEL_A = 911000000000000001
CHANNEL_B = 921000000000000002
ADMIN_ROLE = 912000000000000001
TIMESTAMP = "2026-01-01T00:00:00+00:00"
MANAGE_GUILD = 1 << 5
SEND = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31)

REJECTED_TOKEN = "rejected-token"
NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
MENU_NAME = re.compile(r"^[\w '-]{1,32}$")
BOT_USER = {
    "id": str(BOT_ID),
    "username": "newsbot",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
    "flags": 0,
}
_ids = itertools.count(930000000000000001)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses a body only when Content-Type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def snowflake() -> str:
    """A fresh id."""
    return str(next(_ids))


def user(user_id: int, name: str) -> dict[str, Any]:
    """A user object."""
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": False,
    }


def member(
    user_id: int, name: str, permissions: int, roles: tuple[int, ...] = ()
) -> dict[str, Any]:
    """A guild member as interactions carry it (with resolved permissions)."""
    return {
        "user": user(user_id, name),
        "roles": [str(r) for r in roles],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions),
    }


def guild(guild_id: int, channel_id: int, name: str) -> dict[str, Any]:
    """A GUILD_CREATE payload with an @everyone role, an admin role and one text channel."""
    role = {
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
        "icon": None,
        "unicode_emoji": None,
    }
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "owner_id": "1",
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "system_channel_flags": 0,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [
            {
                **role,
                "id": str(guild_id),
                "name": "@everyone",
                "permissions": str(SEND),
                "position": 0,
            },
            {
                **role,
                "id": str(ADMIN_ROLE),
                "name": "news-admin",
                "permissions": str(SEND),
                "position": 1,
            },
        ],
        "channels": [
            {
                "id": str(channel_id),
                "type": 0,
                "name": "news",
                "position": 0,
                "permission_overwrites": [],
                "guild_id": str(guild_id),
                "nsfw": False,
                "topic": None,
                "last_message_id": None,
                "rate_limit_per_user": 0,
            }
        ],
        "threads": [],
        "members": [],
        "member_count": 3,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "unavailable": False,
        "large": False,
        "joined_at": TIMESTAMP,
    }


@dataclass
class Request:
    """One REST call the bot made."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    # When it arrived (time.monotonic), for acknowledgement and answer latencies.
    at: float = field(default_factory=time.monotonic)


class _Shard:
    """One gateway connection: its shard, its zlib stream, its sequence number."""

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.id = -1
        self.seq = 0
        self.compress = zlib.compressobj()


@dataclass
class StandIn:
    """The stand-in server. `start()` it, point the bot at `api_base` and `gateway_url`."""

    guilds: tuple[tuple[int, int, str], ...] = (
        (GUILD_A, CHANNEL_A, "Server A"),
        (GUILD_B, CHANNEL_B, "Server B"),
    )
    requests: list[Request] = field(default_factory=list)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    command_errors: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    limit_errors: list[str] = field(default_factory=list)
    originals: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The last follow-up message sent for each interaction token, as Discord returned it.
    followups: dict[str, dict[str, Any]] = field(default_factory=dict)
    port: int = 0
    # What GET /gateway/bot recommends to a bot that does not choose its shard count.
    recommended_shards: int = 1

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        # Gateway connections by shard id (a bot that does not shard is shard 0 of 1).
        self._shards: dict[int, _Shard] = {}
        self.shard_count = 1
        # (shard id, shard count) of every IDENTIFY, in the order they came.
        self.identified: list[tuple[int, int]] = []
        self.connected = asyncio.Event()
        self.compression: str | None = None
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free loopback port."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Close the gateway connections and the server."""
        for shard in list(self._shards.values()):
            await shard.ws.close()
        await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def file_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/files/{name}"

    # -- gateway -------------------------------------------------------------------------

    def shard_of(self, guild_id: int) -> int:
        """The shard Discord routes a server's events to."""
        return (guild_id >> 22) % self.shard_count

    async def _send(self, shard: _Shard, payload: dict[str, Any]) -> None:
        data = shard.compress.compress(json.dumps(payload).encode())
        data += shard.compress.flush(zlib.Z_SYNC_FLUSH)
        await shard.ws.send_bytes(data)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the bot, on the connection of the shard that owns its
        server (to every connection for an event of no server)."""
        guild = data.get("guild_id")
        targets = (
            [self._shards[n] for n in [self.shard_of(int(guild))] if n in self._shards]
            if guild
            else list(self._shards.values())
        )
        for shard in targets:
            await self._emit(shard, event, data)

    async def _emit(self, shard: _Shard, event: str, data: dict[str, Any]) -> None:
        shard.seq += 1
        await self._send(shard, {"op": 0, "t": event, "s": shard.seq, "d": data})

    async def wait_for_shards(self, count: int, timeout: float = 30.0) -> None:
        """Until `count` shards have identified."""

        async def enough() -> None:
            async with self._changed:
                while len(self._shards) < count:
                    await self._changed.wait()

        await asyncio.wait_for(enough(), timeout)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.compression = request.query.get("compress")
        assert self.compression in (None, "zlib-stream"), self.compression
        shard = _Shard(ws)
        await self._send(shard, {"op": 10, "d": {"heartbeat_interval": 41250}})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            if payload["op"] == 1:
                await self._send(shard, {"op": 11})
            elif payload["op"] == 2:
                number, count = payload["d"].get("shard") or (0, 1)
                self.shard_count = count
                self.identified.append((number, count))
                shard.id = number
                mine = [g for g in self.guilds if self.shard_of(g[0]) == number]
                await self._send(
                    shard,
                    {
                        "op": 0,
                        "t": "READY",
                        "s": 1,
                        "d": {
                            "v": 10,
                            "user": BOT_USER,
                            "session_id": f"standin-{number}",
                            "resume_gateway_url": self.gateway_url,
                            "guilds": [{"id": str(g), "unavailable": True} for g, _, _ in mine],
                            "application": {"id": str(APP_ID), "flags": 0},
                            "private_channels": [],
                            "relationships": [],
                            "shard": [number, count],
                        },
                    },
                )
                shard.seq = 1
                async with self._changed:
                    self._shards[number] = shard
                    self._changed.notify_all()
                for guild_id, channel_id, name in mine:
                    await self._emit(shard, "GUILD_CREATE", guild(guild_id, channel_id, name))
                self.connected.set()
        async with self._changed:
            if self._shards.get(shard.id) is shard:
                del self._shards[shard.id]
            self._changed.notify_all()
        return ws

    # -- REST ----------------------------------------------------------------------------

    async def _file(self, request: web.Request) -> web.Response:
        return web.Response(body=self.files[request.match_info["name"]])

    def message(
        self, body: dict[str, Any], channel_id: int, author: dict[str, Any] = BOT_USER
    ) -> dict[str, Any]:
        """A message object for what the bot sent."""
        return {
            "id": snowflake(),
            "channel_id": str(channel_id),
            "author": author,
            "content": body.get("content") or "",
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
            "components": body.get("components") or [],
        }

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        if request.headers.get("Authorization") == f"Bot {REJECTED_TOKEN}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        body: Any = None
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
            else:
                form = await request.post()
                body = json.loads(str(form.get("payload_json", "{}")))
        if isinstance(body, dict):
            self.limit_errors += message_problems(
                body.get("data", body) if "type" in body else body
            )
        async with self._changed:
            self.requests.append(Request(request.method, path, dict(request.query), body))
            self._changed.notify_all()
        return await self._answer(request.method, path, body)

    async def _answer(self, method: str, path: str, body: Any) -> web.StreamResponse:
        if path == "/users/@me":
            return _json(BOT_USER)
        if path == "/oauth2/applications/@me":
            return _json(
                {
                    "id": str(APP_ID),
                    "name": "newsbot",
                    "icon": None,
                    "description": "",
                    "rpc_origins": [],
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": user(1, "owner"),
                    "summary": "",
                    "verify_key": "0" * 64,
                    "team": None,
                    "flags": 0,
                    "bot": BOT_USER,
                }
            )
        if path in ("/gateway", "/gateway/bot"):
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": self.recommended_shards,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 1000,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if match := re.fullmatch(r"/applications/\d+(?:/guilds/(\d+))?/commands", path):
            key = match.group(1) or "global"
            if method == "PUT":
                problems = validate_commands(body)
                if problems:
                    self.command_errors += problems
                    return _json({"message": "; ".join(problems), "code": 50035}, status=400)
                # Discord answers with every field, an empty description for context menus.
                self.commands[key] = [
                    {
                        "description": "",
                        **c,
                        "id": snowflake(),
                        "application_id": str(APP_ID),
                        "version": "1",
                    }
                    for c in body
                ]
            return _json(self.commands.get(key, []))
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return _json(self._callback(match.group(1), match.group(2), body))
        if match := re.fullmatch(r"/webhooks/\d+/([^/]+)(?:/messages/(?:@original|\d+))?", path):
            token = match.group(1)
            if method == "POST":
                sent = self.message(body, CHANNEL_A)
                self.followups[token] = sent
                return _json(sent)
            if method == "PATCH":
                original = self.originals.get(token) or self.message({}, CHANNEL_A)
                updated = {
                    **original,
                    **{k: v for k, v in body.items() if k in ("content", "embeds", "components")},
                }
                self.originals[token] = updated
                return _json(updated)
            if method == "GET":
                return _json(self.originals.get(token) or self.message({}, CHANNEL_A))
            return web.Response(status=204)
        if match := re.fullmatch(r"/channels/(\d+)/messages(?:/\d+)?", path):
            if method == "POST":
                return _json(self.message(body, int(match.group(1))))
            return web.Response(status=204)
        if re.fullmatch(r"/channels/\d+/typing", path):
            return web.Response(status=204)
        return _json({"message": f"stand-in has no {method} {path}", "code": 0}, status=404)

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body["type"]
        data = body.get("data") or {}
        flags = data.get("flags") or 0
        info: dict[str, Any] = {
            "id": interaction_id,
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & 64),
        }
        if kind in (4, 5, 7):
            message = self.message(data, CHANNEL_A)
            self.originals[token] = message
            info["response_message_id"] = message["id"]
            return {"interaction": info, "resource": {"type": kind, "message": message}}
        return {"interaction": info}

    # -- for tests -----------------------------------------------------------------------

    async def wait_for(
        self, predicate: Callable[[Request], bool], timeout: float = 20.0
    ) -> Request:
        """The first request (already made or coming) that satisfies `predicate`."""

        async def find() -> Request:
            async with self._changed:
                while True:
                    for r in self.requests:
                        if predicate(r):
                            return r
                    await self._changed.wait()

        return await asyncio.wait_for(find(), timeout)

    async def interaction(
        self,
        data: dict[str, Any],
        *,
        kind: int = 2,
        guild_id: int = GUILD_A,
        channel_id: int = CHANNEL_A,
        who: dict[str, Any] | None = None,
        message: dict[str, Any] | None = None,
    ) -> tuple[str, str]:
        """Dispatch an INTERACTION_CREATE; returns (interaction id, token)."""
        interaction_id, token = snowflake(), f"token-{snowflake()}"
        payload: dict[str, Any] = {
            "id": interaction_id,
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(guild_id),
                "name": "news",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
            },
            "member": who or member(5001, "reader", SEND),
            "token": token,
            "version": 1,
            "app_permissions": str(SEND),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction_id, token

    def command_id(self, name: str, guild_id: int = GUILD_A) -> str:
        """The id Discord gave a registered command."""
        for command in self.commands.get(str(guild_id), []) + self.commands.get("global", []):
            if command["name"] == name:
                return str(command["id"])
        raise KeyError(name)


def message_problems(message: dict[str, Any]) -> list[str]:
    """Discord's message limits: content, embeds and their parts, components."""
    problems: list[str] = []
    if len(message.get("content") or "") > 2000:
        problems.append("content over 2,000 characters")
    embeds = message.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for embed in embeds:
        title, description = embed.get("title") or "", embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        fields = embed.get("fields") or []
        total += len(title) + len(description) + len(footer)
        total += sum(len(f["name"]) + len(f["value"]) for f in fields)
        if len(title) > 256 or len(description) > 4096 or len(footer) > 2048 or len(fields) > 25:
            problems.append("embed part over its limit")
        if any(
            not f["name"] or not f["value"] or len(f["name"]) > 256 or len(f["value"]) > 1024
            for f in fields
        ):
            problems.append("embed field empty or over its limit")
    if total > 6000:
        problems.append(f"embeds total {total} over 6,000")
    for row in message.get("components") or []:
        if len(row.get("components") or []) > 5:
            problems.append("more than 5 components in a row")
    return problems


def validate_commands(commands: list[dict[str, Any]]) -> list[str]:
    """Discord's rules for application commands, as far as newsbot's commands use them."""
    problems: list[str] = []

    def check_options(where: str, options: list[dict[str, Any]]) -> None:
        if len(options) > 25:
            problems.append(f"{where}: more than 25 options")
        seen_optional = False
        for option in options:
            name = option.get("name", "")
            here = f"{where} {name}"
            if not NAME.match(name):
                problems.append(f"{here}: bad option name")
            if not 1 <= len(option.get("description", "")) <= 100:
                problems.append(f"{here}: description must be 1 to 100 characters")
            if len(option.get("choices") or []) > 25:
                problems.append(f"{here}: more than 25 choices")
            if option["type"] in (1, 2):
                check_options(here, option.get("options") or [])
                continue
            if option.get("required"):
                if seen_optional:
                    problems.append(f"{here}: required option after an optional one")
            else:
                seen_optional = True

    if len(commands) > 100:
        problems.append("more than 100 commands")
    for command in commands:
        name = command.get("name", "")
        if command.get("type", 1) in (2, 3):
            # User and message commands: any case, spaces allowed, no description or options.
            if not MENU_NAME.match(name):
                problems.append(f"{name}: bad context menu name")
            if command.get("description") or command.get("options"):
                problems.append(f"{name}: a context menu takes no description or options")
            continue
        if not NAME.match(name):
            problems.append(f"{name}: bad command name")
        if not 1 <= len(command.get("description", "")) <= 100:
            problems.append(f"{name}: description must be 1 to 100 characters")
        check_options(name, command.get("options") or [])
    menus = [c for c in commands if c.get("type", 1) == 3]
    if len(menus) > 5:
        problems.append("more than 5 message commands")
    return problems
