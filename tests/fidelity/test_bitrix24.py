"""fast-bitrix24 and pybitrix24 against the Bitrix24 sandbox's incoming webhook, plus the plain GET and form POST
that Bitrix24's own PHP SDK and browser samples send."""

import warnings

import pytest
import requests
from fast_bitrix24 import Bitrix
from fast_bitrix24.server_response import ErrorInServerResponseException
from pybitrix24 import Bitrix24


@pytest.fixture(scope="module")
def webhook(sandbox):
    return f"{sandbox.base('bitrix24')}/rest/1/{sandbox.token('bitrix24')}/"


@pytest.fixture(scope="module")
def fast(webhook):
    return Bitrix(webhook, verbose=False)


@pytest.fixture(scope="module")
def pyb(sandbox):
    client = Bitrix24(f"127.0.0.1:{sandbox.ports['bitrix24']}", user_id=1)
    # pybitrix24 builds `https://{hostname}/rest/{user_id}/{code}/`; the sandbox is plain http on loopback.
    client._webhook_url_template = "http://{hostname}/rest/{user_id}/{code}/"
    return client


def direct(webhook, method, params):
    return requests.post(webhook + method + ".json", json=params).json()


def test_fast_bitrix24_get_all_pages_past_50_through_batch(fast, webhook):
    first = direct(webhook, "crm.company.list", {"order": {"ID": "ASC"}, "select": ["ID"]})
    assert first["total"] > 100 and first["next"] == 50
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # fast-bitrix24 warns when the count falls short
        rows = fast.get_all("crm.company.list", params={"select": ["ID", "TITLE", "DATE_MODIFY"]})
    ids = [row["ID"] for row in rows]
    assert len(ids) == len(set(ids)) == first["total"]


def test_fast_bitrix24_get_all_with_a_filter(fast, webhook):
    rows = direct(webhook, "crm.contact.list", {"order": {"DATE_MODIFY": "ASC"}, "select": ["ID", "DATE_MODIFY"]})
    since = rows["result"][10]["DATE_MODIFY"]
    expected = direct(webhook, "crm.contact.list", {"filter": {">=DATE_MODIFY": since}, "select": ["ID"]})["total"]
    got = fast.get_all("crm.contact.list", params={"filter": {">=DATE_MODIFY": since}, "select": ["ID"]})
    assert len(got) == expected and 0 < expected < rows["total"]


def test_batch_runs_list_methods_with_result_total_and_next(webhook):
    answer = direct(webhook, "batch", {"halt": 0, "cmd": {
        "a": "crm.company.list?start=0&select[]=ID",
        "b": "crm.company.list?start=50&select[]=ID",
        "c": "crm.requisite.list?select[]=ID&select[]=ENTITY_ID",
        "d": "crm.nothing.here",
    }})["result"]
    assert len(answer["result"]["a"]) == 50 and answer["result_next"]["a"] == 50
    assert answer["result_total"]["a"] == answer["result_total"]["b"] > 100
    assert answer["result_next"]["b"] == 100
    assert {r["ID"] for r in answer["result"]["a"]}.isdisjoint({r["ID"] for r in answer["result"]["b"]})
    assert answer["result_error"]["d"]["error"] == "ERROR_METHOD_NOT_FOUND"
    assert set(answer["result_time"]) == {"a", "b", "c", "d"}


def test_requisite_ids_are_not_company_ids(webhook):
    companies = {r["ID"] for r in direct(webhook, "crm.company.list", {"select": ["ID"]})["result"]}
    requisites = direct(webhook, "crm.requisite.list", {
        "filter": {"ENTITY_TYPE_ID": 4, "@ENTITY_ID": sorted(companies)}, "select": ["ID", "ENTITY_ID", "RQ_INN"]})
    assert requisites["result"]
    for requisite in requisites["result"]:
        assert requisite["ENTITY_ID"] in companies and requisite["ID"] != requisite["ENTITY_ID"]


