"""The steward and finance UI in a real headless Chromium (issue 14).

`tests/browser/run` prepares everything: a schema loaded from the sandbox by `golden demo`, one user per role
(password `browser-ROLE-password`) and `golden serve` on loopback at GOLDEN_URL. Every test fails on a JavaScript
error in the browser console, and every page visited is saved under .build/screenshots/.
"""

import json
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["GOLDEN_URL"]
GOLDEN = os.environ["GOLDEN_BIN"]
SHOTS = Path(__file__).resolve().parents[2] / ".build" / "screenshots"
HOSTILE = "<img src=x onerror=alert(1)>"


def sql(query):
    """One value from the store the server runs on (the runner's DATABASE_URL, with its schema)."""
    url = os.environ["DATABASE_URL"]
    base, _, params = url.partition("?")
    options = dict(urllib.parse.parse_qsl(params))
    schema = options.pop("search_path", "public")
    conn = base + ("?" + urllib.parse.urlencode(options) if options else "")
    out = subprocess.run(
        ["psql", conn, "-Atc", f"SET search_path TO {schema}; {query}"],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()
    return out[-1] if out else ""


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(0)
    yield driver
    # Script errors fail the test; a refused request (the wrong password's 401) is the server's answer, not one.
    errors = [entry for entry in driver.get_log("browser")
              if entry["level"] == "SEVERE" and entry.get("source") != "network"]
    driver.quit()
    assert not errors, f"JavaScript errors in the console: {errors}"


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return Math.min(document.body.scrollHeight, 4000)")
    driver.set_window_size(1280, max(900, height))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(1280, 900)


def wait(driver, seconds=30):
    return WebDriverWait(driver, seconds)


def login(driver, role):
    driver.get(BASE + "/login")
    driver.find_element(By.NAME, "login").send_keys(role)
    driver.find_element(By.NAME, "password").send_keys(f"browser-{role}-password")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".who .user")))
    assert driver.find_element(By.CSS_SELECTOR, ".who .user").text == role


def press(driver, keys):
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(keys)


def active_id(driver):
    """The pair on screen, or "done" when the queue is worked through."""
    cards = driver.find_elements(By.CSS_SELECTOR, "#card article.pair")
    return cards[0].get_attribute("data-id") if cards else "done"


def test_login_page_and_wrong_password(browser):
    browser.get(BASE + "/review")
    assert "/login" in browser.current_url, "an anonymous visit is sent to the login page"
    shot(browser, "login")
    browser.find_element(By.NAME, "login").send_keys("steward")
    browser.find_element(By.NAME, "password").send_keys("not the password")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    error = wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".error")))
    assert "wrong login or password" in error.text


def test_steward_reviews_three_candidates_with_the_keyboard(browser):
    login(browser, "steward")
    browser.get(BASE + "/review")
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#card article.pair")))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#queue li")) >= 3, "the sandbox leaves pairs to review"
    shot(browser, "review")
    assert browser.find_elements(By.CSS_SELECTOR, ".waterfall svg rect.step"), "the waterfall is drawn"
    audited_before = int(sql("SELECT count(*) FROM audit_log WHERE actor = 'steward'"))
    decided = []
    for key, expected in (("a", "approved"), ("r", "rejected"), ("d", "deferred")):
        pair = active_id(browser)
        before = browser.execute_script("return window.performance.getEntriesByType('navigation').length")
        press(browser, key)
        try:
            wait(browser).until(lambda d, pair=pair: active_id(d) != pair)
        except Exception:
            shot(browser, "review-failed")
            notes = [n.text for n in browser.find_elements(By.CSS_SELECTOR, ".notice")]
            raise AssertionError(f"{key} on {pair} did not move to the next pair; notices: {notes}")
        after = browser.execute_script("return window.performance.getEntriesByType('navigation').length")
        assert before == after, "the next candidate loads without a page reload"
        decided.append((pair, expected))
    press(browser, "k")
    press(browser, "?")
    assert browser.find_element(By.ID, "help").is_displayed(), "? shows the keyboard help"
    shot(browser, "review-help")
    for pair, expected in decided:
        left, right = pair.split(":")
        status = sql(
            f"SELECT status FROM match_candidates WHERE left_id = '{left}' AND right_id = '{right}'")
        assert status == expected, f"{pair} is {status} in the store, not {expected}"
    audited = int(sql("SELECT count(*) FROM audit_log WHERE actor = 'steward'")) - audited_before
    assert audited >= 3, f"the three decisions are in the audit log ({audited} new rows)"


