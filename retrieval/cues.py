"""The words around a quotation that say who spoke: cue verbs, titles, names and the frames
they form ("…," said Smith / Smith said: "…" / according to …). Regular expressions only."""

from __future__ import annotations

import re

CUES = (
    "said|says|say|told|tells|tell|added|adds|asked|asks|explained|explains|wrote|writes|"
    "stated|states|noted|notes|argued|argues|insisted|insists|warned|warns|declared|declares|"
    "continued|continues|recalled|recalls|tweeted|tweets|posted|claimed|claims|replied|"
    "replies|responded|responds|acknowledged|acknowledges|admitted|admits|announced|"
    "announces|remarked|observed|suggested|suggests|complained|complains|joked|jokes|quipped|"
    "urged|urges|cautioned|conceded|concedes|pointed out|went on|wrote in|shouted|yelled|"
    "screamed|cried|exclaimed|predicted|predicts|promised|promises|vowed|vows|boasted|"
    "boasts|countered|counters|emphasized|emphasised|stressed|stresses|mused|muses|"
    "testified|concluded|concludes|reiterated|repeated|demanded|confirmed|confirms|denied|"
    "denies|insisted|maintained|maintains|charged|charges|conceded|thundered|snapped|"
    "retorted|sighed|laughed|began|begins|offered|adding|saying|telling|writing|noting|"
    "arguing|calling|called|describes|described|describing|decried|lamented|laments|"
    "agreed|agrees|disagreed|answered|answers|interjected|scoffed|huffed|pleaded|"
    "proclaimed|proclaims|recounted|recounts|remembered|remembers|reported|reports|"
    "acknowledging|explaining|continuing|asking|warning|declaring|insisting|asserted|asserts|"
    "blasted|blasts|labeled|labelled|dubbed|branded|accused|accuses|criticized|criticised|"
    "praised|touted|slammed|mocked|chanted|chanting|sang|sings|singing|quoted|cited|"
    "characterized|characterised|deemed|hailed|lashed out|scolded|thanked|tells|"
    "wondered|questioned|vowing|urging|claiming|predicting|promising|calling on|blamed|"
    "attacked|defended|opined|pleaded|shot back|fired back|conceded|recalled|put it|"
    # Reporting verbs and forms seen unattributed in PolNeAR's training articles.
    "argue|state|announce|explain|note|insist|warn|claim|add|write|declare|predict|pressed|"
    "presses|fumed|fumes|assured|assures|reacted|reacts|exhorted|riffed|barked|calls|"
    "estimated|estimates|indicated|indicates|worried|worries|remarking|chided|chiding|quip|"
    "gushed|Tweeted|contended|contends|alleged|alleges|elaborated|lectured|lecturing"
)
# Headlines capitalise their verbs ("Hollande Says Trump ‘Makes You Want To Retch’").
HEADLINE_CUES = (
    "Says|Said|Tells|Told|Warns|Urges|Slams|Blasts|Calls|Claims|Admits|Insists|Vows|Defends|"
    "Mocks|Rips|Jokes|Tweets|Asks|Accuses|Praises|Denies"
)
CUE = rf"(?:{CUES}|{HEADLINE_CUES})"
ADVERB = (
    r"(?:\w+ly\s+|also\s+|later\s+|then\s+|once\s+|previously\s+|has\s+|had\s+|have\s+"
    r"|would\s+|will\s+|was\s+|is\s+|further\s+|again\s+|even\s+|never\s+)*"
)
# A capitalised word; a full stop only after an initial or an abbreviated title, so that a
# name never runs on into the next sentence ("reported Reuters. Another …").
CAP = (
    r"(?:[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Prof|Rev)\."
    r"|[A-Z][\w'’-]*)"
)
CAP_RUN = rf"(?:{CAP}\s+){{0,5}}[A-Z][\w'’-]*\w"
DESCRIPTION = (
    r"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Aa]nother)\s+)(?:[\w'’-]+\s+){0,5}?"
    r"(?:officials?|spokes(?:man|woman|person)|aides?|advisers?|sources?|statement|leaders?|"
    r"lawmakers?|chairman|candidate|executive|director|president|secretary|minister|senator|"
    r"governor|mayor|campaign|official|analysts?|experts?|residents?|police|prosecutors?|"
    r"officers?|administration|department|ministry|agency|company|group|report|survey|study)"
)
# A speaker as written: lowercase role words, then a capitalised name; or a pronoun; or a
# description ("a White House spokesman").
# Lowercase words that can sit inside a title before a name ("White House press secretary").
TITLE_WORDS = (
    r"(?:press|secretary|spokes(?:man|woman|person)|minister|senator|governor|mayor|president|"
    r"chairman|chairwoman|chair|director|adviser|advisor|aide|manager|leader|chief|general|"
    r"attorney|counsel|candidate|nominee|retired|former|deputy|acting|campaign|senior|top|"
    r"strategist|pollster|analyst|professor|economist|official|officer|commissioner|judge|"
    r"ambassador|representative|congressman|congresswoman|vice|executive|founder|host|"
    r"anchor|reporter|correspondent|columnist|editor|lawmaker|member|head|coach|police|widow|"
    r"mother|father|wife|husband|son|daughter|resident|owner|lawyer|niece|nephew|brother|sister|"
    r"friend|neighbor|neighbour|colleague|partner|writer|author|historian|scientist|researcher|"
    r"expert|activist|organizer|volunteer|teacher|student|doctor|nurse|worker|employee|voter|"
    r"supporter|critic|ally|rival|opponent|delegate|surrogate|donor|pastor|bishop|"
    r"rep\.|sen\.|del\.)"
)
CONJUNCTION = (
    r"(?:when|as|while|because|after|before|if|and|but|since|until|though|although|where|so|"
    r"on|in|at|for|from|by|with|of|to|during|into|than)"
)
# "one questioner", "the New York businessman": a determiner and a few words before the cue.
FUNCTION_WORD = (
    r"(?:and|or|but|in|of|to|by|for|with|on|at|from|that|which|who|what|when|as|than|into|"
    r"about|after|before|over|under|is|was|are|were|be|been|has|have|had)\b"
)
SOMEONE = (
    rf"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:(?!{FUNCTION_WORD})[\w'’-]+\s+){{0,3}}?"
    rf"(?!{FUNCTION_WORD})[a-z][\w'’-]*[a-z]"
)
# What may follow a name between commas: "Scott Pruitt, the attorney general of Oklahoma, said".
APPOSITION = (
    r"(?:(?:the|a|an|who|whose|which|one|his|her|their|its|former|now|then|also|both|each)\b"
    r"|[A-Z]-[A-Z][\w.]*|[A-Z][\w]*['’]s\b)"
)
# "Obama's former campaign strategist": someone described through whom they work for.
POSSESSED = r"[A-Z][\w'’-]*['’]s\s+(?:[a-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*[a-z]"
WHO = (
    rf"(?:(?:(?:{CAP}|{TITLE_WORDS}|\d[\w/'’-]*)\s+){{0,6}}{CAP_RUN}"
    rf"|(?!{CONJUNCTION}\b)(?:[a-z0-9][\w'’/-]*\s+){{0,3}}?{CAP_RUN}|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|{DESCRIPTION}|{POSSESSED})"
)
# Words that start a clause of their own, never a description of the person before them.
_NOT_MODIFIER = (
    rf"(?!(?:{CUES}|and|but|or|so|then|as|while|when|if|because|although|though|after|before|"
    r"since|until)\b)"
)
# What may stand between a name and its cue after a quotation: an age ("Okafor, 34, said"),
# a lowercase role ("Kaye, the transport minister, said"), a parenthesis ("(R-Ohio)") or an
# apposition as APPOSITION reads it.
MODIFIER = (
    rf"(?:\d{{1,3}}|{_NOT_MODIFIER}[a-z][\w'’-]*(?:[ \xa0][^,;:!?“”\"()]{{0,100}}?)?"
    rf"|(?:the|a|an|who|whose)\b[^,]{{0,120}}?|{APPOSITION}[^,]{{0,120}})"
)
POSTMODIFIER = rf"(?:\s*\([^)]{{1,40}}\))?(?:\s*,\s*{MODIFIER}){{0,2}}(?:\s*,)?"
# "Kasich himself said".
ADVERB_OR_SELF = rf"(?:{ADVERB}|himself\s+|herself\s+)"
# After a quotation: `, said Smith` / `, Smith said` / `, he added`.
AFTER_CUE_FIRST = re.compile(
    rf"^[\s,.:;—–-]*{ADVERB}(?P<cue>{CUE})\s+(?P<who>{WHO})(?=[\s,.;:!?—–)-]|$)"
)
# Right after a quotation and right before a cue, any words may make up a title.
WHO_TITLED = rf"(?:(?:{CAP}|[a-z][\w'’.-]*|\d[\w/'’-]*)\s+){{0,7}}?{CAP_RUN}"
AFTER_NAME_FIRST = re.compile(
    rf"^[\s,.:;—–-]*(?P<who>{WHO}|{WHO_TITLED}|{SOMEONE}){POSTMODIFIER}\s+{ADVERB_OR_SELF}"
    rf"(?P<cue>{CUE})\b"
)
# `“…” ― Pamela Padilla`: a dash before the name, as under a pull quote.
AFTER_DASH = re.compile(rf"^\s*[―—–]\s*(?P<who>{CAP_RUN})")
# `Sanders made the following comment: “` / `…, saying: “`: the subject of the sentence speaks.
SUBJECT = re.compile(rf"(?<![\w'’])(?P<who>{WHO})[\s,]")
# `… is held accountable, Warren said.`: the attribution closes the sentence of the quotation.
AFTER_CLOSING = re.compile(rf",\s*(?P<who>{WHO})\s+{ADVERB}(?P<cue>{CUE})\s*(?:[.;]|$)")
AFTER_CLOSING_CUE_FIRST = re.compile(
    rf",\s*(?P<cue>{CUE})\s+(?P<who>{WHO}|{WHO_TITLED})(?:\s*,\s*{MODIFIER})?\s*(?:[.;]|$)"
)
HANDOVER = re.compile(
    r"(:|\b(saying|adding|telling [\w ]{1,30}|writing|noting|declaring|asking|arguing|insisting|"
    r"claiming|warning|calling|describing|chanting|singing|encouraging|urging),?"
    # A cue verb coordinated with the sentence's first verb ("Silverman was joined on stage
    # by Al Franken and joked, “…”") has the sentence's subject.
    rf"|\band\s+(?:{CUES}),?)"
    r"(?:\s+that)?\s*(?P<lead>[^.!?:]{0,160}?)\s*$"
)
# Before a quotation: `Smith said in March that "` / `Smith, who ..., told CBS: "`.
BEFORE = re.compile(
    rf"(?<![\w'’])(?P<who>{WHO}|{SOMEONE})(?:\s*\([^)]{{1,40}}\))?"
    rf"(?P<appos>\s*(?:,\s*{APPOSITION}[^,]{{0,120}}){{1,2}},)?\s+"
    rf"{ADVERB}(?P<cue>{CUE})\b"
    rf"(?P<gap>[^.!?]{{0,120}}?)[\s,:;—–-]*(?:that\s+)?$"
)
SPEAKS = re.compile(rf"{POSTMODIFIER}\s+{ADVERB_OR_SELF}{CUE}\b")
# A full stop that ends a sentence, not one after an initial or an abbreviated title.
SENTENCE_BREAK = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bLt)"
    r"(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bCol)(?<!\bInc)(?<!\bCo)[.!?]\s+(?=[A-Z])"
)
# Words after which a name is the subject of a clause of its own, not of the sentence.
SUBORDINATORS = frozenset(
    "that because if when while although though since after before as until whether whom "
    "who which where".split()
)
# A name followed by a verb ("Todd pressed …", "Blackwell, founder of …, endorsed"), not by a
# preposition, a conjunction or the end of a clause.
_CLAUSE_LINK = (
    r"(?:and|or|but|in|of|to|by|for|with|on|at|from|that|which|who|what|when|as|than|into|"
    r"about|after|before|over|under|the|a|an)"
)
ACTING = re.compile(
    rf"\s*(?:\([^)]{{1,40}}\)\s*)?(?:(?:,[^,]{{1,120}}){{1,3}},\s*)?(?!{_CLAUSE_LINK}\b)[a-z]"
)
SURNAME_SPEAKS = re.compile(rf"\b([A-Z][\w'’-]+)(?<!['’]s)\s+{ADVERB}{CUE}\b")
ACCORDING = re.compile(
    rf"(?:[Aa]ccording to|(?:reported|noted|written|stated|said) by)\s+(?P<who>{WHO})"
)
