"""Grading speed: seconds per submission, against plain nbclient execution of the same notebook
in the same run (the peer: what running a notebook costs at all).

Prints times and ratios; asserts nothing. Run: python benchmarks/bench_grading.py [N] [SET]
(N submissions, default 8; SET, default 1.1_remodeling_balance). Needs solutions/.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course_lib.grading import gradebook
from course_lib.grading.sets import load_set

ROOT = Path(__file__).resolve().parents[1]


def plain_nbclient(path: Path) -> float:
    """Seconds to run one notebook top to bottom with nbclient (fresh kernel)."""
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - t0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    name = sys.argv[2] if len(sys.argv) > 2 else "1.1_remodeling_balance"
    solution = ROOT / "solutions" / f"{name}.ipynb"
    if not solution.is_file():
        print(f"no {solution}: the benchmark needs the instructors' copy")
        return
    os.environ.setdefault("MPLBACKEND", "Agg")
    exercise = load_set(name, ROOT)
    work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        folders = []
        for k in range(n):
            folder = work / f"student{k:03d}"
            folder.mkdir()
            shutil.copy(solution, folder / f"{name}.ipynb")
            folders.append(folder)
        peer = statistics.median(plain_nbclient(folders[0] / f"{name}.ipynb") for _ in range(3))
        print(f"{name}: {len(exercise.questions)} questions, {n} submissions, "
              f"{os.cpu_count()} cores")
        print(f"  plain nbclient run of the notebook (peer)      {peer:6.2f} s")
        for jobs in sorted({1, os.cpu_count() or 1}):
            t0 = time.perf_counter()
            rows = gradebook.grade_all(exercise, folders, jobs=jobs)
            wall = time.perf_counter() - t0
            full = sum(r.total == exercise.max_points for r in rows)
            per = wall / n
            print(f"  course grade, --jobs {jobs}: {per:6.2f} s per submission "
                  f"(wall {wall:5.1f} s for {n}; {full}/{n} full marks)   "
                  f"ratio to the peer {per / peer:4.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
