"""Speakers named by what stands for them: a document for its author, "the spokesman" for the
body whose spokesman was quoted last, names joined by "and" for a group (invented sentences, one
test per rule)."""

from articles.body_names import defined_abbreviations
from articles.quotes import extract_quotes
from articles.speaker_trail import SpeakerTrail
from articles.speakers import ArticleNames, Speaker, parse_subject
from tests.articles.speech import speech_and_speakers


def test_a_document_speaks_for_the_author_it_is_named_with():
    names = ArticleNames.scan("")
    assert parse_subject("A Harbour Audit Office report on the ten largest docks", names).name == "Harbour Audit Office"
    assert parse_subject("the Port Workers Union's latest survey", names).name == "Port Workers Union"
    assert parse_subject("a report by the Low Wage Commission", names).name == "Low Wage Commission"
    assert parse_subject("a union report", names).name is None  # no author named


def test_the_report_speaks_for_the_author_the_article_gave_it():
    text = (
        "The Ministry of Docks has been criticised over rising costs.\n\n"
        "A Harbour Audit Office report on the ten largest docks says costs have risen. "
        'It says there is "little evidence" that planning has improved. The Ministry of Docks '
        'disagreed. "Many problems come from poor early planning," the report says.'
    )
    assert speech_and_speakers(text) == [
        ("little evidence", "Harbour Audit Office"),
        ("Many problems come from poor early planning,", "Harbour Audit Office"),
    ]


def test_quoted_words_in_a_sentence_that_ends_according_to_a_report_are_its_authors():
    text = 'Plans to cut 5,000 dock jobs will prove a "false economy", according to a Port Workers Union report.'
    assert speech_and_speakers(text) == [("false economy", "Port Workers Union")]


def test_a_title_before_report_names_no_author():
    text = (
        "Greenaid's Paying the Cost report was published on Monday. "
        '"Aid budgets are half what they were," the report said.'
    )
    assert [speaker for _, speaker in speech_and_speakers(text)] != ["Cost"]


def test_a_body_that_wrote_a_report_is_not_he():
    text = (
        "A Kenmark Research report on home gadgets was published on Monday. "
        '"No two countries live alike," said Tom Reed, a Kenmark analyst. '
        "The gap between nations is closing, the report concluded. "
        "The trend will continue across the region, he added."
    )
    found = [(q.speaker, q.kind) for q in extract_quotes(text)]
    assert found[-2:] == [("Kenmark Research", "indirect"), ("Tom Reed", "indirect")]


def test_the_spokesman_is_the_spokesperson_the_article_quoted_last():
    text = (
        'A spokesman for the Harbour Office said the plan was not to leave the docks "to rot". '
        '"We are developing a plan for every dock," said the spokesman.'
    )
    assert speech_and_speakers(text) == [
        ("to rot", "Harbour Office"),
        ("We are developing a plan for every dock,", "Harbour Office"),
    ]


def test_the_spokesman_is_nobody_when_the_last_spokesperson_was_a_woman_or_unnamed():
    woman = (
        'A Harbour Office spokeswoman said the plan was "fair". '
        '"We are developing a plan for every dock," said the spokesman.'
    )
    assert speech_and_speakers(woman)[-1] == ("We are developing a plan for every dock,", None)
    unnamed = (
        'A Harbour Office spokesman said the plan was "fair". '
        'Later Tony Blair\'s official spokesman said the plan was "a fair one". '
        '"Nobody will lose a job," the spokesman said.'
    )
    assert speech_and_speakers(unnamed)[-1] == ("Nobody will lose a job,", None)


def test_names_joined_by_and_speak_as_a_group_that_no_pronoun_finds():
    text = (
        '"We expected more," Jane Porter and Tom Reed said. '
        "Ann Lee's displays against Eastby Rovers and Westby Town have impressed fans. "
        '"The crowd gave me a standing ovation," she said.'
    )
    found = [(q.speaker, q.speaker_kind) for q in extract_quotes(text)]
    assert found == [("Jane Porter and Tom Reed", "group"), ("Ann Lee", "person")]


def test_an_ampersand_joins_a_firms_name():
    names = ArticleNames.scan("")
    assert parse_subject("Marks & Spencer", names).kind == "organisation"


def test_a_title_ending_in_and_before_a_known_full_name_is_that_persons_role():
    text = (
        "Payments vary. Minister for Children, Young People and Families Margaret Hodge said the plans were fair. "
        '"Carers must not be out of pocket," Ms Hodge said.'
    )
    found = extract_quotes(text)
    assert [q.speaker for q in found] == ["Margaret Hodge", "Margaret Hodge"]
    assert found[0].role.endswith("Young People and Families")


