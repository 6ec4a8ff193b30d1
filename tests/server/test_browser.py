"""The editors' page in a real browser (Chromium, JavaScript off): a workbook with faults
uploaded, its problems read at their cells, its annotated copy downloaded and opened, a
preview built, and all of it with the keyboard alone."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from browser import chromium, downloaded
from serving import FAULTS, edited
from wsis_report import check


@pytest.fixture(scope="module")
def faulty(server, tmp_path_factory):
    """A consultations workbook with two faults, and the check of it with the server's others."""
    folder = tmp_path_factory.mktemp("browser-faulty")
    for path in server.inputs.iterdir():
        shutil.copyfile(path, folder / path.name)
    path = folder / "consultations.xlsx"
    path.write_bytes(edited(server.inputs / "consultations.xlsx", "Consultations", FAULTS))
    return path, check(folder)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    session = chromium(tmp_path_factory.mktemp("profile"), downloads)
    session.downloads = downloads
    yield session
    session.quit()


def _press(browser, *keys) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def _focused(browser):
    return browser.switch_to.active_element


def test_an_editor_reads_each_problem_at_its_cell_and_takes_the_annotated_copy(
        server, browser, faulty):
    path, expected = faulty
    browser.get(server.url)
    browser.find_element(By.ID, "consultations").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _arrived(browser, "Check of your workbooks")
    assert browser.find_element(By.CSS_SELECTOR, "[role=status]").text == expected.summary()
    section = browser.find_element(By.XPATH, "//section[h3[normalize-space()="
                                             "'consultations.xlsx › Consultations']]")
    rows = {row.find_element(By.TAG_NAME, "th").text: row.find_elements(By.TAG_NAME, "td")
            for row in section.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert sorted(rows) == sorted(issue.cell for issue in expected.issues)
    for issue in expected.issues:
        kind, says = (cell.text for cell in rows[issue.cell])
        assert kind == issue.severity
        assert says == str(issue).removeprefix(f"{issue.location}: ")
    browser.find_element(By.LINK_TEXT, "consultations.annotated.xlsx").click()
    copy = downloaded(browser.downloads, "consultations.annotated.xlsx")
    sheet = openpyxl.load_workbook(copy)["Consultations"]
    for issue in expected.issues:
        assert str(issue).removeprefix(f"{issue.location}: ")[1:] in sheet[issue.cell].comment.text
        assert sheet[issue.cell].fill.fgColor.rgb.endswith("FFC7CE")
    copy.unlink()


def test_the_page_works_with_the_keyboard_alone(server, browser, faulty):
    path, expected = faulty
    browser.get(server.url)
    _press(browser, Keys.TAB)
    skip = _focused(browser)
    assert skip.text == "Skip to the content" and skip.is_displayed()
    _press(browser, Keys.ENTER)
    assert _focused(browser).get_attribute("id") == "main"
    for field in ("consultations", "survey", "report"):
        _press(browser, Keys.TAB)
        assert _focused(browser).get_attribute("id") == field
        assert _outlined(browser)
        if field == "consultations":  # what the file chooser would type
            _focused(browser).send_keys(str(path))
    _press(browser, Keys.TAB)
    assert _focused(browser).text == "Check the workbooks"
    _press(browser, Keys.ENTER)
    _arrived(browser, "Check of your workbooks")

    link = _tab_to(browser, lambda e: e.text == "consultations.annotated.xlsx")
    assert _outlined(browser)
    link.send_keys(Keys.ENTER)
    copy = downloaded(browser.downloads, "consultations.annotated.xlsx")
    cell = expected.issues[0].cell
    assert openpyxl.load_workbook(copy)["Consultations"][cell].comment is not None
    copy.unlink()

    _tab_to(browser, lambda e: e.text == "Preview the progress report")
    _press(browser, Keys.ENTER)
    _arrived(browser, "Preview of the progress report")
    WebDriverWait(browser, 60).until(lambda b: "cannot be built" in b.page_source)
    assert browser.find_element(By.CSS_SELECTOR, "[role=alert]").text.startswith(
        "The progress report cannot be built from these workbooks: 2 errors.")


def test_a_preview_shows_its_progress_then_the_document(server, browser):
    browser.get(server.url)
    browser.find_element(By.ID, "survey").send_keys(str(server.inputs / "survey.xlsx"))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _arrived(browser, "Check of your workbooks")
    browser.find_element(By.XPATH, "//button[.='Preview the draft report']").click()
    _arrived(browser, "Preview of the draft report")
    if "Building" in browser.page_source:  # the page looks again by itself, without script
        status = browser.find_element(By.CSS_SELECTOR, "[role=status]")
        assert "Building the draft report from your workbooks" in status.text
        assert status.find_element(By.TAG_NAME, "progress")
    WebDriverWait(browser, 120).until(lambda b: "Built:" in b.page_source)
    assert "Implementing the outcomes of the World Summit on the Information Society" in \
        browser.find_element(By.CLASS_NAME, "document").text


def _arrived(browser, title: str) -> None:
    """Waits for the page a form was sent to: a click returns before the answer comes."""
    WebDriverWait(browser, 60).until(lambda b: b.title.startswith(title))


def _outlined(browser) -> bool:
    """Whether the focused element shows that it has the focus."""
    return browser.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle") != "none"


def _tab_to(browser, wanted, presses: int = 60):
    for _ in range(presses):
        _press(browser, Keys.TAB)
        element = _focused(browser)
        if wanted(element):
            return element
    raise AssertionError("not reached with the Tab key")
