"""Whether a mention names a person: the one rule that both quotation attribution (a later
"Giammattei" in an article is its "Alejandro Giammattei") and question reading ("mayorcas" is
the library's "Alejandro Mayorkas") use. Pure: no I/O, no model.

A mention names a person when its last word is their surname, or one slip from it, and a first
name given agrees with theirs: the same word, an initial of it, one slip from it, a nickname of
it either way ("liz" and "Elizabeth"), or, where one form of the name is longer ("Susan J.
Sarandon"), a word the longer form opens with.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from nicknames import NickNamer
from rapidfuzz import fuzz

# Words shorter than this are never taken for a slip of another: at three letters a slip away
# is another name ("Lee", "Lew").
SLIP_LENGTH = 4
# How alike (rapidfuzz's ratio) two words one slip apart are.
SLIP_RATIO = 80


@lru_cache(maxsize=1)
def _nicknames() -> NickNamer:
    return NickNamer()


def one_slip(a: str, b: str) -> bool:
    """Two folded name words that are the same or one misspelling apart (the first letter
    kept: people misspell the middle of a name, not its start)."""
    return a == b or (
        len(a) >= SLIP_LENGTH
        and len(b) >= SLIP_LENGTH
        and a[:1] == b[:1]
        and fuzz.ratio(a, b) >= SLIP_RATIO
    )


def same_first_name(a: str, b: str) -> bool:
    """Whether two folded first names can be one person's: the same or one slip apart, an
    initial of the other ("s" and "susan"), or a nickname of it either way ("bill" and
    "william")."""
    a, b = a.rstrip("."), b.rstrip(".")
    if one_slip(a, b) or (min(len(a), len(b)) == 1 and a[:1] == b[:1]):
        return True
    known = _nicknames()
    return b in known.canonicals_of(a) or a in known.canonicals_of(b)


def first_names_agree(mention: Sequence[str], name: Sequence[str]) -> bool:
    """Whether the first names of two forms of a name agree (folded words, surname last): the
    first words are the same first name, or the shorter form opens with a word of the longer
    ("Rodham Clinton" and "Hillary Rodham Clinton")."""
    if same_first_name(mention[0], name[0]):
        return True
    if len(mention) == len(name):
        return False
    shorter, longer = sorted((mention, name), key=len)
    return shorter[0] in longer[:-1]


def refers_to(mention: Sequence[str], name: Sequence[str]) -> bool:
    """Whether a mention (folded words, surname last) names the person called `name`: the
    surnames agree, and so do the first names if the mention gives one."""
    if not mention or not name or not one_slip(mention[-1], name[-1]):
        return False
    return len(mention) < 2 or len(name) < 2 or first_names_agree(mention, name)
