"""People's names in news text: finding them, splitting off roles, and resolving mentions.

Pure functions: no I/O, no model. Within one article "Mr Giammattei", "Giammattei" and the
misspelt "Giammettei" all resolve to the first full name used ("Alejandro Giammattei"), while
two people who share a first name stay apart (names are matched on the surname).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from retrieval.index.tokens import fold
from retrieval.naming import refers_to

HONORIFICS = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. fr fr. sen
    sen. rep rep. gov gov. lt lt. gen gen. col col. capt capt. sgt sgt. adm adm. maj maj.
    cmdr cmdr. pres pres. st st. hon hon. jr jr. sr sr. rt rt.
    """.split()
)
# The same without their full stops, as name words are compared.
HONORIFICS_BARE = frozenset(h.rstrip(".") for h in HONORIFICS)
ROLE_WORDS = frozenset(
    """
    president vice secretary minister prime senator sen congressman congresswoman
    representative rep governor gov mayor chief director spokesman spokeswoman spokesperson
    chairman chairwoman chair leader speaker commissioner ambassador attorney general judge
    justice officer official adviser advisor aide manager ceo founder executive head deputy
    professor analyst economist candidate nominee chancellor king queen prince princess pope
    coach captain sheriff inspector superintendent commander lieutenant colonel sergeant
    admiral major counsel lawyer strategist pollster spokesperson treasurer whip member
    majority minority house senate state homeland security foreign defense defence interior
    health justice department federal national white republican democratic democrat gop u.s.
    us uk un eu former acting assistant associate senior junior campaign press first lady
    councillor councilor councilman councilwoman alderman engineer bishop archbishop cardinal
    priest pastor vicar rabbi imam staff
    actor actress comedian singer musician rapper drummer guitarist reporter journalist
    columnist editor writer author novelist anchor host producer businessman businesswoman
    entrepreneur investor billionaire activist doctor nurse teacher student scientist
    researcher historian artist photographer designer architect chef player striker
    midfielder goalkeeper defender referee boxer golfer sprinter athlete
    """.split()
)
# Capitalised words that start sentences or name things, never people.
NOT_NAMES = frozenset(
    """
    the a an in on at of for and but or if when while after before since as this that these
    those it its he she they we i you his her their our my your there here then so yet still
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow
    according however meanwhile also both some many most all one two three but because
    though although despite during what who why how where which mr mrs ms dr
    said says added asked told wrote
        stated explained noted continued argued replied responded hours days weeks later
        more wait note
    """.split()
)
PRONOUNS = frozenset(["he", "she", "they", "i", "we", "it", "who"])

_TOKEN = re.compile(r"[A-Z][\w'’.-]*|[a-z][\w'’.-]*|\S")


@dataclass(frozen=True)
class Mention:
    """A speaker as written: the name part and the role part."""

    name: str | None
    role: str | None


@lru_cache(maxsize=50_000)
def is_name_token(token: str) -> bool:
    """A capitalised word that can be part of a person's name."""
    bare = token.rstrip(".,")
    if not bare or not bare[0].isupper():
        return False
    low = fold(bare)
    return low not in NOT_NAMES and low not in ROLE_WORDS and low not in HONORIFICS


def _qualifier_surname(token: str) -> bool:
    bare = token.rstrip(".,")
    return bare[:1].isupper() and fold(bare) in QUALIFIER_SURNAMES


@lru_cache(maxsize=50_000)
def split_role(phrase: str) -> Mention:
    """Name and role of a phrase: 'Homeland Security Secretary Alejandro Mayorkas' gives the
    name 'Alejandro Mayorkas' and the role 'Homeland Security Secretary'."""
    phrase = re.sub(r"['’]s\b", "'s", phrase.strip(" ,;:"))
    tokens = phrase.split()
    if not tokens:
        return Mention(None, None)
    # The name is the run of name-like capitalised words at the end.
    end = len(tokens)
    start = end
    if end >= 2 and _qualifier_surname(tokens[-1]) and is_name_token(tokens[-2]):
        # "Kelli White": a word that only qualifies a role ("White House spokesman") ends
        # no role, so after a name it is a surname.
        start -= 1
    while start > 0 and (
        is_name_token(tokens[start - 1])
        or (
            start < end
            and fold(tokens[start - 1])
            in {"de", "da", "van", "von", "al", "bin", "le", "del", "di"}
        )
    ):
        start -= 1
    name_tokens = [re.sub(r"['’]s$", "", t.rstrip(".,")) for t in tokens[start:end]]
    role_tokens = [t for t in tokens[:start] if fold(t.rstrip(".")) not in HONORIFICS]
    # Strip a leading determiner from the role ("the Guatemalan president").
    while role_tokens and fold(role_tokens[0]) in {"the", "a", "an"}:
        role_tokens = role_tokens[1:]
    name = " ".join(name_tokens) or None
    role = " ".join(role_tokens).strip(" ,") or None
    return Mention(name, role)


