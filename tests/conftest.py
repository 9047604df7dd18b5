from pathlib import Path

import pytest
from django.test import Client

from tests.factories import ChiefEditorFactory, EditorFactory, UserFactory

DATA = Path(__file__).parent / "data"
SEED_PATH = DATA / "seed.txt"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bbc"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the BBC corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


@pytest.fixture
def editor(db):
    return EditorFactory(username="editor")


@pytest.fixture
def chief(db):
    return ChiefEditorFactory(username="chief")


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reader_client(reader):
    return _client_for(reader)


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def chief_client(chief):
    return _client_for(chief)


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)
