"""Export endpoints: stream a file of what the GET parameters select, and log the export.

Every logged-in user may read (and so export) everything; the filters are the matching list's own
(annotations, quotes, disagreements), passed the query string as it is, so an export holds exactly
what the list shows.
"""

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations.exporting import BASE_QUERYSETS, FORMATS, export_log_start, export_stream, filename
from annotations.filters import AnnotationFilter, DisagreementFilter
from annotations.models import ExportLog
from articles.filters import QuoteFilter

CONTENT_TYPES = {
    ExportLog.Format.CSV: "text/csv; charset=utf-8",
    ExportLog.Format.JSONL: "application/jsonl; charset=utf-8",
    ExportLog.Format.W3C: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
    ExportLog.Format.CLAIMREVIEW: "application/ld+json; charset=utf-8",
}
# Display-only parameters of the list page: an export has its own order (by id) and no pages.
IGNORED_PARAMS = {"page", "sort", "csrfmiddlewaretoken"}
FILTERS = {
    ExportLog.Kind.ANNOTATIONS: AnnotationFilter,
    ExportLog.Kind.QUOTES: QuoteFilter,
    ExportLog.Kind.DISAGREEMENTS: DisagreementFilter,
}


@login_required
@require_GET
def export(request):
    return _filtered_export(request, ExportLog.Kind.ANNOTATIONS)


@login_required
@require_GET
def export_quotes(request):
    return _filtered_export(request, ExportLog.Kind.QUOTES)


@login_required
@require_GET
def export_disagreements(request):
    return _filtered_export(request, ExportLog.Kind.DISAGREEMENTS)


def _filtered_export(request, kind):
    problems = _format_problems(request, kind)
    params = request.GET.copy()
    for name in IGNORED_PARAMS:
        params.pop(name, None)
    filterset = FILTERS[kind](params, queryset=BASE_QUERYSETS[kind]())
    if not filterset.is_valid():
        problems += [f"{_label(filterset, name)}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
    if problems:
        return _bad_request(request, problems)
    return export_response(request, kind=kind, queryset=filterset.qs, via=ExportLog.Via.WEB)


def export_response(request, *, kind, queryset, via, filters=None, format=None):
    """The streamed, logged export; shared by these views and the admin action."""
    if filters is None:
        filters = {
            key: values[0] if len(values) == 1 else values
            for key, values in request.GET.lists()
            if key not in IGNORED_PARAMS and key != "format"
        }
    log = export_log_start(
        user=request.user,
        kind=kind,
        format=format or request.GET.get("format") or ExportLog.Format.CSV,
        via=via,
        filters=filters,
    )
    stream = export_stream(log=log, queryset=queryset, base_url=request.build_absolute_uri("/"))
    response = StreamingHttpResponse(_closing(stream), content_type=CONTENT_TYPES[log.format])
    response["Content-Disposition"] = f'attachment; filename="{filename(log)}"'
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # let a proxy pass the rows on as they come
    return response


def _closing(stream):
    try:
        yield from stream
    finally:
        stream.close()  # a client that goes away stops the query and gets the export logged as incomplete


def _format_problems(request, kind) -> list[str]:
    fmt = request.GET.get("format") or ExportLog.Format.CSV
    if fmt in FORMATS[kind]:
        return []
    return [f"format: “{fmt[:40]}” is not one of {', '.join(FORMATS[kind])}."]


def _label(filterset, name: str) -> str:
    field = filterset.form.fields.get(name)
    return str(field.label) if field is not None and field.label else name


def _bad_request(request, problems):
    return render(request, "annotations/export_error.html", {"problems": problems}, status=400)
