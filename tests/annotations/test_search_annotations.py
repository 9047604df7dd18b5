"""Annotation search, the same on both engines: the annotated text, its note, its article's title."""

import pytest

from annotations.models import Annotation
from annotations.search import search_annotations
from articles.search import parse_query
from tests.search_corpus import make_search_corpus

pytestmark = pytest.mark.django_db

QUERIES = {
    "extremist": {"extremist", "terrorist organisation"},  # the second through its title
    "designation": {"moderate opposition", "extremist"},  # in the notes
    "aleppo": {"moderate opposition"},  # in the article title only
    "moscow extremist": {"extremist", "terrorist organisation"},  # both words in the title
    "moscow designation": set(),  # one word in the title, the other in the note: not one field
    "designation -russian": {"moderate opposition"},
    "front -aleppo": {"extremist"},  # excluded by the title
    "-designation -passwords": {"terrorist organisation", "Growth was forecast at 3.5% next year"},
    '"3.5%"': {"Growth was forecast at 3.5% next year"},
    "banks": {"asking for passwords"},  # note "Which banks?" and title "... targets banks"
    "passwords OR terrorist": {"asking for passwords", "terrorist organisation"},
    '"moderate opposition': {"moderate opposition"},
    "zebra": set(),
    "'; DELETE FROM annotations_annotation; --": set(),
}


@pytest.fixture
def corpus(db):
    return make_search_corpus()


@pytest.mark.parametrize(("query_text", "expected"), sorted(QUERIES.items()))
def test_it_finds_the_same_annotations_on_every_engine(corpus, query_text, expected):
    found = search_annotations(Annotation.objects.all(), parse_query(query_text))
    assert {annotation.exact for annotation in found} == expected


def test_it_combines_with_other_filters(corpus):
    found = search_annotations(Annotation.objects.filter(tag__slug="claim"), parse_query("russia OR growth"))
    assert {annotation.exact for annotation in found} == {"Growth was forecast at 3.5% next year"}


def test_it_counts_what_it_finds(corpus):
    assert search_annotations(Annotation.objects.all(), parse_query("designation")).count() == 2


def test_it_follows_edits_and_deletions(corpus):
    annotation = Annotation.objects.get(exact="extremist")
    annotation.note = "A label, not a finding"
    annotation.save()
    assert search_annotations(Annotation.objects.all(), parse_query("label")).get() == annotation
    annotation.delete()
    assert not search_annotations(Annotation.objects.all(), parse_query("label")).exists()
