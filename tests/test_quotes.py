"""Quotations and speakers on fixtures we write: one test per tricky case."""

from __future__ import annotations

from retrieval.marks import quote_text
from retrieval.names import Mention, name_runs
from retrieval.quotes import extract


def _pairs(paragraphs: list[str]) -> list[tuple[str | None, str]]:
    return [(q.speaker, quote_text(q, paragraphs)) for q in extract(paragraphs)]


def test_curly_and_straight_marks_with_cue_after_and_before() -> None:
    paragraphs = [
        "Mayor Ana Ruiz opened the bridge on Friday.",
        "“This bridge reconnects the east side of our town,” Ms Ruiz said.",
        'Engineer Tomas Lindqvist said: "We tested every cable twice."',
    ]
    assert _pairs(paragraphs) == [
        ("Ana Ruiz", "This bridge reconnects the east side of our town"),
        ("Tomas Lindqvist", "We tested every cable twice."),
    ]


def test_quote_running_over_paragraphs_is_one_quotation() -> None:
    paragraphs = [
        "Union leader Rosa Delgado spoke after the vote.",
        "“We suspended the strike, we did not cancel it,” Delgado said. “The members decided.",
        "“If the offer is the same in two weeks, we will walk out.”",
    ]
    [quotation] = extract(paragraphs)
    assert quotation.speaker == "Rosa Delgado"
    # Interrupted by "Delgado said", then carried over into the next paragraph.
    assert [i for i, _, _ in quotation.segments] == [1, 1, 2]
    assert quote_text(quotation, paragraphs).endswith("we will walk out.")


def test_partial_quote_inside_a_sentence() -> None:
    paragraphs = [
        "Councillor Ibrahim Diallo called the library “the living room of the whole town.”"
    ]
    assert _pairs(paragraphs) == [("Ibrahim Diallo", "the living room of the whole town.")]


def test_nested_single_quotes_stay_inside() -> None:
    paragraphs = [
        "Alejandro Giammattei spoke to CBS.",
        "“The message changed to, ‘We are going to reunite families,’” Mr Giammattei explained.",
    ]
    [(speaker, text)] = _pairs(paragraphs)
    assert speaker == "Alejandro Giammattei"
    assert "‘We are going to reunite families" in text


def test_role_is_split_from_the_name() -> None:
    paragraphs = [
        "Homeland Security Secretary Alejandro Mayorkas said the US was “on pace to meet more”."
    ]
    [quotation] = extract(paragraphs)
    assert (quotation.speaker, quotation.role) == (
        "Alejandro Mayorkas",
        "Homeland Security Secretary",
    )


def test_pronoun_takes_the_person_named_just_before() -> None:
    paragraphs = [
        "“It is a great day,” Mayor Ana Ruiz said.",
        "City engineer Tomas Lindqvist said it would last. “We tested every cable twice,” he said.",
    ]
    assert [s for s, _ in _pairs(paragraphs)] == ["Ana Ruiz", "Tomas Lindqvist"]


def test_floating_quote_continues_the_last_speaker() -> None:
    paragraphs = [
        "“For an elderly farmer, that is not a service,” said Dr Samuel Mensah.",
        "“It is a wall between them and their doctor.”",
    ]
    assert [s for s, _ in _pairs(paragraphs)] == ["Samuel Mensah", "Samuel Mensah"]


def test_misspelt_surname_resolves_to_the_same_person() -> None:
    paragraphs = [
        "Alejandro Giammattei met reporters.",
        "“The next day the coyotes were organizing groups of children,” Mr Giammettei explained.",
    ]
    assert _pairs(paragraphs)[0][0] == "Alejandro Giammattei"


def test_two_people_sharing_a_first_name_stay_apart() -> None:
    paragraphs = [
        "Alejandro Giammattei and Alejandro Mayorkas met on Monday.",
        "“We are not on the same side,” Giammattei said.",
        "“The border is not open,” Mayorkas said.",
    ]
    assert [s for s, _ in _pairs(paragraphs)] == ["Alejandro Giammattei", "Alejandro Mayorkas"]


def test_according_to_and_told() -> None:
    paragraphs = [
        "The plan is “a first step to clean power,” according to Energy Secretary Priya Raman.",
        "“Nobody wins when the trains stop,” Martin Hale told the National Wire.",
    ]
    assert [s for s, _ in _pairs(paragraphs)] == ["Priya Raman", "Martin Hale"]


