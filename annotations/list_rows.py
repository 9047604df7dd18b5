"""The rows of the annotation list as HTML, built in Python (see articles/list_rows.py for why)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.list_rows import DATE, span_in_context

CREATED = "j M Y H:i"
ORPHANED = mark_safe(' <span class="badge text-bg-warning">orphaned</span>')
NO_ACTOR = mark_safe('<span class="text-body-secondary">—</span>')


def annotation_rows(annotations) -> SafeString:
    """The <tr> of each annotation of the list (loaded with Annotation.objects.for_list())."""
    return format_html_join("\n", "{}", ((_annotation_row(annotation),) for annotation in annotations))


def _annotation_row(annotation) -> SafeString:
    tag, article, actor = annotation.tag, annotation.article, annotation.actor
    workspace_url = reverse("annotations:workspace", args=[annotation.article_id])
    return format_html(
        "<tr>\n"
        '<td><span class="badge" style="background-color: {}; color: #000">{}</span></td>\n'
        '<td><a class="text-reset text-decoration-none" href="{}#annotation-{}" title="Open in the article">{}</a>\n'
        "{}\n{}</td>\n"
        "<td>{}</td>\n"
        "<td>{}</td>\n"
        '<td><a href="{}">{}</a>\n'
        '<div class="small text-body-secondary">{}{}</div></td>\n'
        '<td class="small">{}<div class="text-body-secondary">{}</div></td>\n'
        "</tr>",
        tag.colour,
        tag.name,
        workspace_url,
        annotation.pk,
        span_in_context(annotation.prefix, annotation.exact, annotation.suffix, tag.colour),
        ORPHANED if annotation.orphaned else "",
        format_html('<div class="small">{}</div>', annotation.note) if annotation.note else "",
        format_html('<a href="{}">{}</a>', actor.get_absolute_url(), actor.name) if actor else NO_ACTOR,
        annotation.get_verdict_display() or "",
        workspace_url,
        article.title,
        article.outlet or "",
        f" · {format_date(article.published_on, DATE)}" if article.published_on else "",
        annotation.author,
        format_date(timezone.localtime(annotation.created_at), CREATED) if annotation.created_at else "",
    )
