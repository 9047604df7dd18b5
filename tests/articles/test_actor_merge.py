"""Merging actors that name the same speaker: the service and the admin action."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles.actor_merge import actors_merge
from articles.models import Actor, Quote
from articles.quote_sync import quotes_refresh
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    DisagreementFactory,
    PositionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nao():
    return ActorFactory(name="National Audit Office", kind=Actor.Kind.ORGANISATION)


@pytest.fixture
def duplicate():
    actor = ActorFactory(name="NAO", kind=Actor.Kind.ORGANISATION)
    ActorAliasFactory(actor=actor, name="Audit Office")
    return actor


def test_it_moves_quotes_annotations_and_positions_to_the_kept_actor(chief, nao, duplicate):
    quote = QuoteFactory(speaker=duplicate)
    annotation = AnnotationFactory(actor=duplicate)
    position = PositionFactory(actor=duplicate)

    result = actors_merge(into=nao, others=[duplicate], user=chief)

    for record in (quote, annotation, position):
        record.refresh_from_db()
    assert (quote.speaker, annotation.actor, position.actor) == (nao, nao, nao)
    assert result.merged == ["NAO"] and result.moved == {"quotes": 1, "annotations": 1, "positions": 1}
    assert not Actor.objects.filter(pk=duplicate.pk).exists()
    assert sorted(nao.aliases.values_list("name", flat=True)) == ["Audit Office", "NAO"]


def test_each_moved_record_gets_a_history_row_naming_the_merge_and_a_new_version(chief, nao, duplicate):
    quote = QuoteFactory(speaker=duplicate)
    version = quote.version

    actors_merge(into=nao, others=[duplicate], user=chief)

    quote.refresh_from_db()
    latest = quote.history.latest()
    assert quote.version == version + 1
    assert (latest.history_user, latest.history_change_reason) == (chief, "actor merge: NAO → National Audit Office")
    assert quote.history.earliest().speaker_id == duplicate.pk  # the state as found is kept too


def test_it_refuses_two_positions_in_one_disagreement_and_changes_nothing(chief, nao, duplicate):
    dispute = DisagreementFactory(subject="Cost of the defence projects")
    PositionFactory(disagreement=dispute, actor=nao)
    PositionFactory(disagreement=dispute, actor=duplicate)
    quote = QuoteFactory(speaker=duplicate)

    with pytest.raises(ValidationError, match="Cost of the defence projects"):
        actors_merge(into=nao, others=[duplicate], user=chief)

    quote.refresh_from_db()
    assert quote.speaker == duplicate and Actor.objects.filter(pk=duplicate.pk).exists()


def test_it_lets_only_those_who_may_change_and_delete_actors_merge_them(editor, nao, duplicate):
    with pytest.raises(PermissionDenied):
        actors_merge(into=nao, others=[duplicate], user=editor)
    assert Actor.objects.filter(pk=duplicate.pk).exists()


def test_it_needs_another_actor_than_the_one_kept(chief, nao):
    with pytest.raises(ValidationError, match="at least one actor"):
        actors_merge(into=nao, others=[nao], user=chief)


def test_a_later_extraction_finds_the_kept_actor_under_a_merged_name(chief, nao, duplicate):
    actors_merge(into=nao, others=[duplicate], user=chief)
    article = ArticleFactory(body='Costs rose again. "The projects are late," the NAO said on Monday.')

    quotes_refresh(article=article)

    assert list(Quote.objects.filter(article=article).values_list("speaker__name", flat=True)) == [
        "National Audit Office"
    ]


def test_the_admin_action_asks_which_actor_to_keep_then_merges(staff_client, nao, duplicate):
    QuoteFactory(speaker=duplicate)
    url = reverse("admin:articles_actor_changelist")
    selection = {"action": "merge_actors", "_selected_action": [nao.pk, duplicate.pk]}

    page = staff_client.post(url, selection)
    assert page.status_code == 200 and b"Choose the actor to keep" in page.content
    assert b"National Audit Office" in page.content and b"NAO" in page.content

    done = staff_client.post(url, {**selection, "post": "yes", "into": nao.pk}, follow=True)
    message = "Merged NAO into National Audit Office (moved: quotes 1, annotations 0, positions 0)"
    assert message in done.content.decode()
    assert list(Actor.objects.values_list("name", flat=True)) == ["National Audit Office"]


def test_the_admin_action_says_why_it_changed_nothing(staff_client, nao, duplicate):
    dispute = DisagreementFactory(subject="Cost of the defence projects")
    PositionFactory(disagreement=dispute, actor=nao)
    PositionFactory(disagreement=dispute, actor=duplicate)
    url = reverse("admin:articles_actor_changelist")

    done = staff_client.post(
        url,
        {"action": "merge_actors", "_selected_action": [nao.pk, duplicate.pk], "post": "yes", "into": nao.pk},
        follow=True,
    )

    assert "nothing was changed" in done.content.decode()
    assert Actor.objects.count() == 2


def test_the_actor_list_counts_each_quote_once_when_searching_by_alias(staff_client, duplicate):
    ActorAliasFactory(actor=duplicate, name="Audit Office of the UK")
    QuoteFactory(speaker=duplicate)
    QuoteFactory(speaker=duplicate)

    page = staff_client.get(reverse("admin:articles_actor_changelist"), {"q": "Audit"})

    assert page.context["cl"].result_list[0].quote_count == 2


def test_deleting_an_actor_an_annotation_names_is_refused_in_the_admin(staff_client, duplicate):
    annotation = AnnotationFactory(actor=duplicate)

    page = staff_client.post(reverse("admin:articles_actor_delete", args=[duplicate.pk]), {"post": "yes"})

    annotation.refresh_from_db()
    assert annotation.actor == duplicate and b"protected" in page.content


def test_a_merge_costs_two_queries_per_moved_quote_and_a_few_more(chief, nao, duplicate, django_assert_max_num_queries):
    article = ArticleFactory(body="Word " * 40)
    for i in range(20):
        QuoteFactory(article=article, speaker=duplicate, start=i * 5, end=i * 5 + 4)

    with django_assert_max_num_queries(2 * 20 + 25):  # its update and its history row, each
        actors_merge(into=nao, others=[duplicate], user=chief)

    assert Quote.objects.filter(speaker=nao).count() == 20
    assert all(quote.history.count() == 2 for quote in Quote.objects.all())  # as found, then the merge
