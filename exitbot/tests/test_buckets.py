from __future__ import annotations

from collections import Counter

from exitbot.lib.buckets import bucket_of


def test_bucket_of_is_the_same_every_time_for_the_same_name_and_key():
    # when
    first = bucket_of("predefined_questions", "E00042")
    again = bucket_of("predefined_questions", "E00042")
    # then
    assert first == again
    assert 0 <= first < 100


def test_bucket_of_spreads_keys_evenly_over_the_hundred_buckets():
    # given
    keys = [f"E{n:06d}" for n in range(20_000)]
    # when
    tenths = Counter(bucket_of("predefined_questions", key) // 10 for key in keys)
    # then: every tenth of the range holds 10 % of the keys, give or take 1.5 points
    assert set(tenths) == set(range(10))
    assert all(1_700 <= count <= 2_300 for count in tenths.values())


def test_bucket_of_splits_employees_independently_for_different_flags():
    # given
    keys = [f"E{n:05d}" for n in range(1_000)]
    # when
    same = sum(bucket_of("flag_a", key) == bucket_of("flag_b", key) for key in keys)
    # then: independent hashes agree about 1 time in 100
    assert same < 40
