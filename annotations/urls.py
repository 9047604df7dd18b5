from django.urls import path

from annotations import export_views, views

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/", views.workspace, name="workspace"),
    path("annotations/export/", export_views.export, name="export"),
    path("annotations/export/quotes/", export_views.export_quotes, name="export_quotes"),
    path("annotations/export/disagreements/", export_views.export_disagreements, name="export_disagreements"),
]
