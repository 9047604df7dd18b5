"""Writes of the editorial layer. Every write checks permission here, validates, and either
completes or raises (PermissionDenied, ValidationError, or Conflict for a stale version).

Spans are checked against the article body read inside the write's transaction, in a way that
makes a concurrent body correction wait (see ``_locked_body``). Saves that change an object
compare the version the editor started from with the stored one, under a row lock, and bump it:
nothing is overwritten silently.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from annotations import roles
from annotations.models import Annotation, Disagreement, Position, Tag, Verdict
from annotations.rowsql import insert_with_history
from articles.anchoring import Anchor, reanchor
from articles.history import keep_state_before_first_change
from articles.models import Actor, ActorAlias, Article, Quote, name_key
from articles.spans import check_span, context_of


class Unchanged(Enum):
    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED

DELETED_REASON = "Deleted"
_POSITIONS = re.compile(r"positions ([\d,]+)")


class Conflict(ValidationError):
    """The object changed (or went) since the version the editor started from."""

    def __init__(self, message: str, *, current=None):
        super().__init__(message, code="stale")
        self.current = current


@dataclass(frozen=True, slots=True)
class SpanChange:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: who, their stance, and the spans that state it."""

    actor: Actor
    stance: str
    annotations: Sequence[Annotation] = field(default_factory=tuple)
    quotes: Sequence[Quote] = field(default_factory=tuple)


# Annotations


def annotation_create(
    *,
    article: Article,
    start: int,
    end: int,
    exact: str,
    tag: Tag,
    user,
    actor: Actor | None = None,
    note: str = "",
    verdict: str = "",
    quote: Quote | None = None,
) -> Annotation:
    if not roles.can_annotate(user):
        raise PermissionDenied("Only editors can annotate.")
    verdict = _verdict_for(tag, verdict)
    if quote is not None and quote.article_id != article.pk:
        raise ValidationError({"quote": "That quote belongs to another article."})
    with transaction.atomic():
        article.body = _locked_body(article.pk)
        check_span(article.body, start, end, exact)
        prefix, suffix = context_of(article.body, start, end)
        annotation = Annotation(
            article=article,
            start=start,
            end=end,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            tag=tag,
            actor=actor,
            note=note,
            verdict=verdict,
            quote=quote,
            author=user,
        )
        annotation._history_user = user
        insert_with_history(annotation)  # the span was checked above, against the locked body
    return annotation


def annotation_update(
    *,
    annotation: Annotation,
    user,
    version: int,
    tag: Tag | Unchanged = UNCHANGED,
    actor: Actor | None | Unchanged = UNCHANGED,
    note: str | Unchanged = UNCHANGED,
    verdict: str | Unchanged = UNCHANGED,
    span: SpanChange | None = None,
) -> Annotation:
    if not roles.can_change_annotation(user, annotation):
        raise PermissionDenied("You can change only your own annotations.")
    with transaction.atomic():
        current = _current(Annotation, annotation.pk, version, what="annotation")
        if not roles.can_change_annotation(user, current):
            raise PermissionDenied("You can change only your own annotations.")
        changes = {"tag": tag, "actor": actor, "note": note, "verdict": verdict}
        for name, value in changes.items():
            if value is not UNCHANGED:
                setattr(current, name, value)
        current.verdict = _verdict_for(current.tag, current.verdict if verdict is UNCHANGED else verdict)
        if span is not None:
            _move(current, span, text_field="exact")
        current.version += 1
        current._history_user = user
        current.save()
    return current


def annotation_delete(*, annotation: Annotation, user, version: int) -> None:
    if not roles.can_delete_annotation(user, annotation):
        raise PermissionDenied("You can delete only your own annotations.")
    with transaction.atomic():
        current = _current(Annotation, annotation.pk, version, what="annotation")
        if not roles.can_delete_annotation(user, current):
            raise PermissionDenied("You can delete only your own annotations.")
        positions = list(current.positions.values_list("pk", flat=True))
        # The history keeps the annotation; the reason keeps its disagreement links for a restore.
        reason = DELETED_REASON + (f"; it stated positions {','.join(map(str, positions))}" if positions else "")
        current._change_reason = reason[:100]
        current._history_user = user
        current.delete()


