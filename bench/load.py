"""The load generator: simulated employees answering interviews over HTTP (httpx on asyncio).

An employee opens an invite link, then answers the question on the page until the interview
is completed, as a browser without JavaScript does (POST, follow the redirect, GET), or as
htmx does when ``htmx`` is set (one POST answered with the next question's fragment).
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

ANSWER_TEXT = "My manager was supportive, but the pay fell behind the market."
QUESTION_RE = re.compile(r'name="question_id" value="(\d+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE_RE = re.compile(r'name="answer" value="([^"]+)"')
MULTIPLE = 'name="kind" value="multiple_choice"'


class LoadError(Exception):
    """A request that did not get the answer a working server gives; the message is its kind."""


class NoMoreInvites(Exception):
    """Every prepared interview has been handed out."""


@dataclass
class Tally:
    """Latencies (seconds) of the successful operations, and the failed ones by kind."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @classmethod
    def merged(cls, tallies: list[Tally]) -> Tally:
        """One tally of several runs of the same phase."""
        merged = cls()
        for tally in tallies:
            merged.latencies += tally.latencies
            merged.errors += tally.errors
            merged.seconds += tally.seconds
        return merged

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile in milliseconds (0 for an empty sample)."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.latencies) if self.latencies else 0.0


@dataclass
class Ledger:
    """What the server acknowledged: (interview public id, question id) per stored answer."""

    invites: list[str]
    acknowledged: list[tuple[str, int]] = field(default_factory=list)

    def next_invite(self) -> str:
        if not self.invites:
            raise NoMoreInvites("every prepared interview was handed out: raise --interviews")
        return self.invites.pop()


class Employee:
    """One person with their own browser (cookie jar) working through interviews."""

    def __init__(self, base_url: str, ledger: Ledger, *, htmx: bool = False) -> None:
        # Plain HTTP on loopback: verify=False skips loading CA certificates per client, which
        # for hundreds of employees would stall the event loop for seconds. Like a browser, drop
        # an idle connection before the server's keep-alive ends it (gunicorn's threaded
        # workers close it after 2 s), so a request is never sent into a closing socket.
        self.client = httpx.AsyncClient(
            base_url=base_url,
            timeout=60,
            verify=False,
            limits=httpx.Limits(keepalive_expiry=1.0),
        )
        self.ledger = ledger
        self.htmx = htmx
        self.page = ""
        self.html = ""
        self.last: httpx.Response | None = None

    async def open_next(self) -> None:
        """Open the next invite link: bound to the session, redirected to the page."""
        invite = self.ledger.next_invite()
        try:
            response = self.last = await self.client.get(invite)
        except httpx.TransportError:
            self.ledger.invites.append(invite)  # not opened: someone may try it again
            raise
        if response.status_code != 302:
            self.ledger.invites.append(invite)
            raise LoadError(f"invite link {response.status_code}")
        self.page = response.headers["location"]
        await self.reload()

    async def reload(self) -> None:
        response = self.last = await self.client.get(self.page)
        if response.status_code != 200:
            raise LoadError(f"page GET {response.status_code}")
        self.html = response.text

    def form(self) -> dict[str, str] | None:
        """The answer to the question on the page, or None when nothing is asked."""
        question = QUESTION_RE.search(self.html)
        csrf = CSRF_RE.search(self.html)
        if question is None or csrf is None:
            return None
        choice = CHOICE_RE.search(self.html, question.end())
        data = {
            "question_id": question.group(1),
            "csrfmiddlewaretoken": csrf.group(1),
            "answer": choice.group(1) if choice else ANSWER_TEXT,
        }
        if MULTIPLE in self.html:
            data["kind"] = "multiple_choice"
        return data

    async def ensure_question(self) -> dict[str, str]:
        """The form to send now, opening the next interview when this one is done."""
        data = self.form()
        while data is None:
            await self.open_next()
            data = self.form()
        return data

    async def answer(self, data: dict[str, str]) -> None:
        """One round trip: send the answer and get the next question."""
        headers = {"HX-Request": "true", "HX-Target": "chat"} if self.htmx else {}
        # Without JavaScript the browser follows the answer's redirect with a GET; httpx follows
        # it the same way, sending the request it built from the 302 rather than a second one.
        response = self.last = await self.client.post(
            self.page + "answer/", data=data, headers=headers, follow_redirects=not self.htmx
        )
        if response.history and response.history[0].status_code == 302:
            self._acknowledge(data)
            if response.status_code != 200:
                raise LoadError(f"page GET {response.status_code}")
        elif response.status_code == 200 and self.htmx:
            self._acknowledge(data)
        else:
            raise LoadError(f"answer POST {response.status_code}")
        self.html = response.text
        following = QUESTION_RE.search(self.html)
        if following is not None and following.group(1) == data["question_id"]:
            raise LoadError("same question asked again")

    def _acknowledge(self, data: dict[str, str]) -> None:
        public_id = self.page.rstrip("/").rsplit("/", 1)[-1]
        self.ledger.acknowledged.append((public_id, int(data["question_id"])))

    async def close(self) -> None:
        await self.client.aclose()


