"""Save-time cost of reading a free-text answer: themes, the sensitive check and redaction.

    .venv/bin/python -m bench.themes [--repeat 5]

Runs the classifiers over every corpus comment, one at a time as the answer path does, and
prints the mean, p50, p95 and max per answer (wall clock and CPU), then the redaction cost with
10,000 known names. Exits non-zero when the mean reading cost is 5 ms or more. The database
insert of the one or two theme rows, inside the answer's transaction, is not included.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

BUDGET_MS = 5.0


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from analytics.themes import corpus_load, models_get, read
    from exitbot.lib.redact import Redactor

    started = time.perf_counter()
    models = models_get("")
    print(f"training from the corpus: {time.perf_counter() - started:.2f} s (once per process)")
    texts = [e.text for e in corpus_load("train") + corpus_load("test")]
    read(texts[0], models)  # first call warms caches
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.repeat):
        for text in texts:
            w, c = time.perf_counter(), time.process_time()
            read(text, models)
            wall.append((time.perf_counter() - w) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    redactor = Redactor(f"First{n} Last{n}" for n in range(10_000))
    redacting: list[float] = []
    for text in texts:
        w = time.perf_counter()
        redactor.redact(text)
        redacting.append((time.perf_counter() - w) * 1000)

    print(f"{'per answer (ms)':<28}{'mean':>8}{'p50':>8}{'p95':>8}{'max':>8}")
    for label, values in (
        ("themes + sensitive, wall", wall),
        ("themes + sensitive, CPU", cpu),
        ("redaction (10k names), wall", redacting),
    ):
        print(
            f"{label:<28}{statistics.mean(values):>8.2f}{_percentile(values, 0.5):>8.2f}"
            f"{_percentile(values, 0.95):>8.2f}{max(values):>8.2f}"
        )
    mean = statistics.mean(cpu)
    verdict = "ok" if mean < BUDGET_MS else "OVER BUDGET"
    print(f"budget {BUDGET_MS} ms per answer (CPU mean): {verdict}")
    sys.exit(0 if mean < BUDGET_MS else 1)


if __name__ == "__main__":
    main()