def test_get_with_query_string_parameters(webhook):
    json_answer = direct(webhook, "crm.company.list", {"filter": {">ID": 0}, "order": {"ID": "DESC"}, "select": ["ID"], "start": 50})
    got = requests.get(webhook + "crm.company.list.json",
                       params={"filter[>ID]": "0", "order[ID]": "DESC", "select[]": "ID", "start": "50"}).json()
    assert got["result"] == json_answer["result"] and got["total"] == json_answer["total"]
    assert got["result"][0]["ID"] != direct(webhook, "crm.company.list", {"order": {"ID": "DESC"}})["result"][0]["ID"]


def test_form_post_is_read_like_json(webhook):
    first = direct(webhook, "crm.contact.list", {"select": ["ID"], "order": {"ID": "ASC"}})["result"]
    ids = [first[3]["ID"], first[7]["ID"]]
    form = requests.post(webhook + "crm.contact.list.json",
                         data={"filter[@ID][0]": ids[0], "filter[@ID][1]": ids[1], "select[0]": "ID"}).json()
    assert sorted(r["ID"] for r in form["result"]) == sorted(ids) and form["total"] == 2


def test_pybitrix24_lists_and_batches_with_per_command_errors(pyb, sandbox, webhook):
    page = pyb.call_webhook(sandbox.token("bitrix24"), "crm.company.list", {"select": ["ID", "TITLE"], "start": 50})
    assert len(page["result"]) == 50 and page["next"] == 100
    company = page["result"][0]["ID"]
    answer = pyb.call_batch_webhook(sandbox.token("bitrix24"), {
        "ok": ("crm.company.update", {"id": company, "fields": {"TITLE": "ООО Верность"}}),
        "missing": ("crm.company.update", {"id": 999999999, "fields": {"TITLE": "nobody"}}),
    })["result"]
    assert answer["result"]["ok"] is True
    assert answer["result_error"]["missing"]["error_description"] == "Company is not found"
    title = direct(webhook, "crm.company.list", {"filter": {"ID": company}, "select": ["TITLE"]})["result"][0]["TITLE"]
    assert title == "ООО Верность"


def test_fast_bitrix24_call_raises_on_a_failed_command(fast, webhook):
    company = direct(webhook, "crm.company.list", {"select": ["ID"]})["result"][1]["ID"]
    with pytest.raises(ErrorInServerResponseException) as failed:
        fast.call("crm.company.update", [
            {"ID": company, "fields": {"TITLE": "ООО Пакет"}},
            {"ID": 999999999, "fields": {"TITLE": "nobody"}},
        ])
    assert "Company is not found" in str(failed.value)


def test_unknown_method_is_method_not_found(webhook):
    answer = requests.post(webhook + "crm.nothing.here.json", json={})
    assert answer.status_code == 404 and answer.json()["error"] == "ERROR_METHOD_NOT_FOUND"


def test_a_deleted_company_leaves_every_list(fast, webhook):
    before = direct(webhook, "crm.company.list", {"select": ["ID"], "order": {"ID": "DESC"}})
    company = before["result"][0]["ID"]
    assert fast.call("crm.company.delete", {"ID": company}) is True
    after = direct(webhook, "crm.company.list", {"select": ["ID"], "order": {"ID": "DESC"}})
    assert after["total"] == before["total"] - 1 and company not in {r["ID"] for r in after["result"]}
    again = requests.post(webhook + "crm.company.delete.json", json={"id": company})
    assert again.status_code == 400 and again.json()["error_description"] == "Company is not found"


def test_order_on_any_field(webhook):
    rows = direct(webhook, "crm.company.list", {"order": {"TITLE": "DESC"}, "select": ["ID", "TITLE"]})["result"]
    titles = [r["TITLE"] for r in rows]
    assert titles == sorted(titles, reverse=True) and len(set(titles)) > 1
    ids = [int(r["ID"]) for r in direct(webhook, "crm.contact.list", {"order": {"ID": "DESC"}, "select": ["ID"]})["result"]]
    assert ids == sorted(ids, reverse=True)
