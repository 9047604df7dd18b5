"""Quote extraction: the seed acceptance list and one test per pattern (invented sentences)."""

from pathlib import Path

import pytest

from articles.parsing import parse_text_document
from articles.quotes import ExtractedQuote, extract_quotes
from tests.articles.speech import speech

DATA = Path(__file__).resolve().parent.parent / "data"


def seed_body() -> str:
    """The seed's body after the real parser and cleaner (the debris removed)."""
    return parse_text_document((DATA / "seed.txt").read_text(encoding="utf-8")).body


def only(text: str) -> ExtractedQuote:
    quotes = speech(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


# --- the seed article, as accepted in the issue ------------------------------------------------

SEED_SPEECH = [
    (
        "What we've seen in the last 24 hours is a good, substantial reduction in violence and a period of calm,",
        "direct",
        "Mark Toner",
    ),
    ("We want to see that move forward.", "continuation", "Mark Toner"),
    ("Russia's responsibility", "partial", "Mark Toner"),
    ("We are always working with leaks from these documents,", "direct", "Maria Zakharova"),
    (
        "We want [the documents] released to avoid misinformation and the misinterpretation of potential leaks.",
        "continuation",
        "Maria Zakharova",
    ),
    (
        "We're continuing to assess whether we're going to release it or whether we might release aspects,",
        "direct",
        "Mark Toner",
    ),
]


def test_it_finds_exactly_the_seed_speech_quotes():
    found = [(q.text, q.kind, q.speaker) for q in speech(seed_body())]
    assert found == SEED_SPEECH


def test_it_finds_the_three_seed_designations():
    found = [q.text for q in extract_quotes(seed_body()) if q.kind == "designation"]
    assert found == ["terrorist", "moderate opposition", "extremist."]


def test_it_keeps_offsets_inside_the_seed_body():
    body = seed_body()
    for q in extract_quotes(body):
        assert 0 <= q.start < q.end <= len(body)
        assert body[q.start : q.end] == q.text


def test_it_finds_the_seed_indirect_speech():
    indirect = {q.speaker: q for q in extract_quotes(seed_body()) if q.kind == "indirect"}
    assert "Interfax" in next(name for name in indirect if name and "Interfax" in name)
    assert indirect["Gennady Gatilov"].cue == "told Interfax"
    assert indirect["Mark Toner"].text == "Ceasefire violations have occurred on both sides"


def test_it_keeps_the_seed_roles():
    quotes = speech(seed_body())
    assert quotes[0].role == "U.S. State Department deputy spokesperson"
    assert quotes[3].role == "Russian Foreign Ministry spokesperson"
    assert quotes[3].cue == "told reporters"


# --- patterns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"The harbour will reopen next month," Jane Porter said.',
        '"The harbour will reopen next month," said Jane Porter.',
        'Jane Porter said: "The harbour will reopen next month,"',
        "“The harbour will reopen next month,” Jane Porter said.",
    ],
)
def test_it_attributes_a_direct_quote_with_the_cue_before_or_after(text):
    quote = only(text)
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "Jane Porter", "said")
    assert quote.text == "The harbour will reopen next month,"


def test_it_takes_the_cue_with_its_listener():
    quote = only('"We have not been told anything," Jane Porter told reporters on Tuesday.')
    assert (quote.speaker, quote.cue) == ("Jane Porter", "told reporters")


def test_it_keeps_the_title_of_an_appositive_speaker():
    quote = only('"The harbour will reopen," Jane Porter, the mayor of Eastport, said.')
    assert (quote.speaker, quote.role, quote.speaker_kind) == ("Jane Porter", "mayor of Eastport", "person")


def test_it_reads_according_to():
    quote = only('According to Jane Porter, "the harbour will reopen next month."')
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "Jane Porter", "according to")


def test_it_keeps_nested_single_quotes_inside_the_quote():
    quote = only("\"He told me 'not yet' and left,\" Jane Porter said.")
    assert quote.text == "He told me 'not yet' and left,"


def test_it_takes_a_quote_over_several_sentences_as_one():
    quote = only('Jane Porter said: "The harbour will reopen. The ferries will follow. Nobody will lose a job."')
    assert quote.text == "The harbour will reopen. The ferries will follow. Nobody will lose a job."