@lru_cache(maxsize=50_000)
def _name_words(name: str) -> tuple[str, ...]:
    """A name's folded words, honorifics left out (suffixes like Jr. too)."""
    parts = [fold(p.rstrip(".,")) for p in name.replace(",", " ").split()]
    return tuple(p for p in parts if p and p not in HONORIFICS_BARE) or (fold(name),)


@lru_cache(maxsize=50_000)
def surname(name: str) -> str:
    """The last word of a name, folded (suffixes like Jr. dropped)."""
    parts = [p for p in name.replace(",", " ").split() if fold(p.rstrip(".")) not in HONORIFICS]
    return fold(parts[-1]) if parts else fold(name)


@dataclass
class People:
    """The people of one article, in order of first full mention, for resolving later mentions."""

    full_names: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    last_mentioned: str | None = None

    def note(self, name: str, role: str | None = None) -> str:
        """Record a mention and return its canonical name."""
        canonical = self.resolve(name) or name
        if canonical == name and len(name.split()) >= 2 and name not in self.full_names:
            self.full_names.append(name)
        if role and canonical not in self.roles:
            self.roles[canonical] = role
        self.last_mentioned = canonical
        return canonical

    def resolve(self, name: str) -> str | None:
        """The full name a mention refers to (`naming.refers_to`), or None if the article has
        not named them; a surname spelt as written wins over one a slip away, and the latest
        of those named so wins over earlier ones."""
        if not name:
            return None
        mention = _name_words(name)
        matches = [full for full in self.full_names if refers_to(mention, _name_words(full))]
        exact = [full for full in matches if surname(full) == mention[-1]]
        found = exact or matches
        return found[-1] if found else None

    def by_role(self, description: str) -> str | None:
        """A named person whose role shares a role word with a description ('the president')."""
        wanted = {w for w in fold(description).split() if w in ROLE_WORDS}
        wanted -= {"former", "acting", "the", "house", "state", "national", "federal", "us", "u.s."}
        if not wanted:
            return None
        for name in reversed(self.full_names):
            role = self.roles.get(name)
            if role and wanted & set(fold(role).split()):
                return name
        return None


# Words that make a capitalised run an organisation, a law or a place rather than a person.
ORGANISATION_WORDS = frozenset(
    """
    act department court committee party council agency office commission association union
    university house senate congress administration campaign news times post journal network
    company inc corp bank fund institute center centre foundation board report bureau service
    ministry government organization organisation group club church school police street avenue
    county city state states republic kingdom nations army navy force airport hospital
    league alliance coalition federation forum society rights
    """.split()
)

_NAME_RUN = re.compile(
    r"(?<![\w'’])(?:(?:[A-Z][\w'’.-]*|of|the|de|da|van|von|al|bin|del|di)\s+){0,6}[A-Z][\w'’-]*[\w]"
)


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\s(?=\S)")


_FULL_STOP = re.compile(r"(?<=\w)\.\s+")
_OF = re.compile(r"\s+of\s+")
_CUT_HINT = re.compile(r"\.\s|['’]s\s|\sof\s")
_CLOSING_POSSESSIVE = re.compile(r"['’]s$")


def _pieces(run: str, at: int) -> list[tuple[int, str]]:
    """(offset, text) of the parts of a capitalised run that can each hold a name: a run is cut
    where a sentence ends inside it ("Take the Federal Reserve. Trump says"; not after an
    initial or a title: "Paul D. Ryan", "Sen. Kaine"), after a possessive, and before the "of"
    of a place after a full name."""
    if not _CUT_HINT.search(run):
        return [(at, run)]
    cuts: list[tuple[int, int]] = []
    for stop in _FULL_STOP.finditer(run):
        words = run[: stop.start()].split()
        word = words[-1] if words else ""
        if len(word) > 1 and fold(word) + "." not in HONORIFICS:
            cuts.append((stop.start(), stop.end()))
    cuts += [(m.start(), m.end()) for m in _POSSESSIVE.finditer(run)]
    for of in _OF.finditer(run):
        # "Crown Prince Mohammed bin Salman of Saudi Arabia": a full name, then where they
        # are from ("Bishop of Durham" is a role).
        if len((split_role(run[: of.start()]).name or "").split()) >= 2:
            cuts.append((of.start(), of.end()))
    out: list[tuple[int, str]] = []
    begin = 0
    for cut_start, cut_end in sorted(cuts):
        if cut_start >= begin:
            out.append((at + begin, run[begin:cut_start]))
            begin = cut_end
    out.append((at + begin, run[begin:]))
    return out


