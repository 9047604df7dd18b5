"""What changed between two states of an annotation or a quote: pure, for conflict messages and history."""

from collections.abc import Mapping
from dataclasses import dataclass

from annotations.models import Verdict
from articles.models import Quote


@dataclass(frozen=True, slots=True)
class FieldChange:
    label: str
    before: str
    after: str


def describe_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[FieldChange]:
    """The labelled fields whose display value differs, in ``after``'s order."""
    return [
        FieldChange(label, before.get(label, ""), value) for label, value in after.items() if before.get(label) != value
    ]


def annotation_fields(record, *, tags: Mapping[int, str], actors: Mapping[int, str]) -> dict[str, str]:
    """Display values of an annotation (or a historical record of one), names looked up in the maps given."""
    return {
        "Text": record.exact,
        "Tag": tags.get(record.tag_id, f"tag #{record.tag_id}"),
        "Actor": actors.get(record.actor_id, "") if record.actor_id else "",
        "Verdict": Verdict(record.verdict).label if record.verdict else "",
        "Note": record.note,
        "Place": f"{record.start}–{record.end}" + (" (orphaned)" if record.orphaned else ""),
    }


def quote_fields(record, *, actors: Mapping[int, str]) -> dict[str, str]:
    return {
        "Text": record.text,
        "Speaker": actors.get(record.speaker_id, "") if record.speaker_id else "",
        "Kind": Quote.Kind(record.kind).label,
        "Status": Quote.Status(record.status).label,
        "Role": record.role,
        "Cue": record.cue,
        "Place": f"{record.start}–{record.end}" + (" (orphaned)" if record.orphaned else ""),
    }
