"""Answers shown with vote buttons, and the votes people gave them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from retrieval.errors import NotFound
from retrieval.models import Answer, Cited, Reviewed
from retrieval.store.database import Database
from retrieval.store.rows import Row

# Unvoted answers kept, and how often the older ones are cleared (every so many answers).
KEEP_ANSWERS = 100_000
PRUNE_EVERY = 1_000


def _reviewed(row: Row) -> Reviewed:
    cited = tuple(Cited(**c) for c in json.loads(row["cited"]))
    direct = json.loads(row["direct"]) if row["direct"] else {}
    return Reviewed(
        id=int(row["id"]),
        scope=row["scope"],
        question=str(row["question"]),
        kind=row["kind"],
        confidence=float(row["confidence"]),
        cited=cited,
        speaker=direct.get("speaker"),
        asked_at=str(row["asked_at"]),
        up=int(row["up"]),
        down=int(row["down"]),
    )


class Feedback:
    """The votes on one library's answers."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, answer: Answer, scope: int | None) -> int:
        """Keep an answer that is shown with vote buttons; its id goes on the buttons."""
        cited = [
            {"article_id": p.article_id, "paragraph": p.paragraph, "title": p.title}
            for p in answer.passages
        ]
        direct = json.dumps(answer.answer.to_json()) if answer.answer else None
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO answers (scope, question, kind, confidence, cited, direct, asked_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    scope,
                    answer.question,
                    answer.kind,
                    answer.confidence,
                    json.dumps(cited),
                    direct,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            answer_id = int(cur.lastrowid or 0)
            if answer_id % PRUNE_EVERY == 0:
                # The unvoted answers older than the latest KEEP_ANSWERS go: their buttons
                # are long scrolled away, and nothing would be learnt from them.
                await conn.execute(
                    "DELETE FROM answers WHERE id <= ? AND NOT EXISTS "
                    "(SELECT 1 FROM votes v WHERE v.answer_id = answers.id)",
                    (answer_id - KEEP_ANSWERS,),
                )
            return answer_id

    async def vote(
        self, answer_ids: Sequence[int], scope: int | None, member: str, vote: int
    ) -> int | None:
        """A member's vote (+1 or -1) on the answers of one reply shown in `scope`, replacing
        any vote they gave them before, all or none; returns the earlier vote, if any."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        before = None
        async with self._db.transaction() as conn:
            for answer_id in answer_ids:
                async with conn.execute(
                    "SELECT 1 FROM answers WHERE id = ? AND scope IS ?", (answer_id, scope)
                ) as cur:
                    if await cur.fetchone() is None:
                        raise NotFound("that answer is no longer kept, so it cannot be voted on")
                async with conn.execute(
                    "SELECT vote FROM votes WHERE answer_id = ? AND member = ?",
                    (answer_id, member),
                ) as cur:
                    earlier = await cur.fetchone()
                before = int(earlier["vote"]) if earlier else before
                await conn.execute(
                    "INSERT INTO votes (answer_id, member, vote, voted_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (answer_id, member) DO UPDATE SET vote = excluded.vote, "
                    "voted_at = excluded.voted_at",
                    (answer_id, member, vote, now),
                )
        return before

    async def found_wrong(self, scope: int | None, limit: int = -1) -> list[Reviewed]:
        """Answers someone voted 👎, the most disputed first: of one server, or with `scope`
        None of every server (this is for the people who run newsbot, not a library view)."""
        where = "" if scope is None else "WHERE a.scope = :scope "
        sql = (
            "SELECT a.*, sum(v.vote = 1) AS up, sum(v.vote = -1) AS down FROM answers a "
            f"JOIN votes v ON v.answer_id = a.id {where}GROUP BY a.id "
            "HAVING down > 0 ORDER BY down - up DESC, a.id DESC LIMIT :limit"
        )
        async with self._db.writer.execute(sql, {"scope": scope, "limit": limit}) as cur:
            return [_reviewed(r) for r in await cur.fetchall()]
