"""Training the theme and sensitive-comment classifiers with scikit-learn, and scoring them.

Only ``manage.py build_theme_model``, the specs and a process that finds no saved models import
this module: answers are read from the arrays training leaves (analytics/themes.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion, make_union

from analytics.themes import Example, Models, TermWeights, lexicon_counts, read


class Lexicon(BaseEstimator, TransformerMixin):
    """One feature per theme: how many of its lexicon terms the text contains (capped)."""

    def __init__(self, weight: float = 0.5) -> None:
        self.weight = weight

    def fit(self, texts: Sequence[str], y: Any = None) -> Lexicon:
        return self

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        return csr_matrix(np.array([lexicon_counts(t, self.weight) for t in texts], dtype=float))


def _features() -> FeatureUnion:
    # The lexicon comes last: analytics.themes reads the TF-IDF parts, then the lexicon.
    return make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        Lexicon(0.5),
    )


@dataclass
class Trained:
    """The fitted features and classifiers, as scikit-learn holds them."""

    features: FeatureUnion
    themes: LogisticRegression
    sensitive: LogisticRegression


def trained_fit(examples: Sequence[Example]) -> Trained:
    """Train both classifiers on the given examples (the main theme is the target)."""
    features = _features()
    matrix = features.fit_transform([e.text for e in examples])
    themes = LogisticRegression(C=20, max_iter=3000, class_weight="balanced", solver="newton-cg")
    themes.fit(matrix, [e.themes[0] for e in examples])
    sensitive = LogisticRegression(C=20, max_iter=3000, class_weight="balanced", solver="newton-cg")
    sensitive.fit(matrix, [e.sensitive for e in examples])
    return Trained(features=features, themes=themes, sensitive=sensitive)


def models_of(trained: Trained) -> Models:
    """The arrays reading an answer needs, taken from the fitted estimators."""
    *tfidf, (_, lexicon) = trained.features.transformer_list
    parts = tuple(
        TermWeights(
            analyzer=part.analyzer,
            ngram_range=part.ngram_range,
            vocabulary={str(term): int(column) for term, column in part.vocabulary_.items()},
            idf=part.idf_,
        )
        for _, part in tfidf
    )
    # classes_ of the sensitive model is [False, True]: its one row of scores is for True.
    return Models(
        parts=parts,
        lexicon_weight=float(lexicon.weight),
        classes=tuple(str(c) for c in trained.themes.classes_),
        themes_coef=trained.themes.coef_,
        themes_intercept=trained.themes.intercept_,
        sensitive_coef=trained.sensitive.coef_[0],
        sensitive_intercept=float(trained.sensitive.intercept_[0]),
    )


def models_train(examples: Sequence[Example]) -> Models:
    """Train on the examples; what analytics.themes reads answers with."""
    return models_of(trained_fit(examples))


@dataclass(frozen=True)
class Evaluation:
    """Held-out quality: macro-F1 of the main theme, and recall of sensitive comments."""

    macro_f1: float
    sensitive_recall: float
    sensitive_precision: float
    examples: int


def evaluate(models: Models, examples: Sequence[Example]) -> Evaluation:
    """Score the models on examples they were not trained on."""
    readings = [read(e.text, models) for e in examples]
    f1 = f1_score(
        [e.themes[0] for e in examples], [r.themes[0][0] for r in readings], average="macro"
    )
    flagged = [r.sensitive for r in readings]
    truth = [e.sensitive for e in examples]
    hits = sum(f and t for f, t in zip(flagged, truth, strict=True))
    return Evaluation(
        macro_f1=float(f1),
        sensitive_recall=hits / max(1, sum(truth)),
        sensitive_precision=hits / max(1, sum(flagged)),
        examples=len(examples),
    )
