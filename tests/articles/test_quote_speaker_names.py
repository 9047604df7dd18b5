"""Where a speaker's name or role begins and ends: titles, bodies, abbreviations, roles (invented sentences)."""

from articles.quotes import extract_quotes
from articles.speakers import ArticleNames, parse_subject
from tests.articles.speech import speech


def test_it_takes_no_name_from_an_indefinite_article():
    body = 'Sales fell. A Department for Roads, Rail and Sea spokeswoman said: "We are aware of it."'
    spokes = 'Trade was slow. A Harbour of the Sea spokesperson said: "It is a special day."'
    title = 'Tom Reed lives in Kenmore. The film, A Quiet Life, tells his story. "I still paint," he said.'
    assert [(q.speaker, q.speaker_kind) for q in speech(body)] == [("Department for Roads", "organisation")]
    assert [(q.speaker, q.speaker_kind) for q in speech(spokes)] == [("Harbour of the Sea", "organisation")]
    assert [q.speaker for q in speech(title)] == ["Tom Reed"]
    names = ArticleNames("A Kenmore bank said it would pay. A Kenmore appeals court ruled.")
    assert parse_subject("A Kenmore bank", names) == parse_subject("A Kenmore appeals court", names)
    assert parse_subject("A Kenmore bank", names).name is None


def test_it_leaves_the_spokesman_of_a_person_with_a_lowercase_title_unnamed():
    aide = 'The talks ended. "They were useful," said a spokesman for trade commissioner Ann Lee.'
    portfolio = 'Tory spokesman for sport Tom Reed said: "It is a mess."'
    body = '"It spreads fast," said a spokesman for anti-virus firm Kenmark.'
    assert [q.speaker for q in speech(aide)] == [None]
    assert [(q.speaker, q.speaker_kind) for q in speech(portfolio)] == [("Tom Reed", "person")]
    assert [(q.speaker, q.speaker_kind) for q in speech(body)] == [("Kenmark", "organisation")]


def test_a_named_spokesperson_speaks_as_herself_and_an_unnamed_one_for_the_body():
    """The guidelines give an unnamed spokesperson's words to the body; a named one is a person."""
    named_after = '"Fares will fall," said Tom Reed, a spokesman for the Kenmark which ran the survey.'
    named_before = 'Ann Lee, a spokeswoman for the Eastby Ferry Board, said: "The boats are full."'
    unnamed = '"Fares will fall," a spokesman for the Kenmark said.'
    assert [(q.speaker, q.speaker_kind) for q in speech(named_after)] == [("Tom Reed", "person")]
    assert [(q.speaker, q.speaker_kind) for q in speech(named_before)] == [("Ann Lee", "person")]
    assert [(q.speaker, q.speaker_kind) for q in speech(unnamed)] == [("Kenmark", "organisation")]


def test_quoted_words_in_a_sentence_that_ends_with_its_attribution_are_the_speakers():
    """`His party "instinctively" understood ..., he said.`: the whole sentence is the speaker's
    reported speech, so its quoted words are partial quotes by the speaker, not labels."""
    pronoun = (
        'Tom Reed spoke in Eastby. "We are ready," he said. Voters "quietly" backed the "harbour plan" '
        "which no other party offered, and they would again, he said."
    )
    body = 'A "slow recovery" in Kenmore would hold sales back, the Eastby Trade Board said.'
    named = 'The mill had "no other choice" but to close, owner Ann Lee has said.'
    label = 'The so-called "harbour plan" failed, he said.'
    assert [(q.kind, q.speaker) for q in speech(pronoun)] == [
        ("direct", "Tom Reed"),
        ("partial", "Tom Reed"),
        ("partial", "Tom Reed"),
    ]
    assert [(q.kind, q.speaker) for q in extract_quotes(body)] == [("partial", "Eastby Trade Board")]
    assert [(q.kind, q.speaker) for q in extract_quotes(named)] == [("partial", "Ann Lee")]
    assert [(q.kind, q.speaker) for q in extract_quotes(label)] == [("designation", None)]


