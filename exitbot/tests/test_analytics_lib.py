"""Anonymity folding, small statistics, safe spreadsheet cells and sentiment."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exitbot.lib.anonymity import (
    OTHER,
    SUPPRESSED,
    comments_allowed,
    fold_small_groups,
    generalise,
    group_shown,
    threshold,
)
from exitbot.lib.sentiment import sentiment_score
from exitbot.lib.spreadsheet import cell_safe
from exitbot.lib.stats import enps, two_proportion_z_test


def test_fold_small_groups_keeps_groups_at_the_threshold():
    # when / then
    assert fold_small_groups({"a": 5, "b": 7}, 5) == {"a": "a", "b": "b"}


def test_fold_small_groups_folds_groups_under_the_threshold_into_other():
    # when / then
    assert fold_small_groups({"a": 3, "b": 2, "c": 9}, 5) == {"a": OTHER, "b": OTHER, "c": "c"}


def test_fold_small_groups_folds_the_next_smallest_so_other_is_never_small():
    # given: "a" alone (4) could be recovered as total minus the others
    counts = {"a": 4, "b": 6, "c": 9}
    # when
    mapping = fold_small_groups(counts, 5)
    # then
    assert mapping == {"a": OTHER, "b": OTHER, "c": "c"}


def test_fold_small_groups_hides_everything_when_the_total_is_small():
    # when / then
    assert fold_small_groups({"a": 2, "b": 2}, 5) == {"a": None, "b": None}


def test_threshold_never_goes_below_three():
    # when / then
    assert threshold(1) == 3
    assert fold_small_groups({"a": 2, "b": 3}, 1) == {"a": OTHER, "b": OTHER}


@pytest.mark.parametrize(("size", "allowed"), [(9, False), (10, True)])
def test_comments_allowed_from_the_comments_threshold(size, allowed):
    # when / then
    assert comments_allowed(size, 10) is allowed


@pytest.mark.parametrize(("size", "k", "shown"), [(4, 5, False), (5, 5, True), (2, 1, False)])
def test_group_shown_from_the_threshold_and_never_under_three(size, k, shown):
    # when / then
    assert group_shown(size, k) is shown


def test_enps_is_promoters_minus_detractors():
    # when / then
    assert enps([10, 9, 8, 7, 6, 0]) == pytest.approx(0.0)
    assert enps([10, 10, 10, 3]) == 50.0
    assert enps([]) is None


def test_two_proportion_z_test_matches_a_known_value():
    # given: 45/100 vs 30/100; pooled p = 0.375
    # when
    result = two_proportion_z_test(45, 100, 30, 100)
    # then
    assert result.z == pytest.approx(2.191, abs=0.001)
    assert result.p_value == pytest.approx(0.0285, abs=0.0002)


def test_two_proportion_z_test_of_identical_certain_samples_is_not_significant():
    # when / then
    assert two_proportion_z_test(10, 10, 20, 20).p_value == 1.0


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("fine", "fine"),
        (-2, -2),
        (None, None),
    ],
)
def test_cell_safe_neutralises_formulas(value, safe):
    # when / then
    assert cell_safe(value) == safe


def test_sentiment_score_is_positive_negative_or_none():
    # when / then
    assert sentiment_score("I loved this job, great people") > 0.5
    assert sentiment_score("Terrible management, I hated it") < -0.5
    assert sentiment_score("   ") is None


def test_generalise_keeps_combinations_that_are_large_enough():
    # given
    counts = {("Sales", "2026-01"): 6, ("Support", "2026-01"): 5}
    # when
    recoding = generalise(counts, 5)
    # then
    assert recoding.shown(("Sales", "2026-01")) == ("Sales", "2026-01")
    assert recoding.size(("Support", "2026-01")) == 5


def test_generalise_folds_a_column_until_every_combination_reaches_the_threshold():
    # given: each department is large, but Sales in February is one person
    counts = {
        ("Sales", "2026-01"): 9,
        ("Sales", "2026-02"): 1,
        ("Support", "2026-01"): 3,
        ("Support", "2026-02"): 7,
    }
    # when
    recoding = generalise(counts, 5)
    # then
    shown = {raw: recoding.shown(raw) for raw in counts}
    assert all(combination is not None for combination in shown.values())
    assert all(recoding.size(c) >= 5 for c in shown.values() if c is not None)
    assert shown[("Sales", "2026-02")] != ("Sales", "2026-02")


def test_generalise_hides_a_column_that_cannot_be_split_safely():
    # given
    counts = {("a", "x"): 3, ("b", "x"): 3}
    # when
    recoding = generalise(counts, 5)
    # then
    assert recoding.shown(("a", "x")) == (SUPPRESSED, "x")
    assert recoding.size((SUPPRESSED, "x")) == 6


def test_generalise_shows_nothing_when_everyone_together_is_under_the_threshold():
    # given
    counts = {("a",): 2, ("b",): 2}
    # when
    recoding = generalise(counts, 5)
    # then
    assert recoding.shown(("a",)) is None


@given(
    st.dictionaries(
        st.tuples(st.sampled_from("abcd"), st.sampled_from("wxyz"), st.sampled_from("01")),
        st.integers(min_value=1, max_value=12),
        max_size=20,
    ),
    st.integers(min_value=3, max_value=10),
)
def test_generalise_never_shows_a_combination_under_the_threshold(counts, k):
    # when
    recoding = generalise(counts, k)
    # then: every row is either hidden, or in a combination of k or more, and the rows hidden
    # are all of them or none, so nothing can be recovered by subtraction
    shown = [recoding.shown(raw) for raw in counts]
    assert all(recoding.size(c) >= k for c in shown if c is not None)
    hidden = sum(n for raw, n in counts.items() if recoding.shown(raw) is None)
    assert hidden in (0, sum(counts.values()))
    assert sum(recoding.sizes.values()) == sum(counts.values())
