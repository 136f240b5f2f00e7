"""End to end in a real headless Chromium: `nntutor serve`, a name, a lesson, an exercise,
a reload that keeps the progress. Skipped when Playwright or Chromium is missing.

Screenshots (picker, a step, an exercise) go to $NNTUTOR_E2E_SHOTS or the test's tmp folder.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from nntutor.serve.students import read_place
from nntutor.store import ProgressStore
from tests.serve.running import ROOT, start_server, stop, wait_for

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "class"
    env = dict(os.environ, PYTHONPATH=str(ROOT), NNTUTOR_HOME=str(tmp_path / "home"))
    env.pop("NNTUTOR_LESSONS", None)
    proc, url = start_server(data, env)
    yield url, data
    stop(proc)


@pytest.fixture
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium installed (apt-get install -y chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


def shots_dir(tmp_path: Path) -> Path:
    d = Path(os.environ.get("NNTUTOR_E2E_SHOTS") or tmp_path / "shots")
    d.mkdir(parents=True, exist_ok=True)
    return d


def open_tutor(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    page.locator(".xterm-helper-textarea").focus()


def keys(page, *names: str) -> None:
    for name in names:
        page.keyboard.press(name)
        time.sleep(0.15)  # let the tutor draw between keys, as a person types


def press_until(page, key: str, done, what: str, tries: int = 4) -> None:
    """Press `key` until `done()` holds: a key the tutor was not ready for yet is pressed again
    (each press waits 15 s first, far beyond a normal step, so a slow step is not doubled)."""
    for _ in range(tries):
        keys(page, key)
        deadline = time.monotonic() + 15.0
        while time.monotonic() < deadline:
            if done():
                return
            time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def test_a_student_in_the_browser(browser, server, tmp_path):
    url, data = server
    shots = shots_dir(tmp_path)
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    open_tutor(page, url)
    time.sleep(0.5)
    page.screenshot(path=str(shots / "name.png"))
    page.keyboard.type("ada_l", delay=30)
    keys(page, "Enter")
    home = data / "students" / "ada_l"
    wait_for(lambda: (home / "progress.sqlite3").exists(), "the student's progress store")
    time.sleep(1.0)
    page.screenshot(path=str(shots / "picker.png"))

    keys(page, "Enter")  # the first lesson in curriculum order: the chain rule
    wait_for(lambda: read_place(home) is not None, "the lesson to open")
    lesson = read_place(home).lesson
    assert lesson == "chain-rule"
    # one key at a time, each seen to land: keys sent while the lesson is still being traced
    # (before its step view takes the focus) are not steps, so such a key is sent again
    for key, step in (("n", 1), ("n", 2), ("n", 3), ("p", 2)):
        press_until(page, key, lambda: read_place(home).step == step, f"step {step} after {key}")
    time.sleep(0.5)
    page.screenshot(path=str(shots / "step.png"))

    keys(page, "x")  # the lesson's first exercise: dL/dyhat
    time.sleep(1.5)
    keys(page, "i")  # start typing the answer
    page.keyboard.type("A2 - Y", delay=30)
    keys(page, "Enter")

    def attempts():
        with ProgressStore.open(home) as store:
            return store.attempts(lesson, "dyhat")

    first = wait_for(attempts, "the wrong answer to be checked")
    assert [(a.answer, a.verdict) for a in first] == [("A2 - Y", "wrong")]
    time.sleep(0.5)
    page.screenshot(path=str(shots / "exercise-wrong.png"))
    for _ in range(len("A2 - Y")):
        keys(page, "Backspace")
    page.keyboard.type("2 * (A2 - Y) / n", delay=30)
    keys(page, "Enter")
    both = wait_for(lambda: len(attempts()) == 2 and attempts(), "the right answer")
    assert [a.verdict for a in both] == ["wrong", "correct"]
    time.sleep(0.5)
    page.screenshot(path=str(shots / "exercise-right.png"))

    page.reload()  # a new connection: a new tutor process, the same student
    before = (home / "place.json").stat().st_mtime_ns
    open_tutor(page, url)
    page.keyboard.type("ADA_L", delay=30)
    keys(page, "Enter")
    # the new process reopens the lesson by itself, at the saved step (it writes the place)
    wait_for(lambda: (home / "place.json").stat().st_mtime_ns != before, "the lesson to reopen")
    assert read_place(home).lesson == lesson and read_place(home).step == 2
    with ProgressStore.open(home) as store:
        assert store.solved(lesson) == {"dyhat"}
        assert len(store.attempts(lesson, "dyhat")) == 2
    time.sleep(1.5)
    page.screenshot(path=str(shots / "resumed.png"))  # `exercises 1/6`, step 3 of 19
