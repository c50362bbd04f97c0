"""Questions typed the way people type them: chat spelling, intents, speakers named loosely,
misspelt words. Pure functions first, then through the engine on articles written here."""

from __future__ import annotations

import pytest

from retrieval.chat import normalise
from retrieval.engine import Engine
from retrieval.models import Draft
from retrieval.people import holder, speaker_matches
from retrieval.query import analyse
from retrieval.spelling import correction


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "why do ppl think the govt lied abt it",
            "why do people think the government lied about it",
        ),
        ("she left bc of the yrs w/ no pay", "she left because of the years with no pay"),
        ("i dont know why he shouldnt", "i don't know why he shouldn't"),
        ("lol which mp said it", "which mp said it"),
    ],
)
def test_chat_shorthand_is_written_out(typed: str, written: str) -> None:
    assert normalise(typed) == written


def test_words_in_quotation_marks_stay_as_typed() -> None:
    assert normalise('did she say "ppl r mad abt it"') == 'did she say "ppl r mad abt it"'


@pytest.mark.parametrize(
    ("text", "kind", "speaker"),
    [
        ("who complained that the ferry was late again", "who_said", None),
        ("who warned the dam would not hold", "who_said", None),
        ("which senator said the bill was dead", "who_said", None),
        ("who at the bank said rates would rise", "who_said", None),
        ("which of the two coaches said the pitch was a disgrace", "who_said", None),
        ("who tweeted that the polls were rigged", "who_said", None),
        ("who called the deal a disaster", "who_said", None),
        ('the harbour master said "no ship leaves tonight" - who was that', "who_said", None),
        ("a nurse from leeds said they were exhausted, what's her name", "who_said", None),
        ('was it dana okafor who said "we will not close the ward"', "check_quote", "dana okafor"),
        ('ruth kaye said "fares will fall", is that real?', "check_quote", "ruth kaye"),
        ('okafor quote check: "we will not close the ward"', "check_quote", "okafor"),
        ("did the mayor really say the toll was scrapped", "check_quote", "mayor"),
        ("did kaye say anything about the fares", "what_said", "kaye"),
        ("how did the transport minister react to the strike", "what_said", "transport minister"),
        ("what was okafors quote to the gazette about the ward", "what_said", "okafor"),
        ("kaye on bus fares??", "what_said", "kaye"),
        (
            "the nurses union leader quit... what did she tell the board",
            "what_said",
            "nurses union leader",
        ),
        # A name that begins with a verb of speaking is still a name.
        ('did ana brandt say "the tunnel opens"', "check_quote", "ana brandt"),
        ('was it sam warner who said "fares will fall"', "check_quote", "sam warner"),
        ("which countries border the lake", "search", None),
        ("who won the regatta", "search", None),
    ],
)
def test_intent_from_its_parts(text: str, kind: str, speaker: str | None) -> None:
    question = analyse(text)
    assert (question.kind, question.speaker) == (kind, speaker)


def test_who_said_keeps_who_is_asked_about_as_search_words() -> None:
    question = analyse("which hospital nurse said the ward was full")
    assert {"hospital", "nurse", "ward", "full"} <= set(question.terms)
    assert question.claim == "the ward was full"


@pytest.mark.parametrize(
    ("asked", "speaker", "right"),
    [
        ("okafor", "Dana Okafor", True),
        ("okafer", "Dana Okafor", True),
        ("dana okafor", "Dana Okafor", True),
        ("dana", "Dana Okafor", True),
        ("rk", "Ruth Kaye", True),
        ("susan okafor", "Dana Okafor", False),
        ("liz okafor", "Elizabeth Okafor", True),
        ("bill kaye", "William Kaye", True),
        ("liz kaye", "William Kaye", False),
        ("the transport minister", "Ruth Kaye", False),
        ("londons new mayor", "London conference he", False),
    ],
)
def test_a_speaker_named_loosely(asked: str, speaker: str, right: bool) -> None:
    assert speaker_matches(asked, speaker) is right


