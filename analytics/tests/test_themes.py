"""The classifiers on fixed examples and on the held-out corpus (figures in the README)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.theme_training import evaluate, models_of, trained_fit
from analytics.themes import (
    SECOND_THEME_MIN,
    SENSITIVE_THRESHOLD,
    corpus_load,
    models_get,
    models_save,
    read,
    sensitive_reasons,
)

ROOT = Path(__file__).resolve().parents[2]
# The README reports these; a change that scores lower fails here.
README_MACRO_F1 = 0.80
README_SENSITIVE_RECALL = 0.9


@pytest.fixture(scope="module")
def models():
    return models_get("")


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The salary was far below market and there was no raise for two years.", "compensation"),
        ("My manager micromanaged me and never held a one to one.", "manager"),
        ("No promotion path and no training budget, I stopped learning.", "career_growth"),
        ("Constant overtime and weekend work, I am burnt out.", "workload_balance"),
        ("We are relocating abroad for my husband's job.", "relocation_personal"),
        ("n/a", "other"),
    ],
)
def test_read_gives_the_expected_main_theme(models, text, theme):
    # when
    reading = read(text, models)
    # then
    assert reading.themes[0][0] == theme
    assert 0 < reading.themes[0][1] <= 1


def test_read_scores_every_comment_as_the_trained_pipeline_predicts_it(tmp_path):
    # given: scikit-learn's fitted pipeline, and the arrays read from the file it is saved to
    examples = corpus_load("train") + corpus_load("test")
    texts = [e.text for e in examples] + ["", "zzz qqq", "Pay! pay. PAY, and the rota..."]
    texts += ["  Two  spaces\tand a tab, été, naïve, a b c", "x"]
    trained = trained_fit(corpus_load("train"))
    matrix = trained.features.transform(texts)
    themes = trained.themes.predict_proba(matrix)
    sensitive = trained.sensitive.predict_proba(matrix)[:, 1]
    classes = list(trained.themes.classes_)
    path = str(tmp_path / "themes.npz")
    models_save(models_of(trained), path)
    models = models_get(path)
    # when
    readings = [read(text, models) for text in texts]
    # then
    for text, reading, expected, flag in zip(texts, readings, themes, sensitive, strict=True):
        ranked = sorted(range(len(classes)), key=lambda i: -expected[i])
        wanted = [
            (classes[i], expected[i])
            for i in ranked[:2]
            if i == ranked[0] or expected[i] >= SECOND_THEME_MIN
        ]
        assert [t for t, _ in reading.themes] == [t for t, _ in wanted], text
        assert [c for _, c in reading.themes] == pytest.approx([c for _, c in wanted]), text
        if not sensitive_reasons(text):
            assert reading.sensitive == (flag >= SENSITIVE_THRESHOLD), text


def test_themes_macro_f1_on_the_held_out_corpus_is_at_least_the_readme_figure(models):
    # when
    scores = evaluate(models, corpus_load("test"))
    # then
    assert scores.examples == 88
    assert scores.macro_f1 >= README_MACRO_F1


def test_sensitive_recall_on_the_held_out_and_whole_corpus_is_at_least_the_readme_figure(models):
    # given
    held_out = corpus_load("test")
    everything = corpus_load("train") + held_out
    # when
    scores = evaluate(models, held_out)
    flagged = [read(e.text, models).sensitive for e in everything if e.sensitive]
    # then
    assert scores.sensitive_recall >= README_SENSITIVE_RECALL
    assert sum(flagged) / len(flagged) >= README_SENSITIVE_RECALL


def test_sensitive_reasons_name_the_kind_of_concern():
    assert sensitive_reasons("He harassed me and I felt unsafe near the machines") == [
        "harassment",
        "safety",
    ]
    assert sensitive_reasons("The pay was low.") == []


def test_models_saved_to_a_file_are_read_back_from_it(models, tmp_path):
    # given
    path = str(tmp_path / "themes.npz")
    models_save(models, path)
    # when
    loaded = models_get(path)
    # then
    assert read("salary too low", loaded).themes[0][0] == "compensation"
    assert loaded.classes == models.classes
    assert [p.vocabulary for p in loaded.parts] == [p.vocabulary for p in models.parts]


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_file_that_holds_no_saved_models_is_logged_and_the_models_are_trained(
    tmp_path, monkeypatch
):
    # given: what an earlier version wrote there (a pickle), or anything else; the module's own
    # logger is watched, whatever an earlier test (a Celery worker) did to the root logger
    path = tmp_path / "theme_model.joblib"
    path.write_bytes(b"\x80\x04not arrays")
    kept = _Kept()
    watched = logging.getLogger("analytics.themes")
    monkeypatch.setattr(watched, "disabled", False)
    monkeypatch.setattr(watched, "level", logging.WARNING)
    watched.addHandler(kept)
    # when
    try:
        loaded = models_get(str(path))
    finally:
        watched.removeHandler(kept)
    # then
    assert read("salary too low", loaded).themes[0][0] == "compensation"
    assert len(kept.messages) == 1 and "build_theme_model" in kept.messages[0]


def test_reading_answers_does_not_load_scikit_learn(tmp_path):
    # given: models saved as a deployment's setup saves them
    path = tmp_path / "themes.npz"
    models_save(models_get(""), str(path))
    script = (
        "import sys; from analytics.themes import models_get, read; "
        f"m = models_get({str(path)!r}); read('salary too low', m); "
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('sklearn', 'scipy')))"
    )
    # when: a fresh process reads the models and an answer
    done = subprocess.run(  # noqa: S603 - this interpreter with a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    # then
    assert done.stdout.strip() == "[]"
