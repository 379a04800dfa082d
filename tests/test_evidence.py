"""The course's structured evidence data: one schema, faithful to the shared evidence file,
every structured number written in its fact's own text, unverified or unciteable facts
refused, and references rendered in one style."""

import ast
import json
import math
import operator
import re
from pathlib import Path

import pytest

from course_lib import evidence
from course_lib.evidence import schema, store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "evidence" / "facts.yaml"
DATA = ROOT / "course_lib" / "evidence" / "data"
FACTS = evidence.fact_ids()


def test_every_data_file_follows_the_one_schema():
    files = sorted(DATA.glob("*.json"))
    assert files and files[0].name == "base.json"
    assert store.data_files()[0] == "base.json"
    for path in files:
        data = json.loads(path.read_text("utf-8"))
        assert schema.check_file(data, path.name) == [], path.name


@pytest.mark.parametrize("broken, message", [
    ({"facts": [{"id": "x"}]}, "missing field 'claim'"),
    ({"facts": "no"}, "'facts' must be a list"),
    ({"facts": [], "extra": 1}, "unknown top-level field 'extra'"),
])
def test_the_schema_check_names_what_is_wrong(broken, message):
    assert any(message in e for e in schema.check_file(broken))


def _base_fact(**changes):
    fact = json.loads(json.dumps(store.load_raw("base.json")["facts"][0]))
    fact.update(changes)
    return {"references": store.load_raw("base.json")["references"], "facts": [fact]}


@pytest.mark.parametrize("quantity, message", [
    ({"value": 1, "unit": "furlongs", "what": "a number", "source": "n"}, "unit 'furlongs'"),
    ({"value": 1, "unit": "%", "what": "a number", "source": "values.nope"}, "source must be"),
    ({"value": None, "unit": "%", "what": "a number", "source": "n"}, "only for a range"),
    ({"value": 5, "unit": "%", "what": "a number", "source": "n", "low": 1, "high": 2,
      "interval": "95% CI"}, "outside"),
    ({"value": 1, "unit": "%", "what": "a number", "source": "n", "relation": "about"},
     "relation"),
    ({"value": "1", "unit": "%", "what": "a number", "source": "n"}, "finite number"),
])
def test_a_bad_quantity_is_refused(quantity, message):
    errors = schema.check_file(_base_fact(quantities={"q": quantity}))
    assert any(message in e for e in errors), errors


def test_a_status_must_be_known():
    assert any("status" in e for e in schema.check_file(_base_fact(status="MAYBE")))


def test_every_verified_fact_has_structured_references():
    missing = [i for i in FACTS if evidence.fact(i).verified and not evidence.fact(i).references]
    assert not missing, ("VERIFIED facts without structured references (add them to "
                         f"course_lib/evidence/data/, see docs/design.md): {missing}")


# --------------------------------------------------------------------- the shared file


def _shared_facts():
    yaml = pytest.importorskip("yaml")
    if not SHARED.exists():
        pytest.skip(f"shared evidence file not found at {SHARED} (a clone has none)")
    return yaml.safe_load(SHARED.read_text("utf-8"))["facts"]


def test_base_json_holds_the_shared_evidence_file_unchanged():
    shared = _shared_facts()
    base = store.load_raw("base.json")["facts"]
    stale = ("course_lib/evidence/data/base.json is behind ../shared/evidence/facts.yaml: run "
             "`python tools/build_facts.py` (it keeps the course's structured fields)")
    assert [f["id"] for f in base] == [f["id"] for f in shared], stale
    for ours, theirs in zip(base, shared, strict=True):
        for key in schema.SHARED_FIELDS:
            assert ours[key] == theirs.get(key), f"{ours['id']}.{key}: {stale}"


