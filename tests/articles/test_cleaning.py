"""The cleaner is pure: these tests need no database."""

from articles.cleaning import (
    REASON_BROKEN_SENTENCE,
    REASON_DEBRIS,
    REASON_LATEX,
    REASON_LINE_ENDS,
    REASON_NFC,
    clean_text,
)
from tests.conftest import SEED_PATH

DEBRIS = "⊠☑■"


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def test_it_removes_every_ocr_glyph_and_latex_fragment_of_the_seed():
    cleaned = clean_text(seed_text())
    assert not any(glyph in cleaned.text for glyph in DEBRIS)
    assert "\\(" not in cleaned.text and "mathbb" not in cleaned.text


def test_it_leaves_one_space_where_the_debris_was():
    text = clean_text(seed_text()).text
    assert "should be designated as" in text
    assert '"moderate opposition" to Syrian' in text
    assert "forces and opposition" in text
    assert "on both sides, U.S. State Department" in text
    assert "said Wednesday. \"What we've seen" in text
    assert "Zakharova, told reporters" in text
    assert "  " not in text


def test_it_records_each_fix_with_its_offsets_in_the_input():
    raw = seed_text()
    cleaned = clean_text(raw)
    assert len(cleaned.fixes) == 15
    for fix in cleaned.fixes:
        assert raw[fix.start : fix.end] == fix.before
    assert {fix.reason for fix in cleaned.fixes} == {REASON_DEBRIS, REASON_LATEX, REASON_BROKEN_SENTENCE}


def test_it_does_not_change_clean_text():
    clean = 'Title\n\nShe said: "Fine."  Two spaces stay.\n\n - A list item \n\n\nLast.'
    cleaned = clean_text(clean)
    assert cleaned.text == clean
    assert cleaned.fixes == ()
    assert not cleaned.changed


def test_it_normalises_line_ends_and_summarises_them_in_one_fix():
    cleaned = clean_text("a\r\nb\rc\r\n")
    assert cleaned.text == "a\nb\nc\n"
    [fix] = cleaned.fixes
    assert fix.reason == REASON_LINE_ENDS and fix.count == 3


def test_it_normalises_to_nfc():
    decomposed = "Cafe\u0301 society"
    cleaned = clean_text(decomposed)
    assert cleaned.text == "Café society"
    assert cleaned.fixes[-1].reason == REASON_NFC


def test_it_drops_debris_at_a_line_edge_and_before_punctuation_without_a_space():
    assert clean_text("end■\nNext").text == "end\nNext"
    assert clean_text("■Start").text == "Start"
    assert clean_text("word⊠, more").text == "word, more"


def test_it_removes_invisible_and_control_characters():
    cleaned = clean_text("zero\u200bwidth and bell\x07 here")
    assert cleaned.text == "zerowidth and bell here"
    assert len(cleaned.fixes) == 2


def test_it_keeps_tabs_newlines_and_ordinary_symbols():
    text = "Price: £1,400 — up 5%\tnet\n“Quoted” ‘single’ 😀"
    assert clean_text(text).text == text


def test_it_joins_the_seeds_paragraph_break_inside_a_sentence():
    raw = seed_text()
    cleaned = clean_text(raw)
    assert "groups began at sundown on Sept. 12" in cleaned.text
    [fix] = [fix for fix in cleaned.fixes if fix.reason == REASON_BROKEN_SENTENCE]
    assert raw[fix.start : fix.end] == fix.before == "\n\n" and fix.after == " "
    assert raw[fix.start - 8 : fix.start] == "began at"


def test_it_joins_a_blank_line_only_where_no_sentence_ends():
    assert clean_text("began at \r\n\r\n  sundown").text == "began at sundown"
    assert clean_text("one, two,\n\n\nthree").text == "one, two, three"
    kept = "It ended.\n\nthen more.\n\nA headline\n\nNew paragraph\n\n- item\n\n- and 5\n\nx"
    assert clean_text(kept).text == kept
    assert clean_text("one line\nnext line").text == "one line\nnext line"  # a single line break stays
