"""Exit themes and sensitive comments, recognised offline from the labelled corpus.

Themes: TF-IDF of words and character n-grams (robust to typos) plus a small hand-written
lexicon per theme, into a logistic regression trained on ``corpus/train.jsonl``. The lexicon
carries domain words the 350 training comments cannot all show ("sallary", "rota", "reorg").
Sensitive comments: a lexicon of harassment, discrimination, safety, legal and self-harm terms,
or a second logistic regression on the sensitive flag with a low threshold, because a missed
report costs far more than a false alarm that HR closes.

Training takes about a second, so the models are trained from the checked-in corpus at first use
in each process; ``manage.py build_theme_model`` writes them to THEME_MODEL_PATH to skip that.
No pickle is checked in: it is tied to the scikit-learn version and runs code when loaded.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import make_union

from analytics.taxonomy import OTHER, THEMES

CORPUS = Path(__file__).resolve().parent / "corpus"
# A second theme is kept when the model gives it at least this probability.
SECOND_THEME_MIN = 0.3
SENSITIVE_THRESHOLD = 0.25

LEXICON = {
    "compensation": r"pay|paid|salar|sallary|wage|money|raise|bonus|pension|equity|compensation|"
    r"benefit|offer|package|insurance|commission|reimburs|inflation|\d+k\b|payroll|allowance",
    "manager": r"manager|management|boss|supervisor|team ?lead|micromanag|one[- ]to[- ]ones?|"
    r"favourit|shout|yell|my lead|reported to",
    "career_growth": r"promot|career|grow|progress|training|learn|develop|senior|opportunit|"
    r"mentor|course|certific|plateau|stagnat|dead end|next level|challenge|internal",
    "workload_balance": r"burn ?out|hours|overtime|weekend|workload|work[- ]life|balance|stress|"
    r"exhaust|tired|shift|commute|flexib|part[- ]time|on[- ]call|understaff|deadline|late|night|"
    r"remote|hybrid|office|crunch|pace|busy|holiday|peak|evening|sleep|rota|release|availab|"
    r"switch off|relentless|stretched",
    "culture_team": r"team|colleague|culture|people|clique|gossip|politic|atmosphere|belong|"
    r"toxic|friendly|social|trust|silo|included|collaborat|spirit|divers",
    "work_itself": r"boring|repetitive|work itself|the work|job itself|tasks?|projects?|role|"
    r"interesting|meaning|purpose|variety|customers?|challeng|bored|job description|legacy|"
    r"hired as|hired to|ended up|thrown away|maintenance|firefight|scope|narrow",
    "recognition": r"valued|recogni|apprecia|thank|credit|acknowledg|invisible|overlooked|"
    r"taken for granted|praise|respect|award|noticed|appraisal|feedback|popularity|title|ignored",
    "tools_process": r"tool|system|process|bureaucra|red tape|approval|it support|laptop|"
    r"software|crm|erp|excel|document|form|equipment|vpn|licen|ticket|intranet|sign[- ]off|"
    r"compliance",
    "relocation_personal": r"mov(e|ing)|relocat|family|partner|husband|wife|abroad|retir|"
    r"personal|health|baby|kids|children|visa|emigrat|travel|study|studies|phd|university|home|"
    r"fianc|parent|mum",
    "leadership_strategy": r"leadership|strategy|executive|ceo|board|director|"
    r"senior management|top|vision|direction|reorg|restructur|layoff|merger|acquisition|"
    r"transparen|future|priorit|investor|head office|company is|all[- ]hands|senior leaders|"
    r"the top|fraud|illegal|audit|law",
    OTHER: r"^\W*(n/?a|no|none|ok|idk|nothing|not really|no comment|all good|-|\?)\W*$|"
    r"nothing (else|more|to add)|thank|fine",
}

SENSITIVE_LEXICON = {
    "harassment": r"harr?ass|bull(y|ied|ies|ying)|intimidat|threat|humiliat|grab|touch(ed)? me|"
    r"inappropriate (message|comment|touch)|sexual|asked me out|stalk|assault|retaliat|"
    r"frightening|scared of",
    "discrimination": r"discriminat|racis|racial|sexis|homophob|transphob|ethnicity|religio|"
    r"because of my (age|race|gender|disability|religion)|too old|pregnan|a man'?s world|"
    r"disab(led|ility)|where i'?m .?really.? from",
    "safety": r"\bunsafe\b|safety|hazard|get (killed|hurt)|injur|blocked fire|fire exit|"
    r"protective equipment|no (working )?brakes|chemicals|sparks|break-ins|near miss",
    "legal": r"fraud|illegal|falsif|backdat|whistle ?blow|lawyer|legal action|breaks? .{0,20}law|"
    r"delete emails before|minimum wage|exploit",
    "self_harm": r"suicid|self[- ]?harm|hurt(ing)? myself|kill myself|(want|wanted) to be alive|"
    r"don'?t want to live|end it all|panic attacks",
}
_SENSITIVE = {
    reason: re.compile(pattern, re.IGNORECASE) for reason, pattern in SENSITIVE_LEXICON.items()
}


class Lexicon(BaseEstimator, TransformerMixin):
    """One feature per theme: how many of its lexicon terms the text contains (capped)."""

    def __init__(self, weight: float = 0.5) -> None:
        self.weight = weight

    def fit(self, texts: Sequence[str], y: Any = None) -> Lexicon:
        return self

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        return csr_matrix(np.array([self.counts(t) for t in texts], dtype=float))

    def counts(self, text: str) -> list[float]:
        """One text's features, in the order of THEMES."""
        return [min(len(p.findall(text)), 3) * self.weight for p in _lexicon_patterns()]


