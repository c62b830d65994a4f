"""A client for OpenAI-compatible chat-completions endpoints with a hard deadline.

Framework-free: the caller passes the endpoint, model, key and timeout. Every failure is raised
as ChatError with a short machine-readable reason, so callers can fall back and count it.

An endpoint that keeps failing is paused: after ``pause_after`` calls in a row time out, cannot
connect or get an HTTP error, calls fail at once with reason "paused" for ``pause_seconds``.
Then one call tries again: its success ends the pause, its failure starts another. So an
outage costs each employee nothing instead of the whole timeout on every answer. The state is
per process and per base URL; a ``pause_after`` of 0 never pauses.
"""

from __future__ import annotations

import concurrent.futures
import functools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

# Calls abandoned at the deadline keep a worker until httpx's own timeout ends them; a small
# pool bounds that, and a call queued behind busy workers still returns at its deadline.
MAX_CONCURRENT_CALLS = 8


class ChatError(Exception):
    """The endpoint could not give a usable reply; ``reason`` says why in one word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ChatReply:
    """The first choice of a chat completion."""

    content: str
    finish_reason: str
    refusal: str


@dataclass(frozen=True)
class ChatEndpoint:
    """Where and how to ask: base URL (ending in /v1 for most servers), model, key, seconds."""

    base_url: str
    model: str
    api_key: str
    timeout: float
    pause_after: int = 5
    pause_seconds: float = 30.0


# Failures that say the endpoint is down or refusing, not that one reply was unusable.
OUTAGE_REASONS = frozenset({"timeout", "unreachable", "http_error"})


class _Pause:
    """One endpoint's failures in a row and, once there are enough, until when it rests."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.failures = 0
        self.until = 0.0
        self.trying = False

    def admit(self, endpoint: ChatEndpoint, now: float) -> bool:
        """Whether a call may go out now; while paused, only one trial once the pause is over."""
        with self.lock:
            if endpoint.pause_after <= 0 or self.failures < endpoint.pause_after:
                return True
            if now < self.until or self.trying:
                return False
            self.trying = True
            return True

    def settle(self, endpoint: ChatEndpoint, outage: bool, now: float) -> None:
        with self.lock:
            self.trying = False
            self.failures = self.failures + 1 if outage else 0
            if self.failures >= endpoint.pause_after:
                self.until = now + endpoint.pause_seconds


_pauses: dict[str, _Pause] = {}
_pauses_lock = threading.Lock()


def _pause_for(endpoint: ChatEndpoint) -> _Pause:
    with _pauses_lock:
        return _pauses.setdefault(endpoint.base_url, _Pause())


def pauses_reset() -> None:
    """Forget every endpoint's failures, so the next call to each goes out."""
    with _pauses_lock:
        _pauses.clear()


@functools.cache
def _http() -> httpx.Client:
    limits = httpx.Limits(max_connections=MAX_CONCURRENT_CALLS, max_keepalive_connections=4)
    return httpx.Client(limits=limits, follow_redirects=False)


@functools.cache
def _pool() -> concurrent.futures.ThreadPoolExecutor:
    return concurrent.futures.ThreadPoolExecutor(
        max_workers=MAX_CONCURRENT_CALLS, thread_name_prefix="chat"
    )


@dataclass(frozen=True)
class _RawResponse:
    status_code: int
    body: bytes


def _post(endpoint: ChatEndpoint, payload: dict[str, Any], deadline: float) -> _RawResponse:
    headers = {"Accept": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    url = f"{endpoint.base_url.rstrip('/')}/chat/completions"
    try:
        with _http().stream(
            "POST", url, json=payload, headers=headers, timeout=endpoint.timeout
        ) as response:
            chunks = []
            for chunk in response.iter_bytes():
                # Stop reading a trickling reply once the caller has given up on it.
                if time.monotonic() > deadline:
                    raise ChatError("timeout", "deadline while reading")
                chunks.append(chunk)
            return _RawResponse(response.status_code, b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise ChatError("timeout", type(exc).__name__) from exc
    except httpx.HTTPError as exc:
        raise ChatError("unreachable", type(exc).__name__) from exc


def _reply_parse(response: _RawResponse) -> ChatReply:
    if response.status_code != 200:
        raise ChatError("http_error", f"HTTP {response.status_code}")
    try:
        body = json.loads(response.body)
        choice = body["choices"][0]
        message = choice["message"]
        content = message.get("content") or ""
        refusal = message.get("refusal") or ""
        finish_reason = choice.get("finish_reason") or ""
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ChatError("malformed", type(exc).__name__) from exc
    if not all(isinstance(v, str) for v in (content, refusal, finish_reason)):
        raise ChatError("malformed", "non-string fields")
    return ChatReply(content=content, finish_reason=finish_reason, refusal=refusal)


def chat_complete(
    *,
    endpoint: ChatEndpoint,
    messages: list[dict[str, str]],
    max_tokens: int,
    temperature: float = 0.3,
    json_reply: bool = True,
) -> ChatReply:
    """Ask for one completion; return within ``endpoint.timeout`` seconds or raise ChatError."""
    payload: dict[str, Any] = {
        "model": endpoint.model,
        "messages": messages,
        "max_tokens": max_tokens,
        "temperature": temperature,
        "stream": False,
    }
    if json_reply:
        payload["response_format"] = {"type": "json_object"}
    pause = _pause_for(endpoint)
    if not pause.admit(endpoint, time.monotonic()):
        raise ChatError("paused", f"{endpoint.pause_after} failures in a row")
    try:
        reply = _call(endpoint, payload)
    except ChatError as exc:
        pause.settle(endpoint, exc.reason in OUTAGE_REASONS, time.monotonic())
        raise
    pause.settle(endpoint, False, time.monotonic())
    return reply


def _call(endpoint: ChatEndpoint, payload: dict[str, Any]) -> ChatReply:
    # httpx's timeout bounds each phase (connect, write, each read), not the whole call; the
    # future bounds the whole call, so a server trickling bytes cannot hold the employee.
    future = _pool().submit(_post, endpoint, payload, time.monotonic() + endpoint.timeout)
    try:
        response = future.result(timeout=endpoint.timeout)
    except concurrent.futures.TimeoutError as exc:
        future.cancel()
        raise ChatError("timeout", "deadline") from exc
    return _reply_parse(response)


def reply_json(content: str) -> Any:
    """The JSON object in a model's reply, tolerating code fences and <think> blocks."""
    text = content.strip()
    if "</think>" in text:
        text = text.rsplit("</think>", 1)[1].strip()
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end < start:
        raise ChatError("malformed", "no JSON object in the reply")
    try:
        return json.loads(text[start : end + 1])
    except ValueError as exc:
        raise ChatError("malformed", "invalid JSON in the reply") from exc
