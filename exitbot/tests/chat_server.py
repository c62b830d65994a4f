"""A real OpenAI-compatible chat-completions server on 127.0.0.1, scripted by the tests."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Scripted:
    """One reply the server gives: status, raw body, and seconds to wait before answering."""

    status: int
    body: bytes
    delay: float = 0.0
    trickle: float = 0.0


def completion(
    content: str | None, *, finish_reason: str = "stop", refusal: str | None = None
) -> bytes:
    """A chat.completion body with one choice, as OpenAI, vLLM, Ollama and llama.cpp send it."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": "test-model",
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    ).encode()


class ChatServer:
    """Answers POST /v1/chat/completions from a queue; records every request it receives."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self._queue: deque[Scripted] = deque()
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> ChatServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # wake handlers still sleeping on a slow reply
        self._server.shutdown()
        self._server.server_close()

    def reply(self, content: str | dict[str, Any] | None, **options: Any) -> None:
        """Queue a normal completion; a dict is sent as the JSON text of the message."""
        text = json.dumps(content) if isinstance(content, dict) else content
        self._queue.append(Scripted(200, completion(text, **options)))

    def reply_raw(self, status: int, body: bytes, delay: float = 0.0, trickle: float = 0.0) -> None:
        """Queue any status and body, after a delay, optionally one byte every ``trickle`` s."""
        self._queue.append(Scripted(status, body, delay, trickle))

    @property
    def last_payload(self) -> dict[str, Any]:
        return self.requests[-1]["json"]

    def _next(self) -> Scripted:
        if self._queue:
            return self._queue.popleft()
        default = {"action": "next", "message": "Thank you, that is helpful."}
        return Scripted(200, completion(json.dumps(default)))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                server.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(raw)}
                )
                scripted = server._next()
                if scripted.delay:
                    server._release.wait(scripted.delay)
                try:
                    self.send_response(scripted.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(scripted.body)))
                    self.end_headers()
                    if scripted.trickle:
                        self._trickle(scripted)
                    else:
                        self.wfile.write(scripted.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up at its deadline, as it should

            def _trickle(self, scripted: Scripted) -> None:
                for index in range(len(scripted.body)):
                    self.wfile.write(scripted.body[index : index + 1])
                    self.wfile.flush()
                    if server._release.wait(scripted.trickle):
                        return

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
