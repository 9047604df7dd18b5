"""Scoring quote extraction against labels (pure, no database)."""

import json
from pathlib import Path

import pytest

from articles.quote_eval import Span, evaluate, normalise_name, score
from articles.quotes import ExtractedQuote, extract_quotes
from articles.sources import items_from_file
from tests.conftest import CORPUS

DATA = Path(__file__).resolve().parent.parent / "data"


def test_it_counts_exact_and_overlap_matches():
    gold = [Span(0, 10, "direct", ("Ann Lee",)), Span(20, 30, "partial", ("Ann Lee",))]
    predicted = [Span(0, 10, "direct", ("Ann Lee",)), Span(22, 30, "direct", ("Bob Ray",)), Span(40, 45, "direct")]
    counts = score(gold, predicted, frozenset({"direct", "partial"}))
    figures = counts.figures()
    assert (counts.exact, counts.overlap, counts.predicted, counts.gold) == (1, 2, 3, 2)
    assert figures["overlap_precision"] == pytest.approx(2 / 3)
    assert figures["overlap_recall"] == 1.0
    assert figures["speaker_accuracy"] == 0.5


def test_it_pairs_each_labelled_quote_with_one_prediction():
    gold = [Span(0, 10, "direct")]
    predicted = [Span(0, 4, "direct"), Span(3, 10, "direct")]
    assert score(gold, predicted, frozenset({"direct"})).overlap == 1


def test_it_ignores_kinds_outside_the_scored_set():
    gold = [Span(0, 10, "designation")]
    predicted = [Span(0, 10, "direct")]
    assert score(gold, predicted, frozenset({"direct"})).gold == 0


def test_it_accepts_any_listed_name_after_normalising():
    gold = [Span(0, 10, "direct", ("Lord Butler", "Robin Butler"))]
    predicted = [Span(0, 10, "direct", ("robin  butler",))]
    assert score(gold, predicted, frozenset({"direct"})).speaker_right == 1
    assert normalise_name("The Kremlin's") == "kremlin"


def test_it_skips_an_article_whose_body_changed():
    dataset = {"articles": [{"file": "a.txt", "sha256": "0" * 64, "quotes": []}]}
    report = evaluate(dataset, {"a.txt": "changed"}, lambda body: [])
    assert report.mismatched == ["a.txt"]


def test_it_scores_a_perfect_extractor_at_one():
    body = 'X said: "Yes."'
    dataset = {
        "articles": [
            {
                "file": "a.txt",
                "split": "dev",
                "sha256": __import__("hashlib").sha256(body.encode()).hexdigest(),
                "quotes": [{"start": 9, "end": 13, "kind": "direct", "speaker": "X"}],
            }
        ]
    }
    report = evaluate(
        dataset, {"a.txt": body}, lambda b: [ExtractedQuote(9, 13, "Yes.", "direct", "X", "", "", "said")]
    )
    assert report.speech["dev"].figures()["exact_f1"] == 1.0


def test_it_stores_no_article_text_in_the_evaluation_set():
    data = json.loads((DATA / "quotes_eval.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) >= 60
    direct = sum(q["kind"] == "direct" for a in data["articles"] for q in a["quotes"])
    assert direct >= 150
    for article in data["articles"]:
        assert set(article) == {"file", "split", "sha256", "indirect_labelled", "quotes"}
        assert article["split"] in data["splits"]  # every split says whether rules were tuned on it
        for quote in article["quotes"]:
            assert set(quote) <= {"start", "end", "kind", "speaker", "speaker_aliases"}


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="BBC corpus not available")
def test_it_meets_the_targets_on_the_dev_split():
    data = json.loads((DATA / "quotes_eval.json").read_text(encoding="utf-8"))
    data["articles"] = [a for a in data["articles"] if a["split"] == "dev"]
    bodies = {
        a["file"]: next(items_from_file(a["file"], (CORPUS / a["file"]).read_bytes())).parsed.body
        for a in data["articles"]
    }
    report = evaluate(data, bodies, extract_quotes)
    assert report.mismatched == []
    figures = report.speech["dev"].figures()
    assert figures["overlap_precision"] >= 0.95
    assert figures["overlap_recall"] >= 0.90
    assert figures["speaker_accuracy"] >= 0.90