def test_short_unattributed_titles_are_not_quotations() -> None:
    paragraphs = [
        'He appeared on “Face the Nation” on Sunday before the "State of the Union" address.'
    ]
    assert extract(paragraphs) == []


def test_an_age_and_a_role_between_the_name_and_its_cue() -> None:
    paragraphs = [
        "Transport Minister Ruth Kaye visited the harbour.",
        "“The new line opens on Monday and it will carry everyone,” Kaye, 54, the minister "
        "for transport, said.",
    ]
    assert _pairs(paragraphs)[0][0] == "Ruth Kaye"


def test_a_quotation_inside_a_sentence_about_someone_is_theirs() -> None:
    paragraphs = [
        "“The budget is fixed for this year,” Ruth Kaye said.",
        "Dana Okafor pledged to “keep every ward open through the winter” at the meeting.",
    ]
    assert [speaker for speaker, _ in _pairs(paragraphs)] == ["Ruth Kaye", "Dana Okafor"]


def test_a_quotation_that_ends_its_sentence_takes_no_speaker_from_the_next() -> None:
    paragraphs = [
        "Ruth Kaye spoke at the opening of the bridge.",
        "“We have waited long enough for this day.” Dana Okafor said the bridge was late.",
    ]
    assert _pairs(paragraphs)[0][0] != "Dana Okafor"


def test_two_apostrophes_are_a_double_quotation_mark() -> None:
    paragraphs = [
        "Mayor Ana Ruiz spoke at the rally.",
        "When a heckler was led away, Ms. Ruiz shouted, ''Out, out, out,'' at him.",
    ]
    assert _pairs(paragraphs) == [("Ana Ruiz", "Out, out, out")]


def test_a_headline_capitalises_its_cue() -> None:
    paragraphs = ["Ruth Kaye Says The Ferry ‘Will Run Every Day Of The Year’"]
    assert _pairs(paragraphs)[0][0] == "Ruth Kaye"


def test_a_title_in_a_sentence_about_someone_is_not_their_quotation() -> None:
    paragraphs = [
        "NEW YORK (AFP) – Actress Lena Morrow, star of “The Long Harbour Road,” is unsure."
    ]
    assert _pairs(paragraphs) == []


def test_a_role_given_after_a_name_resolves_a_later_description() -> None:
    paragraphs = [
        "Tomas Lindqvist, the city engineer, inspected the cables on Monday.",
        "“Every one of them will hold for a century,” the engineer said.",
    ]
    assert _pairs(paragraphs)[0][0] == "Tomas Lindqvist"


def test_a_possessive_ends_a_name() -> None:
    paragraphs = [
        "Mayor Ana Ruiz said the 2003 fire near Ruiz's Leeds home changed her.",
        "“It stayed with me for years,” she said.",
    ]
    assert [speaker for speaker, _ in _pairs(paragraphs)] == ["Ana Ruiz"]


def test_he_said_is_the_last_person_the_text_said_spoke() -> None:
    paragraphs = [
        "“We will sail at dawn,” said captain Tomas Lindqvist.",
        "Harbour master Ana Ruiz met the crew of the Northwind and the Petrel on Monday.",
        "Lindqvist said the weather would decide.",
        "“The sea always has the last word,” he said.",
    ]
    assert _pairs(paragraphs)[-1][0] == "Tomas Lindqvist"


def test_a_cue_joined_by_and_has_the_sentence_subject() -> None:
    # "Gov." does not end the sentence, and "and joked" is Okafor's.
    paragraphs = [
        "Comedian Dana Okafor closed the festival on Sunday.",
        "As the band played, Okafor was joined on stage by Gov. Tom Reyes and joked, "
        "“Nobody told me the governor could dance.”",
    ]
    assert _pairs(paragraphs) == [("Dana Okafor", "Nobody told me the governor could dance.")]


