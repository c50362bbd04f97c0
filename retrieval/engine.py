"""The engine's public API: add articles, import them in bulk, and answer questions."""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from retrieval import bulk, fetch, ingest, speech, spelling, topk
from retrieval.answer import QUOTE_HOLDS, best_quote, compose, overlap
from retrieval.dates import iso_day
from retrieval.errors import InputError
from retrieval.models import AddResult, Answer, DirectAnswer, Draft, ImportSummary, Quote
from retrieval.query import Question, analyse, content_words, fts_query, plain_search
from retrieval.quotes import extract_quotes, reported_speaker
from retrieval.rank import (
    DEFAULT_WEIGHTS,
    Scored,
    Weights,
    blend,
    confidence,
    evidence,
    idf,
    known_share,
    library_share,
    rerank,
    term_weights,
)
from retrieval.semantic import Similarity, passage_text
from retrieval.store import PassageRow, Store
from retrieval.text import stem
from retrieval.when import asked_on, published_after, quotes_as_of

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
# Passages a who-said question reads for the quotation that holds its words.
WHO_SAID_DEPTH = 30
# Quotations of the whole library a who-said claim is compared with when none of those
# passages holds it (the best BM25 matches on the quotation index).
CLAIM_QUOTES = 50


@dataclass(frozen=True)
class EngineSettings:
    """Limits and switches of the engine (the `[ingest]` and `[search]` config sections)."""

    allow_private_urls: bool = False
    max_bytes: int = 10_000_000
    fetch_timeout: float = 15.0
    extract_quotes: bool = True
    weights: Weights = DEFAULT_WEIGHTS


Progress = Callable[[int], None]


@dataclass(frozen=True)
class Candidates:
    """Paragraphs to re-rank with their BM25 scores, the FTS5 query that found them, and how
    many of the first are provably the exhaustive BM25 ranking."""

    rows: list[PassageRow]
    match: str
    proven: int


