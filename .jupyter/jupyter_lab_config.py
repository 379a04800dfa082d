"""JupyterLab settings of this course. `make lab` (and so tests/test_browser.py, which runs
`make lab`) finds this folder through JUPYTER_CONFIG_PATH; nothing else reads it.

The server's root is the repository (so lessons can link to exercises/), the browser opens
the start page, and nothing is fetched from the internet: no news, no update check, no
extension manager. labconfig/page_config.json switches off the news/update prompt itself, and
nbgrader's panels (installed with the test extras, for instructors; students do not need them);
jupyter_server_config.d/no-nbgrader.json keeps nbgrader's server extensions off likewise.
lab/settings/overrides.json renders every cell of a notebook at once (windowingMode "none"):
with the default lazy rendering, a citation's link to the References heading stops short.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (defined by the Jupyter config loader)

c.ServerApp.root_dir = str(Path(__file__).resolve().parents[1])
c.LabApp.default_url = "/lab/tree/notebooks/00_start_here.ipynb"
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
c.LabApp.app_settings_dir = str(Path(__file__).resolve().parent / "lab" / "settings")
