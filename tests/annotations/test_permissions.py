"""Every write endpoint of the workspace against every role. A refusal changes nothing.

Roles: anonymous (sent to login), reader (403), editor on someone else's annotation (403 where only the
author or a chief may act), editor on their own, chief editor (anyone's).
"""

from dataclasses import dataclass

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from annotations.backends import UserWithPermissionsBackend
from annotations.models import Annotation, Disagreement, Position, Tag
from annotations.pins import SESSION_KEY
from articles.models import Actor, Quote
from tests.factories import (
    ActorFactory,
    AnnotationFactory,
    ArticleFactory,
    ChiefEditorFactory,
    EditorFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BODY = 'Washington calls it "moderate opposition" while Moscow says "extremist", officials said.'


@dataclass
class World:
    article: object
    theirs: Annotation  # by another editor
    mine: Annotation  # by the editor under test
    quote: Quote
    deleted_theirs: int
    deleted_mine: int
    users: dict


@pytest.fixture
def world():
    article = ArticleFactory(body=BODY)
    editor, other, chief = EditorFactory(username="ed"), EditorFactory(username="other"), ChiefEditorFactory()
    theirs = AnnotationFactory(article=article, author=other, **_at("moderate opposition"))
    mine = AnnotationFactory(article=article, author=editor, **_at("extremist"))
    gone_theirs = AnnotationFactory(article=article, author=other, **_at("Washington"))
    gone_mine = AnnotationFactory(article=article, author=editor, **_at("Moscow"))
    for annotation in (gone_theirs, gone_mine):
        pk = annotation.pk
        annotation.delete()
        annotation.pk = pk
    quote = QuoteFactory(article=article, **_at("moderate opposition"))
    users = {"reader": UserFactory(username="rita"), "editor": editor, "chief": chief}
    return World(article, theirs, mine, quote, gone_theirs.pk, gone_mine.pk, users)


def _at(text: str) -> dict:
    start = BODY.index(text)
    return {"start": start, "end": start + len(text)}


def client_for(world: World, role: str) -> Client:
    client = Client(headers={"HX-Request": "true"})
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def snapshot() -> dict:
    """Everything a workspace write could change."""
    return {
        "annotations": sorted(
            Annotation.objects.values_list("id", "tag_id", "actor_id", "note", "verdict", "start", "version")
        ),
        "history": Annotation.history.count(),
        "quotes": sorted(Quote.objects.values_list("id", "status", "speaker_id", "kind", "start", "end", "version")),
        "disagreements": Disagreement.objects.count(),
        "positions": Position.objects.count(),
        "actors": Actor.objects.count(),
    }


def create(world):
    start = BODY.index("officials")
    data = {"start": start, "end": start + 9, "exact": "officials", "tag": _tag_id("claim"), "note": "new"}
    return reverse("annotations:annotation_new", args=[world.article.pk]), data


def edit_theirs(world):
    return reverse("annotations:annotation_edit", args=[world.theirs.pk]), _edit_data(world.theirs)


def edit_mine(world):
    return reverse("annotations:annotation_edit", args=[world.mine.pk]), _edit_data(world.mine)


def delete_theirs(world):
    return reverse("annotations:annotation_delete", args=[world.theirs.pk]), {"version": 1}


def delete_mine(world):
    return reverse("annotations:annotation_delete", args=[world.mine.pk]), {"version": 1}


def restore_theirs(world):
    return reverse("annotations:annotation_restore", args=[world.deleted_theirs]), {}


def restore_mine(world):
    return reverse("annotations:annotation_restore", args=[world.deleted_mine]), {}


def confirm_quote(world):
    url = reverse("annotations:quote_status", args=[world.article.pk, world.quote.pk])
    return url, {"status": "confirmed", "version": 1}


def correct_quote(world):
    url = reverse("annotations:quote_edit", args=[world.article.pk, world.quote.pk])
    return url, {"speaker_name": "Washington officials", "create_speaker": "1", "kind": "partial", "version": 1}


def pin(world):
    return reverse("annotations:pins"), {"kind": "annotation", "id": world.theirs.pk}


def make_disagreement(world):
    url = reverse("annotations:disagreement_new")
    us, russia = ActorFactory(name="United States"), ActorFactory(name="Russia")
    data = {
        "subject": "Designation of the Al-Nusra Front",
        "side-TOTAL_FORMS": "2",
        "side-INITIAL_FORMS": "0",
        "side-0-item": f"annotation-{world.theirs.pk}",
        "side-0-include": "on",
        "side-0-actor": us.pk,
        "side-0-stance": "moderate opposition",
        "side-1-item": f"annotation-{world.mine.pk}",
        "side-1-include": "on",
        "side-1-actor": russia.pk,
        "side-1-stance": "extremist",
    }
    return url, data


def _edit_data(annotation):
    return {"tag": _tag_id("designation"), "note": "edited", "version": annotation.version}


def _tag_id(slug: str) -> int:
    return Tag.objects.get(slug=slug).pk


# endpoint, then the status for: anonymous, reader, editor, chief
MATRIX = [
    (create, 302, 403, 201, 201),
    (edit_theirs, 302, 403, 403, 200),
    (edit_mine, 302, 403, 200, 200),
    (delete_theirs, 302, 403, 403, 200),
    (delete_mine, 302, 403, 200, 200),
    (restore_theirs, 302, 403, 403, 200),
    (restore_mine, 302, 403, 200, 200),
    (confirm_quote, 302, 403, 200, 200),
    (correct_quote, 302, 403, 200, 200),
    (pin, 302, 403, 200, 200),
    (make_disagreement, 302, 403, 201, 201),
]
ROLES = ["anonymous", "reader", "editor", "chief"]
CASES = [
    pytest.param(endpoint, role, statuses[index], id=f"{endpoint.__name__}-{role}")
    for endpoint, *statuses in MATRIX
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_it_answers_each_role_as_its_permissions_say(world, endpoint, role, expected):
    client = client_for(world, role)
    url, data = endpoint(world)
    if endpoint is make_disagreement and role != "anonymous":
        _pin(client, world)
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == expected, response.content.decode()[:500]
    after = snapshot()
    if expected in (302, 403):
        assert after == before, "a refused request changed something"
        if expected == 302:
            assert response["Location"].startswith(reverse("login"))
    elif endpoint is not pin:
        assert after != before, "an allowed request changed nothing"


@pytest.mark.parametrize("role", ROLES)
def test_it_keeps_the_tray_untouched_for_those_who_may_not_pin(world, role):
    client = client_for(world, role)
    response = client.post(reverse("annotations:pins"), {"kind": "quote", "id": world.quote.pk})
    pinned = client.session.get(SESSION_KEY, [])
    assert (pinned == [["quote", world.quote.pk]]) == (response.status_code == 200)


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("annotation_edit", "reader", 403),
        ("annotation_edit", "editor", 403),
        ("annotation_edit", "chief", 200),
        ("annotation_delete", "reader", 403),
        ("annotation_delete", "chief", 200),
    ],
)
def test_it_guards_the_forms_too(world, name, role, expected):
    response = client_for(world, role).get(reverse(f"annotations:{name}", args=[world.theirs.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize("role", ["reader", "editor", "chief"])
def test_it_lets_everyone_logged_in_read(world, role):
    client = client_for(world, role)
    for url in (
        world.article.get_absolute_url(),
        reverse("annotations:workspace_content", args=[world.article.pk]),
        reverse("annotations:annotation_history", args=[world.theirs.pk]),
        reverse("annotations:orphans"),
        reverse("annotations:actor_suggestions") + "?q=was",
        reverse("annotations:pins"),
    ):
        assert client.get(url).status_code == 200, url


def test_it_refuses_the_disagreement_form_to_a_reader(world):
    assert client_for(world, "reader").get(reverse("annotations:disagreement_new")).status_code == 403


def test_it_refuses_a_get_on_write_only_endpoints(world):
    client = client_for(world, "chief")
    assert client.get(reverse("annotations:annotation_new", args=[world.article.pk])).status_code == 405
    assert client.get(reverse("annotations:annotation_restore", args=[world.deleted_theirs])).status_code == 405


def _pin(client, world):
    for annotation in (world.theirs, world.mine):
        client.post(reverse("annotations:pins"), {"kind": "annotation", "id": annotation.pk})


# The authentication backend: a user comes with its permissions, in one query


def test_it_loads_a_user_with_its_own_and_its_groups_permissions_in_one_query(django_assert_num_queries):
    user = EditorFactory(username="ed")
    user.user_permissions.add(Permission.objects.get(codename="change_others_annotation"))
    with django_assert_num_queries(1):
        loaded = UserWithPermissionsBackend().get_user(str(user.pk))
        assert loaded.has_perm("annotations.change_others_annotation")  # its own
        assert loaded.has_perm("annotations.add_annotation")  # its group's
        assert not loaded.has_perm("annotations.change_tag")
    model_backend = ModelBackend()
    assert loaded.get_all_permissions() == model_backend.get_all_permissions(model_backend.get_user(user.pk))
    assert loaded.get_user_permissions() == {"annotations.change_others_annotation"}


def test_it_loads_a_reader_with_no_permissions_and_asks_nothing_more(django_assert_num_queries):
    user = UserFactory(username="rita")
    with django_assert_num_queries(1):
        loaded = UserWithPermissionsBackend().get_user(str(user.pk))
        assert loaded == user and loaded.get_all_permissions() == set()


def test_it_gives_a_superuser_every_permission():
    user = UserFactory(username="root", is_superuser=True)
    loaded = UserWithPermissionsBackend().get_user(str(user.pk))
    assert loaded.has_perm("annotations.change_others_annotation") and loaded.has_perm("auth.delete_group")


def test_it_loads_no_inactive_or_unknown_user():
    user = EditorFactory(username="gone", is_active=False)
    assert UserWithPermissionsBackend().get_user(str(user.pk)) is None
    assert UserWithPermissionsBackend().get_user(str(user.pk + 1)) is None


def test_it_logs_in_through_the_form_with_the_backend(client, django_user_model):
    django_user_model.objects.create_user("ana", password="a long enough password")
    response = client.post(reverse("login"), {"username": "ana", "password": "a long enough password"})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "annotations.backends.UserWithPermissionsBackend"
    assert client.get(reverse("articles:list")).status_code == 200


def test_it_loads_a_user_with_its_permissions_from_async_code_too():
    user = EditorFactory(username="ed")
    loaded = async_to_sync(UserWithPermissionsBackend().aget_user)(str(user.pk))
    assert loaded == user and loaded._group_perm_cache == ModelBackend().get_group_permissions(user)
