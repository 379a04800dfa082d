"""Browser smoke test: lesson 1.1 in real JupyterLab + Chromium; the explorer reacts.

Run All through the menu, move the estradiol slider with the keyboard, and check that the
readout text and the plot image both change. Needs /usr/bin/chromium (see tests/conftest.py).
"""

import json
import shutil
import time
import warnings
from pathlib import Path

import pytest
from browser_util import (
    IN_CI,
    Deadline,
    JupyterLab,
    chromium_page,
    error_outputs,
    open_notebook,
    run_all,
)

ROOT = Path(__file__).resolve().parents[1]
LESSON = Path("fundamentals/1.1_bone_is_living_tissue.ipynb")  # inside notebooks/
TIME_LIMIT_S = 150  # hard budget for the whole test, shared by every wait
KEYS_PER_ROUND = 3
MAX_ROUNDS = 8
RETRY_S = 4  # press more keys when the view has not changed for this long
SETTLE_S = 10  # after the last possible key press, wait this long for the view to change

# JS: a signature of what the plot area shows (image sources, or canvas pixels for ipympl).
PLOT_SIGNATURE = """(el) => {
  const parts = [];
  for (const img of el.querySelectorAll('img')) parts.push(img.getAttribute('src') || '');
  for (const c of el.querySelectorAll('canvas')) {
    try { parts.push(c.toDataURL()); } catch (e) { /* tainted canvas: ignore */ }
  }
  return parts.join('|');
}"""

EXPLORER_CELL = "from course_lib.widgets import remodeling_explorer\n\nremodeling_explorer()"

# Used only while neither lesson 1.1 nor course_lib.widgets exists, and never under CI.
STAND_IN_CELL = """\
import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display

slider = w.FloatSlider(value=0.6, min=0, max=1, step=0.05, description="estradiol",
                       continuous_update=False)
slider.add_class("explorer-estradiol")
readout = w.HTML()
readout.add_class("explorer-readout")
plot = w.Output()
plot.add_class("explorer-plot")


def update(change=None):
    e = slider.value
    readout.value = f"BMD change after 10 years: {20 * (e - 0.6):+.1f} %"
    with plot:
        plot.clear_output(wait=True)
        fig, ax = plt.subplots(figsize=(4, 2.5))
        ax.plot([0, 10], [100, 100 + 20 * (e - 0.6)])
        plt.show()


slider.observe(update, "value")
update()
box = w.VBox([slider, readout, plot])
box.add_class("course-explorer")
display(box)"""


def _notebook(source: str) -> dict:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "explorer",
                   "metadata": {}, "outputs": [], "source": source}],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                    "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def prepare_notebook(serve_dir: Path) -> str:
    """Copy the course notebooks into `serve_dir` (JupyterLab autosaves) and return the path
    of the notebook to open, relative to it."""
    if (ROOT / "notebooks" / LESSON).is_file():
        shutil.copytree(ROOT / "notebooks", serve_dir,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        return LESSON.as_posix()
    if IN_CI:
        pytest.fail(f"notebooks/{LESSON} is missing", pytrace=False)
    try:
        import course_lib.widgets  # noqa: F401

        source, what = EXPLORER_CELL, "a one-cell remodeling_explorer() notebook"
    except ImportError:
        source, what = STAND_IN_CELL, "a stand-in ipywidgets explorer"
    warnings.warn(f"notebooks/{LESSON} is missing: testing {what} instead", stacklevel=2)
    serve_dir.mkdir(parents=True)
    (serve_dir / "explorer.ipynb").write_text(json.dumps(_notebook(source)))
    return "explorer.ipynb"


def _snapshot(explorer, slider_handle) -> dict:
    return {
        "readout": explorer.locator(".explorer-readout").first.inner_text().strip(),
        "plot": explorer.locator(".explorer-plot").first.evaluate(PLOT_SIGNATURE),
        "value": float(slider_handle.get_attribute("aria-valuenow")),
    }


def _drive_explorer(page, deadline: Deadline) -> tuple[dict, dict, str]:
    """Run All, wait for the explorer, move the estradiol slider until the view updates.
    Returns (before, after, key pressed)."""
    run_all(page)
    explorer = page.locator(".course-explorer").first
    while not explorer.is_visible():  # fail at once if a cell raised instead of timing out
        errors = error_outputs(page)
        assert "Traceback" not in errors, f"a cell failed during Run All:\n{errors}"
        assert not deadline.expired(), f"no .course-explorer after Run All:\n{errors}"
        page.wait_for_timeout(200)
    handle = explorer.locator(".explorer-estradiol .noUi-handle").first
    handle.wait_for(state="visible", timeout=deadline.ms(30))
    handle.scroll_into_view_if_needed()

    before = _snapshot(explorer, handle)
    while not (before["readout"] and before["plot"]):  # first render still arriving
        assert not deadline.expired(), f"explorer never showed a readout and a plot: {before}"
        page.wait_for_timeout(200)
        before = _snapshot(explorer, handle)

    low = float(handle.get_attribute("aria-valuemin"))
    key = "ArrowLeft" if before["value"] > low else "ArrowRight"
    limit = float(handle.get_attribute("aria-valuemax" if key == "ArrowRight" else "aria-valuemin"))
    rounds, last_press, now = 0, time.monotonic(), before
    while True:
        if now["readout"] != before["readout"] and now["plot"] not in ("", before["plot"]):
            return before, now, key
        idle = time.monotonic() - last_press
        can_press = rounds < MAX_ROUNDS and now["value"] != limit
        assert not deadline.expired() and (can_press or idle < SETTLE_S), (
            f"explorer did not update after {rounds * KEYS_PER_ROUND} x {key}: "
            f"before={before['readout']!r} now={now['readout']!r}, "
            f"plot changed={now['plot'] != before['plot']}, value={now['value']}"
        )
        # Press a few more keys if nothing changed for a while (a small step may not show).
        if can_press and (rounds == 0 or idle > RETRY_S):
            handle.focus()
            for _ in range(KEYS_PER_ROUND):
                page.keyboard.press(key)
            rounds += 1
            last_press = time.monotonic()
        page.wait_for_timeout(150)
        now = _snapshot(explorer, handle)


def test_estradiol_slider_updates_readout_and_plot(chromium_path, tmp_path):
    deadline = Deadline(TIME_LIMIT_S)
    rel_path = prepare_notebook(tmp_path / "serve")
    with (
        JupyterLab(tmp_path / "serve", tmp_path / "jupyter", deadline) as lab,
        chromium_page(chromium_path, deadline) as (page, log),
    ):
        try:
            open_notebook(page, lab, rel_path, deadline)
            before, after, key = _drive_explorer(page, deadline)
            page.locator(".course-explorer").first.screenshot(path=str(tmp_path / "explorer.png"))
        except BaseException:
            try:
                page.screenshot(path=str(tmp_path / "failure.png"), timeout=5000)
            except Exception as exc:  # the page may be gone; keep the original error
                log.append(f"no screenshot: {exc}")
            print(f"screenshot: {tmp_path / 'failure.png'}\nbrowser log:\n" + "\n".join(log[-30:])
                  + f"\nserver log:\n{lab.log_tail()}")
            raise
    if key == "ArrowLeft":
        assert after["value"] < before["value"]
    else:
        assert after["value"] > before["value"]
    assert after["readout"] != before["readout"]
    assert after["plot"] and after["plot"] != before["plot"]
    assert not [entry for entry in log if entry.startswith("pageerror")], log
