"""Chat spelling as people type it in Discord, rewritten to the words articles use.

"ppl", "abt", "bc", "govt", "w/", "yrs", "dont": shorthand that no article holds, so left as
typed it would match nothing (or count as a word the library lacks). Quoted words are left as
they are: they are what someone claims was said. Pure, no I/O.
"""

from __future__ import annotations

import re

SHORTHAND = {
    "ppl": "people",
    "ppls": "people's",
    "abt": "about",
    "bout": "about",
    "bc": "because",
    "b/c": "because",
    "cuz": "because",
    "coz": "because",
    "bcuz": "because",
    "govt": "government",
    "gov't": "government",
    "govts": "governments",
    "w/": "with",
    "w/o": "without",
    "yrs": "years",
    "yr": "year",
    "wks": "weeks",
    "wk": "week",
    "mins": "minutes",
    "hrs": "hours",
    "thru": "through",
    "tho": "though",
    "altho": "although",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "rly": "really",
    "realy": "really",
    "reallly": "really",
    "actualy": "actually",
    "acually": "actually",
    "prolly": "probably",
    "probly": "probably",
    "smth": "something",
    "sth": "something",
    "smthn": "something",
    "sb": "somebody",
    "ppl's": "people's",
    "dept": "department",
    "intl": "international",
    "natl": "national",
    "mgr": "manager",
    "pres": "president",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "dunno": "don't know",
    "tmrw": "tomorrow",
    "yday": "yesterday",
    "b4": "before",
    "2day": "today",
    "bday": "birthday",
    "info": "information",
    "abt.": "about",
    "approx": "approximately",
    "esp": "especially",
    "msg": "message",
}
# Apostrophes people leave out: "dont" is "don't", "shouldnt" is "shouldn't".
CONTRACTIONS = {
    word: word[:-2] + "n't"
    for word in """
    dont doesnt didnt isnt wasnt arent werent hasnt havent hadnt wouldnt couldnt shouldnt
    mustnt neednt aint
    """.split()
} | {
    "cant": "can't",
    "wont": "won't",
    "im": "I'm",
    "ive": "I've",
    "youre": "you're",
    "theyre": "they're",
    "thats": "that's",
    "whats": "what's",
    "whos": "who's",
    "hes": "he's",
    "shes": "she's",
    "theres": "there's",
    "lets": "let's",
}
# Words of chat that ask or react, never describe: dropped before a question is read.
FILLER = re.compile(
    r"^\s*(?:(?:lol|lmao|lmfao|rofl|omg|omfg|ok|okay|k|so|hey|hi|hello|yo|um+|uh+|hmm+|btw|"
    r"quick question|question|q|pls|please|wait|also|and|but|like|bruh|guys|folks|ngl|tbh|"
    r"imo|idk|real quick)\b[\s,.:;!?-]*)+",
    re.IGNORECASE,
)
_WORD = re.compile(r"(?<![\w'’])([A-Za-z][\w'’/.]*)")
_QUOTED = re.compile(r"[\"“”«»„][^\"“”«»„]*[\"“”«»„]?")


def _expand(match: re.Match[str]) -> str:
    word = match.group(1)
    trail = ""
    if word.endswith(".") and word.lower() not in SHORTHAND:
        word, trail = word[:-1], "."
    low = word.lower().replace("’", "'")
    if low == "pm" or low == "mp":
        return match.group(0)
    replacement = SHORTHAND.get(low) or CONTRACTIONS.get(low)
    if replacement is None:
        return match.group(0)
    return replacement + trail


def normalise(text: str) -> str:
    """The question with chat shorthand written out and leading filler dropped; words in
    quotation marks are left as typed."""
    text = FILLER.sub("", text, count=1) or text
    out: list[str] = []
    at = 0
    for quoted in _QUOTED.finditer(text):
        out.append(_WORD.sub(_expand, text[at : quoted.start()]))
        out.append(quoted.group(0))
        at = quoted.end()
    out.append(_WORD.sub(_expand, text[at:]))
    return "".join(out)
