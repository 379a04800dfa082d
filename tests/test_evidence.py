"""The shipped evidence data: faithful to the shared file, parsed right, unverified refused."""

import json
from pathlib import Path

import pytest

from course_lib import evidence

SHARED = Path(__file__).resolve().parents[2] / "shared" / "evidence" / "facts.yaml"


def test_shipped_facts_match_the_shared_evidence_file():
    yaml = pytest.importorskip("yaml")
    if not SHARED.exists():
        pytest.skip(f"shared evidence file not found at {SHARED}")
    source = {f["id"]: f for f in yaml.safe_load(SHARED.read_text("utf-8"))["facts"]}
    assert set(evidence.fact_ids()) == set(source)
    for fid, raw in source.items():
        f = evidence.fact(fid)
        assert f.status == raw["status"], fid
        assert f.claim == raw["claim"], fid
        assert set(f.values) == set(raw["values"] or {}), fid
        for key, value in (raw["values"] or {}).items():
            assert f.values[key] == str(value), (fid, key)


def test_facts_json_is_valid_and_every_entry_has_a_status():
    path = Path(evidence.__file__).with_name("facts.json")
    facts = json.loads(path.read_text("utf-8"))["facts"]
    assert len(facts) == len({f["id"] for f in facts}) > 50
    assert {f["status"] for f in facts} == {"VERIFIED", "UNVERIFIED"}


@pytest.mark.parametrize("fid, key, kwargs, expected", [
    ("swan_greendale2012_cumulative_loss", "lumbar_spine_loss_in_transmenopause", {}, 7.38),
    ("swan_greendale2012_cumulative_loss", "lumbar_spine_10y_cumulative_loss", {}, 10.6),
    ("pepi_bmd_36mo_abstract", "placebo_spine", {}, -1.8),
    ("ept_vs_et_spine_meta_prior2017", "weighted_mean_difference_ept_minus_et", {}, 0.68),
    ("who_tscore_definitions", "normal", {}, -1.0),
    ("who_tscore_definitions", "osteoporosis", {}, -2.5),
    ("iscd_least_significant_change", "lsc_formula", {}, 2.77),
    ("dxa_typical_precision_lsc", "review_57_studies", {"after": "total hip"}, 1.3),
    ("dxa_typical_precision_lsc", "review_57_studies", {"after": "AP spine"}, 1.2),
    ("peak_bmd_age_xue2020", "women_lumbar_spine", {}, 20.1),
    ("li2014_ovulatory_disturbance_meta", "wmd_spine_bmd", {}, -0.86),
    ("remodeling_prior2018_statement", "osteoblastic_formation", {"index": 1}, 4.0),  # "3-4"
    ("peak_bone_mass_accrual", "weaver_2016_nof", {"index": 1}, 40.0),              # "20-40%"
])
def test_numbers_read_from_the_recorded_text(fid, key, kwargs, expected):
    assert evidence.number(fid, key, **kwargs) == expected


def test_unverified_facts_are_never_numbers_or_citations():
    unverified = [i for i in evidence.fact_ids() if not evidence.fact(i).verified]
    assert "iscd_minimum_precision_values" in unverified
    for fid in unverified:
        key = next(iter(evidence.fact(fid).values), "x")
        with pytest.raises(ValueError, match="UNVERIFIED"):
            evidence.number(fid, key)
        with pytest.raises(ValueError, match="UNVERIFIED"):
            evidence.cite(fid)


@pytest.mark.parametrize("call, match", [
    (lambda: evidence.fact("no_such_fact"), "fact_id 'no_such_fact'"),
    (lambda: evidence.number("pepi_bmd_36mo_abstract", "nope"), "key 'nope'.*placebo_spine"),
    (lambda: evidence.number("pepi_bmd_36mo_abstract", "placebo_spine", after="zz"), "after="),
    (lambda: evidence.number("pepi_bmd_36mo_abstract", "placebo_spine", index=5), "index=5"),
    (lambda: evidence.number("pepi_bmd_36mo_abstract", "placebo_spine", index=0.0), "index"),
    (lambda: evidence.number("pepi_bmd_36mo_abstract", "placebo_spine", after=1), "after"),
    (lambda: evidence.number("pepi_bmd_36mo_abstract", ["placebo_spine"]), "key"),
])
def test_bad_lookups_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("fid, short", [
    ("swan_greendale2012_cumulative_loss", "Greendale 2012"),
    ("pepi_bmd_36mo_abstract", "PEPI Writing Group 1996"),
    ("who_tscore_definitions", "WHO 1994"),
    ("peak_bmd_age_xue2020", "Xue 2020"),
    ("gio_fracture_risk_vanstaa", "van Staa 2000"),
])
def test_short_citations(fid, short):
    assert evidence.fact(fid).short == short
    assert evidence.cite(fid) == f"{short} [{fid}]"


def test_reference_list_lists_each_citation_once():
    text = evidence.reference_list(["pepi_bmd_36mo_abstract", "pepi_design_arms",
                                    "swan_greendale2012_cumulative_loss"])
    lines = text.splitlines()
    assert len(lines) == 2 and lines[0].startswith("- ")
    assert "pepi_bmd_36mo_abstract, pepi_design_arms" in lines[0]   # same PMID, one line
    assert "Greendale" in lines[1]
