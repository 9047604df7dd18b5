"""The filter forms of the list pages, drawn quickly: every choice list in one query, and the form
rendered by crispy once per choices and submitted data.

Rendering a filter form took 7-10 ms of CPU, most of a list page's time, and its choice lists
(outlets, tags, actors, users) four queries, on PostgreSQL each through a server-side cursor
(three round trips). The HTML depends only on the choices and the data, so it is cached under a
digest of both: a new actor or a renamed tag changes the key, never leaves a stale form.
"""

import hashlib

from crispy_forms.utils import render_crispy_form
from django import forms
from django.core.cache import cache
from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString, mark_safe

CACHE_SECONDS = 3600


def filter_form_html(filterset) -> SafeString:
    """The filter set's form as crispy renders it, from the cache when the choices and data are the same."""
    form = filterset.form
    choices = load_choices(form)
    data = filterset.data or {}
    params = sorted((key, tuple(data.getlist(key))) for key in data if key != "page") if data else []
    source = repr((type(filterset).__module__, type(filterset).__qualname__, choices, params))
    key = "filter-form:" + hashlib.blake2b(source.encode(), digest_size=16).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(render_crispy_form(form))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # crispy's own output


def load_choices(form) -> dict[str, list[tuple[int, str]]]:
    """Read the choices of every select of model instances of the form in one query, and give
    them to the fields' widgets (so that rendering queries nothing). Labels are the ``name`` (the
    ``USERNAME_FIELD`` of users), which is what these models' ``__str__`` shows."""
    fields = {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField) and not field.widget.is_hidden
    }
    if not fields:
        return {}
    branches = [_choice_rows(index, field.queryset) for index, field in enumerate(fields.values())]
    lists = [[] for _ in fields]
    rows = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    for index, pk, label, _number in rows.order_by("choice_list", "choice_number"):
        lists[index].append((pk, label))
    for field, choices in zip(fields.values(), lists, strict=True):
        field.widget.choices = _leading_choices(field) + choices
    return dict(zip(fields, lists, strict=True))


def _choice_rows(index: int, queryset):
    """(index, pk, label, rank in the queryset's own order) of each row of the queryset."""
    model = queryset.model
    ordering = list(queryset.query.order_by or (model._meta.ordering if queryset.query.default_ordering else []))
    return (
        queryset.order_by()
        .annotate(
            choice_list=Value(index),
            choice_label=F(getattr(model, "USERNAME_FIELD", "name")),
            choice_number=Window(RowNumber(), order_by=[*ordering, "pk"]),
        )
        .values_list("choice_list", "pk", "choice_label", "choice_number")
    )


def _leading_choices(field) -> list[tuple[str, str]]:
    """The empty and null choices that django-filter's choice iterator puts first."""
    leading = []
    if field.empty_label is not None:
        leading.append(("", field.empty_label))
    if getattr(field, "null_label", None) is not None:
        leading.append((field.null_value, field.null_label))
    return leading