def test_it_follows_a_quote_running_on_into_the_next_paragraph():
    text = 'Jane Porter said: "The harbour will reopen next month.\n\n"The ferries will follow soon after."'
    first, second = speech(text)
    assert (first.text, first.kind) == ("The harbour will reopen next month.", "direct")
    assert (second.text, second.kind, second.speaker) == (
        "The ferries will follow soon after.",
        "continuation",
        "Jane Porter",
    )


def test_it_splits_a_running_quote_reopened_in_the_same_paragraph():
    text = 'Jane Porter said: "The harbour will reopen. "The ferries will follow."'
    first, second = speech(text)
    assert first.text == "The harbour will reopen."
    assert (second.text, second.kind, second.speaker) == ("The ferries will follow.", "continuation", "Jane Porter")


def test_it_gives_a_continuation_the_previous_speaker():
    first, second = speech('"The harbour will reopen," Jane Porter said. "The ferries will follow."')
    assert (second.kind, second.speaker) == ("continuation", "Jane Porter")


def test_it_finds_a_partial_quote_in_reported_speech():
    quote = only('Jane Porter said that the closure was "a temporary setback" for the town.')
    assert (quote.text, quote.kind, quote.speaker) == ("a temporary setback", "partial", "Jane Porter")


def test_it_resolves_a_pronoun_to_the_person_named_before():
    text = 'Port director Tom Reed opened the meeting. "We start in May," he said.'
    assert only(text).speaker == "Tom Reed"


def test_it_resolves_a_pronoun_by_gender():
    text = 'Tom Reed and Ms Porter met on Monday. Ms Jane Porter said it went well. "We start in May," she said.'
    assert only(text).speaker == "Jane Porter"


def test_it_resolves_a_surname_to_the_full_name():
    text = 'Jane Porter opened the port. "It was overdue," Ms Porter said.'
    assert only(text).speaker == "Jane Porter"


def test_it_lets_organisations_and_countries_speak():
    org = only('"We will appeal against the ruling," the Kremlin said.')
    country = only('"The talks were useful," France said in a statement.')
    assert (org.speaker, org.speaker_kind) == ("Kremlin", "organisation")
    assert (country.speaker, country.speaker_kind) == ("France", "country")


def test_it_gives_an_unnamed_spokesperson_to_the_body():
    quote = only('A spokeswoman for the Harbour Authority said: "No decision has been made."')
    assert (quote.speaker, quote.speaker_kind) == ("Harbour Authority", "organisation")


def test_it_finds_indirect_speech():
    [quote] = extract_quotes("The ferries will resume in May, Jane Porter said on Tuesday.")
    assert (quote.kind, quote.text, quote.speaker) == ("indirect", "The ferries will resume in May", "Jane Porter")


def test_it_marks_scare_quotes_as_designations():
    [quote] = extract_quotes('The port was classified as "strategic" by the ministry.')
    assert (quote.kind, quote.speaker, quote.cue) == ("designation", None, "")


def test_it_returns_nothing_for_text_without_speech():
    assert extract_quotes("The harbour reopened in May after repairs.") == []
    assert extract_quotes("") == []


def test_it_returns_quotes_in_text_order():
    body = seed_body()
    starts = [q.start for q in extract_quotes(body)]
    assert starts == sorted(starts)


def test_it_resolves_a_role_to_the_person_named_with_it():
    text = (
        "Harbour Master Jane Porter opened the port in May. Tom Reed wrote to the council. "
        'The harbour master dismissed the letter as "pure fiction".'
    )
    quote = only(text)
    assert (quote.kind, quote.speaker) == ("partial", "Jane Porter")


def test_it_resolves_a_pronoun_to_a_speaker_named_after_the_verb():
    text = (
        "The council could not afford the repairs, argued Mr Tom Reed. "
        'Pointing to the budget, he added: "Nothing is left."'
    )
    assert only(text).speaker == "Tom Reed"


def test_it_does_not_take_a_title_with_of_for_a_person():
    quote = only('"Prices will rise," said Jane Porter, Minister of State for National Planning.')
    assert quote.speaker == "Jane Porter"


WIRE_STORY = """WASHINGTON — The Senate passed the spending bill on Tuesday after weeks of talks.

“This is a historic day for working families,” said Senate Majority Leader Chuck Schumer, D-N.Y.

Republicans criticized the measure. “It spends too much and does too little,” Sen. John Thune, R-S.D., told \
reporters. “We will keep fighting.”

The White House said in a statement that President Joe Biden would sign the bill on Friday.

Karine Jean-Pierre, the press secretary, told reporters the president was “grateful.”

“It’s a mistake,” said Maria Lopez, an economist at the Brookings Institution. “A big one.”
"""


