"""Leases: background work that must run in exactly one of several processes sharing the
library (polling feeds), held by the process that took it until it stops renewing it.

The database decides, not a configuration file: every process asks to take or renew the lease
in a write transaction; one holds it at a time, and when its holder dies the lease expires and
the next process that asks takes it over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from retrieval.store.database import Database


def _moment(moment: datetime) -> str:
    # To the microsecond: a lease lasts seconds, and which process took it first matters.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Lease:
    """Who holds a lease, since when, and until when unless they renew it."""

    holder: str
    taken: datetime
    expires: datetime


class Leases:
    """The leases of one library."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def take(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Take or renew the lease `name` for `holder` until `until`; False while another
        holder's lease has not expired."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO leases (name, holder, taken, expires) "
                "VALUES (:name, :holder, :now, :until) "
                "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                "expires = excluded.expires, taken = CASE WHEN leases.holder = "
                "excluded.holder THEN leases.taken ELSE excluded.taken END "
                "WHERE leases.holder = excluded.holder OR leases.expires <= :now",
                {"name": name, "holder": holder, "until": _moment(until), "now": _moment(now)},
            )
            async with conn.execute("SELECT holder FROM leases WHERE name = ?", (name,)) as cur:
                row = await cur.fetchone()
        return row is not None and row["holder"] == holder

    async def release(self, name: str, holder: str) -> None:
        """Give the lease up at once (a clean stop), if `holder` has it."""
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))

    async def get(self, name: str) -> Lease | None:
        """The lease, if anyone has taken it."""
        async with self._db.writer.execute(
            "SELECT holder, taken, expires FROM leases WHERE name = ?", (name,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return Lease(
            str(row["holder"]),
            datetime.fromisoformat(row["taken"]),
            datetime.fromisoformat(row["expires"]),
        )
