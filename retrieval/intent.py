"""What a question asks for: a speaker (`who_said`), what someone said (`what_said`), whether
someone said given words (`check_quote`), or plain search.

People ask for a speaker in many ways: "who complained that …", "which senator said …",
"who at the bank said …", "… — who said that?"; for what someone said: "what did X tell PBS",
"how did the villa manager react", "X said something about Y, what's the quote"; and to check:
"did X really say “…”", "was it X who said “…”", "X said “…”, is that real". The patterns below
are built from the parts those share (a question word, who is asked about, a verb of speaking,
what was said) rather than from whole sentences. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.cues import CUES
from retrieval.models import Kind

# Verbs of speaking as people use them in questions, past the ones articles use as cues.
SPEAK = (
    rf"(?:{CUES}|say|tell|state|claim|declare|argue|warn|add|insist|call|describe|write|tweet|"
    r"announce|suggest|admit|remark|comment|promise|predict|compare|compared|compares|"
    r"testify|testified|threaten|threatened|reveal|revealed|apologi[sz]e|apologi[sz]ed|mock|"
    r"joke|complain|quip|yell|shout|scream|blast|slam|praise|critici[sz]e|accuse|brag|bragged|"
    r"hint|hinted|rant|ranted|fume|fumed|gripe|griped|chimed in|weighed in|went off|go off|"
    r"spoke|speak|talk|talked|mention|mentioned|post|label|brand|dub|defend|deny|vow|urge|"
    r"think|thinks|thought|believe|believes|believed|mean|meant|reckon|reckoned|react|reacted|"
    r"respond|reply|feel|felt|make of|beg|begged|begs|plead|implore|implored|demand|"
    r"attack|attacked|trash|trashed|roast|roasted|dismiss|dismissed|ridicule|ridiculed)"
)
_ADVERBS = r"(?:(?:really|actually|ever|truly|once|just|supposedly|apparently|also|then)\s+)*"
_AUX = r"(?:(?:had|has|have|is\s+quoted\s+as|was\s+quoted\s+as|was\s+the\s+one\s+who)\s+)?"

# "who said", "which bishop called", "who at the tuc said", "which of the two coaches said".
_WHO = re.compile(
    rf"^\s*(?:who|which|what\s+(?:person|official|politician|leader|minister|senator|mp))"
    rf"(?P<desc>(?:\s+[\w'’.&-]+){{0,8}}?)\s+{_AUX}{_ADVERBS}(?P<verb>{SPEAK})\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "… someone at Real said “…” - who", "…, who was it?", "… who said that?"
_WHO_AT_END = re.compile(
    r"^(?P<rest>.+?)[\s,;:—–-]+(?:so\s+)?(?:who\s*(?:was\s+(?:it|that|he|she|this)|is\s+(?:it|"
    r"that|he|she)|said\s+(?:it|that|this)|did\s+(?:it|that)|tho|though)?|what(?:['’]s|\s+is|"
    r"\s+was)\s+(?:his|her|their|the\s+guy['’]s|the\s+person['’]s)\s+name)\s*[?!.]*\s*$",
    re.IGNORECASE | re.DOTALL,
)
# "what did X say/tell/think …", "how did X react to …"
_WHAT = re.compile(
    rf"^\s*(?:what|how)\s+(?:did|does|do|has|have|had|was|is|would|will)\s+(?P<who>.+?)\s+"
    rf"{_ADVERBS}(?P<verb>{SPEAK})\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "what was X's quote to …", "kellis comments on …", "X's reaction to …"
_WHAT_NOUN = re.compile(
    r"^\s*(?:(?:what|how)(?:['’]s|\s+(?:were|are|was|is))\s+)?(?P<who>[\w.'’ -]+?)(?:['’]s|s)?"
    r"\s+(?:comments?|remarks?|words|quotes?|statements?|views?|reaction|response|take|reply|"
    r"answer|message|tweets?|speech|thoughts?|position|stance|verdict|line)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "X said something about Y", "did X say anything about Y"
_SOMETHING = re.compile(
    r"^\s*(?:did|has|have|does)?\s*(?P<who>.+?)\s+" + _ADVERBS + rf"(?:{SPEAK})\s+"
    r"(?:something|anything|stuff|much|a\s+lot|a\s+word|things?)\s+(?P<rest>(?:about|on|"
    r"regarding|concerning|of|over|to|abt)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "msnbc host who said …": a description of the speaker, then who said it.
_DESCRIBED_WHO = re.compile(
    rf"^\s*(?P<desc>(?:[\w'’.&-]+\s+){{1,6}}?)who\s+{_AUX}{_ADVERBS}(?P<verb>{SPEAK})\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "flynn said what exactly about …", "X had some quote about Y", "sturgeon on face masks??"
_SAID_WHAT = re.compile(
    rf"^\s*(?P<who>[^,?]{{1,60}}?)\s+(?:(?:{SPEAK})\s+what|had\s+(?:a|some|this|that)\s+"
    r"(?:quote|comment|remark|line|thing\s+to\s+say))\b(?:\s+exactly)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ON_TOPIC = re.compile(
    r"^\s*(?P<who>[\w.'’-]+(?:\s+[\w.'’-]+){0,2})\s+on\s+(?P<rest>[^?]{2,80})\?*\s*$",
    re.IGNORECASE | re.DOTALL,
)
# "did X (really) say …", "is it true that X said …"
_DID = re.compile(
    rf"^\s*(?:did|has|have|does|is\s+it\s+true\s+that|was\s+it\s+true\s+that)\s+(?P<who>.+?)\s+"
    rf"{_ADVERBS}(?P<verb>{SPEAK})\b\s*(?:that\s+)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "was it X who said …"
_WAS_IT = re.compile(
    rf"^\s*(?:was|is|wasn't|wasnt|isn't|isnt)\s+it\s+(?:really\s+|actually\s+)?(?P<who>.+?)\s+"
    rf"(?:who|that)\s+{_ADVERBS}(?P<verb>{SPEAK})\b\s*(?:that\s+)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "X said “…”", "X quote check: “…”"
_CLAIMED = re.compile(
    rf"^\s*(?P<who>[^\"“”]{{1,80}}?)\s+{_ADVERBS}(?:(?P<verb>{SPEAK})|quote\s+check|quote)\b"
    r"[\s,:;-]*(?:that\s+)?(?P<rest>.*[\"“”].*)$",
    re.IGNORECASE | re.DOTALL,
)
# Words that ask whether a claim is true: "is that real", "did he actually say that", "legit?"
_DOUBT = re.compile(
    r"\b(?:real|really|actually|true|truly|legit|accurate|fake|genuine|verify|check|"
    r"did\s+(?:he|she|they|i)\s+(?:\w+\s+)?say|is\s+that|for\s+real|correct)\b|\?\?",
    re.IGNORECASE,
)
_TOPIC = re.compile(r"^\s*(?:about|on|regarding|concerning|of|over|to|abt)\s+", re.IGNORECASE)
PRONOUN = frozenset("he she they him her them his hers their it".split())
# Words that open a reference without naming anyone.
_DETERMINERS = re.compile(
    r"^(?:the|a|an|that|this|those|these|some|his|her|their|our|my|your)\s+", re.IGNORECASE
)
_SUBJECT_END = frozenset(
    """
    on about said says say told wouldnt wouldn't didnt didn't won't wont was is did does had has
    have after before when while and but who that which what - – — ... : ; , went keeps keep
    accept accepted
    """.split()
)


@dataclass(frozen=True)
class Intent:
    """The kind of question, who it is about as typed, what was said (for checks and
    who-said), and the words that carry its topic."""

    kind: Kind
    speaker: str | None = None
    claim: str | None = None
    focus: str = ""


def _claim(rest: str) -> str:
    claim = rest.strip().lstrip(":,").strip()
    claim = re.sub(r"^that\s+", "", claim, flags=re.IGNORECASE)
    return claim.rstrip("?!. ").strip("\"“”'‘’ ")


def _topic(rest: str) -> str:
    rest = rest.strip().rstrip("?!. ")
    return _TOPIC.sub("", rest)


def _who(text: str) -> str:
    return text.strip(" ,.;:-–—")


def _subject(text: str) -> str | None:
    """The person a question opens with ("blair on blunkett - did he …", "the ukrainian
    president wouldnt accept …"), for a later "he"."""
    taken: list[str] = []
    for word in text.split():
        low = word.lower().strip(",.;:")
        if low in _SUBJECT_END or len(taken) == 4:
            break
        taken.append(word.strip(",.;:"))
    subject = " ".join(taken)
    return subject or None


def _speaker_or_subject(who: str, before: str) -> str | None:
    """`who` as typed, or for a pronoun the person named at the start of the question."""
    bare = _DETERMINERS.sub("", who.strip()).strip()
    if bare.lower() in PRONOUN:
        return _subject(before)
    return who


_SEPARATOR = re.compile(r"(?:\.\.+|[?!;]+|\s[-–—]+\s|,\s+(?=(?:what|who|did|so|and)\b)|\.\s)\s*")


def _plain_who(who: str) -> bool:
    """A reference to someone, not a stretch of sentence ("blair on blunkett - did he")."""
    return 0 < len(who.split()) <= 8 and not re.search(r"[?!;\"“”]|\.\.|\s[-–—]\s", who)


def detect(text: str) -> Intent:
    """The intent of a question already in plain words (see `chat.normalise`): read whole,
    then clause by clause ("… leaked tape... what did he actually tell him"), a "he" there
    being the person the question opened with."""
    found = _match(text, "")
    if found is not None:
        return found
    for separator in _SEPARATOR.finditer(text):
        clause = text[separator.end() :]
        if len(clause.split()) >= 2 and (found := _match(clause, text[: separator.start()])):
            # The clause holds the ask; the words before it hold the topic.
            return Intent(found.kind, found.speaker, found.claim, text)
    return Intent("search", focus=text)


def _match(text: str, before: str) -> Intent | None:
    phrases = re.search(r"[\"“”]", text) is not None
    if (match := _WAS_IT.match(text)) and _plain_who(match["who"]):
        return Intent(
            "check_quote", _who(match.group("who")), _claim(match.group("rest")), match["rest"]
        )
    if (
        (match := _SOMETHING.match(text))
        and not re.match(r"^\s*(?:who|which)\b", text, re.I)
        and _plain_who(match["who"])
    ):
        who = _speaker_or_subject(match.group("who"), before)
        if who:
            return Intent("what_said", _who(who), None, _topic(match.group("rest")))
    if (match := _DID.match(text)) and _plain_who(match["who"]):
        rest = match.group("rest")
        who = _speaker_or_subject(match.group("who"), before)
        if who is None:
            return None
        if _TOPIC.match(rest) or re.match(r"^\s*(?:anything|something)\b", rest, re.I):
            topic = re.sub(r"^\s*(?:anything|something)\s+", "", rest, flags=re.I)
            # "did doris ever talk about rock hudson? what did she say": the topic ends there.
            topic = re.split(r"[?]", topic)[0]
            return Intent("what_said", _who(who), None, _topic(topic))
        return Intent("check_quote", _who(who), _claim(rest), rest)
    if (match := _WHO_AT_END.match(text)) and (
        said := re.search(rf"\b(?:{SPEAK})\b\s*(?P<said>.*)$", match["rest"], re.I | re.S)
    ):
        return Intent("who_said", None, _claim(said.group("said")), match["rest"])
    if (
        phrases
        and (match := _CLAIMED.match(text))
        and _DOUBT.search(text)
        and _plain_who(match["who"])
        and not re.match(r"^\s*(?:who|which|what|how|when|where|why)\b", text, re.IGNORECASE)
    ):
        who = re.sub(r"^(?:so|and|but|apparently|i heard|i read)\s+", "", match.group("who"))
        return Intent("check_quote", _who(who), _claim(match.group("rest")), match["rest"])
    if match := _WHO.match(text):
        return Intent("who_said", None, _claim(match.group("rest")), text)
    if (match := _WHAT.match(text)) and _plain_who(match["who"]):
        who = _speaker_or_subject(match.group("who"), before)
        if who is None:
            return None
        return Intent("what_said", _who(who), None, _topic(match.group("rest")))
    if (match := _WHAT_NOUN.match(text)) and len(match.group("who").split()) <= 5:
        return Intent("what_said", _who(match.group("who")), None, _topic(match.group("rest")))
    if (match := _DESCRIBED_WHO.match(text)) and not re.match(
        r"^\s*(?:what|how|when|where|why|did|does|do|is|was)\b", text, re.IGNORECASE
    ):
        return Intent("who_said", None, _claim(match.group("rest")), text)
    if (match := _SAID_WHAT.match(text)) and _plain_who(match["who"]):
        who = re.sub(r"\s*\([^)]*\)", "", match["who"])
        return Intent("what_said", _who(who), None, text)
    if (match := _ON_TOPIC.match(text)) and len(text.split()) <= 12:
        return Intent("what_said", _who(match["who"]), None, _topic(match["rest"]))
    return None
