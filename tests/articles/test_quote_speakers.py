"""Speaker resolution on unseen text: one test per general rule (invented sentences)."""

from articles.quotes import extract_quotes
from articles.speakers import ArticleNames, parse_subject
from tests.articles.speech import speech


def test_it_follows_a_pronoun_back_through_sentences_that_open_with_one():
    text = (
        '"Orders are up," said shipyard owner Anna Bell. '
        "Harbour Workers' Union general secretary Tom Reed repeated his warning on Monday. "
        "He said the yard needed new orders. "
        '"Without them the gates close in spring," he said.'
    )
    assert [q.speaker for q in speech(text)] == ["Anna Bell", "Tom Reed"]


def test_it_finds_the_subject_after_an_opening_phrase_without_a_comma():
    text = (
        "Voters want a fair deal, said Green Party leader Ruth Dale.\n\n"
        "In her Harvest Day address the Green Party leader said the rivals traded in "
        '"cheap promises".'
    )
    assert [q.speaker for q in speech(text)] == ["Ruth Dale"]


def test_it_leaves_a_plural_group_unnamed():
    text = (
        'Ken Hale, a farmer, said the ruling was "a relief". '
        'The authorities said owners with clear titles had "nothing to worry about".'
    )
    assert [q.speaker for q in speech(text)] == ["Ken Hale", None]


def test_it_lets_a_named_body_speak_through_its_officials():
    text = (
        "The deal with Harbex was agreed in May. "
        'Harbex bosses have said they are "very hopeful" the yard will stay open.'
    )
    assert [q.speaker for q in speech(text)] == ["Harbex"]


def test_it_does_not_take_a_capitalised_opening_word_for_a_body():
    text = 'Senior officials said the plan was "on track".'
    assert [q.speaker for q in speech(text)] == [None]


def test_it_gives_a_report_to_the_body_that_published_it():
    text = (
        'Growth will slow next year, the Fisheries Council said. "Catches are falling," it added. '
        'However, the report warned: "Prices will stay high."'
    )
    assert [q.speaker for q in speech(text)] == ["Fisheries Council", "Fisheries Council"]


def test_it_takes_plural_initialisms_for_an_unnamed_group():
    text = 'Backbench MPs heckled and shouted "go back to the drawing board", observers were told.'
    assert [q.speaker for q in speech(text)] == [None]


def test_it_gives_the_panel_to_the_body_named_before():
    text = (
        "In its report, the Harbour Commission said it had heard from 40 witnesses. "
        'The panel suggested that ferry fares should be "capped" from next year.'
    )
    assert [q.speaker for q in speech(text)] == ["Harbour Commission"]


def test_it_reads_a_hyphenated_lowercase_prefix_before_a_name():
    text = (
        '"The pier must stay," said councillor Bob Marsh. Former mayor Jo Kent recalled a long row.\n\n'
        '"It was a hard year," Ms Kent said. And ex-Tory transport minister Ada Quinn remembered how '
        'colleagues called her "Admiral".\n\n'
        '"They laughed, but I stayed on and got the pier rebuilt."'
    )
    assert [q.speaker for q in speech(text)] == ["Bob Marsh", "Jo Kent", "Ada Quinn"]


def test_it_does_not_give_a_role_to_the_holder_of_the_shadow_role():
    text = (
        "Shadow harbourmaster Rob Tate attacked the plan. Harbourmaster Eve Lund defended it.\n\n"
        'The harbourmaster said the new quay was "long overdue".'
    )
    assert [q.speaker for q in speech(text)] == ["Eve Lund"]


def test_it_does_not_take_the_word_after_a_possessive_for_a_titled_name():
    found = parse_subject("Mr Hale's Budget", ArticleNames.scan("Mr Hale's Budget was debated."))
    assert found.kind != "person"


