"""How long the employee waits for a model turn, normal and failing, on a loopback server.

Run from the repository root: .venv/bin/python -m bench.llm_turns
Prints the time LlmEngine.turn takes for a normal reply, an HTTP 500, a server that answers
after 3 s and one that trickles its reply a byte at a time, with LLM_TIMEOUT=0.5 s. The last
two must stay at about LLM_TIMEOUT: that is the fallback guarantee.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exitbot.settings")
django.setup()

from django.test.utils import override_settings  # noqa: E402

from exitbot.tests.chat_server import ChatServer  # noqa: E402
from interviews.engine import LlmEngine  # noqa: E402
from interviews.models import Question  # noqa: E402

TIMEOUT = 0.5
BODY = b'{"choices": [{"message": {"content": "{}"}, "finish_reason": "stop"}]}'


def measure(server: ChatServer, runs: int, queue: Callable[[], None]) -> tuple[list[float], str]:
    question = Question(text="Why are you leaving?")
    following = Question(text="How was your manager?")
    engine = LlmEngine()
    times, reason = [], ""
    for _ in range(runs):
        queue()
        started = time.perf_counter()
        turn = engine.turn(question=question, answer_text="Pay.", next_question=following)
        times.append((time.perf_counter() - started) * 1000)
        reason = turn.fallback_reason or turn.outcome
    return times, reason


def main() -> None:
    server = ChatServer().start()
    cases: list[tuple[str, int, Callable[[], None]]] = [
        ("normal reply", 50, lambda: server.reply({"action": "next", "message": "Thanks."})),
        ("HTTP 500", 20, lambda: server.reply_raw(500, b"")),
        ("reply after 3 s", 5, lambda: server.reply_raw(200, BODY, delay=3.0)),
        ("trickled reply", 3, lambda: server.reply_raw(200, BODY, trickle=0.1)),
    ]
    print(f"LLM_TIMEOUT = {TIMEOUT} s, loopback server")
    print(f"{'case':<18} {'runs':>4} {'median ms':>10} {'max ms':>8}  outcome")
    with override_settings(
        LLM_BASE_URL=server.url, LLM_MODEL="bench", LLM_API_KEY="", LLM_TIMEOUT=TIMEOUT
    ):
        for name, runs, queue in cases:
            times, outcome = measure(server, runs, queue)
            median = statistics.median(times)
            print(f"{name:<18} {runs:>4} {median:>10.1f} {max(times):>8.1f}  {outcome}")
    server.stop()


if __name__ == "__main__":
    main()
