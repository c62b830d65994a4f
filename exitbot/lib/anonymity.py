"""Anonymity thresholds for breakdowns, with complementary suppression.

A breakdown (by department, manager, month, classification…) shows a group only when it has at
least ``k`` interviews. Smaller groups are folded into one "Other" group; if that group would
still be under ``k``, the next smallest groups are folded in too, so that "Other" can never be
recovered as a small number by subtracting the shown groups from the total. If everything
together is under ``k`` the whole breakdown is hidden.

Row-level exports need more: a row shows several groupings at once (department, month, exit
type…), so every *combination* of shown values must hold at least ``k`` respondents.
``generalise`` recodes each column the same way in every row until that holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OTHER = "Other (small groups combined)"
SUPPRESSED = "(hidden)"
HARD_MINIMUM = 3


def threshold(value: int) -> int:
    """A configured threshold, never below the hard minimum of 3."""
    return max(HARD_MINIMUM, value)


def fold_small_groups(counts: Mapping[str, int], k: int) -> dict[str, str | None]:
    """Map each group to the label it is shown under, or None when it must be hidden."""
    k = threshold(k)
    if sum(counts.values()) < k:
        return dict.fromkeys(counts)
    ordered = sorted(counts, key=lambda label: (counts[label], label))
    folded: list[str] = [label for label in ordered if counts[label] < k]
    other_total = sum(counts[label] for label in folded)
    for label in ordered:
        if not 0 < other_total < k:
            break
        if label not in folded:
            folded.append(label)
            other_total += counts[label]
    return {label: (OTHER if label in folded else label) for label in counts}


def group_shown(group_size: int, k: int) -> bool:
    """Counts and scores of a group are shown only from ``k`` respondents (at least 3)."""
    return group_size >= threshold(k)


def comments_allowed(group_size: int, k_comments: int) -> bool:
    """Free-text comments need a larger group than counts do."""
    return group_size >= threshold(k_comments)


Combination = tuple[str, ...]


@dataclass(frozen=True)
class Generalisation:
    """How each column's values are shown so that every shown combination has k or more."""

    labels: tuple[dict[str, str], ...]
    sizes: dict[Combination, int]
    k: int

    def shown(self, raw: Sequence[str]) -> Combination | None:
        """The combination a row is shown under, or None when the row must not be shown."""
        combination = tuple(labels[value] for labels, value in zip(self.labels, raw, strict=True))
        return combination if self.sizes.get(combination, 0) >= self.k else None

    def size(self, combination: Combination) -> int:
        """How many respondents share a shown combination."""
        return self.sizes.get(combination, 0)


def _combination_sizes(
    counts: Mapping[Combination, int], labels: Sequence[dict[str, str]]
) -> dict[Combination, int]:
    sizes: dict[Combination, int] = defaultdict(int)
    for raw, n in counts.items():
        sizes[tuple(column[value] for column, value in zip(labels, raw, strict=True))] += n
    return dict(sizes)


def _distinct(column: dict[str, str]) -> int:
    return len(set(column.values()))


def generalise(counts: Mapping[Combination, int], k: int) -> Generalisation:
    """Recode the columns of ``counts`` (respondents per combination of raw values).

    Each column first folds its small values as a breakdown would. Then, while some shown
    combination is under ``k``, the column that still splits the rows most finely folds its
    smallest value into "Other"; a column left with a single value is hidden. The recoding is
    global (a value reads the same in every row), so a row's group cannot be recovered by
    subtracting other rows. When everything together is under ``k`` nothing is shown.
    """
    k = threshold(k)
    width = len(next(iter(counts), ()))
    totals: list[dict[str, int]] = [defaultdict(int) for _ in range(width)]
    for raw, n in counts.items():
        for column, value in zip(totals, raw, strict=True):
            column[value] += n
    labels: list[dict[str, str]] = []
    for values in totals:
        folded = fold_small_groups(values, k)
        labels.append({value: label or SUPPRESSED for value, label in folded.items()})
    sizes = _combination_sizes(counts, labels)
    while sizes and min(sizes.values()) < k:
        widest = max(range(width), key=lambda i: (_distinct(labels[i]), i))
        if _distinct(labels[widest]) < 2:
            break
        _fold_smallest(labels[widest], counts, widest)
        sizes = _combination_sizes(counts, labels)
    for index, shown in enumerate(labels):
        if set(shown.values()) == {OTHER}:
            labels[index] = dict.fromkeys(shown, SUPPRESSED)
    sizes = _combination_sizes(counts, labels)
    return Generalisation(labels=tuple(labels), sizes=sizes, k=k)


def _fold_smallest(column: dict[str, str], counts: Mapping[Combination, int], index: int) -> None:
    shown: dict[str, int] = defaultdict(int)
    for raw, n in counts.items():
        shown[column[raw[index]]] += n
    smallest = min((label for label in shown if label != OTHER), key=lambda s: (shown[s], s))
    for value, label in column.items():
        if label == smallest:
            column[value] = OTHER