def test_build_facts_merge_keeps_the_course_fields(tmp_path):
    yaml = pytest.importorskip("yaml")
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_facts", ROOT / "tools" / "build_facts.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    base = store.load_raw("base.json")
    shared = [{k: f[k] for k in schema.SHARED_FIELDS} for f in base["facts"]]
    shared[0] = {**shared[0], "claim": "A changed claim."}
    shared.append({**{k: None for k in schema.SHARED_FIELDS}, "id": "new_fact",
                   "claim": "New.", "values": {"x": 1}, "status": "UNVERIFIED"})
    source = tmp_path / "facts.yaml"
    source.write_text(yaml.safe_dump({"facts": shared}), "utf-8")
    merged, report = build.merge(source, base)
    assert merged["facts"][0]["claim"] == "A changed claim."
    assert merged["facts"][0]["quantities"] == base["facts"][0]["quantities"]
    assert merged["facts"][0]["references"] == base["facts"][0]["references"]
    assert merged["facts"][-1]["id"] == "new_fact" and merged["facts"][-1]["quantities"] == {}
    assert "new_fact" in report


# --------------------------------------------------------------------- honesty

_NUM = re.compile(r"(?<![\w.])([-+−]?)(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|\.\d+)"
                  r"(?:\s*(?:x|×)\s*10\^(-?\d+)|[eE]([-+]?\d+))?")


def numbers_in(text) -> set[float]:
    """Every number written in `text`, as magnitudes ('16,608' -> 16608; '1 x 10^8' -> 1e8)."""
    found = set()
    for _sign, digits, power, exp in _NUM.findall(str(text)):
        x = float(digits.replace(",", ""))
        if power or exp:
            x *= 10.0 ** int(power or exp)
        found.add(float(f"{x:.12g}"))
    return found


def _field_text(fact, source: str):
    return fact.values[source[7:]] if source.startswith("values.") else getattr(fact, source)


def _present(x: float, text) -> bool:
    return any(math.isclose(abs(x), n, rel_tol=1e-9, abs_tol=1e-12) for n in numbers_in(text))


def test_numbers_in_reads_what_the_evidence_file_writes():
    assert numbers_in("733 (8.6%)") == {733, 8.6}
    assert numbers_in("n = 244,235; 0.69-0.83") == {244235, 0.69, 0.83}
    assert numbers_in("Ka 8.8 x 10^8 L/mol; P<.001; 1.0e-05") == {8.8e8, 0.001, 1e-05}


@pytest.mark.parametrize("fid", FACTS)
def test_every_structured_number_is_written_in_its_fact(fid):
    f = evidence.fact(fid)
    for key, q in f.quantities.items():
        text = _field_text(f, q.source)
        limits_text = f"{text} {f.ci} {_field_text(f, q.limits_source or q.source)}"
        where = f"{fid}.{key} (from {q.source}: {text!r})"
        if q.value is not None:
            if q.formula:
                assert q.derived, where
                got = _evaluate(q.formula, f)
                places = len(repr(float(q.value)).split(".")[1].rstrip("0"))
                assert abs(got - q.value) <= 0.5 * 10 ** -places + 1e-12, (where, got)
            else:
                assert _present(q.value, text), f"{where}: {q.value} is not written there"
        for limit in (q.low, q.high, q.sem, q.sd):
            if limit is not None:
                assert _present(limit, limits_text), f"{where}: {limit} is not written there"


#: Verified facts whose digits are names or dates, not quantities (pages, years, IL-6, FT4).
NO_QUANTITIES = {
    "ref_seifert_held_jbmr2012": "a citation", "ref_prior2018_climacteric": "pages and a date",
    "ref_riggs_melton_bone_loss_in_women": "citations",
    "remodeling_phase_durations_secondary": "'a few weeks', 'several months': no number",
    "salivary_hormone_testing_positions": "a year (findings instead)",
    "inflammation_cytokines_rankl_osteoclast": "IL-6, a year", "hpt_thyroid_lab_patterns":
    "FT4, T3 (findings instead)",
}


def test_every_verified_fact_with_numbers_has_quantities():
    missing = []
    for fid in FACTS:
        f = evidence.fact(fid)
        if not f.verified or fid in NO_QUANTITIES or f.quantities:
            continue
        if any(re.search(r"\d", str(v)) for k, v in f.values.items() if k not in f.excluded):
            missing.append(fid)
    assert not missing, f"structure the numbers of: {missing}"


def test_no_number_comes_from_an_excluded_or_unseen_value():
    for fid in FACTS:
        f = evidence.fact(fid)
        for key, q in f.quantities.items():
            assert q.source[7:] not in f.excluded, (fid, key)
            text = str(_field_text(f, q.source))
            assert "from memory" not in text, (fid, key, "a number recalled from memory")


