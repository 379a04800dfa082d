"""Refresh course_lib/evidence/facts.json from the shared evidence file (needs pyyaml).

Usage: python tools/build_facts.py [../shared/evidence/facts.yaml]
"""

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "evidence" / "facts.yaml"
TARGET = ROOT / "course_lib" / "evidence" / "facts.json"


def load_source(path: Path = DEFAULT_SOURCE) -> list[dict]:
    """The facts list of the shared YAML file, values as strings (as the course ships them)."""
    facts = yaml.safe_load(path.read_text(encoding="utf-8"))["facts"]
    return [_stringify(f) for f in facts]


def _stringify(obj):
    if isinstance(obj, dict):
        return {str(k): _stringify(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_stringify(v) for v in obj]
    if obj is None or isinstance(obj, str):
        return obj
    return str(obj)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    facts = load_source(source)
    TARGET.write_text(json.dumps({"facts": facts}, indent=1, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(f"wrote {len(facts)} facts to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