def name_runs(text: str) -> list[tuple[int, int, Mention]]:
    """Capitalised runs in `text` that hold a person's name, with offsets and any role. A
    possessive ends a name ("Knight's Birmingham home" names Knight, not "Knight Birmingham";
    "Obama's Chief of Staff Denis McDonough" names Denis McDonough)."""
    out: list[tuple[int, int, Mention]] = []
    for match in _NAME_RUN.finditer(text):
        for start, piece in _pieces(match.group(0), match.start()):
            # A closing possessive is not part of the name: what follows "Trump's" is not
            # something Trump did ("Trump's continued appeal").
            possessive = _CLOSING_POSSESSIVE.search(piece) is not None
            if possessive:
                piece = piece[:-2]
            end = start + len(piece)
            mention = split_role(piece)
            if (
                mention.name
                and len(mention.name.split()) >= 2
                and not is_organisation(mention.name)
            ):
                if mention.role is None:
                    role = (
                        _role_before(text, start)
                        or _role_after(text, end)
                        or (None if possessive else _role_apposed(text, start))
                    )
                    mention = Mention(mention.name, role)
                out.append((start, end, mention))
    return out


def is_organisation(name: str) -> bool:
    """Whether a name is an organisation, a law or a place ("Voter Registration Act")."""
    return any(fold(word) in ORGANISATION_WORDS for word in name.split())


def _role_before(text: str, at: int) -> str | None:
    """Role words right before `at`, where a name starts ("city engineer" in "city engineer
    Tomas Lindqvist")."""
    # Four words are read back, from a window rather than the whole text before the name: a
    # long paragraph with many names would otherwise be split again for every one of them.
    start = max(0, at - 160)
    words = text[start:at].split()
    if start and words and not text[start - 1].isspace():
        words = words[1:]
    taken: list[str] = []
    for token in reversed(words[-4:]):
        if token.endswith(".") and len(token) > 2 and fold(token) not in HONORIFICS:
            break  # the sentence before ("Take the Reserve. Janet Lowe says")
        if fold(token) in ROLE_WORDS or (token[:1].isupper() and fold(token) not in NOT_NAMES):
            taken.insert(0, token)
        else:
            break
    if not any(fold(t) in ROLE_WORDS for t in taken):
        return None
    return " ".join(taken) or None


# Role words that qualify a role ("former", "White House"), not those that end one.
ROLE_QUALIFIERS = frozenset(
    """former acting assistant associate senior junior vice prime majority minority
    house senate state homeland security foreign defense defence interior health department
    federal national white republican democratic democrat gop us uk un eu first press campaign
    deputy member""".split()
)
# Qualifiers that are also common surnames ("Kelli White"); "Florida Republican" is no name.
QUALIFIER_SURNAMES = frozenset({"white", "house"})
# Role words that end a role ("campaign strategist").
ROLE_HEADS = frozenset(w for w in ROLE_WORDS if w.isalpha() and w not in ROLE_QUALIFIERS)
# ", the transport minister," / ", Obama's former campaign strategist," after a name.
_ROLE_AFTER = re.compile(
    r",\s+(?P<role>(?:(?:the|a|an|[A-Z][\w]*['’]s)\s+)?(?:[a-z][\w'’-]*\s+){0,4}"
    rf"(?:{'|'.join(sorted(ROLE_HEADS, key=len, reverse=True))}))"
    r"(?=[\s,.;:])"
)


# "the president of the Tunisian League for Human Rights, Jamel Msallem" / "The Bishop of
# Durham, the Rt Rev Dr Tom Wright": a role, then the name in apposition.
_ROLE_APPOSED = re.compile(
    r"(?:^|(?<=[\s(]))(?:[Tt]he|[Aa]n?|[A-Z][\w]*['’]s)\s+(?P<role>(?:[a-z][\w'’-]*\s+){0,3}?"
    rf"(?i:{'|'.join(sorted(ROLE_HEADS, key=len, reverse=True))})"
    r"(?:\s+(?:of|for|at)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|for|the|and|on)){0,8})?)"
    r"\s*,\s*(?:the\s+)?$"
)


def _role_apposed(text: str, start: int) -> str | None:
    """A role standing before a name, set off by a comma, without its determiner."""
    match = _ROLE_APPOSED.search(text[max(0, start - 200) : start])
    return match.group("role") if match else None


def _role_after(text: str, end: int) -> str | None:
    """A role in apposition right after a name ends at `end` ("Ruth Kaye, the transport
    minister, said"), without its determiner."""
    match = _ROLE_AFTER.match(text, end)
    if match is None:
        return None
    return re.sub(r"^(?:the|a|an)\s+", "", match.group("role"))
