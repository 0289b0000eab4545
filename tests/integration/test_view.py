"""``khabar view`` as a person uses it: a broker, a worker and the view, stories produced,
and Debian's Chromium (headless, driven by selenium) looking at the page — which is never
reloaded, through a broker restart and a worker restart.

The browser comes from Debian's packages: ``scripts/setup-view-test`` installs chromium and
chromium-driver with apt-get when they are missing, and the test fails if it cannot.
Screenshots land in docs/img/ (the README shows one).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.integration.harness import (
    REPO,
    Worker,
    free_port,
    isolated_env,
    local_cluster,
    produce,
    run_cli,
)
from tests.integration.story_factory import FIRE, POISON, invented_story, republished

pytestmark = pytest.mark.integration

HOSTILE = "<script>alert(1)</script>"
SCREENSHOTS = REPO / "docs" / "img"
# A worker loads its lexicons before it reads (tens of seconds on a busy machine).
APPEAR_S = 240


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    setup = subprocess.run(
        [str(REPO / "scripts" / "setup-view-test")], capture_output=True, text=True, timeout=1200,
        check=False,
    )
    if setup.returncode != 0:
        pytest.fail(f"scripts/setup-view-test could not install Chromium:\n{setup.stderr[-4000:]}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,1500", "--lang=fa"):
        options.add_argument(argument)
    # The driver is Debian's, named here, so selenium never looks for one to download.
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


class View:
    """A ``khabar view`` subprocess on a free port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.url = f"http://127.0.0.1:{env['KHABAR_VIEW_PORT']}/"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agents.cli", "view"], cwd=REPO, env=env,
            stdout=log.open("ab"), stderr=subprocess.STDOUT,
        )

    def following(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the view exited:\n{self.log.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(self.url + "health", timeout=2) as response:
                    if orjson.loads(response.read())["following"]:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the view did not follow the topics:\n{self.log.read_text()[-3000:]}")

    def record(self, story_id: str) -> dict:
        with urllib.request.urlopen(f"{self.url}api/article/{story_id}", timeout=5) as response:
            return orjson.loads(response.read())["record"]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def card_selector(story_id: str) -> str:
    return f'#wire li.card[data-id="{story_id}"]'


def wait_for(driver, condition, what: str, timeout: float = APPEAR_S, logs: tuple[Path, ...] = ()):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.5).until(condition)
    except TimeoutException:
        tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-2500:]}" for log in logs)
        raise AssertionError(f"the page never showed {what} in {timeout} s\n{tails}") from None


