"""Helpers for browser tests: JupyterLab started by `make lab` and a loopback-only Chromium.

The server is the course's own: `make lab` with its settings (.jupyter/), adding only
--no-browser, a port, a token and a temporary copy of the course as root, with fresh
JUPYTER_* dirs. Loopback only; stopped by its process group id (the `make` we started) with
SIGTERM, after which any kernel that survives is killed by PID.
"""

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1")
ROOT = Path(__file__).resolve().parents[1]
MAKE = shutil.which("make")
#: The install stamp `make lab` depends on: `-o` keeps make from reinstalling during a test.
STAMP_CORE = ".venv/.stamp-core"
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
KERNEL_IDLE = re.compile(r"\(ipykernel\) \| Idle")


class Deadline:
    """A hard time budget shared by every wait of one test."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def ms(self, cap_seconds: float | None = None) -> float:
        """Milliseconds left (at most `cap_seconds`), for Playwright timeouts; at least 1."""
        left = self.left() if cap_seconds is None else min(self.left(), cap_seconds)
        return max(left, 0.001) * 1000

    def expired(self) -> bool:
        return self.left() <= 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, start time) of a live process, from /proc; None if gone or a zombie."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[1]), fields[19]


def descendants(pid: int) -> dict[int, str]:
    """All live descendants of `pid` as {pid: start time} (start time guards against reuse)."""
    children: dict[int, list[int]] = {}
    starts: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat:
                children.setdefault(stat[0], []).append(int(entry.name))
                starts[int(entry.name)] = stat[1]
    found, todo = {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found[child] = starts[child]
            todo.append(child)
    return found


def pid_in_group(pid: int, group: int) -> bool:
    try:
        return os.getpgid(pid) == group
    except ProcessLookupError:
        return False


def wait_gone(pid: int, start: str, timeout: float) -> None:
    """Wait until the process (pid, start time) has exited, at most `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        stat = _proc_stat(pid)
        if not stat or stat[1] != start:
            return
        time.sleep(0.1)


def kill_survivors(processes: dict[int, str]) -> list[int]:
    """SIGKILL each recorded process still alive with the same start time; return those killed."""
    killed = []
    for pid, start in processes.items():
        stat = _proc_stat(pid)
        if stat and stat[1] == start:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except ProcessLookupError:
                pass
    return killed


class JupyterLab:
    """`make lab` serving `root_dir` on 127.0.0.1; use as a context manager."""

    def __init__(self, root_dir: Path, state_dir: Path, deadline: Deadline):
        self.root_dir, self.state_dir, self.deadline = Path(root_dir), Path(state_dir), deadline
        self.token = secrets.token_hex(16)
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.log_path = self.state_dir / "jupyterlab.log"
        self.runtime_dir = tempfile.mkdtemp(prefix="jlrt-")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "IPYTHON", "MAKE", "MFLAGS"))}
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTERLAB_SETTINGS_DIR",
                     "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
            path = self.state_dir / name.lower()
            path.mkdir(parents=True, exist_ok=True)
            env[name] = str(path)
        env["JUPYTER_RUNTIME_DIR"] = self.runtime_dir
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        return env

    def _command(self) -> list[str]:
        """`make lab` as a student runs it, plus only what a test must change."""
        lab_args = ["--no-browser", f"--port={self.port}", "--ServerApp.port_retries=0",
                    f"--IdentityProvider.token={self.token}",
                    f"--ServerApp.root_dir={self.root_dir}"]
        return [MAKE or "make", "-s", "--no-print-directory", "-C", str(ROOT), "-o", STAMP_CORE,
                "lab", f"BIN={Path(sys.executable).parent}",
                "LAB_ARGS=" + " ".join(shlex.quote(a) for a in lab_args)]

    def api(self, method: str, path: str, timeout: float = 5.0):
        request = urllib.request.Request(
            f"{self.base}{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return response.status, (json.loads(body) if body else None)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):  # a free port can be taken between probe and bind
            self.port = free_port()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(   # its own process group: stopped as one
                    self._command(), cwd=ROOT, env=self._env(), start_new_session=True,
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                )
            while self.proc.poll() is None and not self.deadline.expired():
                try:
                    if self.api("GET", "/api/status", timeout=2)[0] == 200:
                        return
                except OSError:
                    pass
                time.sleep(0.2)
            if self.proc.poll() is None:
                break
        raise RuntimeError(f"JupyterLab did not start; log tail:\n{self.log_tail()}")

    def delete_sessions(self) -> None:
        _, sessions = self.api("GET", "/api/sessions")
        for session in sessions or []:
            self.api("DELETE", f"/api/sessions/{session['id']}", timeout=10)

    def stop(self) -> list[int]:
        """Delete sessions, SIGTERM make's process group (make, its shell, the server), kill
        surviving kernels; return killed PIDs."""
        if self.proc is None:
            return []
        children = descendants(self.proc.pid)
        if self.proc.poll() is None:
            try:
                self.delete_sessions()
            except OSError:
                pass
            server = [pid for pid in children if pid_in_group(pid, self.proc.pid)]
            os.killpg(self.proc.pid, signal.SIGTERM)
            for pid in server:        # the server shuts its kernels down on SIGTERM: wait
                wait_gone(pid, children[pid], timeout=15)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        children.update({p: s for p, s in descendants(self.proc.pid).items() if p not in children})
        killed = kill_survivors(children)
        shutil.rmtree(self.runtime_dir, ignore_errors=True)
        return killed

    def __enter__(self) -> "JupyterLab":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def chromium(executable: str, deadline: Deadline):
    """Yield a headless Chromium browser (Debian's, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            timeout=deadline.ms(60),
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser, deadline: Deadline):
    """Yield (page, log): a page in a fresh context that may only reach 127.0.0.1; `log`
    collects console errors, page errors and blocked requests for failure messages."""
    log: list[str] = []

    def loopback_only(route):
        if route.request.url.startswith(LOOPBACK):
            route.continue_()
        else:
            log.append(f"blocked {route.request.url}")
            route.abort()

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.route("**/*", loopback_only)
        page = context.new_page()
        page.set_default_timeout(deadline.ms(30))
        page.on("console", lambda m: log.append(f"console.{m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: log.append(f"pageerror: {e}"))
        yield page, log
    finally:
        context.close()


@contextmanager
def report_failure(page, log: list[str], lab: JupyterLab, folder: Path):
    """On any failure inside the block: save a screenshot, print the browser and server logs."""
    try:
        yield
    except BaseException:
        try:
            page.screenshot(path=str(folder / "failure.png"), timeout=5000)
        except Exception as exc:  # the page may be gone; keep the original error
            log.append(f"no screenshot: {exc}")
        print(f"screenshot: {folder / 'failure.png'}\nbrowser log:\n" + "\n".join(log[-30:])
              + f"\nserver log:\n{lab.log_tail()}")
        raise


def open_notebook(page, lab: JupyterLab, rel_path: str, deadline: Deadline,
                  kernel: bool = True) -> None:
    """Open a notebook in a fresh workspace and (unless kernel=False) wait until its kernel is
    connected and idle."""
    page.goto(f"{lab.base}/lab/tree/{rel_path}?reset&token={lab.token}", timeout=deadline.ms(60))
    if not kernel:
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=deadline.ms(60))
        return
    status = page.locator(
        "#jp-main-statusbar .jp-StatusBar-TextItem[title^='Change kernel']", has_text=KERNEL_IDLE
    )
    status.first.wait_for(state="visible", timeout=deadline.ms(60))


def run_all(page) -> None:
    """Run > Run All Cells through the menu, as a student would."""
    page.locator("#jp-MainMenu .lm-MenuBar-item:has-text('Run')").first.click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()


def error_outputs(page, chars: int = 2000) -> str:
    """Text of the notebook's error/stderr outputs, for failure messages."""
    texts = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    ).all_inner_texts()
    return "\n".join(texts)[-chars:]