def first_matched_organization():
    return sql(
        "SELECT golden_id FROM golden_records WHERE entity = 'organization' AND state = 'active' "
        "AND status = 'matched' AND member_count > 1 ORDER BY golden_id LIMIT 1")


def test_steward_opens_a_golden_record_and_sees_why_a_value_won(browser):
    login(browser, "steward")
    golden = sql(
        "SELECT g.golden_id FROM golden_records AS g "
        "JOIN golden_versions AS v ON v.golden_id = g.golden_id AND v.version = g.lineage_version "
        "WHERE g.state = 'active' AND v.lineage::text LIKE '%beaten%reason%' ORDER BY g.golden_id LIMIT 1")
    browser.get(f"{BASE}/golden/{golden}")
    why = browser.find_elements(By.CSS_SELECTOR, "details.why")
    assert why, "values have a 'why this value won'"
    with_beaten = [d for d in why if d.find_elements(By.CSS_SELECTOR, "table.beaten")]
    assert with_beaten, "at least one value beat another"
    details = with_beaten[0]
    details.find_element(By.TAG_NAME, "summary").click()
    cells = details.find_elements(By.CSS_SELECTOR, "table.beaten tbody tr")
    assert cells and cells[0].is_displayed(), "expanding shows the beaten candidates"
    assert cells[0].find_elements(By.TAG_NAME, "td")[2].text.strip(), "each beaten value says why it lost"
    assert browser.find_element(By.CSS_SELECTOR, ".status-block .badge.big").text in ("provisional", "matched", "confirmed")
    shot(browser, "golden")


def test_steward_splits_a_record(browser):
    login(browser, "steward")
    golden = sql(
        "SELECT golden_id FROM golden_records WHERE state = 'active' AND member_count >= 2 "
        "AND status <> 'confirmed' ORDER BY member_count DESC, golden_id LIMIT 1")
    browser.get(f"{BASE}/golden/{golden}")
    split = browser.find_element(By.CSS_SELECTOR, f"form[action='/golden/{golden}/split']")
    box = split.find_element(By.NAME, "records")
    leaving = box.get_attribute("value")
    box.click()
    split.find_element(By.NAME, "reason").send_keys("two companies, one name")
    split.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(lambda d: golden not in d.current_url)
    notice = wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "Split off" in notice.text
    new_id = re.search(r"/golden/([0-9a-f-]{36})", browser.current_url).group(1)
    source, key = leaving.split(":", 1)
    holder = sql(
        "SELECT x.golden_id FROM xref AS x JOIN source_records AS s USING (source_record_id) "
        f"WHERE s.source = '{source}' AND s.source_key = '{key}' AND x.valid_to IS NULL")
    assert holder == new_id, "the record left for the new golden record"
    shot(browser, "golden-after-split")


def test_finance_confirms_an_account_and_the_steward_cannot(browser):
    golden = first_matched_organization()
    login(browser, "steward")
    browser.get(f"{BASE}/golden/{golden}")
    assert not browser.find_elements(By.CSS_SELECTOR, f"form[action='/golden/{golden}/confirm']"), \
        "a steward sees no confirm action"
    status, body = post_as("steward", f"/golden/{golden}/confirm", {"reason": "not mine to confirm"})
    assert status == 403, "the server refuses a steward's confirm"
    browser.delete_all_cookies()

    login(browser, "finance")
    browser.get(BASE + "/finance")
    shot(browser, "finance")
    account = browser.find_element(By.CSS_SELECTOR, f"article.account[data-golden='{golden}']")
    assert account.find_elements(By.CSS_SELECTOR, "table.compare"), "the accounting record is beside the CRM view"
    form = account.find_element(By.CSS_SELECTOR, "form")
    form.find_element(By.NAME, "reason").send_keys("matches the signed contract")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert sql(f"SELECT status FROM golden_records WHERE golden_id = '{golden}'") == "confirmed"
    assert browser.find_element(By.CSS_SELECTOR, ".status-block .badge.big").text == "confirmed"
    shot(browser, "golden-confirmed")

    # Reject the next account's match to the books: its accounting record leaves and stays apart.
    browser.get(BASE + "/finance")
    with_crm = set(sql(
        "SELECT string_agg(golden_id::text, ',') FROM golden_records WHERE entity = 'organization' "
        "AND state = 'active' AND status = 'matched' AND member_count > 1").split(","))
    account = next(a for a in browser.find_elements(By.CSS_SELECTOR, "article.account")
                   if a.get_attribute("data-golden") in with_crm)
    other = account.get_attribute("data-golden")
    account.find_element(By.NAME, "reason").send_keys("different legal entity in the contract")
    account.find_element(By.CSS_SELECTOR, "button.reject").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".notice")))
    assert "Match rejected" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    books = sql(
        "SELECT count(*) FROM xref AS x JOIN source_records AS s USING (source_record_id) "
        f"WHERE x.golden_id = '{other}' AND x.valid_to IS NULL AND s.source = 'acc_1c'")
    assert books == "0", "the accounting record left the rejected account"


