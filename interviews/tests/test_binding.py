"""The browser's binding: a signed cookie says which interviews it may open; no session row."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client

from interviews.binding import COOKIE, LIMIT, SALT, Binding, binding_cookie_value
from interviews.tests.factories import browser_bind, browser_binding
from interviews.tests.pages import _answer_current, _invite, _open

pytestmark = pytest.mark.django_db


def test_binding_an_invite_link_sets_a_signed_http_only_lax_cookie_and_no_session(client):
    # given
    interview, path = _invite()
    # when
    response = client.get(path)
    client.get(response["Location"])
    _answer_current(client, response["Location"])
    # then
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 1209600
    assert browser_binding(client).bound == [str(interview.public_id)]
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies


def test_binding_an_altered_cookie_opens_nothing(client):
    # given: a browser that opened its own interview, and someone else's interview
    mine, path = _invite()
    theirs, _ = _invite()
    _open(client, path)
    signed = client.cookies[COOKIE].value
    forged = signed.replace(str(mine.public_id), str(theirs.public_id))
    client.cookies[COOKIE] = forged
    # when
    response = client.get(f"/interview/{theirs.public_id}/")
    # then
    assert response.status_code == 404
    assert browser_binding(client).bound == []


@pytest.mark.parametrize(
    "value",
    ["not json", '["a list"]', '{"bound": "a string"}', '{"bound": [1]}', '{"completed": null}'],
)
def test_binding_a_signed_cookie_of_the_wrong_shape_binds_nothing(client, value):
    # given: a value signed with the site's key but not one the site writes
    response = HttpResponse()
    response.set_signed_cookie(COOKIE, value, salt=SALT)
    client.cookies[COOKIE] = response.cookies[COOKIE].value
    # when
    binding = browser_binding(client)
    # then
    assert binding.bound == [] and binding.completed == []


def test_binding_a_browser_keeps_the_last_interviews_it_opened(client):
    # given
    interviews = [_invite() for _ in range(LIMIT + 1)]
    # when
    for _, path in interviews:
        _open(client, path)
    # then: the oldest is dropped, the others can still be opened
    bound = browser_binding(client).bound
    assert bound == [str(i.public_id) for i, _ in interviews[1:]]
    assert client.get(f"/interview/{interviews[0][0].public_id}/").status_code == 404
    assert client.get(f"/interview/{interviews[-1][0].public_id}/").status_code == 200


def test_binding_opening_the_same_link_twice_binds_it_once(client: Client):
    # given
    interview, path = _invite()
    # when
    _open(client, path)
    _open(client, path)
    # then
    assert browser_binding(client).bound == [str(interview.public_id)]


def test_binding_a_test_browser_bound_by_hand_reads_back_the_same():
    # given
    client = Client()
    # when
    browser_bind(client, bound=["a"], completed=["b"])
    # then
    assert browser_binding(client) == Binding(bound=["a"], completed=["b"])
    assert binding_cookie_value(Binding(bound=["a"])) == '{"bound": ["a"], "completed": []}'
