"""Exit themes and sensitive comments, recognised offline from the labelled corpus.

Themes: TF-IDF of words and character n-grams (robust to typos) plus a small hand-written
lexicon per theme, into a logistic regression trained on ``corpus/train.jsonl``. The lexicon
carries domain words the 350 training comments cannot all show ("sallary", "rota", "reorg").
Sensitive comments: a lexicon of harassment, discrimination, safety, legal and self-harm terms,
or a second logistic regression on the sensitive flag with a low threshold, because a missed
report costs far more than a false alarm that HR closes.

This module reads answers with what training leaves: each TF-IDF part's vocabulary and idf, and
the two regressions' coefficients, as NumPy arrays. scikit-learn trains them
(analytics/theme_training.py) and is imported only there: a web process that reads the saved
arrays never loads it, which kept every worker about 85 MB larger. ``manage.py
build_theme_model`` writes the arrays to THEME_MODEL_PATH (an .npz file, read without pickle, so
loading it runs no code); without that file a process trains the models at first use, in about
a second. No model file is checked in.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from analytics.taxonomy import OTHER, THEMES

logger = logging.getLogger(__name__)

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


@functools.cache
def _lexicon_patterns() -> list[re.Pattern[str]]:
    return [re.compile(LEXICON[theme], re.IGNORECASE) for theme in THEMES]


def lexicon_counts(text: str, weight: float) -> list[float]:
    """The lexicon features of one text, in the order of THEMES: capped counts, weighted."""
    return [min(len(p.findall(text)), 3) * weight for p in _lexicon_patterns()]


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


@dataclass(frozen=True)
class TermWeights:
    """One fitted TF-IDF part: how it cuts a text into terms, their columns and idf."""

    analyzer: str
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: Any


@dataclass(frozen=True)
class Models:
    """What reading an answer needs of the trained features and the two classifiers."""

    parts: tuple[TermWeights, ...]
    lexicon_weight: float
    classes: tuple[str, ...]
    themes_coef: Any
    themes_intercept: Any
    sensitive_coef: Any
    sensitive_intercept: float


_lock = threading.Lock()
_loaded: dict[str, Models] = {}


def models_get(path: str = "") -> Models:
    """The models from ``path`` when that file holds them, else trained from the corpus; cached.

    A file that is not one ``models_save`` wrote (the pickle earlier versions wrote, say) is
    logged and the models are trained instead: ``manage.py build_theme_model`` writes it anew.
    """
    with _lock:
        if path not in _loaded:
            _loaded[path] = _models_read(path) or _models_trained()
        return _loaded[path]


def _models_read(path: str) -> Models | None:
    if not path or not Path(path).is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            parts = tuple(
                TermWeights(
                    analyzer=part["analyzer"],
                    ngram_range=(part["ngram_range"][0], part["ngram_range"][1]),
                    vocabulary={str(t): i for i, t in enumerate(arrays[f"terms{n}"])},
                    idf=arrays[f"idf{n}"],
                )
                for n, part in enumerate(meta["parts"])
            )
            return Models(
                parts=parts,
                lexicon_weight=float(meta["lexicon_weight"]),
                classes=tuple(str(c) for c in arrays["classes"]),
                themes_coef=arrays["themes_coef"],
                themes_intercept=arrays["themes_intercept"],
                sensitive_coef=arrays["sensitive_coef"],
                sensitive_intercept=float(meta["sensitive_intercept"]),
            )
    except (OSError, ValueError, KeyError) as error:
        logger.warning(
            "Theme models at %s could not be read (%s); training them instead. "
            "Run manage.py build_theme_model to write them again.",
            path,
            error,
        )
        return None


def _models_trained() -> Models:
    from analytics.theme_training import models_train  # scikit-learn, only to train

    return models_train(corpus_load("train"))


def models_save(models: Models, path: str) -> None:
    """Write the models to ``path`` as NumPy arrays (read back by models_get)."""
    arrays: dict[str, Any] = {}
    for n, part in enumerate(models.parts):
        terms = sorted(part.vocabulary, key=part.vocabulary.__getitem__)
        arrays[f"terms{n}"] = np.array(terms, dtype=str)
        arrays[f"idf{n}"] = part.idf
    meta = {
        "parts": [
            {"analyzer": p.analyzer, "ngram_range": list(p.ngram_range)} for p in models.parts
        ],
        "lexicon_weight": models.lexicon_weight,
        "sensitive_intercept": models.sensitive_intercept,
    }
    with open(path, "wb") as handle:
        np.savez(
            handle,
            meta=np.array(json.dumps(meta)),
            classes=np.array(models.classes, dtype=str),
            themes_coef=models.themes_coef,
            themes_intercept=models.themes_intercept,
            sensitive_coef=models.sensitive_coef,
            **arrays,
        )


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


_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")


def _terms(text: str, part: TermWeights) -> list[str]:
    """The terms of a lower-cased text as scikit-learn's analyser of the part cuts them: words
    and word n-grams ("word"), or character n-grams inside each word, padded with a space
    ("char_wb")."""
    text = text.lower()
    low, high = part.ngram_range
    if part.analyzer == "word":
        tokens = _TOKEN.findall(text)
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
            grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return grams
    grams = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[:n])
            while offset + n < len(padded):
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return grams


def _features_of(text: str, models: Models) -> tuple[Any, Any]:
    """The text's non-zero features as (columns, values): what the trained union's transform
    gives (analytics/theme_training.py), worked out for one text.

    Each TF-IDF part counts the vocabulary's terms among the text's, takes 1 + log of each
    count, weights it by the term's idf and scales the part to unit length; the lexicon part is
    its capped counts. scikit-learn's transform does the same arithmetic but validates its input
    and builds sparse matrices on every call, which for one answer costs three times the
    arithmetic (bench/themes.py).
    """
    columns: list[Any] = []
    values: list[Any] = []
    offset = 0
    for part in models.parts:
        vocabulary = part.vocabulary
        terms = Counter(
            column for term in _terms(text, part) if (column := vocabulary.get(term)) is not None
        )
        if terms:
            found = np.fromiter(terms.keys(), dtype=np.intp, count=len(terms))
            counts = np.fromiter(terms.values(), dtype=float, count=len(terms))
            weights = (np.log(counts) + 1) * part.idf[found]
            columns.append(found + offset)
            values.append(weights / np.sqrt(weights @ weights))
        offset += len(vocabulary)
    lexicon = np.array(lexicon_counts(text, models.lexicon_weight), dtype=float)
    found = np.flatnonzero(lexicon)
    columns.append(found + offset)
    values.append(lexicon[found])
    return np.concatenate(columns), np.concatenate(values)


def _softmax(scores: Any) -> Any:
    row = np.asarray(scores).ravel()
    exp = np.exp(row - row.max())
    return exp / exp.sum()


def read(text: str, models: Models) -> Reading:
    """The main theme (and a second one when likely), and why the text is sensitive, if it is."""
    columns, values = _features_of(text, models)
    probabilities = _softmax(models.themes_coef[:, columns] @ values + models.themes_intercept)
    ranked = sorted(zip(models.classes, probabilities, strict=True), key=lambda c: -c[1])
    themes = [(str(ranked[0][0]), float(ranked[0][1]))]
    if len(ranked) > 1 and ranked[1][1] >= SECOND_THEME_MIN:
        themes.append((str(ranked[1][0]), float(ranked[1][1])))
    reasons = sensitive_reasons(text)
    if not reasons:
        score = float(models.sensitive_coef[columns] @ values + models.sensitive_intercept)
        if 1 / (1 + math.exp(-score)) >= SENSITIVE_THRESHOLD:
            reasons = ["other"]
    return Reading(themes=themes, sensitive_reasons=reasons)