# A step does one operation and returns how long the timed part of it took, in seconds.
Step = Callable[[], Awaitable[float]]


async def closed_loop(steps: list[Step], *, seconds: float, warmup: float) -> Tally:
    """Each step runs back to back in its own task; samples after the warm-up are kept."""
    tally = Tally()
    started = time.perf_counter()
    measure_from = started + warmup
    deadline = measure_from + seconds

    async def run(step: Step) -> None:
        while (now := time.perf_counter()) < deadline:
            try:
                elapsed = await step()
            except NoMoreInvites:
                tally.errors["ran out of prepared interviews"] += 1
                return
            except LoadError as exc:
                if now >= measure_from:
                    tally.errors[str(exc)] += 1
                continue
            except httpx.TransportError as exc:
                if now >= measure_from:
                    tally.errors[exc.__class__.__name__] += 1
                continue
            if now >= measure_from:
                tally.latencies.append(elapsed)

    await asyncio.gather(*(run(step) for step in steps))
    tally.seconds = time.perf_counter() - measure_from
    return tally


def answering(employee: Employee) -> Step:
    """A closed-loop step: one answer round trip (opening the next interview is not timed)."""

    async def step() -> float:
        data = await employee.ensure_question()
        started = time.perf_counter()
        await employee.answer(data)
        return time.perf_counter() - started

    return step


def requesting(client: httpx.AsyncClient, method: str, url: str, **kwargs: object) -> Step:
    """A closed-loop step: one request that must succeed (2xx)."""

    async def step() -> float:
        started = time.perf_counter()
        response = await client.request(method, url, **kwargs)  # type: ignore[arg-type]
        if not response.is_success:
            raise LoadError(f"{method} {url} {response.status_code}")
        return time.perf_counter() - started

    return step


async def open_loop(
    employees: list[Employee], *, every: float, seconds: float, warmup: float
) -> Tally:
    """Each employee answers on its own schedule, about every ``every`` seconds, whether or not
    the server keeps up; latency counts from the scheduled moment (no coordinated omission)."""
    tally = Tally()
    rng = random.Random(12)
    started = time.perf_counter()
    measure_from = started + warmup
    deadline = measure_from + seconds

    async def run(employee: Employee) -> None:
        due = started + rng.uniform(0, every)
        # Open loop, but bounded: an employee far behind schedule stops at the grace time.
        while due < deadline and time.perf_counter() < deadline + every:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            try:
                await employee.answer(await employee.ensure_question())
                if due >= measure_from:
                    tally.latencies.append(time.perf_counter() - due)
                if employee.form() is None:
                    await employee.open_next()  # the next person, before their first answer
            except NoMoreInvites:
                tally.errors["ran out of prepared interviews"] += 1
                return
            except LoadError as exc:
                if due >= measure_from:
                    tally.errors[str(exc)] += 1
            except httpx.TransportError as exc:
                if due >= measure_from:
                    tally.errors[exc.__class__.__name__] += 1
            due += rng.uniform(every / 2, every * 1.5)

    await asyncio.gather(*(run(employee) for employee in employees))
    tally.seconds = seconds
    return tally
