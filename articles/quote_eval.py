"""Scoring quote extraction against hand labels: precision, recall, F1, speaker accuracy.

Pure functions over plain data; the evaluate_quotes command and tests feed them.
"""

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

QUOTED_SPEECH = frozenset({"direct", "partial", "continuation"})


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    speakers: tuple[str | None, ...] = (None,)  # accepted names; (None,) means unknown


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # gold kind -> [gold, found]

    def add(self, other: "Counts") -> None:
        for name in ("gold", "predicted", "exact", "overlap", "speaker_checked", "speaker_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, (gold, found) in other.by_kind.items():
            mine = self.by_kind.setdefault(kind, [0, 0])
            mine[0] += gold
            mine[1] += found

    def figures(self) -> dict[str, float]:
        out = {}
        for mode in ("exact", "overlap"):
            hits = getattr(self, mode)
            p = hits / self.predicted if self.predicted else 0.0
            r = hits / self.gold if self.gold else 0.0
            out[f"{mode}_precision"], out[f"{mode}_recall"] = p, r
            out[f"{mode}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        out["speaker_accuracy"] = self.speaker_right / self.speaker_checked if self.speaker_checked else 0.0
        return out


def normalise_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = re.sub(r"\s+", " ", name.strip().lower())
    name = re.sub(r"^the ", "", name)
    return re.sub(r"['’]s$", "", name)


def speaker_ok(predicted: str | None, accepted: Iterable[str | None]) -> bool:
    return normalise_name(predicted) in {normalise_name(a) for a in accepted}


def _pairs(gold: list[Span], predicted: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one overlap pairs, largest overlap first."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            shared = min(g.end, p.end) - max(g.start, p.start)
            if shared > 0:
                candidates.append((-shared, i, j))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], predicted[j]))
    return pairs


def score(gold: list[Span], predicted: list[Span], kinds: frozenset[str]) -> Counts:
    """Compare spans of the given kinds (kind differences within ``kinds`` are not errors)."""
    gold = [g for g in gold if g.kind in kinds]
    predicted = [p for p in predicted if p.kind in kinds]
    counts = Counts(gold=len(gold), predicted=len(predicted))
    exact = {(p.start, p.end) for p in predicted}
    counts.exact = sum((g.start, g.end) in exact for g in gold)
    pairs = _pairs(gold, predicted)
    counts.overlap = len(pairs)
    for g in gold:
        counts.by_kind.setdefault(g.kind, [0, 0])[0] += 1
    for g, p in pairs:
        counts.by_kind[g.kind][1] += 1
        counts.speaker_checked += 1
        counts.speaker_right += speaker_ok(p.speakers[0], g.speakers)
    return counts


def gold_spans(article: dict) -> list[Span]:
    return [
        Span(q["start"], q["end"], q["kind"], (q.get("speaker"), *q.get("speaker_aliases", ())))
        for q in article["quotes"]
    ]


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class Report:
    speech: dict[str, Counts] = field(default_factory=dict)  # split -> counts
    designation: dict[str, Counts] = field(default_factory=dict)
    indirect: dict[str, Counts] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    mismatched: list[str] = field(default_factory=list)  # files whose body hash differs
    split_notes: dict[str, str] = field(default_factory=dict)  # split -> how it was used (tuned on or not)


def evaluate(dataset: dict, bodies: dict[str, str], extract: Callable[[str], list]) -> Report:
    """Run ``extract`` on each labelled body (file -> body) and score it, per split."""
    report = Report(split_notes=dict(dataset.get("splits", {})))
    for article in dataset["articles"]:
        body = bodies.get(article["file"])
        if body is None or body_sha256(body) != article["sha256"]:
            report.mismatched.append(article["file"])
            continue
        split = article.get("split", "dev")
        report.articles[split] = report.articles.get(split, 0) + 1
        gold = gold_spans(article)
        predicted = [Span(q.start, q.end, q.kind, (q.speaker,)) for q in extract(body)]
        for table, kinds, wanted in (
            (report.speech, QUOTED_SPEECH, True),
            (report.designation, frozenset({"designation"}), True),
            (report.indirect, frozenset({"indirect"}), article.get("indirect_labelled", False)),
        ):
            if wanted:
                table.setdefault(split, Counts()).add(score(gold, predicted, kinds))
    return report


def format_report(report: Report) -> str:
    lines = []
    splits = sorted(report.articles)
    for title, table in (
        ("Quoted speech (direct + partial + continuation)", report.speech),
        ("Designations", report.designation),
        ("Indirect speech (articles labelled for it)", report.indirect),
    ):
        lines.append(title)
        lines.append(
            f"  {'split':8} {'gold':>5} {'pred':>5}  {'P exact':>7} {'R exact':>7} {'F1 exact':>8}"
            f"  {'P overlap':>9} {'R overlap':>9} {'F1 overlap':>10}  {'speaker':>7}"
        )
        for split in [*splits, "all"]:
            counts = _merged(table, splits) if split == "all" else table.get(split)
            if counts is None:
                continue
            f = counts.figures()
            lines.append(
                f"  {split:8} {counts.gold:5} {counts.predicted:5}  {f['exact_precision']:7.3f} "
                f"{f['exact_recall']:7.3f} {f['exact_f1']:8.3f}  {f['overlap_precision']:9.3f} "
                f"{f['overlap_recall']:9.3f} {f['overlap_f1']:10.3f}  {f['speaker_accuracy']:7.3f}"
            )
        if table is report.speech:
            for split in [*splits, "all"]:
                counts = _merged(table, splits) if split == "all" else table.get(split)
                if counts:
                    parts = ", ".join(f"{k} {found}/{gold}" for k, (gold, found) in sorted(counts.by_kind.items()))
                    lines.append(f"  recall by labelled kind ({split}): {parts}")
    articles = ", ".join(f"{s} {n}" for s, n in sorted(report.articles.items()))
    lines.append(f"Articles: {articles}")
    for split in splits:
        if note := report.split_notes.get(split):
            lines.append(f"  {split}: {note}")
    if report.mismatched:
        lines.append(f"Skipped (body missing or sha256 differs): {', '.join(report.mismatched)}")
    return "\n".join(lines)


def _merged(table: dict[str, Counts], splits: list[str]) -> Counts:
    total = Counts()
    for split in splits:
        if split in table:
            total.add(table[split])
    return total
