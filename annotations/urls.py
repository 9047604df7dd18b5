from django.urls import path

from annotations import export_views, lists, views

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/", views.workspace, name="workspace"),
    path("annotations/export/", export_views.export, name="export"),
    path("annotations/export/quotes/", export_views.export_quotes, name="export_quotes"),
    path("annotations/export/disagreements/", export_views.export_disagreements, name="export_disagreements"),
    path("annotations/", lists.annotation_list, name="annotation_list"),
    path("disagreements/", lists.disagreement_list, name="disagreement_list"),
    path("disagreements/<int:pk>/", lists.disagreement_detail, name="disagreement_detail"),
]
