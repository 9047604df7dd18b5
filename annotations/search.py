"""Full-text search of annotations: their exact text and note, and their article's title.

A row matches when its own text (exact + note) has a term of each group of the query, or its
article's title does; an excluded term in any of the three rules it out. Same syntax and engines
as articles/search.py.
"""

from django.db import connections

from articles.search import ParsedQuery, terms_match, title_match
from articles.search_index import FtsIndex

ANNOTATION_FTS = FtsIndex("annotations_annotation", ("exact", "note"), (1.0, 0.5))


def search_annotations(queryset, query: ParsedQuery):
    if not query:
        return queryset
    vendor = connections[queryset.db].vendor
    if query.groups:
        queryset = queryset.filter(
            terms_match(query.groups, ANNOTATION_FTS, vendor=vendor) | title_match(query.groups, vendor=vendor)
        )
    if query.excluded:
        groups = query.excluded_groups
        queryset = queryset.exclude(terms_match(groups, ANNOTATION_FTS, vendor=vendor)).exclude(
            title_match(groups, vendor=vendor)
        )
    return queryset
