"""Did they really say it: the claimed words aligned with the library's quotations, and the
verdict `exact`, `close` (with the difference), `other` (who really said them) or
`not_found`."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from retrieval.align import CLOSE_SIMILARITY, Alignment, align, could_be_close
from retrieval.compose import Outcome, Shown
from retrieval.models import DirectAnswer, Quote, Scored, Verdict
from retrieval.people import speaker_matches
from retrieval.query import Question, content_words, fts_query
from retrieval.ranking import Ranking
from retrieval.sayings import Sayings
from retrieval.strategies.asked_about import by_name, display, first_speaker, mentions
from retrieval.strategies.base import Asked, read
from retrieval.strategies.search import DEPTH
from retrieval.when import quotes_as_of

# Quotations a claim is compared with: the best BM25 matches of its words among all of them.
CHECKED_QUOTES = 300


def aligned(claim: str, candidates: Sequence[Quote]) -> list[tuple[Alignment, Quote]]:
    """The quotations that could be close to the claim, aligned with it word by word (the
    rest could not be chosen, and aligning 300 long quotations is most of a check's time)."""
    return [(align(claim, q.text), q) for q in candidates if could_be_close(claim, q.text)]


class CheckQuote:
    """ "Did X really say '…'?" questions."""

    def __init__(self, ranking: Ranking, sayings: Sayings) -> None:
        self._ranking = ranking
        self._sayings = sayings

    async def answer(self, question: Question, asked: Asked) -> Outcome:
        """Whether the speaker said the words, with the real words and who said them; with
        no speaker claimed, whether anyone did, and who."""
        claim = (question.phrases[0] if question.phrases else question.claim) or ""
        claimed_speaker = question.speaker or ""
        names = (
            await self._sayings.speakers(claimed_speaker, asked.scope)
            if by_name(claimed_speaker)
            else []
        )
        terms = content_words(claim)
        candidates = (
            await self._sayings.matching(fts_query(terms), asked.scope, CHECKED_QUOTES)
            if terms
            else []
        )

        def by_claimed(quote: Quote) -> bool:
            if names:
                return quote.speaker in names
            return speaker_matches(claimed_speaker, quote.speaker, quote.role)

        scored = await asyncio.to_thread(aligned, claim, quotes_as_of(candidates, asked.today))
        scored.sort(key=lambda t: (t[0][0], by_claimed(t[1])), reverse=True)
        theirs = [t for t in scored if by_claimed(t[1])]
        verdict: Verdict = "not_found"
        note: str | None = None
        chosen = None
        if not claimed_speaker:
            # Words quoted without saying who said them: whoever did is the answer.
            if scored and scored[0][0][0] >= CLOSE_SIMILARITY:
                chosen = scored[0]
                verdict = "exact" if chosen[0][1] else "close"
        elif theirs and theirs[0][0][0] >= CLOSE_SIMILARITY:
            chosen = theirs[0]
            verdict = "exact" if chosen[0][1] else "close"
        elif scored and scored[0][0][0] >= CLOSE_SIMILARITY and scored[0][1].speaker:
            chosen = scored[0]
            verdict = "other"
            real = chosen[1].speaker
            note = f"Those words were said by {real}, not {display(claimed_speaker, names)}."
        if chosen is None:
            return await self._unquoted(question, asked, claim, claimed_speaker, names)
        (similarity, _, diff), quote = chosen
        direct = DirectAnswer(
            speaker=quote.speaker,
            quote=quote.text,
            role=quote.role,
            verdict=verdict,
            claimed_speaker=claimed_speaker or None,
            diff=diff if verdict == "close" else (),
        )
        rows = await self._sayings.rows([quote.paragraph_id], asked.scope)
        shown = tuple(Shown(Scored(row, 1.0, 1.0, ()), quote.speaker) for row in rows)
        return Outcome("check_quote", direct, shown, round(similarity, 3), note=note)

    async def _unquoted(
        self,
        question: Question,
        asked: Asked,
        claim: str,
        claimed_speaker: str,
        names: Sequence[str],
    ) -> Outcome:
        """No stored quotation holds the claim: its words may still stand in a passage (a
        quotation the extractor did not attribute, or reported speech), checked word by word."""
        ranked, _, quotes = await read(
            self._ranking, self._sayings, question, asked, max(asked.k, DEPTH)
        )
        best: tuple[Alignment, Scored] | None = None
        for item in ranked:
            if not could_be_close(claim, item.row.text):
                continue
            alignment = align(claim, item.row.text)
            if best is None or alignment[0] > best[0][0]:
                best = (alignment, item)
        who = display(claimed_speaker, names)
        if best is not None and best[0][0] >= CLOSE_SIMILARITY:
            (similarity, exact, diff), item = best
            # The quotation of the passage that holds the claim says who spoke, and in what
            # role.
            held = max(
                quotes.get(item.row.paragraph_id, ()),
                key=lambda quote: align(claim, quote.text)[0],
                default=None,
            )
            speaker, role = (held.speaker, held.role) if held else (None, None)
            verdict: Verdict = "exact" if exact else "close"
            note = None
            if (
                claimed_speaker
                and speaker
                and not (speaker in names or speaker_matches(claimed_speaker, speaker, role))
            ):
                if mentions(item, claimed_speaker, names):
                    # The passage names the person asked about: they are likelier the speaker.
                    speaker = names[0] if names else speaker
                else:
                    verdict, note = "other", f"Those words were said by {speaker}, not {who}."
            elif not speaker:
                speaker = names[0] if names and mentions(item, claimed_speaker, names) else None
            direct = DirectAnswer(
                speaker=speaker,
                quote=item.row.text,
                role=role if held and speaker == held.speaker else None,
                verdict=verdict,
                claimed_speaker=claimed_speaker or None,
                diff=diff if verdict == "close" else (),
            )
            return Outcome(
                "check_quote", direct, (Shown(item, speaker),), round(similarity, 3), note=note
            )
        closest = tuple(Shown(s, first_speaker(quotes, s)) for s in ranked[:3])
        direct = DirectAnswer(verdict="not_found", claimed_speaker=claimed_speaker or None)
        note = f"No quotation of {who} says that." if who else "No quotation says that."
        return Outcome("check_quote", direct, (), 0.0, closest, note)