def test_a_verb_after_but_or_and_shares_the_subject_of_the_clause_before_it():
    text = (
        "The Harbour Minister, Lord Dale, agreed the 1901 Dock Act, which governs the port, was unfair "
        'but added that "its effects are limited".'
    )
    assert speech_and_speakers(text) == [("its effects are limited", "Lord Dale")]
    text = (
        "Port police claimed Mr Hale led the gang but his lawyer, Ann Lee, told reporters it was absurd "
        'and added: "He could not even use a computer."'
    )
    assert speech_and_speakers(text) == [("He could not even use a computer.", "Ann Lee")]


def test_a_coordinated_verb_is_no_attribution_at_the_end_of_a_sentence():
    text = (
        "Jobs are scarce. Speaking on Harbour TV, Ann Lee said the earlier forecast was too optimistic "
        "and warned growth would be slow."
    )
    assert [(q.text, q.speaker) for q in extract_quotes(text) if q.kind == "indirect"] == [
        ("the earlier forecast was too optimistic and warned growth would be slow", "Ann Lee")
    ]


def test_the_government_is_no_other_body_the_article_has_named():
    text = (
        'The Commons harbour committee called the plan "morally indefensible" but the government '
        'said it had "improved understanding".'
    )
    assert speech_and_speakers(text) == [
        ("morally indefensible", "Commons harbour committee"),
        ("improved understanding", "government"),
    ]


def test_the_government_is_the_one_the_article_names_by_its_country_or_a_ministry_that_spoke():
    named = 'The Chilean government has cut taxes. The government said the cuts were "overdue".'
    assert speech_and_speakers(named) == [("overdue", "Chilean government")]
    ministry = (
        'The Finance Ministry said growth was "too slow". Firms are worried. '
        'The government said it would "roll over loans".'
    )
    assert speech_and_speakers(ministry) == [("too slow", "Finance Ministry"), ("roll over loans", "Finance Ministry")]


def test_the_mps_of_a_named_committee_speak_for_it():
    text = (
        "The Harbour Affairs Select Committee published its report on Monday. "
        'The MPs said the port authority was "nowhere near ready".'
    )
    assert speech_and_speakers(text) == [("nowhere near ready", "Harbour Affairs Select Committee")]


def test_research_carried_out_by_a_body_and_a_report_a_which_follows_speak_for_their_author():
    names = ArticleNames.scan("")
    assert parse_subject("research conducted by the Harbour Board last year", names).name == "Harbour Board"
    text = (
        "The minister confirmed the review would start after a Harbour Commission report which branded "
        'the dock rules "a mess".'
    )
    assert speech_and_speakers(text) == [("a mess", "Harbour Commission")]


def test_a_body_described_by_its_rank_is_the_body_the_article_is_about():
    text = (
        "Shares in Eastby Coal fell after the mining group reported losses. "
        'The UK\'s biggest coal producer blamed strikes and "operating flaws" at its mines.'
    )
    assert speech_and_speakers(text) == [("operating flaws", "Eastby Coal")]
    apposition = 'Kenmark Motors, the world\'s largest carmaker, said sales were "strong".'
    assert speech_and_speakers(apposition) == [("strong", "Kenmark Motors")]


def test_a_party_before_a_persons_title_does_not_make_the_spokesmans_principal_a_body():
    names = ArticleNames.scan("")
    assert parse_subject("A spokesman for Tory leader Michael Howard", names).name is None  # his, not he
    assert parse_subject("A spokesman for the Bank of England", names).name == "Bank of England"


def test_a_named_person_described_as_a_member_of_a_body_speaks_as_herself():
    text = (
        "Critics say the law helps big firms. "
        '"It protects only the big companies," Eva Lee, a Green member of the European Parliament said.'
    )
    assert speech_and_speakers(text) == [("It protects only the big companies,", "Eva Lee")]


def test_a_pronoun_guessed_for_a_person_of_unknown_gender_teaches_no_gender():
    trail = SpeakerTrail(ArticleNames.scan("Ronnie Corbett complained. Corbett said he was careful."))
    corbett = Speaker("Ronnie Corbett", "person")
    trail.note(corbett)
    guessed = trail.resolve("she")  # nobody else: a guess, and maybe a wrong one
    trail.note(guessed)
    assert guessed.name == "Ronnie Corbett" and trail.names.gender_of("Ronnie Corbett") == ""
    assert trail.resolve("he").name == "Ronnie Corbett"


