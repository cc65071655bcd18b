"""simple-salesforce against the Salesforce sandbox (sf_a)."""

import requests
import pytest
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound

from conftest import wait_for_next_second, plain_http_session

PAGE = {"Sforce-Query-Options": "batchSize=200"}


@pytest.fixture(scope="module")
def sf(sandbox):
    host = f"127.0.0.1:{sandbox.ports['sf_a']}"
    # The documented session-id login; the only change is where the instance is.
    return Salesforce(instance_url=f"http://{host}", session_id=sandbox.token("sf_a"), session=plain_http_session(host))


def test_requests_sends_spaces_as_plus_and_the_query_is_read(sf):
    prepared = requests.Request("GET", sf.base_url + "query/", params={"q": "SELECT Id FROM Account"}).prepare()
    assert "q=SELECT+Id+FROM+Account" in prepared.url
    result = sf.query("SELECT Id, Name FROM Account LIMIT 5")
    assert result["totalSize"] == 5 and result["done"] is True
    assert all(row["attributes"]["type"] == "Account" and row["Id"].startswith("001") for row in result["records"])


def test_soql_keywords_and_names_are_case_insensitive(sf):
    upper = sf.query("SELECT Id, Name FROM Account WHERE IsDeleted = false ORDER BY Name DESC LIMIT 7")
    lower = sf.query("select id, name from account where isdeleted = false order by name desc limit 7")
    assert [r["Id"] for r in lower["records"]] == [r["Id"] for r in upper["records"]]
    assert set(lower["records"][0]) == {"attributes", "Id", "Name"}
    names = [r["Name"] for r in upper["records"]]
    # Salesforce sorts text case-insensitively.
    assert names == sorted(names, key=str.lower, reverse=True)


def test_query_all_pages_through_next_records_url(sf):
    first = sf.query("SELECT Id FROM Account", headers=PAGE)
    assert first["done"] is False and first["nextRecordsUrl"].startswith("/services/data/v59.0/query/")
    rows = sf.query_all("SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp, Id", headers=PAGE)["records"]
    ids = [row["Id"] for row in rows]
    assert len(ids) == first["totalSize"] > 200
    assert len(set(ids)) == len(ids)


def test_query_all_with_deleted_rows_uses_query_all_more(sf):
    first = sf.query("SELECT Id, IsDeleted FROM Contact", include_deleted=True, headers=PAGE)
    assert first["nextRecordsUrl"].startswith("/services/data/v59.0/queryAll/")
    locator = first["nextRecordsUrl"].rsplit("/", 1)[1]
    # "QueryAll More Results" by locator, as simple-salesforce builds it.
    second = sf.query_more(locator, include_deleted=True, headers=PAGE)
    assert second["records"] and {r["Id"] for r in second["records"]}.isdisjoint({r["Id"] for r in first["records"]})
    every = sf.query_all("SELECT Id, IsDeleted FROM Contact", include_deleted=True, headers=PAGE)["records"]
    live = sf.query_all("SELECT Id FROM Contact", headers=PAGE)["records"]
    deleted = [r for r in every if r["IsDeleted"]]
    assert deleted and len(every) == len(live) + len(deleted)


