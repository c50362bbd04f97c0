"""Direct quotations in an article and who said them. Rule-based, offline, no model.

Finds quotations in curly and straight marks (nested single quotes stay inside their quotation,
news-style quotes run over several paragraphs), then attributes each one from the words around it:
`"...," Mr Giammattei told CBS`, `said Smith`, `Mayorkas said in March that "..."`, `according to
...`, pronouns (`he added`) and floating quotes (a paragraph that is only a quotation) from context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval import cues
from retrieval.index.tokens import fold
from retrieval.marks import (
    LONGEST_SENTENCE,
    MASK,
    MIN_QUOTE_WORDS,
    Quotation,
    bare,
    find_quotations,
    mask,
    quote_text,
    sentence_before,
)
from retrieval.models import QuoteRow
from retrieval.names import NOT_NAMES, PRONOUNS, People, is_organisation, name_runs, split_role


def clean_who(who: str) -> str:
    who = who.strip(" ,.;:—–-")
    # A cue phrase sometimes sits inside the match ("told CBS"): keep the name side only.
    return re.sub(r"^(and|but|so|then|as)\s+", "", who, flags=re.IGNORECASE)


Frame = tuple[str, str, float, int | None]
GOVERNING = frozenset("in to at of for from against about with by on after like amid".split())


def plausible_speaker(who: str) -> bool:
    """A name, a pronoun, or a description opening with a determiner or a possessive; not a
    stretch of sentence that happens to end before a verb ("tweets early Friday saying")."""
    first = fold(who.split()[0]) if who.split() else ""
    if first in PRONOUNS or first in {"the", "a", "an", "his", "her", "their", "its", "one"}:
        return True
    return bool(split_role(clean_who(who)).name) or bool(re.search(r"['’]s\b", who))


def _attribute_frame(after: str, before: str) -> Frame | None:
    """(speaker as written, cue, confidence, where the cue ends in `before` if it stands there)
    from the text right after and before a quotation."""
    if match := cues.AFTER_CUE_FIRST.match(after):
        return clean_who(match.group("who")), match.group("cue"), 0.95, None
    if (match := cues.AFTER_NAME_FIRST.match(after)) and not _governed(match.group("who")):
        # ("“…” for Clinton, said Kunin": a phrase opening with "for" or "that" is not who
        # speaks; the cue after it names them.)
        return clean_who(match.group("who")), match.group("cue"), 0.95, None
    if match := cues.AFTER_CLOSING.search(after) or cues.AFTER_CLOSING_CUE_FIRST.search(after):
        return clean_who(match.group("who")), match.group("cue"), 0.85, None
    if (match := cues.BEFORE.search(before)) and plausible_speaker(match.group("who")):
        who = apposed(clean_who(match.group("who")), match.group("appos") or "")
        return who, match.group("cue"), 0.85, match.end("cue")
    if match := cues.ACCORDING.search(after[:200]) or cues.ACCORDING.search(before):
        return clean_who(match.group("who")), "according to", 0.8, None
    if match := cues.AFTER_DASH.match(after):
        return clean_who(match.group("who")), "—", 0.8, None
    if handover := cues.HANDOVER.search(before):
        return _handover_subject(before, handover)
    return None


def _governed(who: str) -> bool:
    """Whether a stretch before a cue opens with a preposition or a subordinating word."""
    first = fold(who.split()[0]) if who.split() else ""
    return first in GOVERNING or first in cues.SUBORDINATORS


# A source named right before a colon, after a dash or "from" ("… - Carl Bialik:").
_COLON_SOURCE = re.compile(rf"(?:^|[-–—]|\bfrom|\bby)\s*(?P<who>{cues.CAP_RUN})\s*$")


def apposed(who: str, apposition: str) -> str:
    """ "The Bishop of Durham, the Rt Rev Dr Tom Wright, described …": a role first, then who
    holds it; the person named in apposition speaks."""
    named = name_runs(apposition)
    if named and len((split_role(who).name or "").split()) < 2:
        return apposition[named[0][0] : named[0][1]]
    return who


def _handover_subject(before: str, handover: re.Match[str]) -> Frame | None:
    """The speaker of "…, saying “…”" / "… said the following: “…”": the subject of the
    sentence, read from the names and pronouns before the handover."""
    head = before[: handover.start()]
    cue = handover.group(1).strip(" ,") or ":"
    if cue == ":" and (last := _COLON_SOURCE.search(head)):
        # "… - Carl Bialik:" / "More from Jones:": a name the colon follows is the source.
        name = split_role(last.group("who")).name
        if name and fold(name.split()[0]) not in NOT_NAMES:
            return last.group("who"), cue, 0.7, handover.end(1)
    candidates: list[tuple[tuple[int, int, int], str]] = []
    for match in cues.SUBJECT.finditer(head):
        who = clean_who(match.group("who"))
        # A name governed by a preposition ("in response to Trump's", "here in Columbia") is
        # not the subject of the sentence; a possessive's "'s" is no part of a name
        # ("Saturday's gaffes" is a day's).
        lead = fold("".join(before[: match.start("who")].split()[-1:]))
        if lead in GOVERNING:
            continue
        while len(who.split()) > 1 and who.split()[0] in {"a", "an", "the", "one"}:
            who = " ".join(who.split()[1:])
        first = re.sub(r"['’]s$", "", fold(who.split()[0])) if who.split() else ""
        name = split_role(who).name
        if first in PRONOUNS:
            rank = 1
        elif (
            first not in NOT_NAMES
            and name
            and not is_organisation(name)
            # "Speaking at a town hall, Trump …": an opening participle is not a name.
            and not (match.start("who") == 0 and " " not in name and first.endswith("ing"))
        ):
            rank = 0 if len(name.split()) >= 2 or len(name) > 3 else 2
        else:
            continue
        # The subject of the main clause acts ("Earlier this week, Todd pressed Priebus …,
        # insisting"); a name after "that" or "when" is the subject of a clause of its own.
        acting = bool(cues.ACTING.match(head, match.end("who"))) and lead not in cues.SUBORDINATORS
        candidates.append(((0 if acting else 1, rank, match.start()), who))
    if not candidates:
        return None
    who = min(candidates, key=lambda c: c[0])[1]
    return who, cue, 0.7, handover.end(1)


def resolve(
    who: str,
    people: People,
    nearby: str | None,
    previous: str | None,
    speaking: str | None = None,
) -> tuple[str | None, str | None, float]:
    """Canonical speaker, role and a confidence factor for a speaker as written.

    `nearby` is the last person named in the same paragraph before the quotation, the usual
    referent of "he said"; `previous` is the speaker of the quotation before; `speaking` the
    last person the text said spoke ("Knight said the scale …"), quoted or not.
    """
    low = re.sub(r"['’]s$", "", fold(who))
    if low in PRONOUNS:
        if low in ("i", "we", "they"):
            return previous or nearby, None, 0.6
        referent = nearby or previous or speaking or people.last_mentioned
        return referent, people.roles.get(referent or ""), 0.85
    mention = split_role(who)
    if mention.name:
        if len(mention.name.split()) == 1 and mention.name.isupper() and len(mention.name) <= 5:
            # An acronym ("CBS", "FBI") is an organisation speaking.
            return mention.name, mention.role, 0.7
        canonical = people.note(mention.name, mention.role)
        return canonical, mention.role or people.roles.get(canonical), 1.0
    bare = who.strip(" ,.")
    if " " not in bare and bare[:1].isupper() and (known := people.resolve(bare)):
        # "White said": a surname that is also a role word, of someone named before.
        return known, people.roles.get(known), 1.0
    if re.match(r"(?i)(?:a|an|one|another)\s", who.strip()):
        # "one Clinton aide said": someone the article leaves unnamed, not a named holder.
        return re.sub(r"^(a|an)\s+", "", who.strip(), flags=re.IGNORECASE), None, 0.5
    # A description ("the Guatemalan president"): a named holder of that role.
    named = people.by_role(who)
    if named:
        return named, people.roles.get(named) or mention.role, 0.75
    return re.sub(r"^(the|a|an)\s+", "", who.strip(), flags=re.IGNORECASE) or None, None, 0.5


def extract(paragraphs: Sequence[str]) -> list[Quotation]:
    """Quotations with speakers, in article order."""
    quotations = find_quotations(paragraphs)
    if not quotations:
        return []
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for q in quotations:
        for i, s, e in q.segments:
            by_paragraph.setdefault(i, []).append((s, e))
    masked = [mask(p, by_paragraph.get(i, [])) for i, p in enumerate(paragraphs)]
    people = People()
    # Names are registered in reading order up to each quotation, so that a surname or a
    # pronoun resolves to someone named before it, as a reader would resolve it.
    read_to = (0, 0)
    previous: str | None = None
    previous_paragraph = -10
    # The last person the text has said spoke, with or without quotation marks.
    speaking: str | None = None
    for quotation in quotations:
        index, start, _ = quotation.segments[0]
        last_index, _, last_end = quotation.segments[-1]
        nearby: str | None = None
        par, offset = read_to
        while (par, offset) < (index, start):
            stop = start if par == index else len(masked[par])
            chunk = masked[par][offset:stop]
            for _, end, mention in name_runs(chunk):
                assert mention.name is not None
                name = people.note(mention.name, mention.role)
                # Someone who speaks in this paragraph ("Lindqvist said …") is who "he" is next.
                if cues.SPEAKS.match(chunk[end:]):
                    speaking = name
                    if par == index:
                        nearby = name
            # "…, Schiff said." A surname alone, speaking, is someone named earlier.
            for match in cues.SURNAME_SPEAKS.finditer(chunk):
                if known := people.resolve(match.group(1)):
                    speaking = known
                    if par == index:
                        nearby = known
            par, offset = (par, stop) if par == index else (par + 1, 0)
        read_to = (par, offset)
        after = masked[last_index][last_end:]
        after = after[: after.find(MASK)] if MASK in after else after
        # The attribution of a quotation stands in its own sentence.
        if sentence_break := cues.SENTENCE_BREAK.search(after):
            after = after[: sentence_break.start() + 1]
        before = sentence_before(masked[index][max(0, start - LONGEST_SENTENCE) : start])
        before = before[before.rfind(MASK) + 1 :] if MASK in before else before
        opens_paragraph = start <= len(masked[index]) - len(masked[index].lstrip())
        if opens_paragraph and index > 0 and masked[index - 1].rstrip().endswith(":"):
            # "The New York Times reports:" closing the paragraph before a quoted one.
            before = sentence_before(masked[index - 1].rstrip())
        # The last two characters of the quotation, its closing mark last (read without
        # copying the paragraph, which may hold thousands of quotations).
        closing = paragraphs[last_index][max(0, last_end - 8) : last_end].rstrip()
        if (
            len(closing) >= 2
            and closing[-2] == "."
            and closing[-1] in '”"»'
            and after.lstrip()[:1].isupper()
        ):
            # The quotation closes its own sentence and a new one begins: it has its own
            # speaker ("“… now.” Smith said the vote …", not "“… now.” said Smith").
            after = ""
        frame = _attribute_frame(after, before)
        if frame is not None:
            who, cue, conf, cue_end = frame
            if cue_end is not None and len(quotation.segments) == 1:
                cue_at = start - len(before) + cue_end
                quotation.clause = _clause(paragraphs[index], index, cue_at, start, last_end)
            recent = previous if index - previous_paragraph <= 1 else None
            # "Ban Ki-moon condemned what he called …": the sentence's own subject first.
            # "O'Leary's future was in question, but Ellis said …" makes Ellis "he".
            nearby = _sentence_subject(before, people, owners=False) or nearby
            speaker, role, factor = resolve(who, people, nearby, recent, speaking)
            quotation.speaker, quotation.role, quotation.cue = speaker, role, cue
            quotation.confidence = round(conf * factor, 3)
            quotation.mention = who
        elif subject := _sentence_subject(before, people):
            # No cue, but the quotation sits inside a sentence about someone ("Kaye pledged
            # to “…”"): that person, rather than whoever spoke last.
            quotation.speaker, quotation.confidence = subject, 0.45
            quotation.role = people.roles.get(subject)
        elif nearby is not None:
            # "… Schiff said. “…”": someone who just spoke in this paragraph goes on speaking.
            quotation.speaker, quotation.confidence = nearby, 0.6
            quotation.role = people.roles.get(nearby)
        elif previous is not None and index - previous_paragraph <= 1:
            # A floating quotation continues the last speaker.
            quotation.speaker, quotation.confidence = previous, 0.6
            quotation.role = people.roles.get(previous)
        if quotation.speaker:
            previous, previous_paragraph = quotation.speaker, last_index
    kept = [q for q in quotations if _worth_keeping(q, quote_text(q, paragraphs))]
    return _merge_interrupted(kept, masked)


def _merge_interrupted(quotations: list[Quotation], masked: Sequence[str]) -> list[Quotation]:
    """`“A,” she said. “B.”`: one quotation interrupted by its attribution is one quotation."""
    merged: list[Quotation] = []
    for quotation in quotations:
        if merged:
            last = merged[-1]
            li, _, le = last.segments[-1]
            qi, qs, _ = quotation.segments[0]
            between = masked[li][le:qs] if li == qi else None
            if (
                between is not None
                and MASK not in between
                and _one_attribution(between)
                and quotation.speaker in (None, last.speaker)
            ):
                last.segments.extend(quotation.segments)
                continue
        merged.append(quotation)
    return merged


_DATELINE = re.compile(r"^\s*[A-Z][\w .,'’-]{1,40}?\s*\([\w .]{1,20}\)\s*[–—-]+\s*")


_PERSONAL = re.compile(r"\b(?:he|she|they|we|I)\b")


def _sentence_subject(sentence: str, people: People, owners: bool = True) -> str | None:
    """The person a sentence opens with, if the article has named them (a dateline such as
    "NEW YORK (AFP) –" is where, not who)."""
    sentence = _DATELINE.sub("", sentence, count=1)
    # Up to three words may open it ("On Tuesday, Gov. Jerry Brown endorsed her").
    opening = re.match(r"\W*(?:(?:[A-Z][a-z]+|[a-z]+),?\s+){0,3}", sentence)
    limit = opening.end() if opening else 0
    for match in re.finditer(cues.CAP_RUN, sentence[: limit + 200]):
        if match.start() > limit or _PERSONAL.search(sentence[: match.start()]):
            # "he told Villa's website": the sentence is about someone already.
            return None
        lead = fold("".join(sentence[: match.start()].split()[-1:]))
        owner = re.search(r"['’]s$", match.group(0)) is not None
        if (
            (owner and not owners)
            or lead in GOVERNING
            or lead in cues.SUBORDINATORS
            or lead in {"why", "how"}
        ):
            # "When asked why Cruz …, Tyler said": not the sentence's subject.
            limit = max(limit, match.end() + 2)
            continue
        parts = match.group(0).split()
        while parts and fold(parts[0]) in NOT_NAMES:
            parts = parts[1:]
        name = split_role(" ".join(parts)).name
        if name:
            return people.resolve(name) or (name if len(name.split()) >= 2 else None)
        limit = max(limit, match.end() + 2)
    return None


def _one_attribution(between: str) -> bool:
    """Whether two quotations separated by `between` are parts of one: fragments of one
    sentence ("“smart as hell,” but “full of …”") or words interrupted by their attribution
    ("“…,” she said. “…”")."""
    if len(between) <= 120 and not cues.SENTENCE_BREAK.search(between):
        return True
    return len(between) <= 80 and bool(re.search(rf"\b{cues.CUE}\b", between))


def _worth_keeping(quotation: Quotation, text: str) -> bool:
    """Quotations of three words or more, and shorter ones inside attributed reported speech;
    unattributed titles and scare quotes are not quotations."""
    if quotation.clause is not None and quotation.speaker:
        return True
    if len(text.split()) < MIN_QUOTE_WORDS:
        return False
    # A title in quotation marks inside a sentence about someone is still a title: only a
    # cue makes it something they said.
    return (bool(quotation.speaker) and quotation.cue is not None) or not _looks_like_a_title(text)


def _clause(
    paragraph: str, index: int, cue_end: int, quote_start: int, quote_end: int
) -> tuple[int, int, int] | None:
    """The reported clause from after the cue to the end of the quotation's sentence, when
    words stand between the cue and the opening mark."""
    gap = paragraph[cue_end:quote_start]
    start = cue_end + len(gap) - len(gap.lstrip(" ,:;—–-"))
    if paragraph[start:].lower().startswith("that "):
        start += 5
    if start >= quote_start or not paragraph[start:quote_start].strip():
        return None
    # The sentence ends at the quotation's own closing punctuation or at the next full stop.
    if paragraph[quote_end - 2 : quote_end - 1] in (".", "!", "?"):
        return (index, start, quote_end)
    tail = re.search(r"[.!?](?=[\s”\"’]|$)", paragraph[quote_end:])
    return (index, start, quote_end + tail.end() if tail else len(paragraph))


def _looks_like_a_title(text: str) -> bool:
    """Short unattributed words in quotation marks are usually a title or a scare quote."""
    tokens = text.split()
    capitalised = sum(1 for t in tokens if t[:1].isupper())
    return len(tokens) < 5 or capitalised >= 0.7 * len(tokens)


def extract_quotes(paragraphs: Sequence[str]) -> list[QuoteRow]:
    """Rows for the store, with 1-based paragraph positions."""
    rows: list[QuoteRow] = []
    for quotation in extract(paragraphs):
        # One row a stretch of quoted words, so each shows as the speaker's own sentence(s).
        q = quotation
        for index, start, end in q.segments:
            if text := bare(paragraphs[index][start:end]):
                rows.append((index + 1, q.speaker, q.role, text, q.cue, q.confidence))
    return rows
