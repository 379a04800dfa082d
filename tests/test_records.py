"""Results are frozen dataclasses with declared fields, never ad-hoc namespaces; a field that
holds a quantity with a unit says the unit in its name (docs/design.md, "Public APIs")."""

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from course_lib.checks import lab_reports, receptor_isoforms, trial_evidence
from course_lib.scenarios import academic_trials as at
from course_lib.scenarios import intermediate as s2

ROOT = Path(__file__).resolve().parents[1]

RECORDS = {
    "s2.side_by_side": lambda: s2.side_by_side("estrogen", "estrogen_progestin_mpa", 1),
    "s2.progestin_alone_trials": lambda: s2.progestin_alone_trials()[0],
    "s2.meta_analysis": s2.meta_analysis,
    "s2.pepi_comparison": lambda: s2.pepi_comparison("hip")[0],
    "s2.monitoring_after_start": lambda: s2.monitoring_after_start(years=1),
    "s2.aromatase_inhibitor_comparison": s2.aromatase_inhibitor_comparison,
    "at.whi_fracture_counts": at.whi_fracture_counts,
    "at.pepi_abstract": at.pepi_abstract,
    "at.illustrative_pooling": at.illustrative_pooling,
    "lab_reports.RULE": lambda: lab_reports.RULE,
    "receptor_isoforms.binding_experiment":
        lambda: receptor_isoforms.binding_experiment(show=False),
    "receptor_isoforms.dose_response_experiment":
        lambda: receptor_isoforms.dose_response_experiment(show=False),
    "trial_evidence.given": lambda: trial_evidence.given("prior2017", show=False),
    "trial_evidence.practice": lambda: trial_evidence.given("sample_size", show=False),
}
#: Records whose names students type in their answers (the exercise text names them): kept.
STUDENT_FACING = {"lab_reports.RULE", "receptor_isoforms.binding_experiment",
                  "receptor_isoforms.dose_response_experiment", "trial_evidence.given",
                  "trial_evidence.practice"}
#: How a name says its unit; and names of plain numbers (counts) that have none.
UNIT_ENDINGS = ("_percent", "_percent_per_year", "years", "_nM", "_nmol_per_l", "_per_10000")
UNIT_STARTS = ("percent_",)
UNITLESS_STARTS = ("n_", "events_", "trials", "women")


def test_no_simple_namespace_is_left_in_the_package():
    users = [str(p.relative_to(ROOT)) for p in (ROOT / "course_lib").rglob("*.py")
             if "SimpleNamespace" in p.read_text()]
    assert users == []


@pytest.mark.parametrize("name", RECORDS)
def test_results_are_frozen_dataclasses(name):
    record = RECORDS[name]()
    assert dataclasses.is_dataclass(record) and not isinstance(record, type)
    first = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, first, None)


@pytest.mark.parametrize("name", sorted(set(RECORDS) - STUDENT_FACING))
def test_a_number_with_a_unit_says_it_in_its_name(name):
    record = RECORDS[name]()
    names = [f.name for f in dataclasses.fields(record)]
    names += [n for n, v in vars(type(record)).items() if isinstance(v, property)]
    for field in names:
        value = getattr(record, field)
        if isinstance(value, float | np.floating) and not isinstance(value, bool):
            said = field.endswith(UNIT_ENDINGS) or field.startswith(UNIT_STARTS)
            assert said or field.startswith(UNITLESS_STARTS), field
