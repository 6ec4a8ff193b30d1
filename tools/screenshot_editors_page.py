"""Takes docs/editors-page.png, the README's picture of the editors' page: the sample
workbooks served by ``make-report serve``, and a consultations workbook with two faults
uploaded through Chromium, as the browser tests do (tests/browser.py, tests/serving.py).

    python tools/screenshot_editors_page.py [--out docs/editors-page.png]
"""

from __future__ import annotations

import argparse
import base64
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium  # noqa: E402
from serving import FAULTS, edited, started  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "editors-page.png")
    args = parser.parse_args()
    from selenium.webdriver.common.by import By

    from wsis_report import build

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs, out = tmp / "inputs", tmp / "dist"
        shutil.copytree(ROOT / "inputs", inputs)
        build(inputs, ["draft"], ROOT / "templates", out)
        upload = tmp / "upload" / "consultations.xlsx"
        upload.parent.mkdir()
        upload.write_bytes(edited(inputs / "consultations.xlsx", "Consultations", FAULTS))
        with started(inputs, out, tmp / "temp") as server:
            browser = chromium(tmp / "profile", tmp / "downloads")
            try:
                browser.set_window_size(1000, 1000)
                browser.get(server.url)
                browser.find_element(By.ID, "consultations").send_keys(str(upload))
                browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            finally:
                browser.quit()
    args.out.write_bytes(base64.b64decode(shot["data"]))
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
