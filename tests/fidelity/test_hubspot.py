"""hubspot-api-client against the HubSpot sandbox."""

import pytest
import requests
from hubspot import HubSpot
from hubspot.crm.associations.v4 import BatchInputPublicFetchAssociationsBatchRequest, PublicFetchAssociationsBatchRequest
from hubspot.crm.companies import ApiException as CompaniesApiException
from hubspot.crm.companies import BatchInputSimplePublicObjectBatchInput, SimplePublicObjectBatchInput
from hubspot.crm.contacts import ApiException as ContactsApiException
from hubspot.crm.contacts import PublicObjectSearchRequest


@pytest.fixture(scope="module")
def hubspot(sandbox):
    return HubSpot(access_token=sandbox.token("hubspot"), host=sandbox.base("hubspot"))


def test_list_pages_with_an_absolute_next_link(hubspot, sandbox):
    page = hubspot.crm.companies.basic_api.get_page(limit=10, properties=["name", "phone"])
    assert len(page.results) == 10 and page.paging.next.after
    link = page.paging.next.link
    assert link.startswith(sandbox.base("hubspot") + "/crm/v3/objects/companies?")
    followed = requests.get(link, headers={"Authorization": f"Bearer {sandbox.token('hubspot')}"}).json()
    second = hubspot.crm.companies.basic_api.get_page(limit=10, properties=["name", "phone"], after=page.paging.next.after)
    assert [r["id"] for r in followed["results"]] == [r.id for r in second.results]
    assert set(followed["results"][0]["properties"]) >= {"name", "phone"}


def test_archived_true_lists_only_archived_objects(hubspot):
    archived = hubspot.crm.contacts.basic_api.get_page(limit=100, archived=True)
    live = hubspot.crm.contacts.basic_api.get_page(limit=100, archived=False)
    assert archived.results and all(c.archived for c in archived.results)
    assert not any(c.archived for c in live.results)
    assert {c.id for c in archived.results}.isdisjoint({c.id for c in live.results})


def test_associations_read_both_ways_in_v3_lists(hubspot):
    contacts = hubspot.crm.contacts.get_all(properties=["email"], associations=["companies"])
    companies = hubspot.crm.companies.get_all(properties=["name"], associations=["contacts"])
    def linked(results, label):
        # A primary association is listed once per type: labelled and `_unlabeled`.
        by_type = {}
        for r in results:
            by_type.setdefault(r.type, set()).add(r.id)
        assert set(by_type) == {label, label + "_unlabeled"}
        assert by_type[label] == by_type[label + "_unlabeled"]
        return by_type[label]

    employer = {}
    for contact in contacts:
        if contact.associations and "companies" in contact.associations:
            employer[contact.id] = linked(contact.associations["companies"].results, "contact_to_company")
    staff = {}
    for company in companies:
        if company.associations and "contacts" in company.associations:
            staff[company.id] = linked(company.associations["contacts"].results, "company_to_contact")
    assert employer and staff
    pairs_from_contacts = {(c, co) for c, cos in employer.items() for co in cos}
    pairs_from_companies = {(c, co) for co, cs in staff.items() for c in cs}
    live_companies = {company.id for company in companies}
    assert pairs_from_companies == {(c, co) for c, co in pairs_from_contacts if co in live_companies}


def test_v4_batch_associations_carry_the_type_ids_of_each_direction(hubspot):
    contacts = hubspot.crm.contacts.get_all(associations=["companies"])
    linked = [c for c in contacts if c.associations and "companies" in c.associations][:20]
    batch = hubspot.crm.associations.v4.batch_api
    forward = batch.get_page("contacts", "companies", BatchInputPublicFetchAssociationsBatchRequest(
        inputs=[PublicFetchAssociationsBatchRequest(id=c.id) for c in linked]))
    assert len(forward.results) == len(linked)
    assert {t.type_id for r in forward.results for to in r.to for t in to.association_types} == {1, 279}
    companies = sorted({to.to_object_id for r in forward.results for to in r.to})
    backward = batch.get_page("companies", "contacts", BatchInputPublicFetchAssociationsBatchRequest(
        inputs=[PublicFetchAssociationsBatchRequest(id=str(c)) for c in companies]))
    assert {t.type_id for r in backward.results for to in r.to for t in to.association_types} == {2, 280}
    reached = {str(to.to_object_id) for r in backward.results for to in r.to}
    assert {c.id for c in linked} <= reached


def search(hubspot, filters, **extra):
    request = PublicObjectSearchRequest(
        filter_groups=[{"filters": filters}], properties=["email", "lastmodifieddate", "phone"], limit=100, **extra)
    return hubspot.crm.contacts.search_api.do_search(public_object_search_request=request)