def test_a_role_resolves_to_the_person_the_article_names_with_it() -> None:
    paragraphs = [
        "Transport Minister Ruth Kaye opened the new line on Monday.",
        "Passengers cheered as the first train left the station.",
    ]
    assert holder(paragraphs, {"transport", "minister"}) == "Ruth Kaye"
    assert holder(paragraphs, {"health", "minister"}) is None


def test_the_holder_whose_role_holds_most_of_the_description_is_chosen() -> None:
    paragraphs = [
        "Royal Prince Omar Nadir attended the dinner. Royal Prince Omar Nadir said little. "
        "Royal Prince Omar Nadir left early.",
        "Royal Crown Prince Karim Nadir spoke about the reforms.",
    ]
    assert holder(paragraphs, {"royal", "crown", "prince"}) == "Karim Nadir"


def test_a_full_name_then_where_they_are_from_keeps_the_role() -> None:
    paragraphs = [
        "Prince Omar Nadir, a cousin of the king, spoke first.",
        "Crown Prince Karim Nadir of Westmark accepted the blame on Friday.",
    ]
    assert holder(paragraphs, {"westmark", "crown", "prince"}) == "Karim Nadir"


def test_a_role_said_of_someone_named_resolves_it() -> None:
    paragraphs = [
        "The council thanked Ines Okoro on Monday.",
        "Okoro, a nurse, was elected as mayor of Wexley last week.",
    ]
    assert holder(paragraphs, {"wexleys", "new", "mayor"}) == "Ines Okoro"


def test_a_role_given_before_the_name_in_apposition_resolves_it() -> None:
    paragraphs = [
        "Speaking on the radio, the president of the Harbour Workers League, Ines Okoro, "
        "said the strike would go on.",
    ]
    assert holder(paragraphs, {"harbour", "workers", "league", "president"}) == "Ines Okoro"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("reseach", "research"), ("giamattei", "giammattei"), ("harbuor", "harbour")],
)
def test_a_misspelt_word_is_corrected_to_the_vocabulary(typed: str, meant: str) -> None:
    vocabulary = [("research", 40), ("giammattei", 3), ("harbour", 12), ("reach", 90)]
    assert correction(typed, vocabulary) == meant


def test_short_or_distant_words_are_left_alone() -> None:
    vocabulary = [("max", 50), ("research", 40)]
    assert correction("mavs", vocabulary) is None
    assert correction("rescue", vocabulary) is None


STORY = (
    "Ferry fares to rise as Ruth Kaye defends the budget",
    (
        "Transport Minister Ruth Kaye defended the harbour budget on Tuesday.",
        "“Fares will rise by ten pence, and not a penny more,” Kaye told reporters.",
        "Dana Okafor, 34, a nurse from Leeds, said the crossing was her lifeline.",
        "“Without the ferry I would lose my job at the infirmary,” Okafor said.",
    ),
)


@pytest.fixture
async def ferry(engine: Engine) -> Engine:
    """A library holding one story with two speakers, one of them named by role."""
    result = await engine.add_draft(Draft(title=STORY[0], paragraphs=STORY[1], ref="ferry"))
    assert result.article is not None
    return engine


async def test_what_the_minister_said_is_found_through_the_article(ferry: Engine) -> None:
    answer = await ferry.ask("what did the transport minister say about fares")
    assert answer.answer is not None and answer.answer.speaker == "Ruth Kaye"
    assert "ten pence" in answer.passages[0].text


async def test_a_misspelt_speaker_in_chat_spelling(ferry: Engine) -> None:
    answer = await ferry.ask("what did okafer say abt the ferry")
    assert answer.answer is not None and answer.answer.speaker == "Dana Okafor"


async def test_a_misspelt_content_word_still_finds_the_passage(ferry: Engine) -> None:
    answer = await ferry.ask("who said they would lose their job at the infirmry")
    assert answer.answer is not None and answer.answer.speaker == "Dana Okafor"