def test_a_peers_title_stays_in_a_name_given_without_a_first_name():
    """ "Baroness Jordan" is a person called by her title, not the country; "Lord Reed" is not
    "Reed", who may be someone else in the same article."""
    minister = 'Home Office minister Baroness Jordan said: "The law is clear."'
    later = 'The plan was backed by Lord Reed. "It is overdue," Reed said.'
    seat = '"It is wrong," said Lord Reed of Eastby.'
    prince = 'Prince Tom said: "We are delighted." The Prince of Eastby added: "So are we."'
    commoner = 'Sir Tom Reed said: "No." Mr Reed added: "Never."'
    country = '"Our ports stay open," Jordan said.'
    assert [(q.speaker, q.speaker_kind, q.role) for q in speech(minister)] == [
        ("Baroness Jordan", "person", "Home Office minister")
    ]
    assert [q.speaker for q in speech(later)] == ["Lord Reed"]
    assert [(q.speaker, q.role) for q in speech(seat)] == [("Lord Reed", "")]
    assert [q.speaker for q in speech(prince)] == ["Prince Tom", "Prince of Eastby"]
    assert [q.speaker for q in speech(commoner)] == ["Tom Reed", "Tom Reed"]
    assert [(q.speaker, q.speaker_kind) for q in speech(country)] == [("Jordan", "country")]


def test_a_role_ends_before_a_relative_clause_about_the_body():
    spokes = '"Fares will fall," said Tom Reed, a spokesman for the Kenmark which ran the survey.'
    director = 'Ann Lee, a director at Foo Bank who led the study, said: "Yes."'
    tribunal = 'Ann Lee, head of that tribunal, said: "Yes."'
    assert [(q.speaker, q.role) for q in speech(spokes)] == [("Tom Reed", "spokesman for the Kenmark")]
    assert [(q.speaker, q.role) for q in speech(director)] == [("Ann Lee", "director at Foo Bank")]
    assert [(q.speaker, q.role) for q in speech(tribunal)] == [("Ann Lee", "head of that tribunal")]


def test_an_abbreviation_the_article_defines_speaks_under_the_full_name():
    defined = (
        "Both the Eastby Harbour Trust (EHT) and the Kenmore Ferry Board (KFB) met. "
        '"Fares will rise," the EHT said. "Not this year," said a KFB spokesman.'
    )
    undefined = '"Fares will rise," the EHT said.'
    unrelated = 'The Harbour Trust (EHT) met. "Fares will rise," the EHT said.'
    assert [q.speaker for q in speech(defined)] == ["Eastby Harbour Trust", "Kenmore Ferry Board"]
    assert [q.speaker for q in speech(undefined)] == ["EHT"]
    assert [q.speaker for q in speech(unrelated)] == ["EHT"]  # "Harbour Trust" does not spell EHT


def test_a_quantifier_that_opens_a_sentence_is_no_part_of_a_name():
    pronoun = 'Tom Reed runs the club. Some Eastby fans booed on Saturday. He told Radio Kenmore: "We will win."'
    body = 'Kenmark fell 3%. Some Kenmark shareholders are angry. Kenmark said it would "co-operate fully".'
    assert [(q.speaker, q.speaker_kind) for q in speech(pronoun)] == [("Tom Reed", "person")]
    assert [(q.speaker, q.speaker_kind) for q in speech(body)] == [("Kenmark", "organisation")]


def test_a_bodys_name_keeps_its_words_around_and_and_a_person_after_it_is_a_person():
    and_body = '"Fines rose," the Health and Safety Executive said.'
    administration = "The Food and Drug Administration said it would act."
    after_body = 'Chairman of the Eastby Harbour Committee Tom Reed said: "It is late."'
    commons = 'Shadow leader of the Commons Ann Lee said: "It is late."'
    league = 'Tom Reed, chairman of the League Against Cruel Sports, said the ban "must be enforced".'
    titled = 'Health and Education Secretary Ann Lee said: "No."'
    assert [(q.speaker, q.speaker_kind) for q in speech(and_body)] == [("Health and Safety Executive", "organisation")]
    assert [(q.speaker, q.speaker_kind) for q in extract_quotes(administration)] == [
        ("Food and Drug Administration", "organisation")
    ]
    assert [(q.speaker, q.speaker_kind, q.role) for q in speech(after_body)] == [
        ("Tom Reed", "person", "Chairman of the Eastby Harbour Committee")
    ]
    assert [(q.speaker, q.role) for q in speech(commons)] == [("Ann Lee", "Shadow leader of the Commons")]
    assert [q.speaker for q in speech(league)] == ["Tom Reed"]
    assert [(q.speaker, q.role) for q in speech(titled)] == [("Ann Lee", "Health and Education Secretary")]


