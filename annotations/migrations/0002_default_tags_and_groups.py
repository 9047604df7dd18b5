"""Default tags and the two editorial groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULT_TAGS = [
    # name, slug, colour, shortcut, has_verdict, description
    ("Claim", "claim", "#ffd43b", "1", True, "A statement of fact someone makes, to be checked."),
    ("Quote", "quote", "#74c0fc", "2", False, "Someone's words reproduced in the article."),
    ("Designation", "designation", "#b197fc", "3", False, "What a party calls someone or something."),
    ("Disagreement", "disagreement", "#ff8787", "4", False, "A point on which parties disagree."),
    ("Needs fact-check", "needs-fact-check", "#ffa94d", "5", False, "Flag for the fact-checking desk."),
]

# Kept here (not imported from annotations.roles) so this migration never changes meaning.
EDITORS = "Editors"
CHIEF_EDITORS = "Chief editors"
EDITOR_PERMISSIONS = [
    "annotations.add_annotation",
    "annotations.change_annotation",
    "annotations.delete_annotation",
    "annotations.view_annotation",
    "annotations.add_disagreement",
    "annotations.change_disagreement",
    "annotations.view_disagreement",
    "annotations.add_position",
    "annotations.change_position",
    "annotations.delete_position",
    "annotations.view_position",
    "annotations.view_tag",
    "articles.add_actor",
    "articles.view_actor",
    "articles.change_quote",
    "articles.add_quote",
    "articles.view_quote",
    "articles.view_article",
]
CHIEF_EDITOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    "annotations.change_others_annotation",
    "annotations.delete_disagreement",
    "annotations.add_tag",
    "annotations.change_tag",
    "annotations.delete_tag",
    "articles.change_actor",
    "articles.delete_actor",
    "articles.add_actoralias",
    "articles.change_actoralias",
    "articles.delete_actoralias",
    "articles.delete_quote",
]


def create_tags(apps, schema_editor):
    Tag = apps.get_model("annotations", "Tag")
    for position, (name, slug, colour, shortcut, has_verdict, description) in enumerate(DEFAULT_TAGS):
        Tag.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "colour": colour,
                "shortcut": shortcut,
                "has_verdict": has_verdict,
                "description": description,
                "position": position,
            },
        )


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_label in ("articles", "annotations"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ((EDITORS, EDITOR_PERMISSIONS), (CHIEF_EDITORS, CHIEF_EDITOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, CHIEF_EDITORS]).delete()


def remove_tags(apps, schema_editor):
    apps.get_model("annotations", "Tag").objects.filter(slug__in=[tag[1] for tag in DEFAULT_TAGS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_tags, remove_tags),
        migrations.RunPython(create_groups, remove_groups),
    ]
