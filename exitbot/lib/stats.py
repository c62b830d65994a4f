"""Small statistics: eNPS and a two-proportion z-test, without SciPy."""

from __future__ import annotations

import math
from dataclasses import dataclass


def enps(scores: list[int]) -> float | None:
    """Employee NPS: % promoters (9–10) minus % detractors (0–6), or None with no scores."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return round(100 * (promoters - detractors) / len(scores), 1)


@dataclass(frozen=True)
class ProportionTest:
    """The result of comparing two proportions."""

    rate_a: float
    rate_b: float
    z: float
    p_value: float


def two_proportion_z_test(success_a: int, n_a: int, success_b: int, n_b: int) -> ProportionTest:
    """Two-sided z-test for p_a = p_b with a pooled proportion; n_a and n_b must be positive."""
    rate_a, rate_b = success_a / n_a, success_b / n_b
    pooled = (success_a + success_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if spread == 0:
        return ProportionTest(rate_a, rate_b, 0.0, 1.0)
    z = (rate_a - rate_b) / spread
    p_value = math.erfc(abs(z) / math.sqrt(2))
    return ProportionTest(rate_a, rate_b, round(z, 3), round(p_value, 4))
