"""What the article page shows, read in a fixed number of queries whatever the number of spans."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from annotations import roles
from annotations.highlighting import Span, highlight
from annotations.models import Annotation, Disagreement, Position, Tag, Verdict
from annotations.panel import Row, render_rows
from annotations.pins import pin_keys
from articles.models import Article, Quote


class UrlPattern:
    """``reverse()`` once, then fill in ids: at 1,000 rows, reversing per row costs more than the row."""

    SENTINEL = 987654321

    def __init__(self, name: str, *fixed: int):
        self.head, _, self.tail = reverse(name, args=[*fixed, self.SENTINEL]).partition(str(self.SENTINEL))

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


@dataclass
class Access:
    annotate: bool
    change_others: bool
    review_quotes: bool
    link: bool  # record disagreements

    @classmethod
    def of(cls, user) -> "Access":
        return cls(
            annotate=roles.can_annotate(user),
            change_others=user.has_perm("annotations.change_others_annotation"),
            review_quotes=user.has_perm("articles.change_quote"),
            link=user.has_perm("annotations.add_disagreement") and user.has_perm("annotations.add_position"),
        )


@dataclass
class Workspace:
    article: Article
    access: Access
    tags: list[Tag]
    body_html: SafeString = mark_safe("")
    rows_html: SafeString = mark_safe("")  # the side panel's rows, in text order
    rows: list[Row] = field(default_factory=list)
    orphans: list[Row] = field(default_factory=list)
    rejected: list[Row] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    deleted: list = field(default_factory=list)  # the last historical record of each deleted annotation

    @property
    def annotation_count(self) -> int:
        return sum(row.kind == "annotation" for row in (*self.rows, *self.orphans))

    @property
    def quote_count(self) -> int:
        return sum(row.kind == "quote" for row in self.rows)


ANNOTATION_COLUMNS = (
    "id", "start", "end", "exact", "version", "orphaned", "tag_id", "actor_id", "actor__name",
    "verdict", "note", "author_id", "author__username",
)  # fmt: skip
QUOTE_COLUMNS = (
    "id", "start", "end", "text", "version", "orphaned", "speaker_id", "speaker__name",
    "status", "kind", "role", "cue", "origin",
)  # fmt: skip


def workspace_for(article: Article, user, session) -> Workspace:
    """Everything the page shows. Spans are read as plain rows: at 1,000 annotations, building model
    instances would cost more than the rest of the page."""
    access = Access.of(user)
    page = Workspace(article=article, access=access, tags=list(Tag.objects.all()))
    pinned = pin_keys(session)
    for row in _annotation_rows(article, user, access, page.tags, pinned):
        (page.orphans if row.orphaned else page.rows).append(row)
    for row in _quote_rows(article, access, pinned):
        if row.orphaned:
            page.orphans.append(row)
        elif row.status == Quote.Status.REJECTED:
            page.rejected.append(row)
        else:
            page.rows.append(row)
    page.rows.sort(key=lambda row: (row.start, -row.end, row.kind != "quote", row.pk))
    spans = [Span(row.start, row.end, row.key, row.kind, _css(row), row.label) for row in page.rows]
    # Safe: the highlighter and the panel renderer escape every character of text and attributes.
    page.body_html = mark_safe(highlight(article.body, spans))
    page.rows_html = mark_safe(render_rows(page.rows, can_link=access.link, pins_url=reverse("annotations:pins")))
    page.disagreements = _disagreements(article)
    names = {tag.pk: tag.name for tag in page.tags}
    page.deleted = _deleted(article)
    for record in page.deleted:
        record.tag_name = names.get(record.tag_id, "")
    return page


def _annotation_rows(article: Article, user, access: Access, tags: list[Tag], pinned: frozenset[str]):
    edit, delete, history = (UrlPattern(f"annotations:annotation_{action}") for action in ("edit", "delete", "history"))
    actor_url = UrlPattern("articles:actor_detail")
    tag_names = {tag.pk: tag.name for tag in tags}
    verdicts = dict(Verdict.choices)
    values = Annotation.objects.filter(article=article).order_by().values_list(*ANNOTATION_COLUMNS)
    for pk, start, end, exact, version, orphaned, tag_id, actor_id, actor, verdict, note, author_id, author in values:
        yield Row(
            "annotation",
            pk,
            start,
            end,
            exact,
            version,
            orphaned=orphaned,
            can_change=access.annotate and (author_id == user.pk or access.change_others),
            pinned=f"annotation-{pk}" in pinned,
            urls={
                "edit": edit(pk),
                "delete": delete(pk),
                "history": history(pk),
                "actor": actor_url(actor_id) if actor_id else "",
            },
            tag_id=tag_id,
            tag_name=tag_names.get(tag_id, ""),
            verdict=verdict,
            verdict_label=verdicts.get(verdict, ""),
            note=note,
            author=author,
            actor_id=actor_id,
            actor=actor or "",
        )


def _quote_rows(article: Article, access: Access, pinned: frozenset[str]):
    edit, status_url = (UrlPattern(f"annotations:quote_{action}", article.pk) for action in ("edit", "status"))
    actor_url = UrlPattern("articles:actor_detail")
    statuses, kinds, origins = dict(Quote.Status.choices), dict(Quote.Kind.choices), dict(Quote.Origin.choices)
    values = Quote.objects.filter(article=article).order_by().values_list(*QUOTE_COLUMNS)
    for pk, start, end, text, version, orphaned, speaker_id, speaker, status, kind, role, cue, origin in values:
        yield Row(
            "quote",
            pk,
            start,
            end,
            text,
            version,
            orphaned=orphaned,
            can_change=access.review_quotes,
            pinned=f"quote-{pk}" in pinned,
            urls={"edit": edit(pk), "status": status_url(pk), "actor": actor_url(speaker_id) if speaker_id else ""},
            actor_id=speaker_id,
            actor=speaker or "",
            status=status,
            status_label=statuses.get(status, status),
            quote_kind=kind,
            kind_label=kinds.get(kind, kind),
            role=role,
            cue=cue,
            origin_label=origins.get(origin, origin),
        )


def _css(row: Row) -> str:
    return f"tag-{row.tag_id}" if row.kind == "annotation" else f"quote-{row.status}"


def _disagreements(article: Article) -> list[Disagreement]:
    touching = Q(pk__in=Position.objects.filter(annotations__article=article).values("disagreement_id")) | Q(
        pk__in=Position.objects.filter(quotes__article=article).values("disagreement_id")
    )
    positions = Position.objects.select_related("actor").prefetch_related(
        Prefetch("annotations", queryset=Annotation.objects.only("id", "article_id", "start", "exact")),
        Prefetch("quotes", queryset=Quote.objects.only("id", "article_id", "start", "text")),
    )
    found = list(Disagreement.objects.filter(touching).prefetch_related(Prefetch("positions", queryset=positions)))
    workspace_url = UrlPattern("annotations:workspace")
    for disagreement in found:
        disagreement.sides = [_side(position, article.pk, workspace_url) for position in disagreement.positions.all()]
        here = [span.start for side in disagreement.sides for span in side["spans"] if span.here]
        disagreement.first_start = min(here, default=len(article.body))
    found.sort(key=lambda disagreement: (disagreement.first_start, disagreement.pk))
    return found


@dataclass(frozen=True)
class SideSpan:
    """A span stating one side of a disagreement: here (a fragment link) or in another article."""

    key: str
    start: int
    text: str
    here: bool
    url: str


def _side(position: Position, article_id: int, workspace_url: UrlPattern) -> dict:
    spans = [
        SideSpan(
            f"{kind}-{span.pk}",
            span.start,
            text,
            span.article_id == article_id,
            f"{'' if span.article_id == article_id else workspace_url(span.article_id)}#{kind}-{span.pk}",
        )
        for kind, related, attr in (("annotation", position.annotations, "exact"), ("quote", position.quotes, "text"))
        for span in related.all()
        for text in [getattr(span, attr)]
    ]
    return {"position": position, "spans": sorted(spans, key=lambda span: (not span.here, span.start))}


def _deleted(article: Article, limit: int = 10) -> list:
    """The article's recently deleted annotations (their last record), newest first, for undo."""
    records = (
        Annotation.history.filter(article_id=article.pk, history_type="-")
        .exclude(id__in=Annotation.objects.filter(article=article).values("id"))
        .select_related("history_user")
        .order_by("-history_date")[: limit * 2]
    )
    seen, latest = set(), []
    for record in records:
        if record.id not in seen:
            seen.add(record.id)
            latest.append(record)
    return latest[:limit]