def session(role):
    """A logged-in cookie jar and the page's CSRF token, outside the browser (for forged requests)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(BASE + "/login").read().decode()
    login_token = re.search(r'name="_login" value="([0-9a-z_]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"login": role, "password": f"browser-{role}-password", "_login": login_token}).encode()
    opener.open(BASE + "/login", data=data)
    page = opener.open(BASE + "/search").read().decode()
    token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page).group(1)
    return opener, token


def post_as(role, path, fields, with_token=True):
    opener, token = session(role)
    if with_token:
        fields = dict(fields, _csrf=token)
    try:
        response = opener.open(BASE + path, data=urllib.parse.urlencode(fields).encode())
        return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_viewer_sees_no_actions_and_a_forged_post_is_refused(browser):
    golden = first_matched_organization()
    login(browser, "viewer")
    browser.get(f"{BASE}/golden/{golden}")
    assert not browser.find_elements(By.CSS_SELECTOR, "section.actions"), "a viewer sees no action buttons"
    browser.get(BASE + "/review")
    assert not browser.find_elements(By.CSS_SELECTOR, "form[data-decide]"), "a viewer cannot decide pairs"
    shot(browser, "review-viewer")
    status, _ = post_as("viewer", f"/golden/{golden}/override",
                        {"attribute": "legal_name", "value": "forged", "reason": "forged"})
    assert status == 403, "a viewer's forged POST is refused"
    status, _ = post_as("steward", f"/golden/{golden}/override",
                        {"attribute": "legal_name", "value": "forged", "reason": "forged"}, with_token=False)
    assert status == 403, "a POST without the CSRF token is refused"
    assert sql(f"SELECT attributes->>'legal_name' FROM golden_records WHERE golden_id = '{golden}'") != "forged"


def test_dashboard_charts_and_hostile_names_show_as_text(browser):
    # Standardization cleans a name on its way in, so the hostile name is written straight into the store: the
    # pages must escape whatever the store holds.
    golden, inn = sql(
        "SELECT golden_id || '|' || (attributes->>'inn') FROM golden_records WHERE entity = 'organization' "
        "AND state = 'active' AND attributes ? 'inn' ORDER BY golden_id LIMIT 1").split("|")
    sql(f"UPDATE golden_records SET attributes = jsonb_set(attributes, '{{legal_name}}', to_jsonb('{HOSTILE}'::text)) "
        f"WHERE golden_id = '{golden}' RETURNING 1")
    login(browser, "steward")
    browser.get(f"{BASE}/golden/{golden}")
    assert browser.find_element(By.CSS_SELECTOR, ".golden-head h1").text == HOSTILE, "the name shows as text"
    assert not browser.find_elements(By.CSS_SELECTOR, "main img"), "no element was injected"

    browser.get(BASE + "/search")
    browser.find_element(By.ID, "search-box").send_keys(inn)
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#results table.results")))
    shot(browser, "search")
    assert HOSTILE in browser.find_element(By.ID, "results").text, "search finds it as you type, as text"
    assert not browser.find_elements(By.CSS_SELECTOR, "#results img")

    browser.get(BASE + "/quality")
    assert browser.find_elements(By.CSS_SELECTOR, ".chart svg rect.bar"), "the score histogram is drawn"
    assert browser.find_elements(By.CSS_SELECTOR, ".chart svg line.threshold"), "with its thresholds"
    assert browser.find_elements(By.CSS_SELECTOR, ".chart svg circle.point"), "the review queue over time is drawn"
    assert browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr"), "per-source rows are listed"
    headers = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table th")]
    assert "New versions" in headers and "Echoes" in headers, "runs show new versions and echoes apart"
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")
    shot(browser, "quality")
