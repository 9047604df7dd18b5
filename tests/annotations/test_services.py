"""The annotation services, called directly: validation, locking, history, restore."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Annotation, Tag, Verdict
from annotations.services import (
    UNCHANGED,
    Conflict,
    SpanChange,
    actor_resolve,
    annotation_create,
    annotation_delete,
    annotation_restore,
    annotation_update,
)
from articles.models import Actor
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    EditorFactory,
    PositionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

BODY = 'Moscow calls the group "extremist" 🔥 while Washington says "moderate opposition".'


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


def tag(slug: str) -> Tag:
    return Tag.objects.get(slug=slug)


def span_of(text: str) -> dict:
    start = BODY.index(text)
    return {"start": start, "end": start + len(text), "exact": text}


def test_it_creates_an_annotation_with_its_context_and_author(article, editor):
    annotation = annotation_create(article=article, tag=tag("designation"), user=editor, **span_of("extremist"))
    annotation.refresh_from_db()
    assert annotation.exact == "extremist" and annotation.author == editor and annotation.version == 1
    assert annotation.prefix == 'Moscow calls the group "' and annotation.suffix.startswith('" 🔥 while')
    assert annotation.history.get().history_user == editor


def test_it_counts_offsets_in_code_points_after_an_emoji(article, editor):
    annotation = annotation_create(
        article=article, tag=tag("designation"), user=editor, **span_of("moderate opposition")
    )
    assert BODY[annotation.start : annotation.end] == "moderate opposition"
    assert annotation.start == BODY.encode("utf-16-le").index("moderate".encode("utf-16-le")) // 2 - 1


def test_it_refuses_an_exact_text_that_does_not_match_the_body(article, editor):
    with pytest.raises(ValidationError) as refused:
        annotation_create(article=article, tag=tag("claim"), user=editor, start=0, end=6, exact="Moskva")
    assert "does not match the article" in str(refused.value)
    assert not Annotation.objects.exists()


def test_it_refuses_a_span_outside_the_body(article, editor):
    with pytest.raises(ValidationError):
        annotation_create(article=article, tag=tag("claim"), user=editor, start=70, end=500, exact="x")
    assert not Annotation.objects.exists()


def test_it_gives_claims_an_unverified_verdict_by_default(article, editor):
    annotation = annotation_create(article=article, tag=tag("claim"), user=editor, **span_of("Moscow"))
    assert annotation.verdict == Verdict.UNVERIFIED


def test_it_refuses_a_verdict_on_a_tag_without_verdicts(article, editor):
    with pytest.raises(ValidationError) as refused:
        annotation_create(article=article, tag=tag("designation"), user=editor, verdict="false", **span_of("Moscow"))
    assert "verdict" in refused.value.message_dict


def test_it_refuses_a_reader(article, reader):
    with pytest.raises(PermissionDenied):
        annotation_create(article=article, tag=tag("claim"), user=reader, **span_of("Moscow"))
    assert not Annotation.objects.exists()


def test_it_updates_and_bumps_the_version(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("Moscow"))
    annotation_update(annotation=annotation, user=editor, version=1, note="Check this", verdict="false")
    annotation.refresh_from_db()
    assert annotation.note == "Check this" and annotation.verdict == "false" and annotation.version == 2
    assert annotation.history.count() == 2


def test_it_refuses_a_stale_version_and_keeps_the_other_change(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("Moscow"))
    annotation_update(annotation=annotation, user=editor, version=1, note="first")
    with pytest.raises(Conflict) as refused:
        annotation_update(annotation=annotation, user=editor, version=1, note="second")
    assert refused.value.current.note == "first"
    annotation.refresh_from_db()
    assert annotation.note == "first" and annotation.version == 2


def test_it_clears_the_verdict_when_the_tag_changes_to_one_without(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, verdict="false", **_factory_span("Moscow"))
    annotation_update(annotation=annotation, user=editor, version=1, tag=tag("designation"), verdict="")
    annotation.refresh_from_db()
    assert annotation.tag.slug == "designation" and annotation.verdict == ""


def test_it_moves_an_annotation_to_a_new_span_and_unorphans_it(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("Moscow"))
    Annotation.objects.filter(pk=annotation.pk).update(orphaned=True)
    new = span_of("Washington")
    annotation_update(
        annotation=annotation, user=editor, version=1, span=SpanChange(new["start"], new["end"], new["exact"])
    )
    annotation.refresh_from_db()
    assert annotation.exact == "Washington" and not annotation.orphaned
    assert annotation.prefix.endswith("while ")


def test_it_keeps_fields_not_given_unchanged(article, editor):
    actor = ActorFactory(name="Russia")
    annotation = AnnotationFactory(article=article, author=editor, actor=actor, note="n", **_factory_span("Moscow"))
    annotation_update(annotation=annotation, user=editor, version=1, actor=UNCHANGED, note="m")
    annotation.refresh_from_db()
    assert annotation.actor == actor and annotation.note == "m"


def test_it_lets_an_editor_change_only_their_own(article, editor):
    theirs = AnnotationFactory(article=article, **_factory_span("Moscow"))
    with pytest.raises(PermissionDenied):
        annotation_update(annotation=theirs, user=editor, version=1, note="mine now")
    theirs.refresh_from_db()
    assert theirs.note == "" and theirs.version == 1


def test_it_lets_a_chief_editor_change_anyones(article, chief):
    theirs = AnnotationFactory(article=article, **_factory_span("Moscow"))
    annotation_update(annotation=theirs, user=chief, version=1, note="edited by the chief")
    theirs.refresh_from_db()
    assert theirs.note == "edited by the chief"


def test_it_deletes_into_the_history_and_restores_with_the_same_id(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, note="keep me", **_factory_span("Moscow"))
    pk = annotation.pk
    annotation_delete(annotation=annotation, user=editor, version=1)
    assert not Annotation.objects.filter(pk=pk).exists()
    restored = annotation_restore(annotation_id=pk, user=editor)
    restored.refresh_from_db()
    assert restored.pk == pk and restored.note == "keep me" and restored.version == 2
    assert [h.history_type for h in Annotation.history.filter(id=pk).order_by("history_date")] == ["+", "-", "+"]


def test_it_refuses_a_delete_from_a_stale_version(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("Moscow"))
    annotation_update(annotation=annotation, user=editor, version=1, note="changed")
    with pytest.raises(Conflict):
        annotation_delete(annotation=annotation, user=editor, version=1)
    assert Annotation.objects.filter(pk=annotation.pk).exists()


def test_it_restores_the_disagreement_links_of_a_deleted_annotation(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("extremist"))
    position = PositionFactory()
    position.annotations.add(annotation)
    annotation_delete(annotation=annotation, user=editor, version=1)
    assert not position.annotations.exists()
    restored = annotation_restore(annotation_id=annotation.pk, user=editor)
    assert list(position.annotations.all()) == [restored]


def test_it_restores_onto_a_corrected_body_by_the_text(editor):
    article = ArticleFactory(body=BODY)
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("extremist"))
    annotation_delete(annotation=annotation, user=editor, version=1)
    article.body = "Correction. " + BODY
    article.save()
    restored = annotation_restore(annotation_id=annotation.pk, user=editor)
    assert article.body[restored.start : restored.end] == "extremist" and not restored.orphaned


def test_it_refuses_to_restore_an_annotation_that_is_not_deleted(article, editor):
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("Moscow"))
    with pytest.raises(ValidationError):
        annotation_restore(annotation_id=annotation.pk, user=editor)


def test_it_refuses_to_restore_someone_elses_for_an_editor(article, editor):
    annotation = AnnotationFactory(article=article, **_factory_span("Moscow"))
    annotation_delete(annotation=annotation, user=annotation.author, version=1)
    with pytest.raises(PermissionDenied):
        annotation_restore(annotation_id=annotation.pk, user=editor)
    assert not Annotation.objects.filter(pk=annotation.pk).exists()


def test_it_refuses_a_quote_of_another_article(article, editor):
    other_quote = QuoteFactory()
    with pytest.raises(ValidationError):
        annotation_create(article=article, tag=tag("claim"), user=editor, quote=other_quote, **span_of("Moscow"))


def test_it_resolves_an_actor_by_name_or_alias_ignoring_case_and_punctuation(editor):
    russia = ActorFactory(name="Russia")
    ActorAliasFactory(actor=russia, name="Moscow")
    assert actor_resolve(name="  russia ", user=editor) == russia
    assert actor_resolve(name="MOSCOW.", user=editor) == russia
    assert actor_resolve(name="", user=editor) is None


def test_it_refuses_an_unknown_actor_unless_asked_to_create_it(editor):
    with pytest.raises(ValidationError) as refused:
        actor_resolve(name="Interfax", user=editor)
    assert "actor_name" in refused.value.message_dict
    created = actor_resolve(name="Interfax", user=editor, create=True)
    assert created.name == "Interfax" and Actor.objects.count() == 1
    assert actor_resolve(name="interfax", user=editor, create=True) == created


def test_it_lets_only_those_allowed_create_actors(reader):
    with pytest.raises(PermissionDenied):
        actor_resolve(name="Interfax", user=reader, create=True)
    assert not Actor.objects.exists()


def test_it_attributes_history_to_the_user_who_changed(article, editor, chief):
    annotation = AnnotationFactory(article=article, author=editor, **_factory_span("Moscow"))
    annotation_update(annotation=annotation, user=chief, version=1, note="chief's note")
    assert annotation.history.latest().history_user == chief


def test_an_editor_factory_user_is_not_a_chief():
    assert not EditorFactory().has_perm("annotations.change_others_annotation")


def _factory_span(text: str) -> dict:
    start = BODY.index(text)
    return {"start": start, "end": start + len(text)}
