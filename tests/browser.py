"""A real browser for the page's tests: Debian's Chromium, headless, driven by Selenium through
Debian's chromedriver (nothing is downloaded), with a fresh profile, JavaScript off (the page
must work without it), and downloads into a folder the test reads."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from office_tools import need

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
ARGUMENTS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", "--window-size=1100,1400")


def _found(paths: tuple[str, ...], program: str) -> str | None:
    return next((p for p in paths if Path(p).is_file()), None) or shutil.which(program)


def chromium(profile: Path, downloads: Path, javascript: bool = False):
    """A headless Chromium (skipped without it, outside CI)."""
    browser, driver = _found(CHROMIUM, "chromium"), _found(DRIVER, "chromedriver")
    need(browser, "Chromium (Debian: apt-get install chromium)")
    need(driver, "chromedriver (Debian: apt-get install chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (*ARGUMENTS, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "profile.managed_default_content_settings.javascript": 1 if javascript else 2})
    session = webdriver.Chrome(service=Service(driver), options=options)
    session.execute_cdp_cmd("Browser.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": str(downloads)})
    return session


def downloaded(folder: Path, name: str, seconds: float = 30) -> Path:
    """The file once the browser has finished writing it."""
    path = folder / name
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded; the folder holds "
                         f"{[p.name for p in folder.iterdir()]}")
