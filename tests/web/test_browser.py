"""End to end in a real headless Chromium: search without diacritics, filter by label, open the
first hit's report, upload the bundled report's .docx twin and see its limitations.

Screenshots are written to the test's folder, or to ``$BAOCAO_SCREENSHOTS`` when set (that is
how docs/web-search.png was made).  Skipped when Chromium or its driver is not installed
(``.ci/run`` installs Debian's ``chromium`` and ``chromium-driver``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver")


@pytest.fixture()
def server(bundled_index, tmp_path):
    """The application served by waitress on a free loopback port, in a thread."""
    from baocao.web import create_app, make_server

    app = create_app(bundled_index, upload_dir=tmp_path / "uploads")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    httpd = make_server(app, "127.0.0.1", port)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.close()
    app.config["INDEX_VIEW"].close()


@pytest.fixture()
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1100,900",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.implicitly_wait(10)
    yield driver
    driver.quit()


def shoot(driver, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    driver.save_screenshot(str(path))
    if os.environ.get("BAOCAO_SCREENSHOTS"):
        folder = Path(os.environ["BAOCAO_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)


def docx_twin(text_path: Path, out: Path) -> Path:
    """The report as a Word file: one paragraph per line, as a typist would have made it."""
    import docx

    document = docx.Document()
    for line in text_path.read_text(encoding="utf-8").splitlines():
        if line.strip() and "\f" not in line:
            document.add_paragraph(line)
    document.save(out)
    return out


def test_search_filter_open_report_and_upload(server, browser, tmp_path, bundled_report_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(server + "/search")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("tinh gian bien che")
    box.submit()
    marks = [m.text.lower() for m in browser.find_elements(By.CSS_SELECTOR, ".hit mark")]
    assert "tinh giản biên chế" in marks

    Select(browser.find_element(By.NAME, "label")).select_by_visible_text("Hạn chế")
    browser.find_element(By.CSS_SELECTOR, "form.search button").click()
    # click() does not wait for the next page: wait for its address, then read it
    WebDriverWait(browser, 10).until(lambda driver: "label=" in driver.current_url
                                     and "label=&" not in driver.current_url)
    assert "label=limitation" in browser.current_url and "q=tinh+gian+bien+che" in browser.current_url
    badges = {b.text for b in browser.find_elements(By.CSS_SELECTOR, ".hit .badge")}
    assert badges == {"Hạn chế"}
    shoot(browser, tmp_path, "web-search")

    first = browser.find_element(By.CSS_SELECTOR, ".hit")
    hit_text = first.find_element(By.CSS_SELECTOR, ".text").text
    first.find_element(By.CSS_SELECTOR, "a.open").click()
    anchor = browser.current_url.split("#")[1]
    target = browser.find_element(By.ID, anchor)
    assert hit_text in target.text and "Hạn chế" in target.text
    in_view = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;", target)
    assert in_view, "the hit is scrolled into view"
    assert "401-BC/BDV-BCSDUBND" in browser.find_element(By.CSS_SELECTOR, ".record").text
    shoot(browser, tmp_path, "web-report")

    browser.get(server + "/classify")
    twin = docx_twin(bundled_report_path, tmp_path / "kien-giang-2019.docx")
    browser.find_element(By.NAME, "file").send_keys(str(twin))
    browser.find_element(By.CSS_SELECTOR, "form.upload button").click()
    limitations = browser.find_element(By.ID, "limitation")
    sentences = [li.text for li in limitations.find_elements(By.CSS_SELECTOR, "li")]
    assert "Hạn chế" in limitations.find_element(By.TAG_NAME, "h2").text
    assert any("39,9% kế hoạch" in s for s in sentences) and len(sentences) >= 5
    assert "kien-giang-2019.docx" in browser.page_source
    browser.execute_script("arguments[0].scrollIntoView();", limitations)
    shoot(browser, tmp_path, "web-classify")
