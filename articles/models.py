import re

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Length
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.parsing import body_hash  # defined with the parser (pure); imported from here too
from articles.search_index import SearchDocument
from articles.spans import check_span

_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() or "_"


def name_key(name: str) -> str:
    """How actor names and aliases are matched: case, spacing and punctuation ignored."""
    return _NOT_ALNUM.sub(" ", name.casefold()).strip(" ")


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(
        max_length=253, blank=True, help_text="Web domain, used to recognise the outlet from article URLs."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~Q(domain=""), name="outlet_domain_unique_when_present"
            )
        ]

    def __str__(self):
        return self.name


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        INTERRUPTED = "interrupted", "Interrupted (the report lists what was saved)"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=500, help_text="Where the items came from (file names or paths).")
    format = models.CharField(max_length=50, blank=True, help_text="Formats seen: txt, zip, csv, jsonl.")
    status = models.CharField(max_length=20, choices=Status, default=Status.RUNNING)
    created_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(
        default=list,
        blank=True,
        help_text="One entry per item: name, status (created, duplicate, failed), reason, article id, notes.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"Import #{self.pk} ({self.created_at:%Y-%m-%d %H:%M}): {self.source[:60]}"

    @property
    def total(self) -> int:
        return self.created_count + self.duplicate_count + self.failed_count


# Never needed on a list page, and large: a join from another model defers them too.
HEAVY_ARTICLE_FIELDS = ("body", "raw_text", "cleanup_log", "search_vector")
# The same for a span (quote, annotation) listed with its article: its own vector and the article's heavy fields.
HEAVY_SPAN_FIELDS = ("search_vector", *(f"article__{name}" for name in HEAVY_ARTICLE_FIELDS))


def search_vector_field(*columns: str) -> models.GeneratedField:
    """The stored full-text document of a model (PostgreSQL; NULL on SQLite, see articles/search_index.py)."""
    return models.GeneratedField(
        expression=SearchDocument(*columns),
        output_field=SearchVectorField(),
        db_persist=True,
        help_text="Full-text document (PostgreSQL); filled by the database.",
    )


class SubqueryCount(Subquery):
    """The number of rows of a correlated queryset (of distinct rows with ``distinct``, for
    querysets whose joins can repeat a row)."""

    output_field = models.IntegerField()

    def __init__(self, queryset, *, distinct: bool = False, **extra):
        if distinct:
            self.template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
            queryset = queryset.order_by().values("pk").distinct()
        else:
            queryset = queryset.order_by().annotate(_count=Func(F("pk"), function="COUNT")).values("_count")
        super().__init__(queryset, **extra)


class RowCount(Subquery):
    """The number of rows of a (correlated) queryset that cannot be annotated, such as a union."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rows)"
    output_field = models.IntegerField()


class ArticleQuerySet(models.QuerySet):
    def for_list(self):
        """What list pages need: no heavy text columns, the outlet joined."""
        return self.select_related("outlet").defer(*HEAVY_ARTICLE_FIELDS)

    def with_counts(self):
        """Each article's number of annotations and live quotes (correlated subqueries: use on a
        page of rows, not to sort a whole table)."""
        article = OuterRef("pk")
        return self.annotate(
            annotation_count=SubqueryCount(apps.get_model("annotations", "Annotation").objects.filter(article=article)),
            quote_count=SubqueryCount(Quote.objects.live().filter(article=article)),
        )

    def with_disagreement_count(self):
        """Each article's number of disagreements cited by a side (through its annotations or
        quotes): a correlated count of the UNION of both, each driven by its article_id index."""
        article = OuterRef("pk")
        sides = apps.get_model("annotations", "Position").objects.order_by()
        cited = (
            sides.filter(annotations__article=article)
            .values("disagreement_id")
            .union(sides.filter(quotes__article=article).values("disagreement_id"))
            .order_by()
        )
        return self.annotate(disagreement_count=RowCount(cited))


class Article(models.Model):
    title = models.CharField(max_length=500)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=2000, blank=True, help_text="Normalised source URL; unique when present.")
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    body = models.TextField(help_text="The cleaned text. All quote and annotation offsets refer to it.")
    raw_text = models.TextField(help_text="The text exactly as received (decoded), never changed.")
    cleanup_log = models.JSONField(default=list, blank=True, help_text="Each fix the cleaner made.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = search_vector_field("title", "body")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
        ]
        indexes = [models.Index(fields=["published_on"], name="article_published_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.content_hash = body_hash(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("annotations:workspace", args=[self.pk])  # by name: articles never imports annotations


class ActorQuerySet(models.QuerySet):
    def with_counts(self):
        """Each actor's number of live quotes, annotations (as the actor) and positions."""
        actor = OuterRef("pk")
        return self.annotate(
            quote_count=SubqueryCount(Quote.objects.live().filter(speaker=actor)),
            annotation_count=SubqueryCount(apps.get_model("annotations", "Annotation").objects.filter(actor=actor)),
            position_count=SubqueryCount(apps.get_model("annotations", "Position").objects.filter(actor=actor)),
        )


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        COUNTRY = "country", "Country"
        GROUP = "group", "Group"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.UNKNOWN)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:actor_detail", args=[self.pk])


