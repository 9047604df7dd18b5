from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotations.lists import global_search
from newsroom.forms import LoginForm

admin.site.site_header = "Newsroom administration"
admin.site.site_title = "Newsroom admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("search/", global_search, name="search"),
    path("", include("annotations.urls")),
    path("", include("articles.urls")),
]