def test_derived_numbers_say_so():
    for fid in FACTS:
        for key, q in evidence.fact(fid).quantities.items():
            if "derived" in key or "derived" in q.source:
                assert q.derived, f"{fid}.{key} comes from a derived value: mark it derived"


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv}


def _evaluate(formula: str, f) -> float:
    """A derived quantity's formula over the fact's other quantities (+ - * / only)."""
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.Name) and node.id in f.quantities:
            assert not f.quantities[node.id].derived, "a formula uses reported numbers only"
            return f.quantities[node.id].value
        raise AssertionError(f"formula {formula!r}: {ast.dump(node)} is not allowed")
    return ev(ast.parse(formula, mode="eval"))


def test_a_negative_number_is_written_with_its_sign_or_called_a_loss():
    words = ("loss", "lost", "fall", "lower", "fewer", "below", "before", "decrease", "change",
             "minus", "T-score", "difference")
    for fid in FACTS:
        f = evidence.fact(fid)
        for key, q in f.quantities.items():
            if q.value is not None and q.value < 0:
                text = str(_field_text(f, q.source))
                written = re.search(r"[-−]\s?" + re.escape(f"{abs(q.value):g}"), text) or \
                    re.search(r"[-−]\s?" + re.escape(str(abs(q.value))), text)
                assert written or any(w in q.what for w in words), f"{fid}.{key}"


# --------------------------------------------------------------------- the API


@pytest.mark.parametrize("fid, key, expected, unit", [
    ("swan_greendale2012_cumulative_loss", "lumbar_spine_loss_in_transmenopause", 7.38, "%"),
    ("swan_greendale2012_cumulative_loss", "lumbar_spine_10y_cumulative_loss", 10.6, "%"),
    ("pepi_bmd_36mo_abstract", "placebo_spine", -1.8, "%"),
    ("ept_vs_et_spine_meta_prior2017", "weighted_mean_difference_ept_minus_et", 0.68,
     "% per year"),
    ("who_tscore_definitions", "osteoporosis", -2.5, "SD"),
    ("iscd_least_significant_change", "lsc_multiplier", 2.77, "1"),
    ("dxa_typical_precision_lsc", "review_total_hip_cv", 1.3, "%"),
    ("li2014_ovulatory_disturbance_meta", "wmd_spine_bmd", -0.86, "% per year"),
])
def test_value_and_quantity(fid, key, expected, unit):
    assert evidence.value(fid, key) == expected
    q = evidence.quantity(fid, key)
    assert (q.value, q.unit, q.fact_id, q.key) == (expected, unit, fid, key)
    with pytest.raises(AttributeError):
        q.value = 0   # frozen


def test_a_ci_and_a_range_are_numbers():
    q = evidence.quantity("ept_vs_et_spine_meta_prior2017",
                          "weighted_mean_difference_ept_minus_et")
    assert (q.low, q.high, q.interval) == (0.38, 0.97, "95% CI")
    formation = evidence.quantity("remodeling_prior2018_statement", "osteoblastic_formation")
    assert (formation.value, formation.low, formation.high) == (None, 3, 4)
    with pytest.raises(ValueError, match="range"):
        evidence.value("remodeling_prior2018_statement", "osteoblastic_formation")
    assert evidence.quantity("who_tscore_definitions", "normal").relation == ">="


def test_findings_are_what_the_source_concluded():
    assert evidence.finding("leonetti1999_progesterone_cream", "protects_bone") is False


def test_unverified_facts_are_never_numbers_or_citations():
    unverified = [i for i in FACTS if not evidence.fact(i).verified]
    assert "iscd_minimum_precision_values" in unverified and len(unverified) >= 15
    for fid in unverified:
        with pytest.raises(ValueError, match="UNVERIFIED"):
            evidence.value(fid, "x")
        with pytest.raises(ValueError, match="UNVERIFIED"):
            evidence.cite(fid)


def test_a_fact_with_an_incomplete_reference_is_refused():
    gaps = evidence.not_citable()
    assert "pr_binding_affinity_progesterone_r5020" in gaps
    for fid, why in gaps.items():
        assert "not seen" in why
        with pytest.raises(ValueError, match="incomplete"):
            evidence.cite(fid)
        f = evidence.fact(fid)
        assert any(r.missing for r in f.references)


