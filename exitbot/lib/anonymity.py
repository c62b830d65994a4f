"""Anonymity thresholds for breakdowns, with complementary suppression.

A breakdown (by department, manager, month, classification…) shows a group only when it has at
least ``k`` interviews. Smaller groups are folded into one "Other" group; if that group would
still be under ``k``, the next smallest groups are folded in too, so that "Other" can never be
recovered as a small number by subtracting the shown groups from the total. If everything
together is under ``k`` the whole breakdown is hidden.
"""

from __future__ import annotations

from collections.abc import Mapping

OTHER = "Other (small groups combined)"
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


def comments_allowed(group_size: int, k_comments: int) -> bool:
    """Free-text comments need a larger group than counts do."""
    return group_size >= threshold(k_comments)