def test_incremental_filter_on_system_modstamp(sf):
    rows = sf.query_all("SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp", headers=PAGE)["records"]
    middle = rows[len(rows) // 2]["SystemModstamp"]  # 2024-05-20T20:49:32.000+0000
    literal = middle[:19] + "Z"
    since = sf.query_all(f"SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp >= {literal}")["records"]
    assert {r["Id"] for r in since} == {r["Id"] for r in rows if r["SystemModstamp"] >= middle}


def test_collections_update_reports_each_record_and_all_or_none_rolls_back(sf):
    two = sf.query("SELECT Id, Phone FROM Account ORDER BY Id LIMIT 2")["records"]
    good, other = two[0], two[1]
    rolled = sf.restful("composite/sobjects", method="PATCH", json={
        "allOrNone": True,
        "records": [
            {"attributes": {"type": "Account"}, "id": good["Id"], "Phone": "+7 000 111-11-11"},
            {"attributes": {"type": "Account"}, "id": "001000000000000AAA", "Phone": "+7 000 222-22-22"},
        ],
    })
    assert [r["success"] for r in rolled] == [False, False]
    assert rolled[0]["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    assert rolled[1]["errors"][0]["statusCode"] == "INVALID_CROSS_REFERENCE_KEY"
    assert sf.Account.get(good["Id"])["Phone"] == good["Phone"]

    partial = sf.restful("composite/sobjects", method="PATCH", json={
        "allOrNone": False,
        "records": [
            {"attributes": {"type": "Account"}, "id": good["Id"], "Phone": "+7 000 333-33-33"},
            {"attributes": {"type": "Account"}, "id": other["Id"], "SystemModstamp": "2020-01-01T00:00:00Z"},
        ],
    })
    assert partial[0] == {"id": good["Id"], "success": True, "errors": []}
    assert partial[1]["success"] is False
    assert partial[1]["errors"][0]["statusCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    assert sf.Account.get(good["Id"])["Phone"] == "+7 000 333-33-33"


def test_edits_in_one_second_share_a_whole_second_system_modstamp(sf):
    rows = sf.query("SELECT Id FROM Contact WHERE IsDeleted = false ORDER BY Id LIMIT 2")["records"]
    # Two separate requests inside one wall-clock second: real stamps have whole seconds, so they tie.
    wait_for_next_second()
    for row in rows:
        assert sf.Contact.update(row["Id"], {"Title": "Tie"}) == 204
    stamps = [sf.Contact.get(r["Id"])["SystemModstamp"] for r in rows]
    assert stamps[0] == stamps[1]
    assert stamps[0].endswith(".000+0000")
    # An edit in a later second moves the stamp.
    wait_for_next_second()
    assert sf.Contact.update(rows[0]["Id"], {"Title": "Later"}) == 204
    assert sf.Contact.get(rows[0]["Id"])["SystemModstamp"] > stamps[0]


def test_one_record_get_update_and_not_found(sf):
    row = sf.query("SELECT Id FROM Account ORDER BY Id DESC LIMIT 1")["records"][0]
    assert sf.Account.update(row["Id"], {"Website": "https://fidelity.example"}) == 204
    assert sf.Account.get(row["Id"])["Website"] == "https://fidelity.example"
    with pytest.raises(SalesforceResourceNotFound) as missing:
        sf.Account.get("001000000000000AAA")
    assert missing.value.content[0]["errorCode"] == "NOT_FOUND"


def test_unknown_routes_answer_not_found_with_a_body(sf):
    with pytest.raises(SalesforceResourceNotFound) as missing:
        sf.restful("no/such/resource")
    assert missing.value.content == [
        {"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}]


def test_soql_outside_the_subset_is_malformed_query_not_a_misread(sf):
    with pytest.raises(SalesforceMalformedRequest) as malformed:
        sf.query("SELECT Id FROM Account WHERE Name LIKE 'A%'")
    assert malformed.value.content[0]["errorCode"] == "MALFORMED_QUERY"
    with pytest.raises(SalesforceMalformedRequest) as unknown:
        sf.query("SELECT Id, NoSuchField FROM Account")
    assert unknown.value.content[0]["errorCode"] == "INVALID_FIELD"


def test_a_deleted_record_leaves_query_and_shows_in_query_all(sf):
    row = sf.query("SELECT Id, SystemModstamp FROM Contact WHERE IsDeleted = false ORDER BY Id LIMIT 1")["records"][0]
    assert sf.Contact.delete(row["Id"]) == 204
    assert sf.query(f"SELECT Id FROM Contact WHERE Id = '{row['Id']}'")["totalSize"] == 0
    gone = sf.query(f"SELECT Id, IsDeleted, SystemModstamp FROM Contact WHERE Id = '{row['Id']}'", include_deleted=True)
    assert gone["totalSize"] == 1 and gone["records"][0]["IsDeleted"] is True
    assert gone["records"][0]["SystemModstamp"] >= row["SystemModstamp"]  # whole seconds: may tie
    with pytest.raises(SalesforceResourceNotFound) as again:
        sf.Contact.delete(row["Id"])
    assert again.value.content[0]["errorCode"] == "ENTITY_IS_DELETED"
