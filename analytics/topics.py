"""Clusters of comments for emerging topics: k-means on TF-IDF, each with its top terms."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

# One cluster per this many texts (at most MAX_CLUSTERS), so each can reach the minimum size.
TEXTS_PER_CLUSTER = 25
MAX_CLUSTERS = 12
PLACEHOLDERS = ["name", "email", "phone", "link"]


def clusters(texts: Sequence[str], *, min_size: int, terms: int) -> list[tuple[list[str], int]]:
    """(top terms, size) of each cluster of at least ``min_size`` texts, largest first."""
    if len(texts) < min_size:
        return []
    vectorizer = TfidfVectorizer(
        stop_words=[*TfidfVectorizer(stop_words="english").get_stop_words(), *PLACEHOLDERS],
        min_df=2,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:
        return []  # nothing but stop words and rare words
    k = max(1, min(MAX_CLUSTERS, len(texts) // TEXTS_PER_CLUSTER))
    model = KMeans(n_clusters=k, n_init=4, random_state=0).fit(matrix)
    vocabulary = np.array(vectorizer.get_feature_names_out())
    sizes = Counter(int(label) for label in model.labels_)
    found = []
    for label, size in sizes.most_common():
        if size < min_size:
            continue
        centre = model.cluster_centers_[label]
        top = [str(vocabulary[i]) for i in np.argsort(centre)[::-1][:terms] if centre[i] > 0]
        found.append((top, size))
    return found
