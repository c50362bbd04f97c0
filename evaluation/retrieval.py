"""Retrieval quality on RealTime QA, XQuAD and Vaswani, through the engine's public API."""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from retrieval.engine import Engine, EngineSettings
from retrieval.index.tokens import tokens
from retrieval.ingest import normalise_date
from retrieval.models import Draft
from retrieval.query import analyse
from retrieval.rank import Weights
from retrieval.store import Store
from retrieval.text import article_paragraphs

# Passages asked for, as `newsbot ask -k 10`.
ASK_K = 10

# Vaswani is read against plain stemmed BM25 computed in the same run (rank-bm25's BM25Okapi
# on the very tokens FTS5 indexes, k1 1.2, b 0.75, FTS5's IDF floor), which is what published
# stemmed-BM25 runs on this collection are.


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


@dataclass
class Metrics:
    """Accumulates recall at cut-offs and reciprocal rank."""

    name: str
    n: int = 0
    r1: float = 0.0
    r5: float = 0.0
    r10: float = 0.0
    mrr: float = 0.0

    def add(self, ranking: Sequence[Any], gold: set[Any]) -> None:
        """One question's ranking (best first, no repeats) against its gold set."""
        self.n += 1
        rank = next((i for i, item in enumerate(ranking[:10], start=1) if item in gold), None)
        if rank is not None:
            self.r1 += rank == 1
            self.r5 += rank <= 5
            self.r10 += 1
            self.mrr += 1.0 / rank

    def row(self) -> dict[str, float | int | str]:
        """Averages."""
        n = max(self.n, 1)
        return {
            "set": self.name,
            "questions": self.n,
            "R@1": self.r1 / n,
            "R@5": self.r5 / n,
            "R@10": self.r10 / n,
            "MRR@10": self.mrr / n,
        }


async def _engine_over(store: Store, drafts: Iterator[Draft], weights: Weights) -> Engine:
    engine = Engine(store, EngineSettings(extract_quotes=False, weights=weights))
    for draft in drafts:
        await engine.add_draft(draft)
    return engine


async def _ranking(
    engine: Engine, question: str, depth: int, today: date | None = None
) -> list[int]:
    """Article ids in order of their best passage, asked on `today`."""
    ranked, _ = await engine.ranking.ranked(analyse(question), None, depth, today=today)
    return list(dict.fromkeys(s.row.article.id for s in ranked))


@dataclass
class Shown:
    """What `newsbot ask -k 10` shows for a question: its passages' article ids, best first
    (none when it says nothing answers), and the confidence it gives."""

    articles: list[int]
    confidence: float
    told_nothing: bool


async def _shown(engine: Engine, question: str, today: date | None = None) -> Shown:
    answer = await engine.ask(question, k=ASK_K, today=today)
    articles = list(dict.fromkeys(p.article_id for p in answer.passages))
    return Shown(articles, answer.confidence, not answer.passages)


async def realtimeqa(data: Path, weights: Weights, workdir: Path) -> dict[str, Any]:
    """Article-level R@1, R@5, MRR@10 of the passages `ask -k 10` shows, all 2,209 articles
    indexed, and how often it says nothing answers."""
    folder = data / "realtimeqa"
    refs: dict[str, int] = {}
    async with Store.open(workdir / "realtimeqa.db") as store:
        drafts = (
            Draft(
                title=(rec.get("title") or "").strip() or (rec.get("source") or "article"),
                paragraphs=tuple(article_paragraphs(rec["text"])) or ("(empty)",),
                url=None,
                source=rec.get("source"),
                published=normalise_date(rec.get("date")),
                ref=rec["id"],
            )
            for rec in read_jsonl(folder / "articles.jsonl")
        )
        engine = await _engine_over(store, drafts, weights)
        for article in await engine.articles(None, limit=100_000):
            assert article.ref is not None
            refs[article.ref] = article.id
        metrics = Metrics("RealTime QA")
        told_nothing = 0
        for q in read_jsonl(folder / "questions.jsonl"):
            if not q.get("gold_article_ids"):
                continue
            gold = {refs[g] for g in q["gold_article_ids"] if g in refs}
            # Each quiz question is asked on the quiz's own day: "this week" is that week.
            asked = date.fromisoformat(q["date"])
            shown = await _shown(engine, q["question"], asked)
            metrics.add(shown.articles, gold)
            told_nothing += shown.told_nothing
    row = metrics.row()
    row["told nothing"] = told_nothing / max(metrics.n, 1)
    row["reference"] = "asked on each quiz's day; articles dated"
    return row


