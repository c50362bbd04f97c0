"""Text-fragment links: percent-encoded, short start and end words, special characters escaped."""

from retrieval.link import passage_link, text_fragment


def test_fragment_takes_a_few_words_from_each_end() -> None:
    text = "“We are not on the same side of the coin. It is obvious,” Mr Giammattei told CBS."
    assert text_fragment(text) == "We%20are%20not%20on,Mr%20Giammattei%20told%20CBS"


def test_fragment_escapes_dashes_commas_and_ampersands() -> None:
    fragment = text_fragment("U.S.-Mexico border, talks & more")
    assert "-" not in fragment and "&" not in fragment
    assert fragment == "U.S.%2DMexico%20border%2C%20talks%20%26%20more"


def test_link_replaces_an_existing_fragment_and_needs_a_url() -> None:
    assert passage_link(None, "words") is None
    assert passage_link("https://example.org/a#top", "Short text here") == (
        "https://example.org/a#:~:text=Short%20text%20here"
    )
