from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from simple_history.models import HistoricalRecords

from articles.models import HEAVY_SPAN_FIELDS, Actor, AnchoredSpan, Article, Quote, search_vector_field


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    colour = models.CharField(
        max_length=7,
        default="#ffe066",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a hex colour such as #ffcc00.")],
    )
    shortcut = models.CharField(
        max_length=1,
        blank=True,
        validators=[RegexValidator(r"^[1-9]$", "A shortcut is one digit from 1 to 9.")],
        help_text="Key 1-9 that applies this tag in the workspace.",
    )
    has_verdict = models.BooleanField(default=False, help_text="Annotations with this tag carry a verdict.")
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["shortcut"], condition=~Q(shortcut=""), name="tag_shortcut_unique_when_present"
            )
        ]

    def __str__(self):
        return self.name


class Verdict(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    ACCURATE = "accurate", "Accurate"
    MISLEADING = "misleading", "Misleading"
    FALSE = "false", "False"
    UNSUPPORTED = "unsupported", "Unsupported"


class AnnotationQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("tag", "actor", "author", "quote__speaker")

    def for_list(self):
        """What list pages show: the annotation, its tag, actor and author, its article's title and outlet."""
        return self.select_related("tag", "actor", "author", "article__outlet").defer(*HEAVY_SPAN_FIELDS)


class Annotation(AnchoredSpan):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    exact = models.TextField(help_text="The annotated text: article.body[start:end].")
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="annotations")
    # PROTECT: deleting an actor must not empty the claimant of an editor's annotation without a
    # word; the admin says which annotations stand in the way (merging actors moves them).
    actor = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annotations",
        help_text="The claimant or party.",
    )
    note = models.TextField(blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict, blank=True)
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = search_vector_field("exact", "note")

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start", "end", "id"]
        permissions = [("change_others_annotation", "Can change or delete annotations of other editors")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="annotation_span_not_empty"),
            models.CheckConstraint(condition=Q(end=F("start") + Length("exact")), name="annotation_exact_length"),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(verdict__in=Verdict.values), name="annotation_verdict_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start"], name="annotation_article_start_idx"),
            models.Index(fields=["tag", "created_at"], name="annotation_tag_created_idx"),
            models.Index(fields=["actor"], name="annotation_actor_idx"),
            models.Index(fields=["author", "created_at"], name="annotation_author_created_idx"),
        ]

    def __str__(self):
        return f"{self.tag}: “{self.exact[:60]}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#annotation-{self.pk}"


class Disagreement(models.Model):
    subject = models.CharField(max_length=300, help_text='What the parties disagree on: "Designation of X".')
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disagreements")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.subject

    def articles_involved(self) -> list[Article]:
        """The articles of the spans its sides cite, first seen first (prefetch positions with their
        annotations and quotes, articles joined, to avoid a query per side)."""
        articles: dict[int, Article] = {}
        for position in self.positions.all():
            for span in [*position.annotations.all(), *position.quotes.all()]:
                articles.setdefault(span.article_id, span.article)
        return list(articles.values())


class Position(models.Model):
    """One side of a disagreement: an actor, its stance, and the spans that state it."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="positions")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=300, help_text='The position in a few words: "extremist".')
    annotations = models.ManyToManyField(Annotation, blank=True, related_name="positions")
    quotes = models.ManyToManyField(Quote, blank=True, related_name="positions")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[annotations, quotes])

    class Meta:
        ordering = ["disagreement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["disagreement", "actor"], name="position_one_per_actor"),
        ]

    def __str__(self):
        return f"{self.actor}: {self.stance}"


class ExportLog(models.Model):
    """One export: who asked for what, through which door, and how many rows left."""

    class Kind(models.TextChoices):
        ANNOTATIONS = "annotations", "Annotations"
        QUOTES = "quotes", "Quotes"
        DISAGREEMENTS = "disagreements", "Disagreements"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSONL = "jsonl", "JSON Lines"
        W3C = "w3c", "W3C Web Annotation (JSON-LD)"
        CLAIMREVIEW = "claimreview", "schema.org ClaimReview (JSON-LD)"

    class Via(models.TextChoices):
        WEB = "web", "Web"
        ADMIN = "admin", "Admin action"
        COMMAND = "command", "Management command"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ANNOTATIONS)
    format = models.CharField(max_length=20, choices=Format)
    via = models.CharField(max_length=10, choices=Via)
    filters = models.JSONField(default=dict, blank=True, help_text="The parameters the export was asked with.")
    rows = models.PositiveIntegerField(default=0, help_text="Rows (or objects) written.")
    complete = models.BooleanField(default=False, help_text="False when the export stopped before its end.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="exportlog_user_created_idx")]

    def __str__(self):
        who = self.user or "command line"
        return f"{self.get_kind_display()} as {self.get_format_display()} by {who} ({self.created_at:%Y-%m-%d %H:%M})"