class ActorAlias(models.Model):
    """Another name an editor has said means this actor ("Moscow" for Russia)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "actor aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class AnchoredSpan(models.Model):
    """A span of an article's body. Subclasses name the field holding the span's text.

    Every save checks the span invariant (articles.spans.check_span); bulk writers call
    ``check_against(body)`` themselves. When a body is corrected, every concrete subclass is
    re-anchored, and what cannot be placed is flagged ``orphaned`` (never deleted).
    """

    span_text_field = "exact"

    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    orphaned = models.BooleanField(
        default=False, help_text="Its text could not be found again after the article body was corrected."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.orphaned:
            self.check_against(self.article.body)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.article_id and not self.orphaned:
            self.check_against(self.article.body)

    @property
    def span_text(self) -> str:
        return getattr(self, self.span_text_field)

    def check_against(self, body: str) -> None:
        check_span(body, self.start, self.end, self.span_text)


class QuoteQuerySet(models.QuerySet):
    def speech(self):
        return self.exclude(kind=Quote.Kind.DESIGNATION)

    def live(self):
        """Quotes editors have not rejected."""
        return self.exclude(status=Quote.Status.REJECTED)

    def untouched(self):
        """The extractor's suggestions nobody has used, which re-extraction may replace: not
        reviewed, not edited, and linked from no annotation and no disagreement position (a link
        is editors' work too; the relations are named, articles never imports annotations)."""
        return self.filter(
            origin=Quote.Origin.EXTRACTED,
            status=Quote.Status.SUGGESTED,
            annotations__isnull=True,
            positions__isnull=True,
        )


class Quote(AnchoredSpan):
    span_text_field = "text"

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct"
        PARTIAL = "partial", "Partial"
        CONTINUATION = "continuation", "Continuation"
        INDIRECT = "indirect", "Indirect"
        DESIGNATION = "designation", "Designation (scare quotes)"

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        EDITOR = "editor", "Added or corrected by an editor"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    # No single-column indexes on the two keys: the composite indexes below start with them and
    # serve their lookups and cascades; one index fewer each to maintain on every imported quote.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes", db_index=False)
    text = models.TextField()
    speaker = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes", db_index=False
    )
    role = models.CharField(max_length=300, blank=True, help_text="The speaker's title as the article gives it.")
    cue = models.CharField(max_length=100, blank=True, help_text='The attribution verb: "said", "told reporters".')
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.DIRECT)
    origin = models.CharField(max_length=20, choices=Origin, default=Origin.EXTRACTED)
    status = models.CharField(max_length=20, choices=Status, default=Status.SUGGESTED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = search_vector_field("text")

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="quote_span_not_empty"),
            models.CheckConstraint(condition=Q(end=F("start") + Length("text")), name="quote_text_length"),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="quote_article_start_idx"),
            models.Index(fields=["speaker", "kind"], name="quote_speaker_kind_idx"),
        ]

    def __str__(self):
        speaker = self.speaker.name if self.speaker_id else "unknown"
        return f"“{self.text[:60]}” ({speaker})"
