"""The rows of the annotation list as HTML, built in Python (see articles/list_rows.py for why)."""

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe

from articles.list_rows import DATE, html, span_in_context, url_maker

CREATED = "j M Y H:i"


def annotation_rows(annotations) -> SafeString:
    """The <tr> of each annotation of the list (loaded with Annotation.objects.for_list())."""
    workspace_url, actor_url = url_maker("annotations:workspace"), url_maker("articles:actor_detail")
    out = []
    for annotation in annotations:
        tag, article, actor = annotation.tag, annotation.article, annotation.actor
        workspace = workspace_url(annotation.article_id)
        span = span_in_context(annotation.prefix, annotation.exact, annotation.suffix, tag.colour)
        orphaned = ' <span class="badge text-bg-warning">orphaned</span>' if annotation.orphaned else ""
        note = f'<div class="small">{html(annotation.note)}</div>' if annotation.note else ""
        who = (
            f'<a href="{actor_url(actor.pk)}">{html(actor.name)}</a>'
            if actor
            else '<span class="text-body-secondary">—</span>'
        )
        published = f" · {format_date(article.published_on, DATE)}" if article.published_on else ""
        created = format_date(timezone.localtime(annotation.created_at), CREATED) if annotation.created_at else ""
        out.append(
            f'<tr>\n<td><span class="badge" style="background-color: {html(tag.colour)}; color: #000">'
            f"{html(tag.name)}</span></td>\n"
            f'<td><a class="text-reset text-decoration-none" href="{workspace}#annotation-{annotation.pk}" '
            f'title="Open in the article">{span}</a>\n{orphaned}\n{note}</td>\n'
            f"<td>{who}</td>\n<td>{html(annotation.get_verdict_display() or '')}</td>\n"
            f'<td><a href="{workspace}">{html(article.title)}</a>\n'
            f'<div class="small text-body-secondary">{html(article.outlet or "")}{html(published)}</div></td>\n'
            f'<td class="small">{html(annotation.author)}<div class="text-body-secondary">{html(created)}</div></td>\n'
            "</tr>\n"
        )
    return mark_safe("".join(out))  # every value escaped (articles.list_rows.html)