def annotation_restore(*, annotation_id: int, user) -> Annotation:
    """Bring back a deleted annotation, with its id, its last content and its disagreement links."""
    record = Annotation.history.filter(id=annotation_id).order_by("-history_date", "-history_id").first()
    if record is None or record.history_type != "-" or Annotation.objects.filter(pk=annotation_id).exists():
        raise ValidationError("Only a deleted annotation can be restored.", code="not_deleted")
    if not roles.can_annotate(user) or not (
        record.author_id == user.pk or user.has_perm("annotations.change_others_annotation")
    ):
        raise PermissionDenied("You can restore only your own annotations.")
    if not Tag.objects.filter(pk=record.tag_id).exists():
        raise ValidationError("Its tag no longer exists; it cannot be restored.", code="tag_gone")
    with transaction.atomic():
        article = Article.objects.filter(pk=record.article_id).only("id", "body").first()
        if article is None:
            raise ValidationError("Its article no longer exists.", code="article_gone")
        article.body = _locked_body(article.pk)
        restored = record.instance
        restored.article = article
        restored.actor_id = record.actor_id if Actor.objects.filter(pk=record.actor_id).exists() else None
        restored.quote_id = record.quote_id if Quote.objects.filter(pk=record.quote_id).exists() else None
        _reanchor_if_needed(restored, article.body)
        restored.version = record.version + 1
        restored._change_reason = "Restored"
        restored._history_user = user
        restored.save(force_insert=True)
        match = _POSITIONS.search(record.history_change_reason or "")
        if match:
            ids = [int(pk) for pk in match.group(1).split(",") if pk]
            for position in Position.objects.filter(pk__in=ids):
                position.annotations.add(restored)
    return restored


def _reanchor_if_needed(annotation: Annotation, body: str) -> None:
    """The body may have been corrected while the annotation was deleted: place it again, or orphan it."""
    try:
        check_span(body, annotation.start, annotation.end, annotation.exact)
        return
    except ValidationError:
        pass
    old = Anchor(annotation.start, annotation.end, annotation.exact, annotation.prefix, annotation.suffix)
    [placement] = reanchor("", body, [old])
    if placement.orphaned:
        annotation.orphaned = True
    else:
        annotation.start, annotation.end, annotation.orphaned = placement.start, placement.end, False
        annotation.prefix, annotation.suffix = context_of(body, placement.start, placement.end)


# Quotes


def quote_review(
    *,
    quote: Quote,
    user,
    version: int,
    status: str | Unchanged = UNCHANGED,
    speaker: Actor | None | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    role: str | Unchanged = UNCHANGED,
    cue: str | Unchanged = UNCHANGED,
    span: SpanChange | None = None,
) -> Quote:
    """Confirm or reject a quote, or correct it (speaker, kind, role, cue, span): a correction confirms it."""
    if not user.is_authenticated or not user.has_perm("articles.change_quote"):
        raise PermissionDenied("Only editors can review quotes.")
    if status is not UNCHANGED and status not in Quote.Status.values:
        raise ValidationError({"status": "Unknown review status."})
    if kind is not UNCHANGED and kind not in Quote.Kind.values:
        raise ValidationError({"kind": "Unknown kind of quote."})
    with transaction.atomic():
        current = _current(Quote, quote.pk, version, what="quote")
        keep_state_before_first_change(current)
        corrected = span is not None and (span.start, span.end) != (current.start, current.end)
        for name, value in {"speaker": speaker, "kind": kind, "role": role, "cue": cue}.items():
            if value is not UNCHANGED and value != getattr(current, name):
                setattr(current, name, value)
                corrected = True
        if span is not None:
            _move(current, span, text_field="text")
        if corrected:
            current.origin = Quote.Origin.EDITOR
        if status is not UNCHANGED:
            current.status = status
        elif corrected:
            current.status = Quote.Status.CONFIRMED
        current.version += 1
        current._history_user = user
        current.save()
    return current


# Disagreements


