"""Re-execute course notebooks in place so their stored outputs are fresh and deterministic.

    python tools/execute_notebooks.py                 # notebooks/**/*.ipynb and solutions/*.ipynb
    python tools/execute_notebooks.py path.ipynb ...  # just these

Each notebook runs in a fresh python3 kernel with its own folder as working directory (120 s per
cell). Stored files carry no timestamps or per-run ids: execution timing metadata, widget state
and widget-view outputs (random model ids; the text/plain fallback is kept) are dropped.
"""

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CELL_TIMEOUT_S = 120
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def default_notebooks() -> list[Path]:
    found = sorted((ROOT / "notebooks").glob("**/*.ipynb")) + sorted(
        (ROOT / "solutions").glob("*.ipynb")
    )
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def make_deterministic(nb) -> None:
    """Strip what changes from run to run; keep execution counts and real outputs."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data:
                data.pop(WIDGET_VIEW)
                output.get("metadata", {}).pop(WIDGET_VIEW, None)


def execute(path: Path) -> None:
    """Execute one notebook in place."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    make_deterministic(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.paths] or default_notebooks()
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    # Same hash seed for every kernel: set iteration order cannot vary between runs.
    os.environ["PYTHONHASHSEED"] = "0"
    failed = []
    for path in paths:
        print(f"executing {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        try:
            execute(path)
        except Exception as exc:  # report every failing notebook, then exit non-zero
            print(f"  FAILED: {type(exc).__name__}: {str(exc)[-2000:]}", file=sys.stderr)
            failed.append(path)
    if failed:
        print(f"{len(failed)} notebook(s) failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
