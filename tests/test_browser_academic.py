"""Browser smoke test of the Tier 3 explorers (receptor and axes) in real JupyterLab.

One small notebook holds both explorers (the same one-line calls the lessons make); Run All,
then move one slider of each with the keyboard and check that its readout and its plot image
both change. Needs /usr/bin/chromium (see tests/conftest.py).
"""

import json

from browser_util import Deadline, JupyterLab, chromium_page, error_outputs, open_notebook, run_all

TIME_LIMIT_S = 150
PLOT_SIGNATURE = """(el) => Array.from(el.querySelectorAll('img'))
    .map(img => img.getAttribute('src') || '').join('|')"""
CELLS = [
    "from course_lib.widgets.receptor_explorer import receptor_explorer\n\nreceptor_explorer()",
    "from course_lib.widgets.axes_explorer import axes_explorer\n\naxes_explorer(axis='hpt')",
]
# (explorer class, slider class, readout class, plot class)
EXPLORERS = [
    ("receptor-explorer", "receptor-pr-a-share", "receptor-readout", "receptor-plot"),
    ("axes-explorer", "axes-exogenous", "axes-readout", "axes-plot"),
]


def _notebook() -> dict:
    cells = [{"cell_type": "code", "execution_count": None, "id": f"explorer-{i}",
              "metadata": {}, "outputs": [], "source": source}
             for i, source in enumerate(CELLS)]
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                        "language": "python", "name": "python3"}}}


def _view(explorer, readout, plot) -> tuple[str, str]:
    return (explorer.locator(f".{readout}").first.inner_text().strip(),
            explorer.locator(f".{plot}").first.evaluate(PLOT_SIGNATURE))


def _move_and_wait(page, explorer, slider, readout, plot, deadline) -> tuple:
    handle = explorer.locator(f".{slider} .noUi-handle").first
    handle.wait_for(state="visible", timeout=deadline.ms(30))
    handle.scroll_into_view_if_needed()
    before = _view(explorer, readout, plot)
    while not all(before):
        assert not deadline.expired(), f"{slider}: no first readout and plot: {before}"
        page.wait_for_timeout(200)
        before = _view(explorer, readout, plot)
    handle.focus()
    for _ in range(4):                       # four steps: a visible change on every explorer
        page.keyboard.press("ArrowRight")
    now = before
    while now[0] == before[0] or now[1] in ("", before[1]):
        assert not deadline.expired(), f"{slider}: the explorer did not update"
        page.wait_for_timeout(150)
        now = _view(explorer, readout, plot)
    return before, now


def test_receptor_and_axes_explorers_move_in_jupyterlab(chromium_path, tmp_path):
    deadline = Deadline(TIME_LIMIT_S)
    serve = tmp_path / "serve"
    serve.mkdir()
    (serve / "explorers.ipynb").write_text(json.dumps(_notebook()))
    with (JupyterLab(serve, tmp_path / "jupyter", deadline) as lab,
          chromium_page(chromium_path, deadline) as (page, log)):
        try:
            open_notebook(page, lab, "explorers.ipynb", deadline)
            run_all(page)
            for box, slider, readout, plot in EXPLORERS:
                explorer = page.locator(f".{box}").first
                while not explorer.is_visible():
                    errors = error_outputs(page)
                    assert "Traceback" not in errors, f"a cell failed:\n{errors}"
                    assert not deadline.expired(), f"no .{box} after Run All:\n{errors}"
                    page.wait_for_timeout(200)
                before, after = _move_and_wait(page, explorer, slider, readout, plot, deadline)
                assert "model output" in after[0]
                assert after[0] != before[0] and after[1] != before[1]
        except BaseException:
            try:
                page.screenshot(path=str(tmp_path / "failure.png"), timeout=5000)
            except Exception as exc:
                log.append(f"no screenshot: {exc}")
            print(f"screenshot: {tmp_path / 'failure.png'}\nbrowser log:\n"
                  + "\n".join(log[-30:]) + f"\nserver log:\n{lab.log_tail()}")
            raise
    assert not [entry for entry in log if entry.startswith("pageerror")], log
