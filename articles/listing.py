"""Helpers shared by the list pages of both apps: the filter form's layout, pagination that keeps
the filters, the free-text box of small lists, and span context for quotes."""

from functools import reduce
from operator import or_

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.paginator import Paginator
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least, Substr
from django_filters import CharFilter

from articles.search_query import ParsedQuery
from articles.spans import CONTEXT_CHARS

PER_PAGE = 50


class QueryField(forms.CharField):
    """The search box: any text is accepted (the parser reads or drops what it cannot use)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class QueryFilter(CharFilter):
    """The ``q`` parameter; SearchFilterSet applies it (see articles/filters.py), not this filter."""

    field_class = QueryField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Search")
        super().__init__(**kwargs)
        self.extra.setdefault("widget", forms.TextInput(attrs={"type": "search", "placeholder": "Search…"}))

    def filter(self, qs, value):
        return qs


def filter_form_helper(*rows: tuple[str, ...], submit: str = "Apply") -> FormHelper:
    """A GET form laid out in rows of columns; the state lives in the URL."""
    helper = FormHelper()
    # A lean field template (label, widget, errors): the bootstrap5 pack's own handles every
    # layout option and costs about 1 ms a field, most of a list page's rendering.
    helper.field_template = "includes/filter_field.html"
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.form_class = "filter-form mb-3"
    helper.layout = Layout(
        *(Row(*(Column(name, css_class="col-12 col-md") for name in row)) for row in rows),
        Submit("", submit, css_class="btn-primary"),
    )
    return helper


def paginate(request, object_list, per_page: int = PER_PAGE, *, count: int | None = None, capped: bool = False):
    """The requested page, and the query string of every other parameter (for the page links).
    ``count``, when already known, saves counting again; ``capped``: it stopped at a cap, so
    there are more rows and the last page reachable is a full one."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = -(-count // per_page) * per_page if capped else count  # a cached_property
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def paginate_ids(request, queryset, load, per_page: int = PER_PAGE, *, count=None, capped=False):
    """Like ``paginate``, but page through the ids alone (the filtered, ordered queryset without
    the joins that only display needs, or a list of ids), then ``load(ids)`` the page's rows,
    kept in order.

    The planner then walks the main table's own index for the order and stops after a page;
    with the display joins in the same query SQLite sometimes drives from a joined table and
    sorts everything (0.6 s for 222,500 annotations)."""
    ids = queryset if isinstance(queryset, list) else queryset.values_list("pk", flat=True)
    page, querystring = paginate(request, ids, per_page, count=count, capped=capped)
    ids = list(page.object_list)
    rows = {row.pk: row for row in load(ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page, querystring


def paginate_filtered(request, filterset, load=None):
    """Paginate a SearchFilterSet's rows (through their ids when ``load`` is given, or the ids it
    already ranked), reusing the count the filter set made."""
    rows, kwargs = filterset.qs, {"count": filterset.match_count, "capped": filterset.broad}
    ranked = getattr(filterset, "ranked_ids", None)
    if load and ranked is not None:
        rows = ranked
    return paginate_ids(request, rows, load, **kwargs) if load else paginate(request, rows, **kwargs)


def words_filter(query: ParsedQuery, fields: list[str]) -> Q:
    """The search syntax over small tables (actors, disagreements): each term as a substring of any
    of ``fields``; every group must match, no excluded term may."""

    def anywhere(term: str) -> Q:
        return reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))

    condition = Q()
    for group in query.groups:
        condition &= reduce(or_, map(anywhere, group))
    for term in query.excluded:
        condition &= ~anywhere(term)
    return condition


def with_context(quotes):
    """Quotes with ``prefix`` and ``suffix``: the text around them, cut in the database so the
    article bodies never leave it (the same slices as articles.spans.context_of)."""
    return quotes.annotate(
        prefix=Substr("article__body", Greatest(F("start") - (CONTEXT_CHARS - 1), 1), Least(F("start"), CONTEXT_CHARS)),
        suffix=Substr("article__body", F("end") + 1, CONTEXT_CHARS),
    )
