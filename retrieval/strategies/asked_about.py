"""The person a question asks about, as the what-said and check-quote strategies read them.
Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from retrieval.index.tokens import stem, words
from retrieval.models import Quote, Scored
from retrieval.people import describes, name_words


def by_name(asked: str) -> bool:
    """Whether a reference is resolved by the speakers' names: a name ("mayorkas"), or a role
    with a name ("transport minister ruth kaye"). A description's one other word is a place or
    an organisation more often than a name ("londons new mayor", "the bishop of durham")."""
    return not describes(asked) or len(name_words(asked)) >= 2


def display(asked: str, names: Sequence[str]) -> str:
    """Who was asked about, as the library names them if it does."""
    return names[0] if names else asked


def role_fits(described: set[str], quote: Quote) -> bool:
    """A quotation whose speaker's role shares the words of a description ("cnn president")."""
    role = {stem(w) for w in words(quote.role or "")}
    wanted = {stem(w) for w in described}
    return bool(role) and len(wanted & role) >= min(2, len(wanted))


def mentions(item: Scored, asked: str, names: Sequence[str]) -> bool:
    """Whether a passage (or its title) names the person asked about."""
    text = set(words(item.row.text)) | set(words(item.row.article.title))
    wanted = {words(n)[-1] for n in names if words(n)} | set(name_words(asked))
    return bool(wanted & text)


def first_speaker(quotes: Mapping[int, Sequence[Quote]], item: Scored) -> str | None:
    """The speaker of a passage's first quotation."""
    found = quotes.get(item.row.paragraph_id, ())
    return found[0].speaker if found else None
