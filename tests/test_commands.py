import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, ImportBatch
from tests.conftest import SEED_PATH

pytestmark = pytest.mark.django_db


def call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_creates_an_admin_with_a_generated_password_printed_once():
    first = call("create_admin", "--username", "boss")
    password = first.split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="boss")
    assert user.is_superuser and user.check_password(password) and len(password) >= 16
    second = call("create_admin", "--username", "boss")
    assert "already exists" in second and password not in second
    assert get_user_model().objects.filter(username="boss").count() == 1


def test_it_imports_from_paths_and_summarises(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    output = call("import_articles", str(SEED_PATH), str(tmp_path))
    assert "2 items, 1 created, 0 duplicate, 1 failed" in output
    assert "failed    " in output and "empty" in output
    assert Article.objects.count() == 1


def test_it_refuses_a_missing_path():
    with pytest.raises(CommandError, match="No such file"):
        call("import_articles", "/nonexistent/path")


def test_it_records_the_import_under_the_user_named(editor):
    call("import_articles", str(SEED_PATH), "--user", editor.username)
    assert ImportBatch.objects.get().created_by == editor
    with pytest.raises(CommandError, match="No user named"):
        call("import_articles", str(SEED_PATH), "--user", "nobody")