def event_of(titles: set[str], size: int):
    """A wait's condition: the events panel shows an event labelled with one of
    ``titles`` and ``size`` dots on its timeline; then its outlets. The panel is drawn
    again when its events change, which may happen between two looks."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    def shown(driver) -> list[str] | None:
        try:
            for event in driver.find_elements(By.CSS_SELECTOR, "#events li.event"):
                if (event.find_element(By.CSS_SELECTOR, ".event-label").text in titles
                        and len(event.find_elements(By.CSS_SELECTOR, "svg.timeline circle")) == size):
                    return [o.text for o in event.find_elements(By.CSS_SELECTOR, ".tag.outlet")]
        except StaleElementReferenceException:
            pass
        return None

    return shown


def test_the_view_shows_the_stream_live_as_text_right_to_left_through_restarts(browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver = browser
    rng = random.Random(19)
    originals = [invented_story(rng, f"view-{i}") for i in range(5)]
    hostile = {**invented_story(rng, "view-hostile"), "title": HOSTILE}
    with local_cluster(prefix="view") as cluster:
        env = isolated_env(cluster.bootstrap, tmp_path, KHABAR_VIEW_PORT=str(free_port()))
        raw = env["KHABAR_TOPIC_RAW"]
        logs = (tmp_path / "worker.log", tmp_path / "view.log")
        run_cli(env, "topics")
        worker = Worker(env, logs[0]).start()
        view = View(env, logs[1])
        try:
            view.following()
            driver.get(view.url)
            # Survives only as long as the page is never reloaded.
            driver.execute_script("window.khabarTestMark = 'no reload'")
            root = driver.find_element(By.TAG_NAME, "html")
            assert root.get_attribute("dir") == "rtl" and root.get_attribute("lang") == "fa"

            def shows(story_id: str, timeout: float = APPEAR_S):
                return wait_for(
                    driver, lambda d: d.find_elements(By.CSS_SELECTOR, card_selector(story_id)),
                    f"article {story_id}", timeout, logs,
                )[0]

            produce(cluster.bootstrap, raw, [orjson.dumps(s) for s in originals])
            produce(cluster.bootstrap, raw, [orjson.dumps(hostile), POISON["english"][0],
                                             POISON["invalid-json"][0]])
            for story in originals:
                shows(story["id"])

            # The hostile title is text: shown as typed, no element made of it, no alert.
            title = shows("view-hostile").find_element(By.CSS_SELECTOR, "h3 a.title")
            published = view.record("view-hostile")["title"]  # as normalized: «alert (1)»
            assert title.text == published and published.startswith("<script>")
            assert not driver.find_elements(By.CSS_SELECTOR, "#wire script, #wire h3 script")
            with pytest.raises(NoAlertPresentException):
                driver.switch_to.alert.text  # noqa: B018 (reading it is the check)

            # A republication shows under its original, with its outlet and rule.
            copy = republished(originals[0], rng, "view-copy-0")
            produce(cluster.bootstrap, raw, [orjson.dumps(copy)])
            wait_for(
                driver,
                lambda d: d.find_elements(
                    By.CSS_SELECTOR, card_selector("view-0") + ' li.rep[data-id="view-copy-0"]'
                ),
                "the republication under its original", logs=logs,
            )
            assert not driver.find_elements(By.CSS_SELECTOR, card_selector("view-copy-0"))
            # The figures come live too: both dead letters, by reason.
            wait_for(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#dead li")) == 2,
                     "the dead letters by reason", 30, logs)
            # Three outlets' reports of one fire: one of the day's largest events, with its
            # outlets and a dot a story on its timeline.
            # Published over the last hours: the timeline spreads its stories over them.
            now = dt.datetime.now(dt.UTC)
            produce(cluster.bootstrap, raw, [
                orjson.dumps({**story, "source": "test",
                              "published_at": (now - dt.timedelta(minutes=m)).isoformat()})
                for story, m in zip(FIRE, (170, 95, 20), strict=True)])
            outlets = wait_for(driver, event_of({story["title"] for story in FIRE}, 3),
                               "the fire's event", logs=logs)
            assert len(outlets) == 3 and all(outlet.endswith("۱") for outlet in outlets)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            time.sleep(2.5)  # the new cards' highlight fades
            driver.save_screenshot(str(SCREENSHOTS / "view-wire.png"))
            driver.find_element(By.ID, "events").screenshot(str(SCREENSHOTS / "view-events.png"))

            # The permalink: the whole record and its republications, on the same page.
            driver.find_element(By.CSS_SELECTOR, card_selector("view-0") + " h3 a").click()
            wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#article h2.title"),
                     "the article's permalink", 30, logs)
            assert driver.find_element(By.CSS_SELECTOR, "#article h2.title").text == view.record(
                "view-0")["title"]
            assert "view-copy-0" not in driver.find_element(By.ID, "article").text  # outlets, not ids
            assert len(driver.find_elements(By.CSS_SELECTOR, "#article table")) >= 2
            assert "null" not in driver.find_element(By.ID, "article").text
            driver.save_screenshot(str(SCREENSHOTS / "view-article.png"))
            driver.execute_script("location.hash = '#/'")

            # A broker restart, then a worker restart: new stories still come in live.
            cluster.stop_node(1)
            wait_for(driver, lambda d: d.find_element(By.ID, "link-state").get_attribute("data-state")
                     != "live", "that the broker is away", 90, logs)
            cluster.start_node(1)
            after_broker = invented_story(rng, "view-after-broker")
            produce(cluster.bootstrap, raw, [orjson.dumps(after_broker)])
            shows("view-after-broker")
            worker.stop()
            worker = Worker(env, logs[0]).start()
            after_worker = invented_story(rng, "view-after-worker")
            produce(cluster.bootstrap, raw, [orjson.dumps(after_worker)])
            shows("view-after-worker")
            newest = driver.find_element(By.CSS_SELECTOR, "#wire li.card")
            assert newest.get_attribute("data-id") == "view-after-worker"  # newest on top
            assert driver.execute_script("return window.khabarTestMark") == "no reload"
        finally:
            view.stop()
            worker.stop()
