import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_of_the_home_page_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_it_sends_anonymous_visitors_of_an_article_to_login(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_shows_a_crispy_login_form(client):
    page = client.get(reverse("login")).content.decode()
    assert 'name="username"' in page and 'name="password"' in page and "btn" in page


def test_it_logs_in_and_lands_on_the_article_list(client, django_user_model):
    django_user_model.objects.create_user("ana", password="a long enough password")
    ArticleFactory(title="Visible story")
    response = client.post(reverse("login"), {"username": "ana", "password": "a long enough password"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("articles:list")
    assert "Visible story" in response.content.decode()


def test_it_refuses_a_wrong_password(client, django_user_model):
    django_user_model.objects.create_user("ana", password="a long enough password")
    response = client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    assert response.status_code == 200 and "correct username and password" in response.content.decode()


def test_it_logs_out_with_a_post(reader_client):
    response = reader_client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert reader_client.get("/").status_code == 302


def test_it_serves_bootstrap_from_our_own_static_files(reader_client):
    page = reader_client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()
