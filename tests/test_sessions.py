"""The session store (newsroom/sessions.py): Django's database sessions, read with fixed SQL."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from newsroom.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(data: dict) -> SessionStore:
    session = SessionStore()
    session.update(data)
    session.save()
    return session


def test_it_reads_back_what_was_saved():
    key = _saved({"pins": ["annotation:1"], "n": 2}).session_key
    session = SessionStore(key)
    assert session["pins"] == ["annotation:1"] and session["n"] == 2 and session.session_key == key


def test_it_reads_a_session_in_one_query(django_assert_num_queries):
    key = _saved({"n": 1}).session_key
    with django_assert_num_queries(1):
        assert SessionStore(key)["n"] == 1


def test_it_treats_an_expired_session_as_gone():
    key = _saved({"n": 1}).session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    session = SessionStore(key)
    assert session.load() == {} and session.session_key is None


def test_it_treats_an_unknown_key_as_no_session():
    session = SessionStore("x" * 32)
    assert "n" not in session and session.session_key is None


def test_it_is_the_session_engine_of_logged_in_clients(reader_client):
    assert isinstance(reader_client.session, SessionStore)
    assert reader_client.get("/").status_code == 200