async def test_a_topic_the_speaker_never_spoke_of_is_not_found(ferry: Engine) -> None:
    answer = await ferry.ask("what did kaye say about the olympics")
    assert answer.passages == ()
    assert answer.note is not None


async def test_a_claim_said_by_someone_else_names_who(ferry: Engine) -> None:
    answer = await ferry.ask('did kaye say "without the ferry I would lose my job"?')
    assert answer.answer is not None
    assert answer.answer.verdict == "other"
    assert answer.answer.speaker == "Dana Okafor"
    assert answer.passages[0].article_ref == "ferry"


async def test_a_question_asking_how_many_prefers_the_paragraph_with_the_number(
    engine: Engine,
) -> None:
    paragraphs = (
        "The bakery on Mill Lane will cut jobs at its Leeds plant, the company said.",
        "Workers at the Leeds plant were told on Monday that the jobs cut would be 140.",
        "The bakery plans to move its jobs at the plant to a site abroad.",
    )
    await engine.add_draft(Draft(title="Bakery cuts jobs", paragraphs=paragraphs))
    answer = await engine.ask("how many jobs will the bakery cut at the leeds plant")
    assert "140" in answer.passages[0].text


async def test_who_said_something_reported_without_quotation_marks(engine: Engine) -> None:
    paragraphs = (
        "Harbour master Tomas Lindqvist opened the new pier on Friday.",
        "Lindqvist, speaking to reporters at the quay, said the pier would outlast the town.",
    )
    await engine.add_draft(Draft(title="New pier opens", paragraphs=paragraphs))
    answer = await engine.ask("who said the pier would outlast the town")
    assert answer.answer is not None and answer.answer.speaker == "Tomas Lindqvist"
    assert answer.answer.quote is None


async def test_the_reported_speaker_is_read_in_the_sentence_that_holds_the_words(
    engine: Engine,
) -> None:
    paragraphs = (
        "The Harbour Plan claims the town will double in size. The Bishop of Wexley, the Rt "
        "Rev Dr Alan Marsh, described the plan as a “fine dream” but “poor arithmetic”.",
    )
    await engine.add_draft(Draft(title="Bishop and the plan", paragraphs=paragraphs))
    answer = await engine.ask(
        "which bishop called the harbour plan a fine dream but poor arithmetic"
    )
    assert answer.answer is not None and answer.answer.speaker == "Alan Marsh"


async def test_a_quote_checked_against_a_role_names_the_holder(engine: Engine) -> None:
    # One paragraph holding two quotations run together, the first left open.
    paragraphs = (
        "The Bishop of Wexley, the Rt Rev Dr Alan Marsh, wrote to the paper.",
        'In his letter, the Bishop said: "Plans are always fun to read. "The council is the '
        'best planner I have come across in the county, but its sums are a fantasy."',
    )
    await engine.add_draft(Draft(title="The bishop's letter", paragraphs=paragraphs))
    answer = await engine.ask(
        'the bishop of wexley said the council is "the worst planner I have come across in the '
        'county"??'
    )
    assert answer.answer is not None
    assert answer.answer.verdict == "close"
    assert answer.answer.speaker == "Alan Marsh"


async def test_a_description_is_not_resolved_through_a_place_in_it(engine: Engine) -> None:
    paragraphs = (
        "“We will keep the ferry running,” London Mayor Sadia Karim said on Friday.",
        "“The ferry is the city's lifeline and it stays,” Karim added.",
    )
    await engine.add_draft(Draft(title="Mayor backs the ferry", paragraphs=paragraphs))
    elsewhere = ("“London will never sleep,” said Jo London, a nightclub owner.",)
    await engine.add_draft(Draft(title="Nightlife", paragraphs=elsewhere))
    answer = await engine.ask("what did londons mayor say about the ferry")
    assert answer.answer is not None and answer.answer.speaker == "Sadia Karim"
