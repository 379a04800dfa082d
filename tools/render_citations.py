"""Render citations, evidence labels and model-output blocks in notebooks; write References.

Usage:
    python tools/render_citations.py PATH...          # notebooks or folders; rewrites in place
    python tools/render_citations.py --check PATH...  # exit 1 and say what is stale or wrong

With no PATH it takes notebooks/ and solutions/. Write ``[@fact_id]``, ``{{established}}``
(supported, hypothesis, contradicted, model assumption), ``> {{model output}}`` and
``{{label legend}}`` in Markdown; this tool turns them into the rendered forms and rewrites
the final ``## References`` cell. Running it twice changes nothing. See docs/design.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_lib.evidence.rendering import check_notebook, render_notebook  # noqa: E402

DEFAULT_FOLDERS = ("notebooks", "solutions")


def notebooks(paths: list[str]) -> list[Path]:
    """The .ipynb files named, or inside the folders named (checkpoints skipped)."""
    found = []
    for p in map(Path, paths or [ROOT / f for f in DEFAULT_FOLDERS]):
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        else:
            raise SystemExit(f"PATH {str(p)!r} is neither a notebook nor a folder")
    return found


def _write(path: Path, nb: dict) -> None:
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False, separators=(",", ": "))
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks or folders")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if any notebook is not as rendered")
    args = parser.parse_args(argv)
    bad = 0
    for path in notebooks(args.paths):
        nb = json.loads(path.read_text("utf-8"))
        if args.check:
            problems = check_notebook(nb)
            for problem in problems:
                print(f"{path}: {problem}")
            bad += bool(problems)
            continue
        try:
            changed = render_notebook(nb)
        except ValueError as e:
            print(f"{path}: {e}")
            bad += 1
            continue
        if changed:
            _write(path, nb)
            print(f"rendered {path}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