def test_it_takes_the_head_of_a_subject_with_a_who_clause():
    text = '"The booths are ready," said steward Lena Ford who runs the fair. "We open at ten."'
    assert [q.speaker for q in speech(text)] == ["Lena Ford", "Lena Ford"]


def test_it_does_not_take_a_name_inside_a_who_clause_for_the_subject():
    found = parse_subject("The solicitor who had represented Mr Hale had", ArticleNames.scan("Mr Hale lost."))
    assert found == "role"


def test_it_keeps_a_pronoun_on_the_unnamed_spokesman_it_follows():
    text = (
        '"Ferries must run on time," said port chief Tom Reed. '
        "The mayor's official spokesman said the timetable was under review. "
        'But he added: "Nothing will change before the summer."'
    )
    assert [q.speaker for q in speech(text)] == ["Tom Reed", None]


def test_it_keeps_the_capitalised_words_of_a_body_name_that_look_like_titles():
    text = 'The Home Office said the rules were "under review".'
    assert [q.speaker for q in speech(text)] == ["Home Office"]


def test_it_reads_a_closing_attribution_with_an_appositive():
    text = (
        '"Fares are up," said Ann Lee. '
        "Ferry use is climbing fast, said Joe Park, head of research at the Sea Trust. "
        '"Nobody expected it," he said.'
    )
    assert [q.speaker for q in speech(text)] == ["Ann Lee", "Joe Park"]


def test_it_skips_an_opening_sentence_adverb_before_the_subject():
    text = (
        'Sales of bikes fell. Elsewhere, Pedalco said it had a "record" spring. '
        'Overall, Wheelhaus said that "demand stays strong".'
    )
    assert [q.speaker for q in speech(text)] == ["Pedalco", "Wheelhaus"]


def test_it_drops_the_letters_after_a_name():
    text = (
        'Jo Kent MP, the transport spokeswoman, said: "The line must reopen." '
        'Mr Hale, the Eastby North MP, told the BBC: "It will." '
        '"We shall see," said Ada Quinn QC.'
    )
    assert [q.speaker for q in speech(text)] == ["Jo Kent", "Hale", "Ada Quinn"]


def test_it_does_not_take_a_name_before_a_comma_for_the_subject_of_a_pronoun():
    text = (
        '"The ferry is late," said Ann Lee. Port chief Tom Reed spoke next. '
        'Asked about Ms Lee\'s complaint, he said: "The tide turned." '
        'Ms Lee had got her facts wrong, he insisted, calling her claim "simply untrue". '
        'Ann Lee praised the crew for the rescue, which she said was "heroic".'
    )
    assert [q.speaker for q in speech(text)] == ["Ann Lee", "Tom Reed", "Tom Reed", "Ann Lee"]


def test_it_keeps_a_national_word_in_front_of_a_one_word_body():
    text = 'UK Ferries said it was making "steady progress". National Pylons told staff the work was "nearly done".'
    assert [q.speaker for q in speech(text)] == ["UK Ferries", "National Pylons"]


def test_it_does_not_take_a_plain_word_opening_a_sentence_for_a_body():
    text = (
        "The bill was debated for hours. Some senators walked out. "
        'Senators said the plan was "a farce", a view other senators shared.'
    )
    assert [q.speaker for q in speech(text)] == [None]


def test_it_does_not_take_a_plural_initialism_for_the_main_body():
    text = (
        "MPs voted late. MPs on the ferry committee want new boats, and MPs from the coast agree. "
        'The committee said the old boats were "a disgrace".'
    )
    assert [q.speaker for q in speech(text)] == [None]


def test_it_gives_a_quote_to_the_person_a_source_quoted_as_saying():
    text = (
        "Port chief Tom Reed and harbour master Ann Lee met the Eastby Post on Friday. "
        '"Fares will rise," the Eastby Post quoted Mr Reed as saying. "Nobody likes it." '
        'Ms Lee was quoted by the newspaper as saying: "The tide waits for no one."'
    )
    assert [q.speaker for q in speech(text)] == ["Tom Reed", "Tom Reed", "Ann Lee"]


