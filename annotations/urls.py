from django.urls import path

from annotations import lists, views

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/", views.workspace, name="workspace"),
    path("annotations/", lists.annotation_list, name="annotation_list"),
    path("disagreements/", lists.disagreement_list, name="disagreement_list"),
    path("disagreements/<int:pk>/", lists.disagreement_detail, name="disagreement_detail"),
]
