"""Import annotations from our own exports (``import_annotations``): the round trip back in.

Annotations keep their ids and timestamps, so exporting again gives the same file. An annotation
whose article is missing, or whose id is taken, is not imported and is reported; one whose text no
longer matches its article is imported flagged ``orphaned`` (as when an article is corrected) and
reported. Tags, actors and authors that do not exist yet are created (authors as inactive users
who cannot log in) and listed in the report.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import batched

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from annotations.import_rows import Incoming, Problem
from annotations.models import Annotation, Disagreement, Position, Tag
from articles.models import Actor, ActorAlias, Article, Quote, name_key
from articles.spans import check_span

CREATED = "created"
ORPHANED = "orphaned"
DUPLICATE = "duplicate"
MISSING_ARTICLE = "missing article"
INVALID = "invalid"
NOT_IMPORTED = (DUPLICATE, MISSING_ARTICLE, INVALID)


@dataclass
class Entry:
    where: str
    id: int | None
    outcome: str
    reason: str = ""


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    entries: list[Entry] = field(default_factory=list)  # everything but plain successes
    notes: list[str] = field(default_factory=list)  # what the import created or changed besides annotations

    def add(self, where: str, id: int | None, outcome: str, reason: str = "") -> None:
        self.counts[outcome] += 1
        if outcome != CREATED:
            self.entries.append(Entry(where, id, outcome, reason))

    @property
    def imported(self) -> int:
        return self.counts[CREATED] + self.counts[ORPHANED]

    @property
    def not_imported(self) -> int:
        return sum(self.counts[outcome] for outcome in NOT_IMPORTED)


def annotations_import(
    *, records: Iterable[Incoming | Problem], user=None, dry_run: bool = False, batch_size: int = 500
) -> ImportReport:
    """Import the records; with ``dry_run`` everything is checked and reported, then rolled back."""
    report = ImportReport()
    lookups = _Lookups(report)
    with transaction.atomic():
        for batch in batched(records, batch_size):
            _import_batch(batch, lookups=lookups, report=report, user=user)
        _reset_sequences([Annotation, Disagreement])
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_batch(batch, *, lookups, report, user) -> None:
    incoming = []
    for record in batch:
        if isinstance(record, Problem):
            report.add(record.where, record.id, INVALID, record.reason)
        else:
            incoming.append(record)
    articles = _articles_for(incoming)
    taken = set(Annotation.objects.filter(id__in=[r.id for r in incoming]).values_list("id", flat=True))
    quote_ids = {r.quote_id for r in incoming if r.quote_id}
    quotes = dict(Quote.objects.filter(id__in=quote_ids).values_list("id", "article"))
    made = []
    for record in incoming:
        if record.id in taken or record.id in lookups.seen_ids:
            report.add(record.where, record.id, DUPLICATE, f"an annotation #{record.id} already exists")
            continue
        lookups.seen_ids.add(record.id)
        article = _match_article(record, articles)
        if article is None:
            report.add(record.where, record.id, MISSING_ARTICLE, _missing_article(record))
            continue
        made.append((record, _annotation(record, article, quotes, lookups=lookups, report=report)))
    if not made:
        return
    annotations = Annotation.objects.bulk_create([annotation for _, annotation in made])
    # created_at/updated_at are auto fields, which every insert sets to now: put the exported ones back.
    for (record, _), annotation in zip(made, annotations, strict=True):
        annotation.created_at, annotation.updated_at = record.created, record.updated
    Annotation.objects.bulk_update(annotations, ["created_at", "updated_at"])
    Annotation.history.bulk_history_create(annotations, default_user=user, default_change_reason="Imported")
    _link_positions(made, lookups=lookups)


def _annotation(record: Incoming, article: Article, quotes: dict, *, lookups, report) -> Annotation:
    try:
        check_span(article.body, record.start, record.end, record.exact)
        orphaned = False
        report.add(record.where, record.id, CREATED)
    except ValidationError as error:
        orphaned = True
        report.add(record.where, record.id, ORPHANED, f"imported but flagged orphaned: {error.messages[0]}")
    quote_id = record.quote_id
    if quote_id and quotes.get(quote_id) != article.pk:
        report.notes.append(f"{record.where}: quote #{quote_id} is not on this article here; the link was left out")
        quote_id = None
    return Annotation(
        id=record.id,
        article=article,
        start=record.start,
        end=record.end,
        exact=record.exact,
        prefix=record.prefix,
        suffix=record.suffix,
        tag=lookups.tag(record.tag),
        actor=lookups.actor(record.actor),
        note=record.note,
        verdict=record.verdict,
        quote_id=quote_id,
        author=lookups.user(record.author),
        orphaned=orphaned,
    )


def _articles_for(records: list[Incoming]) -> dict:
    """Articles by ("url", url) and by ("id", id), only the columns the import needs."""
    urls = {r.article_url for r in records if r.article_url}
    ids = {r.article_id for r in records}
    found = {}
    for article in Article.objects.filter(Q(url__in=urls) | Q(id__in=ids)).only("id", "url", "title", "body"):
        found[("id", article.pk)] = article
        if article.url:
            found[("url", article.url)] = article
    return found


def _match_article(record: Incoming, articles: dict) -> Article | None:
    """The same URL; else the same id with the same title (articles without a URL)."""
    if record.article_url and ("url", record.article_url) in articles:
        return articles[("url", record.article_url)]
    article = articles.get(("id", record.article_id))
    return article if article is not None and article.title == record.article_title else None


def _missing_article(record: Incoming) -> str:
    url = f"URL {record.article_url} nor " if record.article_url else ""
    return f"no article with {url}id {record.article_id} titled “{record.article_title[:80]}”"


def _link_positions(made: list[tuple[Incoming, Annotation]], *, lookups) -> None:
    by_position: dict[int, tuple[Position, list[int]]] = {}
    for record, annotation in made:
        for incoming in record.positions:
            position = lookups.position(incoming, creator=annotation.author, where=record.where)
            by_position.setdefault(position.pk, (position, []))[1].append(annotation.pk)
    for position, annotation_ids in by_position.values():
        position.annotations.add(*annotation_ids)  # one write (and one history entry) per position


def _reset_sequences(models) -> None:
    # Rows were inserted with their exported ids; make the next new row's id come after them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


class _Lookups:
    """Tags, actors, users, disagreements and positions by name, found or created once per import."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.seen_ids: set[int] = set()
        self._tags: dict[str, Tag] = {}
        self._actors: dict[str, Actor | None] = {"": None}
        self._users: dict[str, object] = {}
        self._disagreements: dict[tuple[int, str], Disagreement] = {}
        self._positions: dict[tuple[int, int], Position] = {}

    def tag(self, name: str) -> Tag:
        if name not in self._tags:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name, slug=_free_slug(name))
                self.report.notes.append(f"created the tag “{name}”")
            self._tags[name] = tag
        return self._tags[name]

    def actor(self, name: str) -> Actor | None:
        if name not in self._actors:
            key = name_key(name)
            actor = Actor.objects.filter(name_key=key).first()
            if actor is None:
                alias = ActorAlias.objects.select_related("actor").filter(key=key).first()
                actor = alias.actor if alias else None
            if actor is None:
                actor = Actor.objects.create(name=name)
                self.report.notes.append(f"created the actor “{name}”")
            self._actors[name] = actor
        return self._actors[name]

    def user(self, username: str):
        if username not in self._users:
            model = get_user_model()
            user = model.objects.filter(username=username).first()
            if user is None:
                user = model(username=username, is_active=False)
                user.set_unusable_password()
                user.save()
                self.report.notes.append(f"created the user “{username}” (inactive, cannot log in)")
            self._users[username] = user
        return self._users[username]

    def disagreement(self, disagreement_id: int, subject: str, *, creator) -> Disagreement:
        key = (disagreement_id, subject)
        if key not in self._disagreements:
            found = Disagreement.objects.filter(pk=disagreement_id).first()
            if found is None:
                found = Disagreement.objects.create(id=disagreement_id, subject=subject, created_by=creator)
                self.report.notes.append(f"created the disagreement #{disagreement_id} “{subject}”")
            elif found.subject != subject:
                # The id means another dispute here: use one with this subject, or start one.
                found = Disagreement.objects.filter(subject=subject).order_by("id").first()
                if found is None:
                    found = Disagreement.objects.create(subject=subject, created_by=creator)
                self.report.notes.append(
                    f"disagreement #{disagreement_id} is another subject here; “{subject}” is #{found.pk}"
                )
            self._disagreements[key] = found
        return self._disagreements[key]

    def position(self, incoming, *, creator, where: str) -> Position:
        disagreement = self.disagreement(incoming.disagreement_id, incoming.subject, creator=creator)
        actor = self.actor(incoming.actor)
        key = (disagreement.pk, actor.pk)
        if key not in self._positions:
            position, created = Position.objects.get_or_create(
                disagreement=disagreement, actor=actor, defaults={"stance": incoming.stance}
            )
            if not created and position.stance != incoming.stance:
                self.report.notes.append(
                    f"{where}: {actor} already holds “{position.stance}” in #{disagreement.pk}, "
                    f"not “{incoming.stance}”; kept it"
                )
            self._positions[key] = position
        return self._positions[key]


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "tag"
    slug, number = base, 1
    while Tag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