def test_search_operators_and_incremental_filter(hubspot):
    every = search(hubspot, [{"propertyName": "lastmodifieddate", "operator": "GTE", "value": "0"}],
                   sorts=[{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}])
    assert every.total > 100
    stamps = [r.properties["lastmodifieddate"] for r in every.results]
    assert stamps == sorted(stamps)
    middle = every.results[50]
    newer = search(hubspot, [{"propertyName": "lastmodifieddate", "operator": "GT", "value": middle.properties["lastmodifieddate"]}])
    assert 0 < newer.total < every.total
    ids = [r.id for r in every.results[:3]]
    chosen = search(hubspot, [{"propertyName": "hs_object_id", "operator": "IN", "values": ids}])
    assert sorted(r.id for r in chosen.results) == sorted(ids)
    without = search(hubspot, [{"propertyName": "hs_object_id", "operator": "NOT_IN", "values": ids}])
    assert without.total == every.total - 3
    phoned = search(hubspot, [{"propertyName": "phone", "operator": "HAS_PROPERTY"}])
    unphoned = search(hubspot, [{"propertyName": "phone", "operator": "NOT_HAS_PROPERTY"}])
    assert phoned.total + unphoned.total == every.total and all(r.properties["phone"] for r in phoned.results)
    window = search(hubspot, [{"propertyName": "lastmodifieddate", "operator": "BETWEEN",
                               "value": stamps[10], "highValue": stamps[20]}])
    assert 11 <= window.total < every.total, "BETWEEN bounds both sides"
    assert all(stamps[10] <= r.properties["lastmodifieddate"] <= stamps[20] for r in window.results)


def test_an_unreadable_date_is_a_400_not_everything(hubspot):
    with pytest.raises(ContactsApiException) as refused:
        search(hubspot, [{"propertyName": "lastmodifieddate", "operator": "GTE", "value": "last tuesday"}])
    assert refused.value.status == 400 and "VALIDATION_ERROR" in refused.value.body


def test_batch_update_reports_the_failed_ids_and_applies_the_rest(hubspot):
    first = hubspot.crm.companies.basic_api.get_page(limit=2).results
    inputs = [SimplePublicObjectBatchInput(id=c.id, properties={"phone": "+7 000 444-44-44"}) for c in first]
    inputs.append(SimplePublicObjectBatchInput(id="999999999999", properties={"phone": "1"}))
    answer = hubspot.crm.companies.batch_api.update(BatchInputSimplePublicObjectBatchInput(inputs=inputs))
    assert sorted(r.id for r in answer.results) == sorted(c.id for c in first)
    assert answer.errors and answer.errors[0].context["ids"] == ["999999999999"]
    again = hubspot.crm.companies.basic_api.get_by_id(first[0].id, properties=["phone"])
    assert again.properties["phone"] == "+7 000 444-44-44"
    with pytest.raises(CompaniesApiException) as missing:
        hubspot.crm.companies.basic_api.get_by_id("999999999999")
    assert missing.value.status == 404


def test_search_query_sorts_and_limits(hubspot):
    every = search(hubspot, [{"propertyName": "email", "operator": "HAS_PROPERTY"}])
    email = every.results[0].properties["email"]
    token = email.split("@")[0]
    searchable = ["firstname", "lastname", "email", "phone", "mobilephone", "company"]
    found = hubspot.crm.contacts.search_api.do_search(public_object_search_request=PublicObjectSearchRequest(
        query=token.upper(), properties=searchable, limit=100))
    assert 1 <= found.total < every.total
    assert all(any(token.lower() in (r.properties.get(p) or "").lower() for p in searchable) for r in found.results)
    by_email = hubspot.crm.contacts.search_api.do_search(public_object_search_request=PublicObjectSearchRequest(
        filter_groups=[{"filters": [{"propertyName": "email", "operator": "HAS_PROPERTY"}]}],
        sorts=[{"propertyName": "email", "direction": "DESCENDING"}], properties=["email"], limit=50))
    emails = [r.properties["email"].lower() for r in by_email.results]
    assert emails == sorted(emails, reverse=True)
    too_many = [{"filters": [{"propertyName": "email", "operator": "HAS_PROPERTY"}]}] * 6
    with pytest.raises(ContactsApiException) as refused:
        hubspot.crm.contacts.search_api.do_search(
            public_object_search_request=PublicObjectSearchRequest(filter_groups=too_many))
    assert refused.value.status == 400


def test_archiving_moves_an_object_to_the_archived_listing(hubspot):
    contact = hubspot.crm.contacts.basic_api.get_page(limit=1).results[0]
    hubspot.crm.contacts.basic_api.archive(contact.id)
    with pytest.raises(ContactsApiException) as missing:
        hubspot.crm.contacts.basic_api.get_by_id(contact.id)
    assert missing.value.status == 404
    archived = hubspot.crm.contacts.basic_api.get_by_id(contact.id, archived=True)
    assert archived.archived is True and archived.archived_at is not None
    assert contact.id in {c.id for c in hubspot.crm.contacts.get_all(archived=True)}
