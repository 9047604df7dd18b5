"""What the article page shows, read in a fixed number of queries whatever the number of spans."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from annotations import roles
from annotations.highlighting import Span, highlight
from annotations.models import Annotation, Disagreement, Position, Tag
from annotations.pins import pin_keys
from articles.models import Article, Quote


@dataclass
class Item:
    """One annotation or quote in the side panel."""

    kind: str  # "annotation" | "quote"
    obj: Annotation | Quote
    can_change: bool = False
    urls: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.obj.pk}"


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
    body_html: SafeString
    items: list[Item] = field(default_factory=list)  # in text order
    orphans: list[Item] = field(default_factory=list)
    rejected: list[Item] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    deleted: list = field(default_factory=list)  # historical records of deleted annotations
    pinned: frozenset[str] = frozenset()

    @property
    def annotation_count(self) -> int:
        return sum(item.kind == "annotation" for item in self.items) + sum(
            item.kind == "annotation" for item in self.orphans
        )

    @property
    def quote_count(self) -> int:
        return sum(item.kind == "quote" for item in self.items)


def workspace_for(article: Article, user, session) -> Workspace:
    access = Access.of(user)
    tags = list(Tag.objects.all())
    annotations = list(Annotation.objects.filter(article=article).with_related())
    quotes = list(Quote.objects.filter(article=article).select_related("speaker"))
    page = Workspace(article=article, access=access, tags=tags, body_html=mark_safe(""), pinned=pin_keys(session))
    edit, delete, history = (UrlPattern(f"annotations:annotation_{action}") for action in ("edit", "delete", "history"))
    quote_edit, quote_status = (UrlPattern(f"annotations:quote_{action}", article.pk) for action in ("edit", "status"))
    for annotation in annotations:
        own = annotation.author_id == user.pk
        pk = annotation.pk
        item = Item("annotation", annotation, can_change=access.annotate and (own or access.change_others))
        item.urls = {"edit": edit(pk), "delete": delete(pk), "history": history(pk)}
        (page.orphans if annotation.orphaned else page.items).append(item)
    for quote in quotes:
        item = Item("quote", quote, can_change=access.review_quotes)
        item.urls = {"edit": quote_edit(quote.pk), "status": quote_status(quote.pk)}
        if quote.orphaned:
            page.orphans.append(item)
        elif quote.status == Quote.Status.REJECTED:
            page.rejected.append(item)
        else:
            page.items.append(item)
    page.items.sort(key=lambda item: (item.obj.start, -item.obj.end, item.kind != "quote", item.obj.pk))
    # Safe: the highlighter escapes every character of the body and every attribute.
    page.body_html = mark_safe(highlight(article.body, [_span(item) for item in page.items]))
    page.disagreements = _disagreements(article)
    names = {tag.pk: tag.name for tag in tags}
    page.deleted = _deleted(article)
    for record in page.deleted:
        record.tag_name = names.get(record.tag_id, "")
    return page


def annotation_label(annotation: Annotation) -> str:
    parts = [annotation.tag.name]
    if annotation.actor_id:
        parts.append(annotation.actor.name)
    if annotation.verdict:
        parts.append(annotation.get_verdict_display())
    parts.append(f"by {annotation.author.get_username()}")
    return " · ".join(parts)


def quote_label(quote: Quote) -> str:
    speaker = quote.speaker.name if quote.speaker_id else "speaker unknown"
    return f"{quote.get_kind_display()} quote · {speaker} · {quote.get_status_display().lower()}"


def _span(item: Item) -> Span:
    obj = item.obj
    if item.kind == "annotation":
        return Span(obj.start, obj.end, item.key, "annotation", f"tag-{obj.tag_id}", annotation_label(obj))
    return Span(obj.start, obj.end, item.key, "quote", f"quote-{obj.status}", quote_label(obj))


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