async def xquad(data: Path, weights: Weights, workdir: Path) -> dict[str, Any]:
    """Paragraph-level R@1 and MRR@10 of what `ask -k 10` shows over the 240 XQuAD paragraphs,
    and how often it says nothing answers a question that has an answer."""
    folder = data / "xquad_en"
    ids: dict[int, str] = {}
    async with Store.open(workdir / "xquad.db") as store:
        engine = Engine(store, EngineSettings(extract_quotes=False, weights=weights))
        for rec in read_jsonl(folder / "paragraphs.jsonl"):
            title = rec["title"].replace("_", " ")
            result = await engine.add_draft(
                Draft(title=title, paragraphs=(rec["text"],), ref=rec["id"])
            )
            assert result.article is not None
            ids[result.article.id] = rec["id"]
        metrics = Metrics("XQuAD")
        told_nothing = 0
        for q in read_jsonl(folder / "questions.jsonl"):
            shown = await _shown(engine, q["question"])
            metrics.add([ids[a] for a in shown.articles], {q["paragraph_id"]})
            told_nothing += shown.told_nothing
    row = metrics.row()
    row["told nothing"] = told_nothing / max(metrics.n, 1)
    return row


def _ndcg(ranking: Sequence[str], rels: dict[str, int], k: int = 10) -> float:
    dcg = sum(rels.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted(rels.values(), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def _average_precision(ranking: Sequence[str], rels: dict[str, int]) -> float:
    hits, total = 0, 0.0
    for i, d in enumerate(ranking, start=1):
        if rels.get(d, 0) > 0:
            hits += 1
            total += hits / i
    relevant = sum(1 for r in rels.values() if r > 0)
    return total / relevant if relevant else 0.0


async def vaswani(data: Path, weights: Weights, workdir: Path, depth: int = 100) -> dict[str, Any]:
    """nDCG@10 and MAP (top 100) over the Vaswani collection, one document per article."""
    folder = data / "vaswani"
    qrels: dict[str, dict[str, int]] = {}
    with (folder / "qrels" / "test.tsv").open() as handle:
        next(handle)
        for line in handle:
            qid, did, score = line.split()
            qrels.setdefault(qid, {})[did] = int(score)
    plain = Weights(
        coverage=0,
        phrase=0,
        proximity=0,
        article=0,
        per_article=depth,
        title_weight=0.0,
        candidates=depth,
    )
    ids: dict[int, str] = {}
    async with Store.open(workdir / "vaswani.db") as store:
        engine = Engine(store, EngineSettings(extract_quotes=False, weights=plain))
        for rec in read_jsonl(folder / "corpus.jsonl"):
            result = await engine.add_draft(
                Draft(title="-", paragraphs=(rec["text"],), ref=rec["_id"])
            )
            if result.article is not None:
                ids[result.article.id] = rec["_id"]
        ndcg = ap = 0.0
        n = 0
        for q in read_jsonl(folder / "queries.jsonl"):
            if q["_id"] not in qrels:
                continue
            ranking = [ids[a] for a in await _ranking(engine, q["text"], depth)]
            ndcg += _ndcg(ranking, qrels[q["_id"]])
            ap += _average_precision(ranking, qrels[q["_id"]])
            n += 1
    ref_ndcg, ref_map = _plain_bm25(folder, qrels, depth)
    return {
        "set": "Vaswani",
        "queries": n,
        "nDCG@10": ndcg / n,
        "MAP": ap / n,
        "reference": f"plain stemmed BM25, same run: nDCG@10 {ref_ndcg:.3f}, MAP {ref_map:.3f}",
    }


def _plain_bm25(folder: Path, qrels: dict[str, dict[str, int]], depth: int) -> tuple[float, float]:
    """nDCG@10 and MAP of plain stemmed BM25 over whole Vaswani documents."""
    from rank_bm25 import BM25Okapi

    docs = list(read_jsonl(folder / "corpus.jsonl"))
    bm25 = BM25Okapi([tokens(d["text"]) for d in docs], k1=1.2, b=0.75)
    # FTS5 floors the IDF of terms in more than half the documents; BM25Okapi would lift them.
    bm25.idf = {t: (v if v > 0 else 1e-6) for t, v in bm25.idf.items()}
    ndcg = ap = 0.0
    n = 0
    for q in read_jsonl(folder / "queries.jsonl"):
        if q["_id"] not in qrels:
            continue
        scores = bm25.get_scores(tokens(" ".join(analyse(q["text"]).terms)))
        order = sorted(range(len(docs)), key=lambda i: -scores[i])[:depth]
        ranking = [docs[i]["_id"] for i in order if scores[i] > 0]
        ndcg += _ndcg(ranking, qrels[q["_id"]])
        ap += _average_precision(ranking, qrels[q["_id"]])
        n += 1
    return ndcg / n, ap / n


async def evaluate(data: Path, weights: Weights, only: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Every retrieval evaluation whose data is present."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as tmp:
        for name, func in (("realtimeqa", realtimeqa), ("xquad", xquad), ("vaswani", vaswani)):
            if only and name not in only:
                continue
            if not (data / ("xquad_en" if name == "xquad" else name)).is_dir():
                continue
            started = time.perf_counter()
            row = await func(data, weights, Path(tmp))
            row["seconds"] = round(time.perf_counter() - started, 1)
            rows.append(row)
    return rows
