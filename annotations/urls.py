from django.urls import path

from annotations import views

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/", views.workspace, name="workspace"),
]
