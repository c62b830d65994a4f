"""The chat client against a real OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import socket
import time

import pytest

from exitbot.lib.chat import ChatEndpoint, ChatError, chat_complete, reply_json
from exitbot.tests.chat_server import ChatServer

MESSAGES = [{"role": "system", "content": "rules"}, {"role": "user", "content": "data"}]


@pytest.fixture
def server():
    server = ChatServer().start()
    yield server
    server.stop()


def _endpoint(server: ChatServer, timeout: float = 2.0, api_key: str = "secret") -> ChatEndpoint:
    return ChatEndpoint(base_url=server.url, model="tiny", api_key=api_key, timeout=timeout)


def test_chat_complete_returns_the_first_choice_of_a_normal_reply(server):
    # given
    server.reply("Hello there", finish_reason="stop")
    # when
    reply = chat_complete(endpoint=_endpoint(server), messages=MESSAGES, max_tokens=50)
    # then
    assert reply.content == "Hello there"
    assert reply.finish_reason == "stop"
    assert reply.refusal == ""


def test_chat_complete_posts_the_openai_request_shape_with_the_bearer_key(server):
    # when
    chat_complete(endpoint=_endpoint(server), messages=MESSAGES, max_tokens=50)
    # then
    request = server.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer secret"
    assert request["json"]["model"] == "tiny"
    assert request["json"]["messages"] == MESSAGES
    assert request["json"]["max_tokens"] == 50
    assert request["json"]["stream"] is False
    assert request["json"]["response_format"] == {"type": "json_object"}


def test_chat_complete_sends_no_authorization_header_without_a_key(server):
    # when
    chat_complete(endpoint=_endpoint(server, api_key=""), messages=MESSAGES, max_tokens=50)
    # then
    assert "Authorization" not in server.requests[-1]["headers"]


def test_chat_complete_reports_a_server_error_as_http_error(server):
    # given
    server.reply_raw(500, b'{"error": {"message": "model crashed"}}')
    # when
    with pytest.raises(ChatError) as caught:
        chat_complete(endpoint=_endpoint(server), messages=MESSAGES, max_tokens=50)
    # then
    assert caught.value.reason == "http_error"
    assert "500" in caught.value.detail


def test_chat_complete_reports_a_body_that_is_not_json_as_malformed(server):
    # given
    server.reply_raw(200, b"<html>502 Bad Gateway</html>")
    # when / then
    with pytest.raises(ChatError, match="malformed"):
        chat_complete(endpoint=_endpoint(server), messages=MESSAGES, max_tokens=50)


def test_chat_complete_reports_json_without_choices_as_malformed(server):
    # given
    server.reply_raw(200, json.dumps({"object": "chat.completion", "choices": []}).encode())
    # when / then
    with pytest.raises(ChatError, match="malformed"):
        chat_complete(endpoint=_endpoint(server), messages=MESSAGES, max_tokens=50)


def test_chat_complete_reports_non_text_content_as_malformed(server):
    # given
    body = {"choices": [{"message": {"content": ["a", "list"]}, "finish_reason": "stop"}]}
    server.reply_raw(200, json.dumps(body).encode())
    # when / then
    with pytest.raises(ChatError, match="malformed"):
        chat_complete(endpoint=_endpoint(server), messages=MESSAGES, max_tokens=50)


def test_chat_complete_gives_up_at_the_timeout_when_the_server_is_slow(server):
    # given: the server answers after 3 s; the caller allows 0.2 s
    server.reply_raw(200, b"{}", delay=3.0)
    # when
    with pytest.raises(ChatError) as caught:
        chat_complete(endpoint=_endpoint(server, timeout=0.2), messages=MESSAGES, max_tokens=50)
    # then
    assert caught.value.reason == "timeout"


def test_chat_complete_gives_up_at_the_deadline_when_the_server_trickles_its_reply(server):
    # given: every single read is quick, but the whole reply would take about 4 s
    body = b'{"choices": [{"message": {"content": "hi"}, "finish_reason": "stop"}]}'
    server.reply_raw(200, body, trickle=0.05)
    # when
    with pytest.raises(ChatError) as caught:
        chat_complete(endpoint=_endpoint(server, timeout=0.3), messages=MESSAGES, max_tokens=50)
    # then
    assert caught.value.reason == "timeout"


def test_chat_complete_reports_a_closed_port_as_unreachable():
    # given: a port that nothing listens on
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    endpoint = ChatEndpoint(f"http://127.0.0.1:{port}/v1", "tiny", "", timeout=2.0)
    # when
    with pytest.raises(ChatError) as caught:
        chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    # then
    assert caught.value.reason == "unreachable"


@pytest.mark.parametrize(
    "content",
    [
        '{"action": "next", "message": "Thanks."}',
        '```json\n{"action": "next", "message": "Thanks."}\n```',
        '<think>The answer is short.</think>\n{"action": "next", "message": "Thanks."}',
        'Sure! {"action": "next", "message": "Thanks."}',
    ],
)
def test_reply_json_finds_the_object_in_common_model_wrappings(content):
    # when
    data = reply_json(content)
    # then
    assert data == {"action": "next", "message": "Thanks."}


@pytest.mark.parametrize("content", ["Thanks for sharing.", '{"action": "next", "message": }'])
def test_reply_json_refuses_text_without_a_valid_object(content):
    # when / then
    with pytest.raises(ChatError, match="malformed"):
        reply_json(content)


def _failed_calls(server: ChatServer, endpoint: ChatEndpoint, count: int) -> None:
    """``count`` calls in a row that each get the 503 of an endpoint in an outage."""
    for _ in range(count):
        server.reply_raw(503, b'{"error": {"message": "overloaded"}}')
    for _ in range(count):
        with pytest.raises(ChatError, match="http_error"):
            chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)


def _paused_endpoint(server: ChatServer, pause_seconds: float = 30.0) -> ChatEndpoint:
    return ChatEndpoint(
        server.url, "tiny", "", timeout=2.0, pause_after=2, pause_seconds=pause_seconds
    )


def test_an_endpoint_failing_again_and_again_is_paused_without_being_called(server):
    # given: two failures in a row
    endpoint = _paused_endpoint(server)
    _failed_calls(server, endpoint, 2)
    # when
    with pytest.raises(ChatError) as caught:
        chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    # then
    assert caught.value.reason == "paused"
    assert len(server.requests) == 2


def test_after_the_pause_one_call_tries_again_and_its_success_ends_the_pause(server):
    # given
    endpoint = _paused_endpoint(server, pause_seconds=0.2)
    _failed_calls(server, endpoint, 2)
    time.sleep(0.3)
    server.reply("Back again")
    server.reply("Hello")
    # when
    first = chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    second = chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    # then
    assert first.content == "Back again"
    assert second.content == "Hello"
    assert len(server.requests) == 4


def test_a_failed_try_after_the_pause_pauses_again(server):
    # given
    endpoint = _paused_endpoint(server, pause_seconds=0.2)
    _failed_calls(server, endpoint, 2)
    time.sleep(0.3)
    _failed_calls(server, endpoint, 1)
    # when
    with pytest.raises(ChatError) as caught:
        chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    # then
    assert caught.value.reason == "paused"
    assert len(server.requests) == 3


def test_an_unusable_reply_is_not_an_outage_and_does_not_pause(server):
    # given: the endpoint answers, but not with a chat completion, again and again
    endpoint = _paused_endpoint(server)
    for _ in range(3):
        server.reply_raw(200, b"not json")
    for _ in range(3):
        with pytest.raises(ChatError, match="malformed"):
            chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    server.reply("Hello")
    # when
    reply = chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    # then
    assert reply.content == "Hello"
    assert len(server.requests) == 4


def test_a_success_between_failures_starts_the_count_again(server):
    # given
    endpoint = _paused_endpoint(server)
    _failed_calls(server, endpoint, 1)
    server.reply("Fine")
    assert chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50).content == "Fine"
    _failed_calls(server, endpoint, 1)
    server.reply("Hello")
    # when
    reply = chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    # then: one failure in a row only, so the call went out
    assert reply.content == "Hello"
    assert len(server.requests) == 4


def test_pausing_is_off_when_no_failure_count_is_set(server):
    # given
    endpoint = ChatEndpoint(server.url, "tiny", "", timeout=2.0, pause_after=0)
    _failed_calls(server, endpoint, 3)
    server.reply("Hello")
    # when
    reply = chat_complete(endpoint=endpoint, messages=MESSAGES, max_tokens=50)
    # then
    assert reply.content == "Hello"
    assert len(server.requests) == 4