@pytest.mark.parametrize("call, match", [
    (lambda: evidence.fact("no_such_fact"), "fact_id 'no_such_fact'"),
    (lambda: evidence.value("pepi_bmd_36mo_abstract", "nope"), "key 'nope'.*placebo_spine"),
    (lambda: evidence.value("pepi_bmd_36mo_abstract", ["placebo_spine"]), "key"),
    (lambda: evidence.quantity(None, "x"), "fact_id None"),
    (lambda: evidence.finding("pepi_bmd_36mo_abstract", "x"), "not a finding"),
    (lambda: evidence.reference("nope"), "reference key 'nope'"),
    (lambda: evidence.sources("swan_greendale2012_cumulative_loss"), "list of fact ids"),
])
def test_bad_lookups_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------- references


@pytest.mark.parametrize("fid, short", [
    ("swan_greendale2012_cumulative_loss", "Greendale 2012"),
    ("pepi_bmd_36mo_abstract", "PEPI Writing Group 1996"),
    ("whi_2002_breast_cancer", "WHI Writing Group 2002"),
    ("who_tscore_definitions", "WHO 1994"),
    ("peak_bmd_age_xue2020", "Xue 2020"),
    ("iscd_least_significant_change", "ISCD n.d."),
    ("ref_riggs_melton_bone_loss_in_women", "Riggs 1986"),
    ("e3n_fournier2008_progestogen_type", "Fournier 2008"),
])
def test_short_citations(fid, short):
    assert evidence.fact(fid).short == short
    assert evidence.cite(fid) == short


def test_same_author_and_year_get_letters():
    r = evidence.reference
    assert {r("torgerson2001_jama").short, r("torgerson2001_bmc").short} == {
        "Torgerson 2001a", "Torgerson 2001b"}
    assert evidence.cite("meta_hrt_fracture_bmd_pooled_results").startswith(
        "Torgerson 2001b; Torgerson 2001a; Wells 2002")


def test_every_reference_detail_is_written_in_the_citations_of_its_facts():
    """Authors, year, DOI and PMID of a reference come from the evidence file's own citation
    text (of any fact resting on it), unless the course completed them from a stored copy
    named in the reference's `seen`."""
    citing: dict[str, list] = {}
    for fid in FACTS:
        for ref in evidence.fact(fid).references:
            citing.setdefault(ref.key, []).append(evidence.fact(fid))
    for key, facts in citing.items():
        ref = evidence.reference(key)
        if ref.seen:
            continue
        fid = facts[0].id
        text = " ".join(f"{f.citation} {f.claim}" for f in facts)
        ids = " ".join(f"{f.doi} {f.pmid} {f.citation} {f.source_seen}" for f in facts)
        if ref.year:
            assert str(ref.year) in text, (fid, key)
        for author in ref.authors:
            assert author.split()[0].lower() in text.lower(), (fid, key, author)
        for ident in (ref.doi, ref.pmid):
            if ident:
                assert ident in ids, (fid, key, ident)


def test_a_source_shared_by_facts_is_one_entry():
    text = evidence.reference_list(["pepi_bmd_36mo_abstract", "pepi_design_arms",
                                    "swan_greendale2012_cumulative_loss"])
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("- Greendale GA, Sowers M") and "2012;27(1):111-118" in lines[0]
    assert lines[1].startswith("- The Writing Group for the PEPI Trial.")
    assert "PMID: [8892713](https://pubmed.ncbi.nlm.nih.gov/8892713/)" in lines[1]


def test_reference_entries_follow_one_style():
    for ref in evidence.sources([f for f in FACTS if evidence.fact(f).citable]):
        entry = ref.entry()
        assert entry.count("*") % 2 == 0, entry
        if ref.kind == "article" and ref.year:
            assert f"*. {ref.year}" in entry, entry
        if ref.doi:
            assert entry.endswith(f"doi:[{ref.doi}](https://doi.org/{ref.doi})"), entry


def test_no_internal_note_reaches_a_rendered_reference():
    from course_lib.evidence.rendering import internal_notes
    citable = [f for f in FACTS if evidence.fact(f).citable]
    for ref in evidence.sources(citable):
        assert internal_notes(ref.entry()) == [], ref.key
