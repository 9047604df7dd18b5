from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("quotes/", views.quote_list, name="quote_list"),
    path("speakers/", views.speaker_index, name="speaker_index"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<int:pk>/", views.actor_detail, name="actor_detail"),
]
