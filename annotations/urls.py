from django.urls import path

from annotations import export_views, lists, pin_views, review_views, views

app_name = "annotations"

urlpatterns = [
    # The workspace: the article page and what it calls.
    path("articles/<int:pk>/", views.workspace, name="workspace"),
    path("articles/<int:pk>/content/", views.workspace_content, name="workspace_content"),
    path("articles/<int:pk>/annotations/", views.annotation_new, name="annotation_new"),
    path("annotations/<int:pk>/edit/", views.annotation_edit, name="annotation_edit"),
    path("annotations/<int:pk>/delete/", views.annotation_remove, name="annotation_delete"),
    path("annotations/<int:pk>/restore/", views.annotation_undelete, name="annotation_restore"),
    path("annotations/<int:pk>/history/", views.annotation_history, name="annotation_history"),
    path("articles/<int:article_pk>/quotes/<int:pk>/status/", review_views.quote_status, name="quote_status"),
    path("articles/<int:article_pk>/quotes/<int:pk>/edit/", review_views.quote_edit, name="quote_edit"),
    path("annotations/actors/suggest/", review_views.actor_suggestions, name="actor_suggestions"),
    path("annotations/orphans/", review_views.orphans, name="orphans"),
    path("annotations/pins/", pin_views.pins, name="pins"),
    path("annotations/disagreements/new/", pin_views.disagreement_new, name="disagreement_new"),
    # Exports.
    path("annotations/export/", export_views.export, name="export"),
    path("annotations/export/quotes/", export_views.export_quotes, name="export_quotes"),
    path("annotations/export/disagreements/", export_views.export_disagreements, name="export_disagreements"),
    # Lists.
    path("annotations/", lists.annotation_list, name="annotation_list"),
    path("disagreements/", lists.disagreement_list, name="disagreement_list"),
    path("disagreements/<int:pk>/", lists.disagreement_detail, name="disagreement_detail"),
]
