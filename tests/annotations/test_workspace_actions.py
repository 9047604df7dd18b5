"""The workspace's write endpoints through the test client, as htmx calls them (and without htmx)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation, Disagreement, Tag
from annotations.pins import SESSION_KEY
from articles.models import Actor, Quote
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    ChiefEditorFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

BODY = 'Washington calls it "moderate opposition" 🔥 while Moscow says "extremist".\n\nThat is all.'


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


@pytest.fixture
def hx(editor):
    client = Client(headers={"HX-Request": "true"})
    client.force_login(editor)
    return client


def span(text: str, body: str = BODY) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text), "exact": text}


def tag_id(slug: str) -> int:
    return Tag.objects.get(slug=slug).pk


def events(response) -> dict:
    return json.loads(response.headers.get("HX-Trigger-After-Swap", "{}"))


def create_url(article) -> str:
    return reverse("annotations:annotation_new", args=[article.pk])


# Creating


def test_it_saves_an_annotation_and_tells_the_page(hx, article, editor):
    response = hx.post(create_url(article), {**span("extremist"), "tag": tag_id("designation")})
    annotation = Annotation.objects.get()
    assert response.status_code == 201
    assert events(response) == {"annotation-saved": {"key": f"annotation-{annotation.pk}"}}
    assert response.headers["HX-Retarget"] == "#toasts" and "Designation saved." in response.content.decode()
    assert annotation.author == editor and annotation.exact == "extremist"


def test_it_records_the_new_annotation_in_its_history_as_an_ordinary_save_would(hx, article, editor):
    claim = Tag.objects.get(slug="claim")
    data = {**span("extremist"), "tag": claim.pk, "verdict": "misleading", "note": "Why"}
    hx.post(create_url(article), data)
    created = Annotation.objects.get()
    [record] = created.history.all()
    same = Annotation(article=article, tag=claim, author=editor, verdict="misleading", note="Why", **span("extremist"))
    same.prefix, same.suffix = created.prefix, created.suffix
    same._history_user = editor
    same.save()  # through simple-history's post_save receiver
    [expected] = same.history.all()
    made_apart = {"id", "history_id", "history_date", "created_at", "updated_at"}
    names = [field.attname for field in record._meta.concrete_fields if field.attname not in made_apart]
    assert {name: getattr(record, name) for name in names} == {name: getattr(expected, name) for name in names}
    assert (record.id, record.created_at, record.updated_at) == (created.pk, created.created_at, created.updated_at)
    assert record.history_type == "+" and record.history_user == editor and record.history_change_reason is None
    assert record.history_date >= created.created_at


def test_it_saves_in_a_fixed_number_of_queries(hx, article, django_assert_num_queries):
    data = {**span("extremist"), "tag": tag_id("designation"), "actor": ActorFactory(name="Russia").pk}
    # session; user with its permissions; tag; actor; savepoint, locked body, annotation, history row, release
    with django_assert_num_queries(9):
        response = hx.post(create_url(article), data)
    assert response.status_code == 201 and Annotation.objects.get().history.count() == 1


def test_it_takes_code_point_offsets_after_an_emoji(hx, article):
    selection = span("Moscow")
    assert BODY.encode("utf-16-le").index("Moscow".encode("utf-16-le")) // 2 == selection["start"] + 1
    hx.post(create_url(article), {**selection, "tag": tag_id("claim")})
    assert Annotation.objects.get().exact == "Moscow"


def test_it_accepts_a_selection_across_paragraphs_sent_with_crlf(hx, article):
    selection = span('"extremist".\n\nThat')
    selection["exact"] = selection["exact"].replace("\n", "\r\n")
    response = hx.post(create_url(article), {**selection, "tag": tag_id("claim")})
    assert response.status_code == 201 and Annotation.objects.get().exact == '"extremist".\n\nThat'


def test_it_refuses_an_exact_text_that_does_not_match_with_the_message_in_the_form(hx, article):
    response = hx.post(create_url(article), {"start": 0, "end": 10, "exact": "Moscow say", "tag": tag_id("claim")})
    page = response.content.decode()
    assert response.status_code == 422 and "does not match the article" in page and "<form" in page
    assert not Annotation.objects.exists()


def test_it_refuses_a_missing_tag(hx, article):
    response = hx.post(create_url(article), span("Moscow"))
    assert response.status_code == 422 and "This field is required" in response.content.decode()


@pytest.mark.parametrize("tag", ["abc", "1.5", "-1", "0", "999999", "99999999999999999999999999"])
def test_it_refuses_a_tag_that_is_not_one(hx, article, tag):
    response = hx.post(create_url(article), {**span("Moscow"), "tag": tag})
    assert response.status_code == 422 and "Select a valid choice" in response.content.decode()
    assert not Annotation.objects.exists()


def test_it_refuses_an_actor_that_is_not_one(hx, article):
    response = hx.post(create_url(article), {**span("Moscow"), "tag": tag_id("claim"), "actor": "424242"})
    assert response.status_code == 422 and not Annotation.objects.exists()


def test_it_finds_the_actor_by_an_alias(hx, article):
    russia = ActorFactory(name="Russia")
    ActorAliasFactory(actor=russia, name="Moscow")
    hx.post(create_url(article), {**span("extremist"), "tag": tag_id("designation"), "actor_name": "moscow"})
    assert Annotation.objects.get().actor == russia


def test_it_asks_before_creating_an_unknown_actor(hx, article):
    data = {**span("moderate opposition"), "tag": tag_id("designation"), "actor_name": "United States"}
    refused = hx.post(create_url(article), data)
    assert refused.status_code == 422 and "No actor is called “United States”" in refused.content.decode()
    assert not Actor.objects.exists()
    created = hx.post(create_url(article), {**data, "create_actor": "1"})
    assert created.status_code == 201 and Annotation.objects.get().actor.name == "United States"


def test_it_links_the_quote_the_selection_lies_in(hx, article):
    quote = QuoteFactory(article=article, **{k: v for k, v in span("moderate opposition").items() if k != "exact"})
    hx.post(create_url(article), {**span("moderate"), "tag": tag_id("claim"), "quote": quote.pk})
    assert Annotation.objects.get().quote == quote


def test_it_redirects_to_the_new_highlight_without_htmx(editor_client, article):
    response = editor_client.post(create_url(article), {**span("Moscow"), "tag": tag_id("claim")})
    annotation = Annotation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#annotation-{annotation.pk}")


# Editing, conflicts


def test_it_serves_the_edit_form_with_the_version(hx, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, note="first note", **_offsets("Moscow"))
    page = hx.get(reverse("annotations:annotation_edit", args=[annotation.pk])).content.decode()
    assert 'name="version" value="1"' in page and "first note" in page


def test_it_updates_an_annotation(hx, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_offsets("Moscow"))
    data = {"tag": tag_id("claim"), "verdict": "misleading", "note": "checked", "version": 1}
    response = hx.post(reverse("annotations:annotation_edit", args=[annotation.pk]), data)
    annotation.refresh_from_db()
    assert response.status_code == 200 and "annotation-saved" in events(response)
    assert (annotation.verdict, annotation.note, annotation.version) == ("misleading", "checked", 2)


def test_it_refuses_a_stale_save_with_409_and_shows_the_other_change(hx, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, note="original", **_offsets("Moscow"))
    chief = Client(headers={"HX-Request": "true"})
    chief.force_login(ChiefEditorFactory(username="maria"))
    url = reverse("annotations:annotation_edit", args=[annotation.pk])
    chief.post(url, {"tag": tag_id("claim"), "note": "the chief's note", "version": 1})
    response = hx.post(url, {"tag": tag_id("claim"), "note": "my note", "version": 1})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Not saved" in page and "maria changed this annotation" in page
    assert "original" in page and "the chief&#x27;s note" in page  # what they saw, and what it is now
    assert "my note" in page and 'name="version" value="2"' in page  # theirs kept for a deliberate retry
    annotation.refresh_from_db()
    assert annotation.note == "the chief's note" and annotation.version == 2


def test_it_moves_an_orphan_to_a_new_selection(hx, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_offsets("Moscow"))
    Annotation.objects.filter(pk=annotation.pk).update(orphaned=True)
    data = {**span("Washington"), "tag": annotation.tag_id, "version": 1}
    hx.post(reverse("annotations:annotation_edit", args=[annotation.pk]), data)
    annotation.refresh_from_db()
    assert annotation.exact == "Washington" and not annotation.orphaned


# Deleting, history, restoring


def test_it_deletes_offers_undo_and_restores(hx, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_offsets("Moscow"))
    response = hx.post(reverse("annotations:annotation_delete", args=[annotation.pk]), {"version": 1})
    restore_url = reverse("annotations:annotation_restore", args=[annotation.pk])
    assert response.status_code == 200 and "annotation-deleted" in events(response)
    assert restore_url in response.content.decode() and not Annotation.objects.exists()
    restored = hx.post(restore_url)
    assert restored.status_code == 200 and Annotation.objects.get().pk == annotation.pk


def test_it_refuses_a_stale_delete_with_409(hx, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, version=2, **_offsets("Moscow"))
    response = hx.post(reverse("annotations:annotation_delete", args=[annotation.pk]), {"version": 1})
    assert response.status_code == 409 and Annotation.objects.exists()


def test_it_asks_for_confirmation_before_deleting_without_htmx(editor_client, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_offsets("Moscow"))
    page = editor_client.get(reverse("annotations:annotation_delete", args=[annotation.pk])).content.decode()
    assert "Delete this annotation?" in page and 'name="version" value="1"' in page
    response = editor_client.post(reverse("annotations:annotation_delete", args=[annotation.pk]), {"version": 1})
    assert response.status_code == 302 and not Annotation.objects.exists()


def test_it_shows_the_history_of_a_deleted_annotation_with_a_restore_button(hx, editor_client, article, editor):
    annotation = AnnotationFactory(article=article, author=editor, note="v1", **_offsets("Moscow"))
    url = reverse("annotations:annotation_edit", args=[annotation.pk])
    hx.post(url, {"tag": tag_id("designation"), "note": "v2", "version": 1})
    hx.post(reverse("annotations:annotation_delete", args=[annotation.pk]), {"version": 2})
    page = editor_client.get(reverse("annotations:annotation_history", args=[annotation.pk])).content.decode()
    assert "Deleted" in page and "Restore it" in page
    assert "Claim" in page and "Designation" in page and "v1" in page and "v2" in page
    assert page.index("Deleted") < page.index("Changed") < page.index("Created")


def test_it_answers_404_for_the_history_of_an_unknown_annotation(reader_client):
    assert reader_client.get(reverse("annotations:annotation_history", args=[404])).status_code == 404


# Quotes


def test_it_confirms_and_rejects_a_quote(hx, article):
    quote = QuoteFactory(article=article, **_offsets("moderate opposition"))
    url = reverse("annotations:quote_status", args=[article.pk, quote.pk])
    assert hx.post(url, {"status": "confirmed", "version": 1}).status_code == 200
    assert hx.post(url, {"status": "rejected", "version": 2}).status_code == 200
    quote.refresh_from_db()
    assert quote.status == Quote.Status.REJECTED and quote.version == 3 and quote.history.count() == 3


def test_it_refuses_a_stale_quote_review(hx, article):
    quote = QuoteFactory(article=article, **_offsets("moderate opposition"))
    url = reverse("annotations:quote_status", args=[article.pk, quote.pk])
    hx.post(url, {"status": "confirmed", "version": 1})
    assert hx.post(url, {"status": "rejected", "version": 1}).status_code == 409
    quote.refresh_from_db()
    assert quote.status == Quote.Status.CONFIRMED


def test_it_corrects_a_quote_speaker_and_span_and_confirms_it(hx, article):
    quote = QuoteFactory(article=article, **_offsets("moderate"))
    washington = ActorFactory(name="Washington")
    data = {**span('"moderate opposition"'), "speaker": washington.pk, "kind": "partial", "version": 1}
    response = hx.post(reverse("annotations:quote_edit", args=[article.pk, quote.pk]), data)
    quote.refresh_from_db()
    assert response.status_code == 200 and "quote-saved" in events(response)
    assert quote.text == '"moderate opposition"' and quote.speaker == washington and quote.kind == "partial"
    assert quote.origin == Quote.Origin.EDITOR and quote.status == Quote.Status.CONFIRMED


def test_it_refuses_a_quote_of_another_article_by_its_url(hx, article):
    quote = QuoteFactory()
    url = reverse("annotations:quote_status", args=[article.pk, quote.pk])
    assert hx.post(url, {"status": "confirmed", "version": 1}).status_code == 404


# Actors


def test_it_suggests_actors_by_name_and_alias_best_first(hx):
    russia = ActorFactory(name="Russia")
    ActorAliasFactory(actor=russia, name="Moscow")
    ActorFactory(name="Russian Foreign Ministry")
    page = hx.get(reverse("annotations:actor_suggestions"), {"q": "russia"}).content.decode()
    assert page.index('data-actor-name="Russia"') < page.index('data-actor-name="Russian Foreign Ministry"')
    assert "Create new actor" not in page  # "Russia" matches exactly
    alias_page = hx.get(reverse("annotations:actor_suggestions"), {"q": "mosc"}).content.decode()
    assert f'data-actor-id="{russia.pk}"' in alias_page and "also “Moscow”" in alias_page
    assert "Create new actor “mosc”" in alias_page


def test_it_offers_no_actor_creation_to_a_reader(reader_client):
    page = reader_client.get(reverse("annotations:actor_suggestions"), {"q": "Interfax"}).content.decode()
    assert "Create new actor" not in page and "No actor matches" in page


# Pins and disagreements


def test_it_pins_across_articles_and_makes_a_disagreement(hx, article):
    other = ArticleFactory()
    here = AnnotationFactory(article=article, **_offsets("moderate opposition"))
    there = AnnotationFactory(article=other)
    quote = QuoteFactory(article=article, **_offsets("extremist"))
    us, russia = ActorFactory(name="United States"), ActorFactory(name="Russia")
    for kind, pk in (("annotation", here.pk), ("annotation", there.pk), ("quote", quote.pk)):
        response = hx.post(reverse("annotations:pins"), {"kind": kind, "id": pk})
        assert events(response)["pins-changed"] == {"key": f"{kind}-{pk}", "pinned": True}
    form = hx.get(reverse("annotations:disagreement_new")).content.decode()
    assert form.count('name="side-') >= 3 * 5 and "moderate opposition" in form
    data = {
        "subject": "Designation of the Al-Nusra Front",
        "side-TOTAL_FORMS": "3",
        "side-INITIAL_FORMS": "0",
        "side-0-item": f"annotation-{here.pk}",
        "side-0-include": "on",
        "side-0-actor": us.pk,
        "side-0-stance": "moderate opposition",
        "side-1-item": f"annotation-{there.pk}",
        "side-1-include": "on",
        "side-1-actor": us.pk,
        "side-1-stance": "",
        "side-2-item": f"quote-{quote.pk}",
        "side-2-include": "on",
        "side-2-actor_name": "Russia",
        "side-2-stance": "extremist",
    }
    response = hx.post(reverse("annotations:disagreement_new"), data)
    assert response.status_code == 201 and "disagreement-saved" in events(response)
    disagreement = Disagreement.objects.get()
    sides = {p.actor: p for p in disagreement.positions.all()}
    assert set(sides) == {us, russia} and sides[us].stance == "moderate opposition"
    assert set(sides[us].annotations.all()) == {here, there} and list(sides[russia].quotes.all()) == [quote]
    assert hx.session.get(SESSION_KEY) is None


def test_it_refuses_a_disagreement_with_one_side(hx, article):
    first = AnnotationFactory(article=article, **_offsets("moderate opposition"))
    second = AnnotationFactory(article=article, **_offsets("extremist"))
    us = ActorFactory(name="United States")
    for annotation in (first, second):
        hx.post(reverse("annotations:pins"), {"kind": "annotation", "id": annotation.pk})
    data = {"subject": "Something", "side-TOTAL_FORMS": "2", "side-INITIAL_FORMS": "0"}
    for n, annotation in enumerate((first, second)):
        data |= {f"side-{n}-item": f"annotation-{annotation.pk}", f"side-{n}-include": "on"}
        data |= {f"side-{n}-actor": us.pk, f"side-{n}-stance": "same"}
    response = hx.post(reverse("annotations:disagreement_new"), data)
    assert response.status_code == 422 and "at least two sides" in response.content.decode()
    assert not Disagreement.objects.exists() and len(hx.session[SESSION_KEY]) == 2


def test_it_refuses_two_stances_for_one_actor(hx, article):
    first = AnnotationFactory(article=article, **_offsets("moderate opposition"))
    second = AnnotationFactory(article=article, **_offsets("extremist"))
    us = ActorFactory(name="United States")
    for annotation in (first, second):
        hx.post(reverse("annotations:pins"), {"kind": "annotation", "id": annotation.pk})
    data = {"subject": "Something", "side-TOTAL_FORMS": "2", "side-INITIAL_FORMS": "0"}
    for n, (annotation, stance) in enumerate(((first, "yes"), (second, "no"))):
        data |= {f"side-{n}-item": f"annotation-{annotation.pk}", f"side-{n}-include": "on"}
        data |= {f"side-{n}-actor": us.pk, f"side-{n}-stance": stance}
    response = hx.post(reverse("annotations:disagreement_new"), data)
    assert response.status_code == 422 and "one stance" in response.content.decode()


def test_it_unpins_and_clears(hx, article):
    annotation = AnnotationFactory(article=article, **_offsets("Moscow"))
    url = reverse("annotations:pins")
    hx.post(url, {"kind": "annotation", "id": annotation.pk})
    hx.post(url, {"kind": "annotation", "id": annotation.pk})
    assert hx.session[SESSION_KEY] == []
    hx.post(url, {"kind": "annotation", "id": annotation.pk})
    hx.post(url, {"clear": "1"})
    assert SESSION_KEY not in hx.session


def test_it_refuses_to_pin_what_does_not_exist(hx):
    response = hx.post(reverse("annotations:pins"), {"kind": "annotation", "id": 12345})
    assert response.status_code == 422 and not hx.session.get(SESSION_KEY)


# Orphans


def test_it_lists_orphans_for_review(reader_client, article):
    annotation = AnnotationFactory(article=article, **_offsets("Moscow"))
    quote = QuoteFactory(article=article, **_offsets("extremist"))
    Annotation.objects.filter(pk=annotation.pk).update(orphaned=True)
    Quote.objects.filter(pk=quote.pk).update(orphaned=True)
    page = reader_client.get(reverse("annotations:orphans")).content.decode()
    assert f"#panel-annotation-{annotation.pk}" in page and f"#panel-quote-{quote.pk}" in page


def _offsets(text: str) -> dict:
    start = BODY.index(text)
    return {"start": start, "end": start + len(text)}


def test_it_refuses_a_stale_quote_correction_with_409_and_shows_the_other_change(hx, article):
    quote = QuoteFactory(article=article, **_offsets("moderate opposition"))
    url = reverse("annotations:quote_edit", args=[article.pk, quote.pk])
    hx.post(reverse("annotations:quote_status", args=[article.pk, quote.pk]), {"status": "rejected", "version": 1})
    response = hx.post(url, {"speaker_name": "", "kind": "partial", "version": 1})
    page = response.content.decode()
    assert response.status_code == 409 and "changed this quote" in page
    assert "Suggested" in page and "Rejected" in page and 'name="version" value="2"' in page
    quote.refresh_from_db()
    assert quote.kind == Quote.Kind.DIRECT and quote.status == Quote.Status.REJECTED


def test_it_answers_404_when_annotating_an_article_that_does_not_exist(hx):
    response = hx.post(reverse("annotations:annotation_new", args=[4040]), {**span("Moscow"), "tag": tag_id("claim")})
    assert response.status_code == 404 and not Annotation.objects.exists()
