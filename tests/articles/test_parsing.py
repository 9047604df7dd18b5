import datetime

import pytest

from articles.parsing import ItemError, normalise_url, parse_date, parse_record, parse_text_document
from tests.conftest import SEED_PATH

SEED_TITLE = "U.S., Russia to Coordinate Syria Airstrikes in Dedicated Geneva Center"
SEED_URL = (
    "https://www.themoscowtimes.com/2016/09/15/"
    "us-and-russia-to-coordinate-syria-airstrikes-in-dedicated-geneva-center-a55343"
)


def test_it_reads_the_seed_title_date_url_and_body():
    raw = SEED_PATH.read_text(encoding="utf-8")
    parsed = parse_text_document(raw)
    assert parsed.title == SEED_TITLE
    assert parsed.published_on == datetime.date(2016, 9, 15)
    assert parsed.url == SEED_URL
    assert parsed.body.startswith("Russia and the United States are to coordinate")
    assert parsed.body.endswith("are sterrorist organizations banned in Russia.")
    assert "Original url" not in parsed.body
    assert parsed.raw_text == raw


def test_it_logs_the_space_removed_from_the_url():
    parsed = parse_text_document(SEED_PATH.read_text(encoding="utf-8"))
    url_fixes = [fix for fix in parsed.cleanup_log if fix.get("field") == "url"]
    assert len(url_fixes) == 1
    assert "dedicate d-geneva" in url_fixes[0]["before"]


def test_it_reads_the_bbc_layout_without_date_or_url():
    raw = "Labour plans rise\n\nFirst paragraph.\n\nSecond paragraph.\n"
    parsed = parse_text_document(raw)
    assert parsed.title == "Labour plans rise"
    assert parsed.published_on is None and parsed.url == ""
    assert parsed.body == "First paragraph.\n\nSecond paragraph."


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "empty"),
        ("   \n\n  ", "empty"),
        ("Only a title\n", "no body"),
        ("x" * 400 + "\n\nBody.", "No title line"),
        ("Title\nruns straight into the body.\n\nMore.", "No title line"),
        ("Title\n\nSeptember 45, 2016\n\nBody.", "could not be read"),
        ("Title\n\nBody.\n\nOriginal url:\n\nnot a url", "not a web address"),
    ],
)
def test_it_refuses_a_bad_document_with_a_clear_reason(raw, message):
    with pytest.raises(ItemError, match=message):
        parse_text_document(raw)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("September 15, 2016", datetime.date(2016, 9, 15)),
        ("Sept. 15, 2016", datetime.date(2016, 9, 15)),
        ("15 September 2016", datetime.date(2016, 9, 15)),
        ("Thursday, September 15, 2016", datetime.date(2016, 9, 15)),
        ("2016-09-15", datetime.date(2016, 9, 15)),
        ("15th Sep 2016", datetime.date(2016, 9, 15)),
    ],
)
def test_it_reads_common_date_forms(text, expected):
    assert parse_date(text) == expected


def test_it_normalises_urls_for_duplicate_detection():
    assert (
        normalise_url("HTTPS://WWW.Example.com:443/News/Story/?utm_source=x&id=3#top")
        == "https://www.example.com/News/Story?id=3"
    )


def test_it_parses_a_record_and_cleans_its_body():
    parsed = parse_record(
        {"title": " A  title ", "published_on": "2016-09-15", "url": "", "outlet": "Paper", "body": "One⊠two."}
    )
    assert parsed.title == "A title"
    assert parsed.body == "One two."
    assert parsed.raw_text == "One⊠two."
    assert parsed.outlet == "Paper"
    assert parsed.cleanup_log[0]["field"] == "body"


@pytest.mark.parametrize(
    "record, message",
    [
        ({"title": "", "body": "Text"}, "no title"),
        ({"title": "T", "body": "  "}, "no body"),
        ({"title": "T", "body": "Text", "published_on": "yesterday-ish"}, "could not be read"),
        ({"title": ["T"], "body": "Text"}, "must be text"),
    ],
)
def test_it_refuses_a_bad_record(record, message):
    with pytest.raises(ItemError, match=message):
        parse_record(record)
