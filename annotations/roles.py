"""Who may do what. Groups come from a data migration; the checks here are used by every write."""

EDITORS = "Editors"
CHIEF_EDITORS = "Chief editors"

# What each group may do is granted by annotations/migrations/0002_default_tags_and_groups.py.


def can_annotate(user) -> bool:
    return user.is_authenticated and user.has_perm("annotations.add_annotation")


def can_change_annotation(user, annotation) -> bool:
    """Editors change their own annotations; chief editors change anyone's."""
    if not user.is_authenticated or not user.has_perm("annotations.change_annotation"):
        return False
    return annotation.author_id == user.pk or user.has_perm("annotations.change_others_annotation")


def can_delete_annotation(user, annotation) -> bool:
    if not user.is_authenticated or not user.has_perm("annotations.delete_annotation"):
        return False
    return annotation.author_id == user.pk or user.has_perm("annotations.change_others_annotation")