def test_a_name_after_a_place_and_and_starts_a_new_clause():
    text = 'Tom Reed spoke on Friday. The 28-year-old has trained in Holland and Reed said: "I am ready."'
    assert [(q.speaker, q.speaker_kind, q.role) for q in speech(text)] == [("Tom Reed", "person", "")]


def test_a_body_described_by_where_it_is_from_is_no_country():
    text = 'Kenmark cut 500 jobs. "Sales fell," the US firm said.'
    government = '"We will act," the UK government said.'
    assert [(q.speaker, q.speaker_kind) for q in speech(text)] == [("US firm", "organisation")]
    assert [(q.speaker, q.speaker_kind) for q in speech(government)] == [("UK government", "country")]


def test_the_body_an_article_is_about_is_named_whole_when_its_first_word_opens_sentences():
    text = (
        "Kenmark Motors cut 500 jobs on Monday. Kenmark Motors said sales fell. Shares in Kenmark Motors "
        'dropped 5%. "We had no choice," the company said.'
    )
    assert [(q.speaker, q.speaker_kind) for q in speech(text)] == [("Kenmark Motors", "organisation")]


def test_present_tense_cues_are_cues_too():
    text = (
        "A study by phone firm Kenmark looked at prices. Shares in Kenmark rose. "
        'That prices will fall is "wishful thinking", the report concludes.'
    )
    recall = 'Ann Lee ran the yard for years. "It was already dark when we launched her," she recalls.'
    assert [(q.kind, q.speaker, q.cue) for q in speech(text)] == [("partial", "Kenmark", "concludes")]
    assert [(q.kind, q.speaker, q.cue) for q in speech(recall)] == [("direct", "Ann Lee", "recalls")]


def test_words_that_only_say_what_a_body_is_are_no_part_of_its_name():
    agency = '"Talks will resume," the Kenmore Post newspaper said.'
    party = '"We will win," the Eastby party said.'
    administration = '"We will act," the Bush administration said.'
    assert [q.speaker for q in speech(agency)] == ["Kenmore Post"]
    assert [q.speaker for q in speech(party)] == ["Eastby"]
    assert [q.speaker for q in speech(administration)] == ["Bush administration"]


def test_a_plain_word_opening_a_sentence_before_a_full_name_is_no_part_of_it():
    role = 'The match ended late. Referee Tom Reed Lee said: "It was fair." The referee was praised.'
    names = ArticleNames.scan("With Ann Marie Lee in charge, the club went with the plan.")
    assert [(q.speaker, q.role) for q in speech(role)] == [("Tom Reed Lee", "Referee")]
    found = parse_subject("With Ann Marie Lee", names)
    assert (found.name, found.role) == ("Ann Marie Lee", "")


def test_a_title_in_quotation_marks_is_a_designation_whatever_its_length():
    text = (
        '"We regret it," said Ann Lee, head of Kenmark - a firm with the motto "Bringing Eastby Gold to Market". '
        '"It would be a shame."'
    )
    assert [(q.kind, q.speaker) for q in extract_quotes(text)] == [
        ("direct", "Ann Lee"),
        ("designation", None),
        ("continuation", "Ann Lee"),
    ]


def test_labs_name_a_body():
    text = 'Tom Reed, chief executive of US firm Eastby Software Labs, said: "It will change."'
    assert [q.speaker for q in speech(text)] == ["Tom Reed"]
