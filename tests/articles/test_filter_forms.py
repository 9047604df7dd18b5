"""The filter forms of the lists: choice lists in one query, the crispy rendering cached."""

import pytest
from crispy_forms.utils import render_crispy_form
from django.http import QueryDict
from django.urls import reverse

from annotations.filters import AnnotationFilter, DisagreementFilter
from annotations.models import Annotation, Disagreement, Tag
from articles.filter_forms import filter_form_html
from articles.filters import ArticleFilter, QuoteFilter
from articles.models import Article, Quote
from tests.factories import ActorFactory, AnnotationFactory, OutletFactory, PositionFactory, QuoteFactory

pytestmark = pytest.mark.django_db

CASES = [
    (ArticleFilter, Article, "q=ceasefire&outlet={outlet}&tag={tag}&sort=oldest&published_after=bad"),
    (AnnotationFilter, Annotation, "tag={tag}&tag=999&verdict=false&author={author}&actor={actor}"),
    (QuoteFilter, Quote, "speaker={actor}&kind=direct"),
    (DisagreementFilter, Disagreement, "actor={actor}&q=nusra"),
]


@pytest.fixture
def choices():
    annotation = AnnotationFactory(actor=ActorFactory(name="Russia"), article__outlet=OutletFactory(name="TASS"))
    QuoteFactory(speaker=annotation.actor)
    PositionFactory(actor=annotation.actor)
    ActorFactory(name="Abkhazia")
    return {
        "outlet": annotation.article.outlet_id,
        "tag": Tag.objects.get(slug="designation").pk,
        "author": annotation.author_id,
        "actor": annotation.actor_id,
    }


@pytest.mark.parametrize(("filterset_class", "model", "query"), CASES)
def test_it_renders_the_form_as_crispy_does(choices, filterset_class, model, query):
    data = QueryDict(query.format(**choices))
    plain = filterset_class(data, queryset=model.objects.all())
    plain.form.is_valid()
    fast = filterset_class(data, queryset=model.objects.all())
    fast.form.is_valid()
    assert filter_form_html(fast) == render_crispy_form(plain.form)
    assert filter_form_html(fast) == render_crispy_form(plain.form)  # from the cache


def test_it_reads_every_choice_list_in_one_query(choices, django_assert_num_queries):
    articles = ArticleFilter(QueryDict(), queryset=Article.objects.all())
    with django_assert_num_queries(1):
        html = filter_form_html(articles)
    assert '<option value="{outlet}">TASS</option>'.format(**choices) in html
    assert html.index(">Abkhazia</option>") < html.index(">Russia</option>")


def test_it_shows_a_new_choice_at_once(reader_client, choices):
    url = reverse("articles:list")
    assert b">Nezavisimaya Gazeta</option>" not in reader_client.get(url).content
    OutletFactory(name="Nezavisimaya Gazeta")
    assert b">Nezavisimaya Gazeta</option>" in reader_client.get(url).content


def test_it_keeps_the_state_of_the_form(reader_client, choices):
    url = reverse("annotations:annotation_list")
    content = reader_client.get(url, {"actor": choices["actor"], "page": "2"}).content.decode()
    assert f'<option value="{choices["actor"]}" selected>Russia</option>' in content
    content = reader_client.get(url, {"actor": choices["actor"], "page": "1"}).content.decode()
    assert f'<option value="{choices["actor"]}" selected>Russia</option>' in content
    assert f'<option value="{choices["actor"]}" selected>' not in reader_client.get(url).content.decode()
