"""Merge the shared evidence file into course_lib/evidence/data/base.json (needs pyyaml).

Usage: python tools/build_facts.py [PATH/TO/facts.yaml]   (default ../shared/evidence/facts.yaml)

Each fact's shared fields are replaced by the YAML's (as YAML loads them, unchanged); the
course's structured fields (quantities, findings, references, excluded) are kept. A new fact
arrives with empty structured fields; the script lists what to structure next, and the
honesty tests say which quantities no longer match a changed text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_lib.evidence.schema import COURSE_FIELDS, SHARED_FIELDS, check_file  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "evidence" / "facts.yaml"
TARGET = ROOT / "course_lib" / "evidence" / "data" / "base.json"


def merge(source: Path, base: dict) -> tuple[dict, str]:
    """(the new base.json content, a report of what changed)."""
    shared = yaml.safe_load(Path(source).read_text(encoding="utf-8"))["facts"]
    ours = {f["id"]: f for f in base.get("facts", [])}
    facts, new, changed = [], [], []
    for raw in shared:
        entry = {k: raw.get(k) for k in SHARED_FIELDS}
        old = ours.get(raw["id"])
        if old is None:
            new.append(raw["id"])
            entry.update({"quantities": {}, "findings": {}, "references": [], "excluded": {}})
        else:
            if any(old.get(k) != entry[k] for k in SHARED_FIELDS):
                changed.append(raw["id"])
            entry.update({k: old.get(k, {} if k != "references" else []) for k in COURSE_FIELDS})
        facts.append(entry)
    gone = sorted(set(ours) - {f["id"] for f in facts})
    used = {k for f in facts for k in f["references"]}
    refs = {k: v for k, v in base.get("references", {}).items() if k in used}
    merged = {"about": base.get("about", ""), "references": refs, "facts": facts}
    lines = [f"{len(facts)} facts ({len(new)} new, {len(changed)} changed, {len(gone)} gone)"]
    lines += [f"  new, to structure (quantities, references): {i}" for i in new]
    lines += [f"  changed, check its quantities: {i}" for i in changed]
    lines += [f"  gone from the shared file (dropped): {i}" for i in gone]
    return merged, "\n".join(lines)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    base = json.loads(TARGET.read_text(encoding="utf-8")) if TARGET.exists() else {}
    merged, report = merge(source, base)
    errors = check_file(merged, TARGET.name)
    TARGET.write_text(json.dumps(merged, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {report}")
    for e in errors:
        print(f"  schema: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
