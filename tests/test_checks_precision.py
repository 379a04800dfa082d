"""The precision policy of the Tier 1 exercise sets (docs/design.md, checks): every numeric
question states the precision it is checked to, the key's `DECIMALS` agrees with that text,
any answer correctly rounded to it is accepted, and fewer decimals get the rounding hint.
Also the cases of the final exercise review (answers the course teaches must not be wrong)."""

import importlib
import json
import re
from pathlib import Path

import pytest

from course_lib.checks import (
    accumulation,
    dxa_reading,
    hormone_signals,
    menopause_transition,
    remodeling_balance,
)

ROOT = Path(__file__).resolve().parents[1]
TIER1 = sorted((ROOT / "solutions").glob("1.*.ipynb"))
IMPORT = re.compile(r"from course_lib\.checks import (\w+)(?: as (\w+))?")
CALL = re.compile(r"^(\w+)\.(\w+)\(", re.M)


def _words(decimals: int) -> str:
    return "whole number" if decimals == 0 else (
        "1 decimal place" if decimals == 1 else f"{decimals} decimal places")


def _checked_questions(path: Path):
    """(key module, key name, the markdown since the previous check cell) per check cell."""
    cells = json.loads(path.read_text())["cells"]
    modules, text = {}, []
    for cell in cells:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            text.append(src)
            continue
        for name, alias in IMPORT.findall(src):
            modules[alias or name] = importlib.import_module(f"course_lib.checks.{name}")
        call = CALL.search(src)
        if call and call.group(1) in modules and "BEGIN SOLUTION" not in src:
            yield modules[call.group(1)], call.group(2), "\n".join(text)
            text = []


@pytest.mark.parametrize("path", TIER1, ids=lambda p: p.stem)
def test_every_numeric_question_states_the_precision_its_key_checks(path):
    found = 0
    for module, key, text in _checked_questions(path):
        decimals = getattr(module, "DECIMALS", {})
        if key in decimals:
            found += 1
            assert _words(decimals[key]) in text, (path.name, key)
    assert found, path.name


@pytest.mark.parametrize("module", [remodeling_balance, hormone_signals, accumulation,
                                    menopause_transition, dxa_reading])
def test_every_decimals_entry_names_a_key(module):
    for key in module.DECIMALS:
        assert callable(getattr(module, key)), key


@pytest.mark.parametrize("check, answer", [
    (remodeling_balance.years_to_lose_10_model, 6.2),      # 6.15 years
    (remodeling_balance.years_to_lose_10_linear, 2.2),     # 2.17 years
    (hormone_signals.turnover_low_estradiol, 1.2),         # 1.16 x reference
    (hormone_signals.bmd_change_low_estradiol, -3.2),      # -3.16 %
    (accumulation.steady_deficit_change, -3.1),            # -3.12 % (compounding: -3.07)
    (accumulation.steady_deficit_change, -3.07),
    (accumulation.threshold_in_nmol, 9.5),                 # 9.54 nmol/L
    (accumulation.model_anovulatory_rate, -0.40),          # -0.399 %/year
    (menopause_transition.swan_transition_rate, -2.5),     # -2.46 %/year
    (menopause_transition.swan_transition_share, 70),      # 69.6 %
    (menopause_transition.model_transition_hip_change, -3.0),   # -3.05 %
    (menopause_transition.model_spine_to_hip_ratio, 2.2),  # 2.22
    (menopause_transition.swan_spine_to_neck_ratio, 1.3),  # 1.27
    (dxa_reading.percent_change_between_scans, -3.0),      # -2.96 %
    (dxa_reading.lsc_for_precision, 4.2),                  # 4.155 %
])
def test_an_answer_rounded_as_asked_is_right(check, answer):
    fb = check(answer)
    assert fb.ok, fb.text


@pytest.mark.parametrize("check, answer, decimals", [
    (remodeling_balance.years_to_lose_10_model, 6, 1),
    (remodeling_balance.years_to_lose_10_linear, 2, 1),
    (hormone_signals.bmd_change_low_estradiol, -3, 1),
    (accumulation.model_anovulatory_rate, -0.4 - 0.02, 2),
    (menopause_transition.swan_transition_rate, -2, 1),
    (dxa_reading.model_years_to_detect, 2, 1),
])
def test_fewer_decimals_than_asked_get_the_rounding_hint(check, answer, decimals):
    fb = check(answer)
    assert fb.status == "incorrect" and f"to {_words(decimals)}" in fb.hint, fb.text


def test_the_rounded_threshold_the_lesson_teaches_gets_its_own_hint():
    """Lesson 1.3 says 3 ng/mL is 'about 10 nmol/L'; 1.3 Q3 asks for one decimal (9.5), and 10
    is told it is the rounded figure, not that its method is wrong."""
    fb = accumulation.threshold_in_nmol(10)
    assert fb.status == "incorrect"
    assert "rounded figure" in fb.hint and "one decimal" in fb.hint, fb.text
