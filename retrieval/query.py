"""Question analysis: intent, the words that matter, quoted phrases, and a safe FTS5 query.

No user text reaches FTS5 `MATCH` except through `fts_query`, which quotes every term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from retrieval.chat import normalise
from retrieval.index.tokens import stem, words
from retrieval.intent import detect
from retrieval.models import Kind
from retrieval.when import When, when

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren arent as at be because been
    before being below between both but by can cannot could couldn did didn didnt do does
    doesn doesnt doing don dont down during each few for from further had hadn has hasn have
    haven having he hed hell hes her here heres hers herself him himself his how hows i id
    ill im ive if in into is isn isnt it its itself lets me more most mustn my myself no nor
    not of off on once only or other ought our ours ourselves out over own same shan she
    shed shell shes should shouldn so some such than that thats the their theirs them
    themselves then there theres these they theyd theyll theyre theyve this those through to
    too under until up very was wasn we wed well were weren weve what whats when whens where
    wheres which while who whos whom why whys with won wont would wouldn you youd youll
    youre youve your yours yourself yourselves s t d ll m re ve also just may might must
    shall will yet
    """.split()
)
# Words that ask rather than describe: dropped from the search terms.
QUESTION_WORDS = frozenset(
    """
    who whom whose what which when where why how whats tell explain describe name named list
    give show find know please according really actually
    guy guys lol lmao wtf omg apparently supposedly
    """.split()
)
_NUMBER_ASKED = re.compile(
    r"\b(?:how\s+(?:many|much|big|large|long|old|far|tall|high|fast|often)|what\s+(?:percentage|"
    r"proportion|share|number|year|amount|price|figure|age|size)|in\s+what\s+year|how\s+"
    r"many\s+years)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r"[\"“”«»„]([^\"“”«»„]{2,400})[\"“”«»„]|(?<!\w)['‘’]([^'‘’]{2,400})['‘’](?!\w)"
)


@dataclass(frozen=True)
class Question:
    """What the engine understood of a question."""

    text: str
    kind: Kind
    terms: tuple[str, ...]
    phrases: tuple[str, ...]
    speaker: str | None = None
    claim: str | None = None
    # When the question is about ("this week", "in 2016"), if it says.
    when: When | None = None
    # The answer is a number: "how many", "how much", "what percentage", "what year".
    wants_number: bool = False

    @property
    def stems(self) -> frozenset[str]:
        """Stemmed search terms, as FTS5 indexes them."""
        return frozenset(stem(t) for t in self.terms)

    @property
    def empty(self) -> bool:
        """True when nothing searchable is left (only stopwords, punctuation, emoji)."""
        return not self.terms and not self.phrases


def content_words(text: str) -> list[str]:
    """Folded words of `text` without stopwords and question words, first occurrence kept."""
    seen: set[str] = set()
    out: list[str] = []
    for word in words(text):
        if word in STOPWORDS or word in QUESTION_WORDS or word in seen:
            continue
        if len(word) == 1 and not word.isdigit():
            continue
        seen.add(word)
        out.append(word)
    return out


def quoted_fragments(text: str) -> list[str]:
    """Fragments the user put in quotation marks."""
    found = []
    for match in _QUOTED.finditer(text):
        fragment = (match.group(1) or match.group(2) or "").strip()
        if len(words(fragment)) >= 2:
            found.append(fragment)
    return found


def analyse(question: str, max_terms: int = 32) -> Question:
    """Intent, terms and phrases of a question (any text is accepted)."""
    text = normalise(" ".join(question.split())[:2000])
    phrases = tuple(quoted_fragments(text))
    intent = detect(text)
    kind, speaker, claim, focus = intent.kind, intent.speaker, intent.claim, intent.focus
    if speaker is not None:
        speaker = re.sub(r"^(the|a|an|that|this)\s+", "", speaker, flags=re.IGNORECASE).strip(" ,")
        if not content_words(speaker):
            kind, speaker, claim, focus = "search", None, None, text
    if kind == "who_said":
        # Who is asked about ("which bishop", "who at the bank") helps find the article.
        focus = text
        if phrases:
            # The words in quotation marks are what was said; the rest is context.
            claim = max(phrases, key=len)
    terms = content_words(focus)
    if kind == "what_said" and speaker:
        terms = [t for t in terms if t not in set(words(speaker))]
    if kind in ("check_quote", "what_said") and speaker:
        # The speaker's name still helps find the passage; it goes after the topic words.
        terms += [w for w in content_words(speaker) if w not in terms]
    if not terms:
        terms = content_words(text)
    wants_number = bool(_NUMBER_ASKED.search(text))
    return Question(
        text, kind, tuple(terms[:max_terms]), phrases[:4], speaker, claim, when(text), wants_number
    )


def plain_search(question: Question, max_terms: int = 32) -> Question:
    """The question as a plain search: every content word (of its text, as `analyse` wrote it
    out), no speaker, no claim."""
    terms = content_words(question.text)
    return replace(
        question, kind="search", terms=tuple(terms[:max_terms]), speaker=None, claim=None
    )


def fts_string(term: str) -> str:
    """Text as one FTS5 string: no syntax of its own reaches MATCH."""
    return '"' + term.replace('"', '""') + '"'


def fts_query(terms: tuple[str, ...] | list[str], phrases: tuple[str, ...] = ()) -> str:
    """An FTS5 query that ORs every term and phrase, each quoted so no syntax gets through."""
    parts = [fts_string(t) for t in terms if t]
    for phrase in phrases:
        inner = " ".join(words(phrase))
        if inner:
            parts.append(fts_string(inner))
    return " OR ".join(parts)