def disagreement_create(*, subject: str, sides: Sequence[Side], user, description: str = "") -> Disagreement:
    if not user.is_authenticated or not (
        user.has_perm("annotations.add_disagreement") and user.has_perm("annotations.add_position")
    ):
        raise PermissionDenied("Only editors can record disagreements.")
    subject = subject.strip()
    errors = []
    if not subject:
        errors.append("Give the disagreement a subject.")
    if len(sides) < 2:
        errors.append("A disagreement needs at least two sides with different actors.")
    if len({side.actor.pk for side in sides}) != len(sides):
        errors.append("Each actor can take only one side.")
    for side in sides:
        if not side.stance.strip():
            errors.append(f"Give {side.actor}'s stance.")
        if not side.annotations and not side.quotes:
            errors.append(f"{side.actor}'s side needs at least one annotation or quote.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        disagreement = Disagreement(subject=subject, description=description.strip(), created_by=user)
        disagreement._history_user = user
        disagreement.save()
        for side in sides:
            position = Position(disagreement=disagreement, actor=side.actor, stance=side.stance.strip())
            position._history_user = user
            position.save()
            position.annotations.set(side.annotations)
            position.quotes.set(side.quotes)
    return disagreement


# Actors


def actor_resolve(*, name: str, user, create: bool = False) -> Actor | None:
    """The actor called ``name`` (or with that alias); created when ``create`` and none exists."""
    key = name_key(name)
    if not key:
        return None
    actor = Actor.objects.filter(name_key=key).first()
    if actor is None:
        alias = ActorAlias.objects.select_related("actor").filter(key=key).first()
        actor = alias.actor if alias else None
    if actor is not None:
        return actor
    if not create:
        raise ValidationError(
            {"actor_name": f"No actor is called “{name.strip()}”. Choose one from the list, or create it."}
        )
    if not user.has_perm("articles.add_actor"):
        raise PermissionDenied("You may not create actors.")
    try:
        actor, _ = Actor.objects.get_or_create(name_key=key, defaults={"name": " ".join(name.split())})
    except IntegrityError:  # another editor created it at the same moment
        actor = Actor.objects.get(name_key=key)
    return actor


# Helpers


def _verdict_for(tag: Tag, verdict: str) -> str:
    if not tag.has_verdict:
        if verdict:
            raise ValidationError({"verdict": f"{tag} annotations carry no verdict."})
        return ""
    if verdict and verdict not in Verdict.values:
        raise ValidationError({"verdict": "Unknown verdict."})
    return verdict or Verdict.UNVERIFIED


def _current(model, pk: int, version: int, *, what: str):
    """The stored object, locked for this transaction, if it is still at ``version``.

    The article's body is read (and share-locked) first: a body correction locks the article, then
    its spans, in that order too, so neither can overwrite the other's change.
    """
    article_id = model.objects.filter(pk=pk).values_list("article_id", flat=True).first()
    body = _locked_body(article_id) if article_id is not None else None
    current = model.objects.select_for_update(of=("self",)).select_related("article").filter(pk=pk).first()
    if current is None:
        raise Conflict(f"This {what} was deleted by someone else meanwhile.", current=None)
    if current.version != version:
        raise Conflict(
            f"This {what} was changed by someone else meanwhile (version {version} → {current.version}). "
            "Your changes were not saved.",
            current=current,
        )
    current.article.body = body
    return current


def _move(span_object, span: SpanChange, *, text_field: str) -> None:
    body = span_object.article.body  # read by _current under the share lock
    check_span(body, span.start, span.end, span.text)
    span_object.start, span_object.end, span_object.orphaned = span.start, span.end, False
    setattr(span_object, text_field, span.text)
    if hasattr(span_object, "prefix"):
        span_object.prefix, span_object.suffix = context_of(body, span.start, span.end)


def _locked_body(article_id: int) -> str:
    """The article's body, read so that a body correction running now waits for our commit (or we for its).

    PostgreSQL: FOR SHARE conflicts with the correction's FOR UPDATE but not with other span writers.
    SQLite: every transaction here is IMMEDIATE, so we already hold the database's write lock.
    """
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {Article._meta.db_table} WHERE id = %s{lock}", [article_id])
        row = cursor.fetchone()
    if row is None:
        raise ValidationError("The article no longer exists.", code="article_gone")
    return row[0]
