"""Merging actors that name the same speaker ("NAO" and "National Audit Office", "Corbett" and
"Ronnie Corbett"): extraction creates one actor per name it meets, and an editor may too.

One actor is kept. Every record that points to the others (quotes, annotations, disagreement
positions: found through the model relations, so that this app imports no other) moves to it,
with a history row that names the merge; the others' names and aliases become its aliases, so
that a later import or re-extraction finds the kept actor under any of them; then the others
are deleted. Nothing is changed when a record cannot belong to the kept actor as well (two
positions in one disagreement): the editor is told which, and merges those by hand first.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count

from articles.history import keep_states_before_first_change
from articles.models import HEAVY_ARTICLE_FIELDS, Actor, ActorAlias, name_key


@dataclass(frozen=True)
class MergeResult:
    kept: Actor
    merged: list[str]  # the names of the actors merged into ``kept`` (now its aliases)
    moved: dict[str, int] = field(default_factory=dict)  # records moved, by their plural name


def actors_merge(*, into: Actor, others: Sequence[Actor], user) -> MergeResult:
    """Merge ``others`` into ``into`` (see the module docstring); one transaction."""
    if not (user.is_authenticated and user.has_perms(["articles.change_actor", "articles.delete_actor"])):
        raise PermissionDenied("Only editors who may change and delete actors can merge them.")
    other_ids = sorted({actor.pk for actor in others} - {into.pk})
    if not other_ids:
        raise ValidationError("Choose at least one actor to merge besides the one to keep.")
    with transaction.atomic():
        locked = {a.pk: a for a in Actor.objects.select_for_update().filter(pk__in=[into.pk, *other_ids])}
        if len(locked) != len(other_ids) + 1:
            raise ValidationError("An actor to merge no longer exists: reload the list and try again.")
        kept, merged = locked[into.pk], [locked[pk] for pk in other_ids]
        for relation in _relations():
            _refuse_conflicts(relation, kept, merged)
        moved = {
            str(relation.related_model._meta.verbose_name_plural): _move(relation, kept, merged, user)
            for relation in _relations()
        }
        names = [actor.name for actor in merged]
        ActorAlias.objects.filter(actor__in=merged).update(actor=kept)
        Actor.objects.filter(pk__in=other_ids).delete()
        _add_aliases(kept, names)
    return MergeResult(kept=kept, merged=names, moved=moved)


def _relations() -> list[models.ManyToOneRel]:
    """The foreign keys to Actor of the records an actor speaks or stands in (not its aliases)."""
    return [
        relation
        for relation in Actor._meta.related_objects
        if relation.one_to_many and relation.related_model is not ActorAlias
    ]


def _refuse_conflicts(relation: models.ManyToOneRel, kept: Actor, merged: list[Actor]) -> None:
    """Raise when the move would break one of the model's unique constraints on the actor
    (a disagreement has one position per actor)."""
    model, key = relation.related_model, relation.field.name
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or key not in constraint.fields:
            continue
        together = [name for name in constraint.fields if name != key]
        clashes = (
            model._default_manager.filter(**{f"{key}__in": [kept, *merged]})
            .values(*together)
            .annotate(count=Count("pk"))
            .filter(count__gt=1)
        )
        if clashes:
            where = "; ".join(_describe(model, row) for row in clashes)
            raise ValidationError(
                f"{kept.name} and an actor merged into it both have {model._meta.verbose_name_plural} in: "
                f"{where}. Merge or delete one of each pair first; nothing was changed."
            )


def _describe(model, row: dict) -> str:
    parts = []
    for name, value in row.items():
        if name == "count":
            continue
        target = model._meta.get_field(name)
        found = target.related_model._default_manager.filter(pk=value).first() if target.is_relation else value
        parts.append(f"{target.verbose_name} “{found}”")
    return ", ".join(parts)


def _move(relation: models.ManyToOneRel, kept: Actor, merged: list[Actor], user) -> int:
    """Point the relation's records at ``kept``, each saved with a history row; the count moved."""
    model, key = relation.related_model, relation.field.name
    records = model._default_manager.filter(**{f"{key}__in": merged})
    if any(f.name == "article" for f in model._meta.concrete_fields):
        # a span checks its text against the body on save; the article's other texts stay behind
        heavy = [f"article__{name}" for name in HEAVY_ARTICLE_FIELDS if name != "body"]
        records = records.select_related("article").defer(*heavy)
    records = list(records)
    if hasattr(model, "history") and all(hasattr(record, "created_at") for record in records):
        keep_states_before_first_change(records)  # quotes written in bulk have no history yet
    names = {actor.pk: actor.name for actor in merged}
    for record in records:
        old = names[getattr(record, f"{key}_id")]
        setattr(record, key, kept)
        if hasattr(record, "version"):
            record.version += 1  # a form opened before the merge must not save over it
        record._history_user = user
        record._change_reason = f"actor merge: {old} → {kept.name}"
        record.save()
    return len(records)


def _add_aliases(kept: Actor, names: list[str]) -> None:
    """The merged names as aliases of ``kept``, but for one that is its own name or an alias already."""
    taken = set(ActorAlias.objects.filter(key__in=[name_key(n) for n in names]).values_list("key", flat=True))
    for name in names:
        key = name_key(name)
        if key and key != kept.name_key and key not in taken:
            ActorAlias.objects.create(actor=kept, name=name[: ActorAlias._meta.get_field("name").max_length])
            taken.add(key)