def test_it_reads_a_wire_story_with_curly_quotes_and_abbreviated_titles():
    found = [(q.text, q.kind, q.speaker) for q in extract_quotes(WIRE_STORY)]
    assert found == [
        ("This is a historic day for working families,", "direct", "Chuck Schumer"),
        ("It spends too much and does too little,", "direct", "John Thune"),
        ("We will keep fighting.", "continuation", "John Thune"),
        ("President Joe Biden would sign the bill on Friday", "indirect", "White House"),
        ("grateful.", "partial", "Karine Jean-Pierre"),
        ("It’s a mistake,", "direct", "Maria Lopez"),
        ("A big one.", "continuation", "Maria Lopez"),
    ]
    roles = {q.speaker: q.role for q in extract_quotes(WIRE_STORY)}
    assert roles["Chuck Schumer"] == "Senate Majority Leader"
    assert roles["Maria Lopez"] == "economist at the Brookings Institution"


def test_it_reads_single_curly_quotes_when_a_text_has_no_double_ones():
    text = (
        "The plan was attacked. ‘It won’t work and the workers’ unions know it,’ said Tom Reed, "
        "the union leader.\n\n‘We will strike,’ he added."
    )
    found = [(q.text, q.kind, q.speaker) for q in extract_quotes(text)]
    assert found == [
        ("It won’t work and the workers’ unions know it,", "direct", "Tom Reed"),
        ("We will strike,", "direct", "Tom Reed"),
    ]


def test_it_gives_a_relative_pronoun_the_subject_of_its_own_sentence():
    text = (
        "Tom Reed spoke first. Jane Porter praised the council for its work, which she said was "
        'the "backbone" of the town.'
    )
    assert only(text).speaker == "Jane Porter"


def test_it_continues_a_quote_interrupted_by_its_attribution():
    first, second = speech('"It was a long fight," Jane Porter said, "and it is not over."')
    assert (first.kind, first.speaker) == ("direct", "Jane Porter")
    assert (second.text, second.kind, second.speaker) == ("and it is not over.", "continuation", "Jane Porter")


def test_it_gives_an_unnamed_role_to_the_person_the_article_is_about():
    text = (
        "Tom Reed is ready to sign a new contract with the club. Reed joined in 2019.\n\n"
        'Talks have started and the defender said: "I want to stay here."'
    )
    assert only(text).speaker == "Tom Reed"


def test_it_starts_a_sentence_at_a_quote_opening_with_a_bracket():
    text = '"The plan works," said Jane Porter. "[It] will save money", she added.'
    first, second = speech(text)
    assert (second.text, second.kind, second.speaker) == ("[It] will save money", "direct", "Jane Porter")


def test_it_takes_the_speaker_after_a_dash_and_after_a_place():
    text = (
        'Rovers bid for Tom Reed - but director Jane Porter has called it "derisory". '
        'Reed has been training in Holland and Porter said: "He is fit."'
    )
    first, second = speech(text)
    assert (first.speaker, second.speaker) == ("Jane Porter", "Jane Porter")


def test_it_keeps_a_titled_person_after_a_preposition():
    text = 'The claims were denied by Foreign Secretary Jane Porter, who accused critics of "scaremongering".'
    quote = only(text)
    assert (quote.speaker, quote.speaker_kind) == ("Jane Porter", "person")


def test_it_gives_an_unnamed_spokeswoman_to_the_body_just_named():
    text = 'The Harbour Authority refused to say if it would appeal. "We are studying the ruling," a spokeswoman said.'
    assert only(text).speaker == "Harbour Authority"


def test_it_gives_the_company_said_to_the_organisation_the_article_is_about():
    text = 'Quarterly profits at Time Warner rose 5%. "We are pleased," the company said.'
    quote = only(text)
    assert (quote.speaker, quote.speaker_kind) == ("Time Warner", "organisation")


def test_extracted_quotes_survive_pickling_field_for_field():
    """Import workers send quotes to the main process by pickle (ExtractedQuote.__reduce__)."""
    import dataclasses
    import pickle

    quotes = extract_quotes(seed_body())
    again = pickle.loads(pickle.dumps(quotes))
    assert again == quotes and len(again) > 6
    assert [dataclasses.astuple(q) for q in again] == [dataclasses.astuple(q) for q in quotes]