@functools.cache
def _lexicon_patterns() -> list[re.Pattern[str]]:
    return [re.compile(LEXICON[theme], re.IGNORECASE) for theme in THEMES]


@dataclass(frozen=True)
class Example:
    """One labelled corpus comment."""

    text: str
    themes: tuple[str, ...]
    sensitive: bool


def corpus_load(part: str) -> list[Example]:
    """The ``train`` or ``test`` part of the corpus."""
    examples = []
    with (CORPUS / f"{part}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            examples.append(Example(row["text"], tuple(row["themes"]), bool(row["sensitive"])))
    return examples


def _features() -> Any:
    return make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        Lexicon(0.5),
    )


@dataclass
class Models:
    """The features, shared by the theme and the sensitive classifier (vectorised once)."""

    features: Any
    themes: LogisticRegression
    sensitive: LogisticRegression


def models_train(examples: Sequence[Example]) -> Models:
    """Train both classifiers on the given examples (the main theme is the target)."""
    features = _features()
    matrix = features.fit_transform([e.text for e in examples])
    themes = LogisticRegression(C=20, max_iter=3000, class_weight="balanced", solver="newton-cg")
    themes.fit(matrix, [e.themes[0] for e in examples])
    sensitive = LogisticRegression(C=20, max_iter=3000, class_weight="balanced", solver="newton-cg")
    sensitive.fit(matrix, [e.sensitive for e in examples])
    return Models(features=features, themes=themes, sensitive=sensitive)


_lock = threading.Lock()
_loaded: dict[str, Models] = {}


def models_get(path: str = "") -> Models:
    """The models from ``path`` when that file exists, else trained from the corpus; cached."""
    with _lock:
        if path not in _loaded:
            file = Path(path) if path else None
            if file is not None and file.is_file():
                _loaded[path] = joblib.load(file)
            else:
                _loaded[path] = models_train(corpus_load("train"))
        return _loaded[path]


def models_save(models: Models, path: str) -> None:
    """Write trained models to ``path`` (read back by models_get)."""
    joblib.dump(models, path)


@dataclass(frozen=True)
class Reading:
    """What the classifiers make of one answer."""

    themes: list[tuple[str, float]]
    sensitive_reasons: list[str]

    @property
    def sensitive(self) -> bool:
        return bool(self.sensitive_reasons)


def sensitive_reasons(text: str) -> list[str]:
    """The kinds of concern the lexicon finds in a text."""
    return [reason for reason, pattern in _SENSITIVE.items() if pattern.search(text)]


def _features_of(text: str, models: Models) -> tuple[Any, Any]:
    """The text's non-zero features as (columns, values): what models.features.transform gives.

    Worked out directly for one text: each TF-IDF part counts the vocabulary's terms among its
    analyser's output, takes 1 + log of each count, weights it by the term's idf and scales the
    part to unit length; the lexicon part is its capped counts. The scikit-learn transform does
    the same arithmetic but validates its input and builds sparse matrices on every call, which
    for a single answer costs three times the arithmetic (bench/themes.py).
    """
    columns: list[Any] = []
    values: list[Any] = []
    offset = 0
    for _, part in models.features.transformer_list:
        if isinstance(part, Lexicon):
            lexicon = np.array(part.counts(text), dtype=float)
            found = np.flatnonzero(lexicon)
            columns.append(found + offset)
            values.append(lexicon[found])
            offset += len(lexicon)
            continue
        vocabulary = part.vocabulary_
        terms = Counter(
            column
            for term in part.build_analyzer()(text)
            if (column := vocabulary.get(term)) is not None
        )
        if terms:
            found = np.fromiter(terms.keys(), dtype=np.intp, count=len(terms))
            counts = np.fromiter(terms.values(), dtype=float, count=len(terms))
            weights = (np.log(counts) + 1) * part.idf_[found]
            columns.append(found + offset)
            values.append(weights / np.sqrt(weights @ weights))
        offset += len(vocabulary)
    return np.concatenate(columns), np.concatenate(values)


def _softmax(scores: Any) -> Any:
    row = np.asarray(scores).ravel()
    exp = np.exp(row - row.max())
    return exp / exp.sum()


def read(text: str, models: Models) -> Reading:
    """The main theme (and a second one when likely), and why the text is sensitive, if it is."""
    columns, values = _features_of(text, models)
    probabilities = _softmax(models.themes.coef_[:, columns] @ values + models.themes.intercept_)
    classes = list(models.themes.classes_)
    ranked = sorted(zip(classes, probabilities, strict=True), key=lambda c: -c[1])
    themes = [(str(ranked[0][0]), float(ranked[0][1]))]
    if len(ranked) > 1 and ranked[1][1] >= SECOND_THEME_MIN:
        themes.append((str(ranked[1][0]), float(ranked[1][1])))
    reasons = sensitive_reasons(text)
    if not reasons:
        score = float(models.sensitive.coef_[0, columns] @ values + models.sensitive.intercept_[0])
        # classes_ is [False, True]: the binary model's score is for True.
        if 1 / (1 + math.exp(-score)) >= SENSITIVE_THRESHOLD:
            reasons = ["other"]
    return Reading(themes=themes, sensitive_reasons=reasons)


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
