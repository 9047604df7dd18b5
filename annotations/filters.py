"""Filters for annotation lists and exports (django-filter); the state lives in the URL."""

import django_filters
from django.contrib.auth import get_user_model

from annotations.models import Annotation, Tag, Verdict
from articles.models import Actor, Article, Outlet


class AnnotationFilter(django_filters.FilterSet):
    tag = django_filters.ModelMultipleChoiceFilter(queryset=Tag.objects.all())
    actor = django_filters.ModelChoiceFilter(queryset=Actor.objects.all())
    verdict = django_filters.MultipleChoiceFilter(choices=Verdict.choices)
    author = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(annotations__isnull=False).distinct()
    )
    created = django_filters.DateFromToRangeFilter(field_name="created_at")
    outlet = django_filters.ModelChoiceFilter(field_name="article__outlet", queryset=Outlet.objects.all())
    article = django_filters.ModelChoiceFilter(queryset=Article.objects.only("id", "title"))

    class Meta:
        model = Annotation
        fields = ["tag", "actor", "verdict", "author", "created", "outlet", "article"]