def test_it_expands_a_prince_named_by_his_first_name():
    text = 'Prince Omar Al-Rashid opened the port. "It is a great day," Prince Omar said.'
    assert [q.speaker for q in speech(text)] == ["Omar Al-Rashid"]


def test_it_gives_the_newspaper_to_the_paper_named_before():
    text = (
        "Harbour minister Tom Reed spoke on Friday. "
        'The Eastby Post reported that fares "will rise by a third". '
        'The newspaper said Mr Reed\'s plan was "a gift to ferry owners".'
    )
    assert [q.speaker for q in speech(text)] == ["Eastby Post", "Eastby Post"]


def test_it_gives_a_pronoun_nobody_else_fits_to_the_person_the_sentence_before_names():
    text = (
        '"Fares must rise," Ms Ann Lee said. Her plan did not impress shadow transport minister '
        'Tom Reed. "It is a fantasy," he said. "Nobody believes it."'
    )
    assert [q.speaker for q in speech(text)] == ["Ann Lee", "Tom Reed", "Tom Reed"]


def test_it_keeps_a_pronoun_on_the_spokesman_of_a_named_person():
    text = (
        '"Ferries must run," said port chief Tom Reed. '
        "On Friday, Mr Reed's official spokesman declined to say whether the port would close. "
        'He said: "We are looking at every option."'
    )
    assert [q.speaker for q in speech(text)] == ["Tom Reed", None]


def test_it_reads_went_on_and_hit_back_before_a_colon_as_verbs_of_saying():
    text = (
        '"Fares must rise," Ms Ann Lee said. Port chief Tom Reed disagreed. '
        'Mr Reed hit back: "Nobody will pay them." "Not one passenger." '
        'Ms Lee went on: "They will."'
    )
    found = [(q.speaker, q.kind) for q in speech(text)]
    assert found == [
        ("Ann Lee", "direct"),
        ("Tom Reed", "direct"),
        ("Tom Reed", "continuation"),
        ("Ann Lee", "direct"),
    ]


def test_it_takes_a_capitalised_title_with_small_words_for_a_designation():
    text = 'Tom Reed said the port\'s "Ferry of Hope" scheme and its "Sea for All" fund were working.'
    assert speech(text) == []
    assert [q.kind for q in extract_quotes(text)] == ["designation", "designation"]


def test_it_reads_a_nationality_noun_as_a_reference_to_the_person_named_before():
    text = (
        "Eastby manager Jan Visser watched his side win again on Saturday. "
        '"We were patient and it paid off," the Dutchman said.'
    )
    assert [(q.speaker, q.speaker_kind) for q in speech(text)] == [("Jan Visser", "person")]


def test_it_leaves_a_people_named_by_nationality_unnamed():
    text = 'Only a third of Britons said they would "definitely" buy a tablet this year.'
    assert [q.speaker for q in speech(text)] == [None]


def test_it_keeps_a_surname_that_is_also_a_nationality_word():
    text = 'Film critic Ann French liked it. "It is a gem," Ms French said. "Go and see it," French added.'
    assert {(q.speaker, q.speaker_kind) for q in speech(text)} == {("Ann French", "person")}


def test_it_does_not_take_a_nationality_word_or_a_place_for_the_main_body():
    by_nationality = (
        "Malaysian shoppers bought fewer cars. Sales at Malaysian dealers fell, as Malaysian banks lent "
        "less and Malaysian firms waited. A Kenmore Motors statement said the year was hard."
    )
    by_place = "Exports to Saudi Arabia rose. Flights to Saudi Arabia and its ports grew, said Kenmore Motors."
    assert ArticleNames.scan(by_nationality).main_org == "Kenmore Motors"
    assert ArticleNames.scan(by_place).main_org == "Kenmore Motors"


