from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, format: str, name: str = "annotations:export") -> str:
    """The export of what the current page shows: its query string, without paging, plus ``format``."""
    params = context["request"].GET.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    params["format"] = format
    return f"{reverse(name)}?{params.urlencode()}"
