"""A client for OpenAI-compatible chat-completions endpoints with a hard deadline.

Framework-free: the caller passes the endpoint, model, key and timeout. Every failure is raised
as ChatError with a short machine-readable reason, so callers can fall back and count it.
"""

from __future__ import annotations

import concurrent.futures
import functools
import json
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