class Engine:
    """newsbot's engine over one store: everything the front ends call."""

    def __init__(self, store: Store, settings: EngineSettings | None = None) -> None:
        self.store = store
        self.settings = settings or EngineSettings()
        self.similarity = Similarity() if self.settings.weights.semantic else None

    async def prepare(self) -> None:
        """Load what the first question would otherwise wait for (the semantic model)."""
        if self.similarity is not None:
            await asyncio.to_thread(self.similarity.load)

    # -- adding ----------------------------------------------------------------------------

    async def add_draft(
        self, draft: Draft, scope: int | None = None, added_by: str | None = None
    ) -> AddResult:
        """Store one parsed article with its quotations (or report it as a duplicate)."""
        # Extraction reads the whole text: off the event loop, so that a long pasted article
        # holds up no other server.
        quotes = (
            await asyncio.to_thread(extract_quotes, draft.paragraphs)
            if self.settings.extract_quotes
            else []
        )
        return await self.store.add_article(draft, scope, added_by, quotes)

    async def drafts_from(
        self,
        source: str,
        *,
        title: str | None = None,
        url: str | None = None,
        source_name: str | None = None,
        published: str | None = None,
    ) -> list[Draft]:
        """Parse a path, an http(s) URL, or `-` (standard input) into drafts; a publication
        date is read as people write one ("March 3, 2025") or refused."""
        if published is not None:
            try:
                published = iso_day(published)
            except ValueError as exc:
                raise InputError(str(exc)) from None
        meta: dict[str, str | None] = {"url": url, "source": source_name, "published": published}
        limit = self.settings.max_bytes
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
            page = await fetch.fetch(
                source,
                allow_private=self.settings.allow_private_urls,
                max_bytes=limit,
                timeout=self.settings.fetch_timeout,
            )
            meta["url"] = url or page.url
            suffix = ".txt" if page.content_type == "text/plain" else ".html"
            return await asyncio.to_thread(
                ingest.parse_document, page.body, source, suffix, limit, title, **meta
            )
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
            text = ingest.decode(data, "standard input", limit)
            suffix = ".html" if ingest.looks_like_html(text) else ".txt"
            return await asyncio.to_thread(
                ingest.parse_document, data, "standard input", suffix, limit, title, **meta
            )
        path = Path(source).expanduser()
        suffix = path.suffix.lower()
        if suffix and suffix not in ingest.SUFFIXES:
            raise InputError(
                f"{path.name}: unsupported file type {suffix} (use .txt .md .html .json)"
            )
        data = ingest.read_limited(path, limit)
        return await asyncio.to_thread(
            ingest.parse_document, data, path.name, suffix, limit, title, **meta
        )

    async def add_text(
        self,
        text: str,
        *,
        title: str | None = None,
        scope: int | None = None,
        added_by: str | None = None,
        **meta: str | None,
    ) -> AddResult:
        """Add pasted text (or HTML) as one article."""
        data = text.encode()
        name = "the pasted text"
        suffix = ".html" if ingest.looks_like_html(text) else ".txt"
        drafts = await asyncio.to_thread(
            ingest.parse_document, data, name, suffix, self.settings.max_bytes, title, **meta
        )
        return await self.add_draft(drafts[0], scope, added_by)

    async def import_jsonl(
        self,
        lines: Iterable[str],
        name: str,
        *,
        scope: int | None = None,
        added_by: str | None = None,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Bulk add; refs already stored are skipped, bad lines are reported by number."""
        return await bulk.import_lines(
            self.store,
            lines,
            extract=self.settings.extract_quotes,
            scope=scope,
            added_by=added_by,
            progress=progress,
        )

    async def reindex_quotes(self, progress: Progress | None = None) -> int:
        """Re-extract the quotations of every stored article; returns how many were found."""
        total = 0
        for done, article_id in enumerate(await self.store.all_article_ids(), start=1):
            paragraphs = await self.store.paragraphs(article_id)
            total += await self.store.replace_quotes(article_id, extract_quotes(paragraphs))
            if progress:
                progress(done)
        return total

    # -- asking ----------------------------------------------------------------------------

    async def ranked(
        self,
        question: Question,
        scope: int | None,
        k: int,
        article_id: int | None = None,
        today: date | None = None,
    ) -> tuple[list[Scored], float]:
        """Re-ranked passages for an analysed question, and the confidence in the best one.
        `today` is the day it is asked on (default: today, UTC)."""
        if question.empty:
            return [], 0.0
        weights = self.settings.weights
        totals, counts = await self.store.term_statistics(sorted(question.stems))
        docs = {s: d for s, (d, _) in counts.items()}
        documents: asyncio.Task[dict[int, float]] | None = None
        if weights.document:
            # The whole-article BM25 of the rarest terms that fit the budget, searched on the
            # reading connection while the paragraphs are searched on the other.
            articles = {s: a for s, (_, a) in counts.items()}
            chosen = topk.plan(question.stems, articles, 0, weights.document_rows).essential
            keep = {s for s, _ in chosen}
            match = fts_query([t for t in question.terms if stem(t) in keep], question.phrases)
            if match:
                documents = asyncio.ensure_future(
                    self.store.search_articles(
                        match, scope, weights.documents, weights.document_title_weight
                    )
                )
        try:
            found = await self.candidates(question, scope, article_id, totals, docs)
        except BaseException:
            if documents is not None:
                documents.cancel()
            raise
        by_article = await documents if documents is not None else {}
        rows = found.rows
        if today is not None:
            # As of a day, nothing published after it is cited.
            rows = [r for r in rows if not published_after(r.article.published, today)]
        if not rows:
            return [], 0.0
        term_w = term_weights(question, totals[0], docs)
        # The Python work of a question runs beside the event loop, which keeps serving others
        # (a bot acknowledges every interaction within Discord's window).
        ranked = await asyncio.to_thread(
            rerank, question, rows, term_w, k, weights, by_article, asked_on(today)
        )
        if self.similarity is not None and ranked and question.when is None:
            # The model reads the lexical top k only: what it adds reorders them. A question
            # that names a time ("this week", "in 2016", "latest") asks for one story of that
            # time, which the words and the date find; the model, blind to dates, would pull
            # toward the same subject at other times.
            texts = [passage_text(s.row.article.title, s.row.text) for s in ranked]
            similarity = await asyncio.to_thread(self.similarity, question.text, texts)
            ranked = blend(ranked, similarity, weights.semantic, k, weights.per_article)
        if not ranked:
            return ranked, 0.0
        known = known_share(question, totals[0], docs) * evidence(question, ranked[0])
        return ranked, confidence(ranked[0], len(question.terms), known)

    async def candidates(
        self,
        question: Question,
        scope: int | None,
        article_id: int | None = None,
        totals: tuple[int, int] | None = None,
        docs: dict[str, int] | None = None,
    ) -> Candidates:
        """The BM25 top `weights.candidates` paragraphs for the question's terms, best first,
        found without scoring every row that holds a common word (see topk.py)."""
        weights = self.settings.weights
        tw = weights.title_weight
        limit = weights.candidates
        if totals is None or docs is None:
            totals, counts = await self.store.term_statistics(sorted(question.stems))
            docs = {s: d for s, (d, _) in counts.items()}
        total, tokens_total = totals
        if article_id is not None:
            # One article is small: FTS5 scores all of it.
            match = fts_query(question.terms, question.phrases)
            rows = await self.store.search_paragraphs(match, scope, limit, tw, article_id)
            return Candidates(rows, match, len(rows))
        stems = [stem(t) for t in question.terms]
        p = topk.plan(stems, docs, total, weights.scored_rows)
        if not p.essential:
            # No term of the question is in the library.
            return Candidates([], fts_query(question.terms), 0)
        essential = {s for s, _ in p.essential}
        # Quoted phrases go to FTS5 whole: they are rarer than their rarest word.
        match = fts_query(
            [t for t, s in zip(question.terms, stems, strict=True) if s in essential],
            question.phrases,
        )
        fetch = limit * weights.pool if p.rest else limit
        # Other servers' paragraphs are ranked too, then left out; any visible paragraph not
        # fetched scores no more than the last one fetched, so the ranking stays exact.
        scored, found = await self.store.candidates(match, fetch, tw, scope)
        if not p.rest:
            # Every term was scored by FTS5: its ranking is the exhaustive one.
            rows = [c.passage() for c in found[:limit]]
            return Candidates(rows, match, len(rows))
        avgdl = tokens_total / total if total else 0.0
        idfs = {s: topk.idf(total, docs[s]) for s, _ in p.rest}
        pool = [topk.Candidate(c.id, c.score, c.tokens, c.title, c.size) for c in found]
        # Paragraphs of other servers were ranked too: the bound counts from the last one.
        last = scored[-1][1] if len(scored) == fetch else None
        result = topk.rank(pool, p, idfs, avgdl, tw, limit, last)
        by_id = {c.id: c for c in found}
        ranked = [by_id[pid].passage(score) for pid, score in result.scores]
        return Candidates(ranked, match, result.proven)

    async def ask(
        self,
        text: str,
        scope: int | None = None,
        k: int = 5,
        article_id: int | None = None,
        today: date | None = None,
    ) -> Answer:
        """Answer a question with cited passages (and the speaker, for quote questions),
        optionally from one article only. `today` is the day the question counts as asked
        on ("this week" is the week before it); by default today, UTC."""
        question = await self.correct_spelling(analyse(text[:MAX_QUESTION_CHARS]))
        if question.empty:
            return Answer(
                question.text,
                question.kind,
                None,
                (),
                0.0,
                note="Ask with a few words that could appear in an article.",
            )
        if article_id is None and question.kind == "what_said" and question.speaker:
            said = await speech.what_said(self, question, scope, k, today)
            if said is not None:
                return said
            # "what was the museum originally called", "what does 'plastid' mean": nobody
            # the library knows is asked about, so the question is a plain search.
            question = plain_search(question)
        if article_id is None and question.kind == "check_quote" and question.speaker:
            return await speech.check_quote(self, question, scope, k, today)
        # A who-said question reads deeper: the passage whose quotation holds the words goes
        # first wherever it ranks (another story may share more of the other words).
        depth = max(k, WHO_SAID_DEPTH if question.kind == "who_said" else 10)
        ranked, conf = await self.ranked(question, scope, depth, article_id, today)
        quotes = await self.quotes_by_paragraph(ranked)
        claim = None
        if question.kind == "who_said" and question.claim:
            claim = await self.known_share_of(content_words(question.claim))
            if article_id is None:
                ranked, quotes = await self._with_quotation_holding(
                    question.claim, ranked, quotes, scope, today
                )
        answer = await asyncio.to_thread(compose, question, ranked, quotes, conf, k, claim)
        if answer.kind == "who_said" and answer.answer is None and answer.passages:
            # No quotation holds the words; the passage may still say who said them, in
            # reported speech ("Ted Cruz says the heckler deserves a spanking").
            first = answer.passages[0]
            paragraphs = await self.store.paragraphs(first.article_id)
            claimed = content_words(question.claim or question.text)
            if speaker := reported_speaker(paragraphs, first.paragraph - 1, claimed):
                answer = replace(answer, answer=DirectAnswer(speaker=speaker))
        return answer

    async def _with_quotation_holding(
        self,
        claim: str,
        ranked: list[Scored],
        quotes: dict[int, list[Quote]],
        scope: int | None,
        today: date | None,
    ) -> tuple[list[Scored], dict[int, list[Quote]]]:
        """The ranking with the passage of the quotation that holds the claim, looked up in
        the quotation index when no passage found holds it: a long paragraph (a live blog of
        3,000 characters) ranks low on the question's words, yet its quotation is the answer."""
        held = max((overlap(claim, q.text) for qs in quotes.values() for q in qs), default=0.0)
        if held >= QUOTE_HOLDS:
            return ranked, quotes
        terms = content_words(claim)
        if not terms:
            return ranked, quotes
        found = await self.store.quotes_ranked(fts_query(terms), scope, CLAIM_QUOTES)
        best, share = best_quote(claim, quotes_as_of(found, today))
        if best is None or share < QUOTE_HOLDS or share <= held:
            return ranked, quotes
        rows = await self.store.passage_rows([best.paragraph_id], scope)
        if not rows:
            return ranked, quotes
        top = ranked[0].score if ranked else 1.0
        item = Scored(rows[0], top, share, (), text_coverage=share)
        ranked = [item, *(s for s in ranked if s.row.paragraph_id != best.paragraph_id)]
        quotes = {**quotes, **await self.quotes_by_paragraph([item])}
        return ranked, quotes

    async def known_share_of(self, terms: Iterable[str]) -> float | None:
        """The share of these words' weight in words the library holds (None: no words)."""
        stems = sorted({stem(t) for t in terms})
        if not stems:
            return None
        (total, _), counts = await self.store.term_statistics(stems)
        return library_share(stems, total, {s: d for s, (d, _) in counts.items()})

    async def weights_of(self, terms: Iterable[str]) -> dict[str, float]:
        """IDF of each term's stem in the library; a stem it lacks weighs as much as its
        rarest word."""
        stems = sorted({stem(t) for t in terms})
        if not stems:
            return {}
        (total, _), counts = await self.store.term_statistics(stems)
        return {s: idf(total, counts[s][0] if s in counts else 0) for s in stems}

    async def correct_spelling(self, question: Question) -> Question:
        """The question with words the library lacks replaced by the indexed words one or
        two typing slips away ("reseacher" is "research"), where there is one."""
        if question.empty:
            return question
        _, counts = await self.store.term_statistics(sorted(question.stems))
        terms: list[str] = []
        changed = False
        for term in question.terms:
            s = stem(term)
            if s not in counts and len(s) >= spelling.MIN_LENGTH and s.isalpha():
                fixed = spelling.correction(s, await self.store.terms_near(s[:2]))
                if fixed is not None:
                    term, changed = fixed, True
            if term not in terms:
                terms.append(term)
        return replace(question, terms=tuple(terms)) if changed else question

    async def quotes_by_paragraph(self, ranked: Iterable[Scored]) -> dict[int, list[Quote]]:
        """Stored quotations of the ranked paragraphs, by paragraph id."""
        ids = [s.row.paragraph_id for s in ranked]
        by_paragraph: dict[int, list[Quote]] = defaultdict(list)
        for quote in await self.store.quotes_in_paragraphs(ids):
            by_paragraph[quote.paragraph_id].append(quote)
        return by_paragraph
