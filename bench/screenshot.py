"""Write docs/report.png: a screenshot of `bevilling report` on the shipped ledgers (for README).

    python bench/screenshot.py [-o docs/report.png] [--browser /usr/bin/chromium]

Makes the page (`--year 2016`, Danish, a fixed time so that the page is the same on every
run), opens it in headless Chromium driven by selenium (Debian's `chromium` and
`chromium-driver`; nothing is downloaded), takes the part from the expiring funds to the
timeline chart, and keeps the picture small: 256 colours, PNG optimised (under 200 KB).
Needs the test extra (`pip install -e '.[test]'`: jinja2, matplotlib and its Pillow,
selenium).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The screenshot's width in CSS pixels: wide enough for the tables on one line each.
WIDTH = 1000


def make_page(target: Path) -> None:
    """The shipped ledgers' page for 2016, as a user gets it from the command line."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "BEVILLING_LOCALE": "da"}
    subprocess.run(
        [sys.executable, "-m", "bevilling", "report", "--year", "2016", "--force",
         "-o", str(target), "ledger"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def screenshot(browser: str, driver: str, page: Path, target: Path) -> None:
    """Headless Chromium's picture of ``page`` from the expiring funds to the timeline chart."""
    import base64

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    with tempfile.TemporaryDirectory() as profile:
        for argument in (
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={WIDTH},1000",
        ):  # fmt: skip
            options.add_argument(argument)
        os.environ["SE_OFFLINE"] = "true"  # Selenium Manager: never download a driver
        chrome = webdriver.Chrome(options=options, service=Service(executable_path=driver))
        try:
            chrome.get(page.as_uri())
            top, bottom = chrome.execute_script(
                "return [document.getElementById('expiring').getBoundingClientRect().top"
                " + window.scrollY - 8, document.querySelector('#timeline figure')"
                ".getBoundingClientRect().bottom + window.scrollY + 8]"
            )
            shot = chrome.execute_cdp_cmd(
                "Page.captureScreenshot",
                {
                    "format": "png",
                    "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": top, "width": WIDTH, "height": bottom - top, "scale": 1},
                },
            )
        finally:
            chrome.quit()
    target.write_bytes(base64.b64decode(shot["data"]))


def shrink(path: Path) -> None:
    """256 colours and an optimised PNG: a page of text and flat colours loses nothing."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--driver", default=shutil.which("chromedriver") or "chromedriver")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "rapport.html"
        make_page(page)
        screenshot(args.browser, args.driver, page, args.output)
    shrink(args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
