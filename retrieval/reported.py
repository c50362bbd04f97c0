"""Who speaks without quotation marks: "Ted Cruz says the heckler deserves a spanking". Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval import cues
from retrieval.index.tokens import fold, words
from retrieval.marks import SENTENCE_END
from retrieval.names import People, name_runs
from retrieval.quotes import apposed, clean_who, plausible_speaker, resolve

_REPORTED = re.compile(
    rf"(?<![\w'’])(?P<who>{cues.WHO}){cues.POSTMODIFIER}\s+{cues.ADVERB_OR_SELF}"
    rf"(?P<cue>{cues.CUE})\b"
)


def reported_speaker(
    paragraphs: Sequence[str], index: int, claim: Sequence[str] = ()
) -> str | None:
    """Who speaks in paragraph `index` without quotation marks ("Ted Cruz says the heckler
    deserves …", "De Blasio, speaking on the radio, called Trump …"): the first subject of a
    verb of speaking in the sentence that holds most of the claim's words (the paragraph's
    first, with no claim), resolved through the article's mentions before it."""
    if not 0 <= index < len(paragraphs):
        return None
    text = paragraphs[index]
    starts = [0, *(m.end() for m in SENTENCE_END.finditer(text))]
    wanted = {fold(w) for w in claim}
    if wanted and len(starts) > 1:
        spans = list(zip(starts, [*starts[1:], len(text)], strict=True))
        held = [len(wanted & set(words(text[a:b]))) for a, b in spans]
        begin = spans[held.index(max(held))][0] if max(held) else 0
    else:
        begin = 0
    match = _REPORTED.search(text, begin) or _REPORTED.search(text)
    if match is None or not plausible_speaker(match.group("who")):
        return None
    people = People()
    for earlier in [*paragraphs[:index], text[: match.start()]]:
        for _, _, mention in name_runs(earlier):
            assert mention.name is not None
            people.note(mention.name, mention.role)
    who = apposed(clean_who(match.group("who")), text[match.end("who") : match.start("cue")])
    speaker, _, _ = resolve(who, people, None, None)
    return speaker
