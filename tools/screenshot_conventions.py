"""Look at the rendered conventions the way students see them (a developer's check, not a test).

Usage: python tools/screenshot_conventions.py NOTEBOOK [OUTDIR]

Serves a copy of NOTEBOOK in JupyterLab (light and dark theme) and as an nbconvert HTML
export, in headless Chromium (/usr/bin/chromium, loopback only; see tests/browser_util.py).
For each it screenshots the first cell with an evidence label and the first model-output
block, clicks the first citation and reports whether the References heading came into view
(and whether any raw "[@" or "<!--" is visible). Screenshots go to OUTDIR (default
/tmp/conventions). Open the PNGs and judge the forms by eye in all three.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_util import CHROMIUM, Deadline, JupyterLab, chromium, new_page  # noqa: E402

HEADING_IN_VIEW = """() => {
  const h = [...document.querySelectorAll('h2')].find(e => e.textContent.trim()
                                                            .startsWith('References'));
  if (!h) return null;
  const r = h.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight;
}"""


def _shots(page, out: Path, tag: str, scope: str) -> None:
    label = page.locator(f"{scope} span[title^='Evidence label']").first
    if label.count():
        label.scroll_into_view_if_needed()
        time.sleep(0.3)
        label.locator("xpath=ancestor::div[contains(@class,'jp-Cell')][1]").screenshot(
            path=str(out / f"{tag}-label.png"))
    block = page.locator(f"{scope} blockquote").first
    if block.count():
        block.scroll_into_view_if_needed()
        time.sleep(0.3)
        block.screenshot(path=str(out / f"{tag}-model-output.png"))
    text = page.locator(scope).first.inner_text()
    print(f"{tag}: raw '[@' visible: {'[@' in text}; '<!--' visible: {'<!--' in text}")
    link = page.locator(f"{scope} a[href='#References']").first
    if link.count():
        link.scroll_into_view_if_needed()
        link.click()
        time.sleep(1.5)
        print(f"{tag}: References heading in view after clicking a citation: "
              f"{page.evaluate(HEADING_IN_VIEW)}")
        page.screenshot(path=str(out / f"{tag}-after-click.png"))


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    notebook, out = Path(argv[1]), Path(argv[2] if len(argv) > 2 else "/tmp/conventions")
    out.mkdir(parents=True, exist_ok=True)
    work = out / "root"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    shutil.copy(notebook, work / "lesson.ipynb")
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
                    "--output-dir", str(work), str(work / "lesson.ipynb")],
                   check=True, capture_output=True)
    deadline = Deadline(300)
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        state = out / f"state-{theme.split()[-1].lower()}"
        shutil.rmtree(state, ignore_errors=True)
        settings = state / "jupyterlab_settings_dir" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "themes.jupyterlab-settings").write_text(json.dumps({"theme": theme}))
        with JupyterLab(work, state, deadline) as lab, \
                chromium(str(CHROMIUM), deadline) as browser, \
                new_page(browser, deadline) as (page, _log):
            page.goto(f"{lab.base}/lab/tree/lesson.ipynb?reset&token={lab.token}")
            page.locator(".jp-RenderedMarkdown").first.wait_for()
            time.sleep(2.5)
            _shots(page, out, theme.split()[-1].lower(), ".jp-Notebook")
    with JupyterLab(work, out / "state-html", deadline) as lab, \
            chromium(str(CHROMIUM), deadline) as browser, \
            new_page(browser, deadline) as (page, _log):
        page.goto(f"{lab.base}/files/lesson.html?token={lab.token}")
        page.wait_for_load_state("load")
        _shots(page, out, "html", "body")
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