def test_it_does_not_take_a_titled_person_for_the_main_body():
    text = (
        "Party leader Tom Reed spoke at Eastby. Tom Reed's plan, Tom Reed's team and Tom Reed's critics "
        "were all there. Mr Reed said little. The party said it was pleased."
    )
    assert ArticleNames.scan(text).main_org != "Tom Reed"


def test_it_reads_a_role_abbreviation_as_the_role_it_stands_for():
    named = 'Prime Minister Ann Lee opened the bridge. The PM said it was "a proud day".'
    unnamed = 'The bridge opened on Monday. The PM said it was "a proud day".'
    assert [(q.speaker, q.speaker_kind) for q in speech(named)] == [("Ann Lee", "person")]
    assert [q.speaker for q in speech(unnamed)] == [None]
    assert [q.speaker for q in speech('"Play it loud," said radio DJ Tom Reed.')] == ["Tom Reed"]


def test_it_takes_one_word_the_article_shows_to_be_a_person_for_a_person():
    aged = 'Tavo, 26, joined in May. "The club has been good to me," Tavo said.'
    starred = 'Eastby star Tavo scored twice. Tavo said the win was "huge".'
    assert [(q.speaker, q.speaker_kind) for q in speech(aged)] == [("Tavo", "person")]
    assert [(q.speaker, q.speaker_kind) for q in speech(starred)] == [("Tavo", "person")]


def test_it_takes_a_one_word_speaker_who_says_i_for_a_person():
    text = 'Asked about the offer, Tavo said: "I want to stay here." Tavo later added the talks were "going well".'
    assert [(q.speaker, q.speaker_kind) for q in speech(text)] == [("Tavo", "person"), ("Tavo", "person")]


def test_it_keeps_a_body_whose_spokesman_says_i():
    text = '"I can confirm the merger has been approved," a Kenmark spokesman said.'
    assert [(q.speaker, q.speaker_kind) for q in speech(text)] == [("Kenmark", "organisation")]


def test_it_gives_a_public_body_noun_to_the_body_named_that_ends_in_it():
    capitalised = (
        "Kenmore Ferries and Kenmore Ports back the Coastal Fares Commission, as Kenmore traders do. "
        'The commission said fares had been "too high for too long".'
    )
    lowercase = (
        "Kenmore Ferries gave evidence to the Commons transport committee on Monday. "
        'The committee said the plan was "unworkable".'
    )
    with_tail = (
        'Kenmore Ferries wrote to the Joint Committee on Ferry Safety. The committee said the boats were "unsafe".'
    )
    assert [q.speaker for q in speech(capitalised)] == ["Coastal Fares Commission"]
    assert [q.speaker for q in speech(lowercase)] == ["Commons transport committee"]
    assert [q.speaker for q in speech(with_tail)] == ["Joint Committee on Ferry Safety"]


def test_it_leaves_a_public_body_noun_unnamed_when_no_body_ends_in_it():
    text = (
        "Fares at Kenmore rose again, and Kenmore traders and Kenmore shoppers were angry. "
        'The commission said the rise was "modest".'
    )
    assert [q.speaker for q in speech(text)] == [None]
    assert ArticleNames.scan("Sales at Kenmore Motors fell. The company said they were flat.").main_org


def test_it_does_not_take_a_description_for_a_body_name():
    described = (
        "Norwegian ferry company Fjordline is growing. Rival local council leaders met on Monday. "
        'The council said the port was "full".'
    )
    assert [q.speaker for q in speech(described)] == [None]
    assert ArticleNames.scan("Mr Lee's new committee met. Tom told committee members.").body_named("committee") is None


def test_it_leaves_a_clause_after_a_body_out_of_its_name():
    relative = '"Fares will fall," said a spokesman for the Kenmark which ran the survey.'
    quoted = '"Fares will fall," said a spokesman for the Eastby Ferry Board quoted in the Kenmore Post.'
    placed = 'A spokeswoman for the Eastby Ferry Board in Kenmore said the boats were "full".'
    assert [q.speaker for q in speech(relative)] == ["Kenmark"]
    assert [q.speaker for q in speech(quoted)] == ["Eastby Ferry Board"]
    assert [q.speaker for q in speech(placed)] == ["Eastby Ferry Board"]


