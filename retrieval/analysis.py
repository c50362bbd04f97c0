"""The first stage of answering: a question's text read into a `Question`, with the words the
library lacks corrected to the indexed words one or two typing slips away."""

from __future__ import annotations

from dataclasses import replace

from retrieval import spelling
from retrieval.index.tokens import stem
from retrieval.query import Question, analyse
from retrieval.store.passages import Passages

# Longer questions are cut: nobody asks in more, and it bounds the work of one question.
MAX_QUESTION_CHARS = 2000


class Analysis:
    """Reads questions against one library's vocabulary."""

    def __init__(self, passages: Passages) -> None:
        self._passages = passages

    async def __call__(self, text: str) -> Question:
        """Intent, terms, phrases and time of a question, misspellings corrected."""
        return await self.correct_spelling(analyse(text[:MAX_QUESTION_CHARS]))

    async def correct_spelling(self, question: Question) -> Question:
        """The question with words the library lacks replaced by the indexed words one or
        two typing slips away ("reseacher" is "research"), where there is one."""
        if question.empty:
            return question
        _, counts = await self._passages.term_statistics(sorted(question.stems))
        terms: list[str] = []
        changed = False
        for term in question.terms:
            s = stem(term)
            if s not in counts and len(s) >= spelling.MIN_LENGTH and s.isalpha():
                fixed = spelling.correction(s, await self._passages.terms_near(s[:2]))
                if fixed is not None:
                    term, changed = fixed, True
            if term not in terms:
                terms.append(term)
        return replace(question, terms=tuple(terms)) if changed else question
