"""ELMA365 has no vendor client library: its sandbox is checked against the published API reference
(api.elma365.com/en/public-api: "Get a list of app items" and "Working with filters") with plain HTTP."""

import pytest
import requests

APP = "/pub/v1/app/_clients/_companies"


@pytest.fixture(scope="module")
def elma(sandbox):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {sandbox.token('elma365')}"
    base = sandbox.base("elma365")

    def post(path, body):
        return session.post(base + path, json=body)

    return post


def test_list_answers_result_and_total_and_pages_with_from_and_size(elma):
    first = elma(APP + "/list", {"active": True, "from": 0, "size": 5}).json()
    assert first["success"] is True and first["error"] == ""
    assert len(first["result"]["result"]) == 5 and first["result"]["total"] > 5
    second = elma(APP + "/list", {"active": True, "from": 5, "size": 5}).json()
    assert {i["__id"] for i in first["result"]["result"]}.isdisjoint({i["__id"] for i in second["result"]["result"]})


def test_string_filter_finds_text_inside_the_field_ignoring_case(elma):
    item = elma(APP + "/list", {"active": True, "size": 1}).json()["result"]["result"][0]
    word = max(item["__name"].split(), key=len)
    found = elma(APP + "/list", {"active": True, "size": 100, "filter": {"tf": {"__name": word.swapcase()}}}).json()
    assert item["__id"] in {i["__id"] for i in found["result"]["result"]}
    assert all(word.lower() in i["__name"].lower() for i in found["result"]["result"])


def test_datetime_interval_with_an_open_side(elma):
    items = elma(APP + "/list", {"active": True, "size": 100, "sortExpressions": [{"field": "__updatedAt", "ascending": True}]}).json()["result"]["result"]
    middle = items[50]["__updatedAt"]
    after = elma(APP + "/list", {"active": True, "size": 100, "filter": {"tf": {"__updatedAt": {"min": middle, "max": None}}}}).json()
    before = elma(APP + "/list", {"active": True, "size": 100, "filter": {"tf": {"__updatedAt": {"min": None, "max": middle}}}}).json()
    total = elma(APP + "/list", {"active": True, "size": 1}).json()["result"]["total"]
    # Each open side filters: neither answer is everything, and every item lies on its side of the middle.
    assert 0 < after["result"]["total"] < total and 0 < before["result"]["total"] < total
    assert after["result"]["total"] + before["result"]["total"] >= total + 1  # the middle item is in both
    assert all(i["__updatedAt"] >= middle for i in after["result"]["result"])
    assert all(i["__updatedAt"] <= middle for i in before["result"]["result"])


def test_filters_the_sandbox_does_not_implement_are_refused_not_ignored(elma):
    for body in ({"filter": {"and": []}}, {"filter": {"eql": "inn = '1'"}}, {"statusCode": ["new"]}):
        answer = elma(APP + "/list", dict(body, size=10))
        assert answer.status_code == 400
        assert answer.json()["success"] is False and "not supported" in answer.json()["error"]


def test_error_shapes(elma, sandbox):
    too_many = elma(APP + "/list", {"size": 10001})
    assert too_many.status_code == 400 and too_many.json()["success"] is False
    assert elma("/pub/v1/app/_clients/_nothing/list", {}).status_code == 404
    missing = elma(APP + "/00000000-0000-0000-0000-000000000000/get", {})
    assert missing.status_code == 404 and missing.json()["success"] is False
    refused = requests.post(sandbox.base("elma365") + APP + "/list", json={}, headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 403 and refused.json()["success"] is False
