"""Sentiment of free text with VADER: a compound score from -1 (negative) to 1 (positive)."""

from __future__ import annotations

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def sentiment_score(text: str) -> float | None:
    """The compound score of ``text``, or None for empty text."""
    if not text.strip():
        return None
    return round(float(_analyzer().polarity_scores(text)["compound"]), 4)
