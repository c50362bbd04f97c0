"""Links that open the source page scrolled to a passage (URL text fragments)."""

from __future__ import annotations

from urllib.parse import quote

# Characters that mean something inside `#:~:text=` and so must be percent-encoded in the terms.
_FRAGMENT_SPECIAL = {"-": "%2D", ",": "%2C", "&": "%26"}
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?…—–-"


def _encode(text: str) -> str:
    encoded = quote(text, safe="")
    for char, code in _FRAGMENT_SPECIAL.items():
        encoded = encoded.replace(char, code)
    return encoded


def text_fragment(passage: str, edge_words: int = 4) -> str:
    """`start,end` (encoded) for a passage: a few words from each end, punctuation trimmed."""
    tokens = passage.split()
    # Quotation marks and punctuation at the edges are often typeset differently on the page.
    while tokens and not tokens[0].strip(_EDGE_PUNCTUATION):
        tokens.pop(0)
    while tokens and not tokens[-1].strip(_EDGE_PUNCTUATION):
        tokens.pop()
    if not tokens:
        return ""
    tokens[0] = tokens[0].lstrip(_EDGE_PUNCTUATION)
    tokens[-1] = tokens[-1].rstrip(_EDGE_PUNCTUATION)
    if len(tokens) <= 2 * edge_words:
        return _encode(" ".join(tokens))
    start = " ".join(tokens[:edge_words])
    end = " ".join(tokens[-edge_words:])
    return f"{_encode(start)},{_encode(end)}"


def passage_link(url: str | None, passage: str) -> str | None:
    """The article URL with a text fragment for `passage`, or None without a URL."""
    if not url:
        return None
    fragment = text_fragment(passage)
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={fragment}" if fragment else base