def test_the_subject_that_acts_speaks_after_a_handover() -> None:
    paragraphs = [
        "Reporter Lena Brandt and Mayor Ruth Kaye met the press on Monday.",
        "Earlier this week, Brandt pressed Ruth Kaye on the budget, insisting that the city "
        "“cannot keep borrowing like this.”",
        "Speaking at the harbour, Kaye answered her critics, calling the plan “the only honest "
        "budget in a decade.”",
    ]
    assert [speaker for speaker, _ in _pairs(paragraphs)] == ["Lena Brandt", "Ruth Kaye"]


def test_a_name_before_a_colon_after_a_dash_is_the_source() -> None:
    paragraphs = [
        "Turnout was higher than forecast - Ana Ruiz: “Nobody expected the queues we saw "
        "this morning.”"
    ]
    assert _pairs(paragraphs) == [("Ana Ruiz", "Nobody expected the queues we saw this morning.")]


def test_a_full_stop_inside_a_capitalised_run_ends_a_name() -> None:
    # "National Reserve. Janet Lowe" is two sentences, not a person called "Reserve Janet
    # Lowe" in the role "Take the National".
    text = "Take the National Reserve. Janet Lowe says it “has lost the trust of the town.”"
    assert [m for _, _, m in name_runs(text)] == [Mention("Janet Lowe", None)]
    assert _pairs([text]) == [("Janet Lowe", "has lost the trust of the town.")]


def test_what_follows_a_possessive_is_not_the_person_speaking() -> None:
    paragraphs = [
        "Coach Ivan Petrov said little about his rival Marta Lindgren’s continued success "
        "this season.",
        "“We only look at ourselves,” he said.",
    ]
    assert _pairs(paragraphs) == [("Ivan Petrov", "We only look at ourselves")]


def test_a_role_before_a_name_in_apposition_is_the_person_s_role() -> None:
    paragraphs = [
        "The Bishop of Wexley, the Rt Rev Dr Alan Marsh, described the plan as a “fine dream "
        "for a small town”.",
        "Later the Bishop said: “Nobody has shown me the sums behind it.”",
    ]
    assert [(q.speaker, q.role) for q in extract(paragraphs)] == [
        ("Alan Marsh", "Bishop of Wexley"),
        ("Alan Marsh", "Bishop of Wexley"),
    ]


def test_quotations_run_together_in_one_paragraph_pair_their_marks() -> None:
    # The first quotation is left open, as news style leaves a paragraph that the next one
    # continues: the words after the last mark are not quoted.
    paragraphs = [
        'Mayor Ana Ruiz said: "The bridge is open. "Every driver will save ten minutes a '
        'day." The works took two years, according to the council.'
    ]
    assert _pairs(paragraphs) == [
        ("Ana Ruiz", "The bridge is open. Every driver will save ten minutes a day."),
    ]


def test_a_headline_s_words_before_a_surname_are_not_a_first_name() -> None:
    paragraphs = [
        "Defiant Harbour-master Lindqvist ‘not sure’ about the new pier.",
        "Harbour master Tomas Lindqvist spoke on Friday.",
        "“The pier will not survive a winter storm,” Lindqvist said.",
    ]
    assert _pairs(paragraphs) == [("Tomas Lindqvist", "The pier will not survive a winter storm")]


def test_a_surname_that_also_qualifies_roles_is_a_surname() -> None:
    # "White" qualifies roles ("White House spokesman") but ends no role.
    paragraphs = [
        "Banned sprinter Kelli White says she was misled by her coach.",
        "“It was my decision to go to him,” White said.",
    ]
    assert _pairs(paragraphs) == [("Kelli White", "It was my decision to go to him")]


def test_a_phrase_opening_with_for_or_that_before_the_cue_is_not_the_speaker() -> None:
    paragraphs = [
        "Councillor Ines Okoro spoke after the vote.",
        "“This will be a challenge” for Mayor Ruth Kaye, said Okoro.",
        "“It seems unlikely” that Kaye can win the vote, said Tom Reyes, a council adviser.",
    ]
    assert [speaker for speaker, _ in _pairs(paragraphs)] == ["Ines Okoro", "Tom Reyes"]


def test_an_unnamed_person_is_not_resolved_to_someone_named() -> None:
    paragraphs = [
        "Council aide Tom Reyes said the vote would be close.",
        "“That does not mean no response,” one council aide said, “but a muted one.”",
    ]
    assert [q.speaker for q in extract(paragraphs)] == ["one council aide"]
