"""How workspace endpoints answer: htmx requests get partials with a status that says what happened
(201/200 done, 422 invalid, 409 stale), other requests get pages and redirects."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django_htmx.http import reswap, retarget, trigger_client_event

from annotations.changes import describe_changes

CREATED, OK, CONFLICT, INVALID = 201, 200, 409, 422


def form_response(request, template: str, context: dict, *, status: int = OK) -> HttpResponse:
    """The form partial for htmx, or the same partial inside a full page."""
    if request.htmx:
        return render(request, template, context, status=status)
    return render(request, "annotations/form_page.html", {**context, "partial": template}, status=status)


def done(request, *, event: str, detail: dict, message: str, next_url: str, status: int = OK, undo: str = ""):
    """A write succeeded: htmx gets a toast and an event the page listens to; others a redirect."""
    if not request.htmx:
        messages.success(request, message)
        return redirect(next_url)
    response = _toast(request, message, "success", status, undo=undo)
    return trigger_client_event(response, event, detail, after="swap")


def refused(request, error: ValidationError, *, next_url: str, status: int = INVALID) -> HttpResponse:
    """A write was refused (stale, invalid): a toast for htmx, a message and a redirect otherwise."""
    text = " ".join(error.messages)
    if not request.htmx:
        messages.error(request, text)
        return redirect(next_url)
    return _toast(request, text, "danger", status)


def conflict_details(error, *, base_version: int, fields) -> dict:
    """What the editor needs to see about a refused stale save: who changed what since their version.

    ``fields`` turns the object (or a historical record of it) into labelled display values.
    """
    current = error.current
    before = current.history.filter(version=base_version).order_by("-history_date").first()
    latest = current.history.order_by("-history_date").select_related("history_user").first()
    changes = describe_changes(fields(before), fields(current)) if before else []
    return {"message": error.message, "changes": changes, "by": latest.history_user, "at": latest.history_date}


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form shows it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        shown = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if shown else None, errors)


def _toast(request, message: str, level: str, status: int, undo: str = "") -> HttpResponse:
    # No request context: the toast needs none, and every save answers with one.
    html = render_to_string("annotations/toast.html", {"message": message, "level": level, "undo": undo})
    return reswap(retarget(HttpResponse(html, status=status), "#toasts"), "beforeend")