def test_it_takes_the_person_before_a_relative_pronoun_for_the_speaker():
    text = 'The plan was backed by Transport Secretary Ann Lee who said: "It is the right thing to do."'
    assert [(q.speaker, q.speaker_kind) for q in speech(text)] == [("Ann Lee", "person")]


def test_it_gives_a_report_of_what_others_said_to_the_person_reporting_it():
    text = 'Tory leader Tom Reed spoke on Monday. Mr Reed said the police had called the plan "unworkable".'
    assert [(q.speaker, q.speaker_kind) for q in speech(text)] == [("Tom Reed", "person")]


def test_it_leaves_an_indefinite_pronoun_unnamed():
    assert [q.speaker for q in speech('Anybody who says it is "easy" has never tried it.')] == [None]


def test_it_leaves_the_unnamed_spokesman_of_a_person_unnamed():
    honorific = 'Tom Reed spoke first. A spokesman for Mr Reed said the plan was "sound".'
    titled = 'A spokesman for EU trade commissioner Ann Lee said the talks were "useful".'
    body = 'A spokesman for Kenmore Motors said sales were "strong".'
    assert [q.speaker for q in speech(honorific)] == [None]
    assert [q.speaker for q in speech(titled)] == [None]
    assert [(q.speaker, q.speaker_kind) for q in speech(body)] == [("Kenmore Motors", "organisation")]


def test_it_does_not_take_the_place_a_person_speaks_in_for_a_body():
    setting = '"We were patient," said Eastby coach Tom Reed on arrival back in Kenmore.'
    possessive = (
        "Reporters covering singer Ann Lee's trial in Kenmore have asked to see forms.\n\n"
        'Lawyers for news groups said it was "vital" for them.'
    )
    assert [(q.speaker, q.speaker_kind) for q in speech(setting)] == [("Tom Reed", "person")]
    assert [q.speaker for q in speech(possessive)] == [None]


def test_it_gives_short_quoted_words_after_a_verb_of_thinking_to_the_thinker():
    named = 'Gallery owner Ann Lee believes the new wing will "pay for itself".'
    pronoun = 'Tom Reed runs the mill. He thinks its future lies in "slow cloth".'
    passive = 'It is thought the plan could bring a "quiet revolution" to the town.'
    relative = 'Owners fought rulers who thought they "knew best".'
    finding = 'The Eastby Harbour Board found the yard had a "culture of waste".'
    passive_finding = 'The boat was found to be "unsafe to sail".'
    assert [(q.kind, q.speaker) for q in extract_quotes(named)] == [("partial", "Ann Lee")]
    assert [(q.kind, q.speaker) for q in extract_quotes(pronoun)] == [("partial", "Tom Reed")]
    assert [(q.kind, q.speaker) for q in extract_quotes(passive)] == [("designation", None)]
    assert [(q.kind, q.speaker) for q in extract_quotes(relative)] == [("designation", None)]
    assert [(q.kind, q.speaker) for q in extract_quotes(finding)] == [("partial", "Eastby Harbour Board")]
    assert [(q.kind, q.speaker) for q in extract_quotes(passive_finding)] == [("designation", None)]


def test_it_gives_a_quoted_predicate_to_the_one_the_sentence_cites_with_according_to():
    cited = 'Sales rose in a month that, according to Kenmore analyst Ann Lee, is "rarely busy".'
    term = 'The "tea gap" between towns is closing, according to Kenmore analyst Ann Lee.'
    assert [(q.kind, q.speaker) for q in extract_quotes(cited)] == [("partial", "Ann Lee")]
    assert [(q.kind, q.speaker) for q in extract_quotes(term)] == [("designation", None)]