def test_the_subject_of_slated_speaks_not_the_one_slated():
    text = (
        "TV is getting worse. In an interview published in the Harbour Times in January, Ann Lee slated "
        'comedian Sam Cole for his character\'s "horrible" brand of humour.'
    )
    assert speech_and_speakers(text) == [("horrible", "Ann Lee")]


def test_a_subject_that_is_only_a_party_and_state_tag_names_nobody_and_breaks_nothing():
    assert speech_and_speakers('"We will win," R-S.D. said.') == [("We will win,", None)]
    assert [q.kind for q in extract_quotes("Taxes will fall, R-S.D., said on Monday.")] == []


def test_a_defined_abbreviation_stands_for_the_name_without_a_possessive():
    text = "The Disasters Emergency Committee's (DEC) appeal raised £10m. The CML said rates rose."
    assert defined_abbreviations(text) == {"DEC": "Disasters Emergency Committee"}


def test_a_bodys_name_spans_for_and_of_and_the_title_words_after_them():
    names = ArticleNames.scan("")
    for name in (
        "Office for National Statistics",
        "Association of Chief Police Officers",
        "Department for Education and Skills",
    ):
        assert parse_subject(f"the {name}", names) == Speaker(name, "organisation")


def test_a_person_after_an_office_with_of_or_for_is_its_holder_when_the_article_titles_them():
    names = ArticleNames.scan("Chancellor of the Exchequer Gordon Brown spoke. Mr Brown said so.")
    holder = parse_subject("Chancellor of the Exchequer Gordon Brown", names)
    assert (holder.name, holder.kind, holder.role) == ("Gordon Brown", "person", "Chancellor of the Exchequer")
    member = parse_subject("Tony Banks, Labour MP for West Ham", names)
    assert member.name == "Tony Banks"  # a constituency after "MP for" is no person


def test_an_opening_participle_phrase_is_no_subject():
    text = (
        "Ann Lee is the new Secretary of State. Echoing the new US Secretary of State Ann Lee, the prime "
        'minister, Tom Reed, said freedom was "on the march".'
    )
    assert speech_and_speakers(text) == [("on the march", "Tom Reed")]


def test_according_to_opening_the_next_sentence_is_no_cue_for_the_quote_before():
    text = (
        '"The ceasefire is holding," said Ann Lee, the UN envoy. "But it is fragile." '
        "According to the Harbour Observatory for Human Rights, 12 people were killed."
    )
    assert speech_and_speakers(text) == [("The ceasefire is holding,", "Ann Lee"), ("But it is fragile.", "Ann Lee")]


def test_a_select_committee_named_in_lower_case_speaks_through_its_mps():
    text = (
        "Anglers could face court, the harbour select committee said. "
        'The MPs said they were "concerned" the government had not consulted them.'
    )
    assert speech_and_speakers(text) == [("concerned", "harbour select committee")]


def test_meanwhile_after_a_name_is_no_part_of_it():
    names = ArticleNames.scan("")
    assert parse_subject("Lib Dem spokesman Ann Lee meanwhile", names).name == "Ann Lee"


def test_a_role_that_is_a_piece_of_the_sentence_is_left_out():
    text = (
        "The pair's long-running row was put back in the headlines on Saturday when Tom Reed said "
        'the club was "a shambles".'
    )
    assert [(q.speaker, q.role) for q in extract_quotes(text)] == [("Tom Reed", "")]
    clean = extract_quotes('"Prices will rise," said Ann Lee, director of value-added services at Kenmark.')
    assert clean[0].role == "director of value-added services at Kenmark"


def test_a_clause_of_a_past_participle_after_a_comma_is_no_part_of_the_subject():
    names = ArticleNames.scan("Ann Lee sued. Her lawsuit, filed in the US District Court in San Francisco, said so.")
    found = parse_subject("Her lawsuit, filed in the US District Court in San Francisco", names)
    assert not (isinstance(found, Speaker) and found.name == "San Francisco")


def test_one_word_followed_by_speaking_is_a_persons_name():
    text = (
        "Gerrard has been linked with Chelsea. But Parry, speaking to BBC Sport, admits Gerrard will "
        'decide. He told BBC Five Live: "Steven is above money."'
    )
    assert speech_and_speakers(text) == [("Steven is above money.", "Parry")]
