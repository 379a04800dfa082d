"""Model numbers that Tier 1 lessons state in Markdown ("model output" blocks) are what the
model gives now. A recalibration that moves them fails here, so the prose is updated with it.

Each expected value is made here from the model, the way a student would make the run
(`simulate`, `regimens.history`), not read back from the lesson's own code cells.
"""

import json
import re
from pathlib import Path

import pytest

from course_lib import dxa
from course_lib.model import Hormones, State, simulate
from course_lib.regimens import history, regimen

LESSONS = Path(__file__).resolve().parents[1] / "notebooks" / "fundamentals"


def markdown(name: str) -> str:
    cells = json.loads((LESSONS / name).read_text("utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def stated(text: str, pattern: str) -> tuple[float, ...]:
    """The numbers a sentence of the lesson states (it must still be there)."""
    found = re.search(pattern, text)
    assert found, f"the lesson no longer says: {pattern}"
    return tuple(float(g) for g in found.groups())


def test_lesson_1_1_burst_dip():
    text = markdown("1.1_bone_is_living_tissue.ipynb")
    (low,) = stated(text, r"BMD dips \(to about (\d+\.\d) % after two weeks\)")
    burst = simulate(Hormones(), years=180 / 365.25, site="spine", dt_days=1.0,
                     start=State.reference("spine", osteoclasts=2.0))
    deepest = int(burst.bmd_percent.argmin())
    assert round(float(burst.bmd_percent[deepest]), 1) == low
    assert 10 <= burst.t_years[deepest] * 365.25 <= 18           # "after two weeks"
    assert abs(burst.bmd_change) < 0.05                          # and back by the end


@pytest.fixture(scope="module")
def decade():
    segments = [("menopause_transition", 3), ("postmenopause", 7)]
    return {site: history(segments, site=site) for site in ("spine", "hip")}


def test_lesson_1_4_hip_next_to_swan(decade):
    text = markdown("1.4_the_menopause_transition.ipynb")
    hip3, neck3 = stated(text, r"about (\d\.\d) % against (\d\.\d) %\); over ten years")
    hip10, neck10 = stated(text, r"over ten years the gap narrows \(about (\d\.\d) % against "
                                 r"(\d\.\d) %\)")
    assert (neck3, neck10) == (5.8, 9.1)                         # SWAN, Greendale 2012
    assert hip3 == round(100 - decade["hip"].at(3.0)["bmd_percent"], 1)
    assert hip10 == round(100 - decade["hip"].at(10.0)["bmd_percent"], 1)
    (turnover,) = stated(text, r"turnover at the end of the transition is about (\d\.\d) times")
    assert round(decade["spine"].at(3.0)["turnover"], 1) == turnover


def as_stated(model: float, stated_value: float, rel: float = 0.1) -> bool:
    """`stated_value` is the model's number to the decimals written, and no rounding hides a
    larger gap: it is also within `rel` (10 %) of the model's value."""
    text = repr(stated_value)
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return round(model, decimals) == stated_value and abs(model - stated_value) <= rel * abs(model)


def test_as_stated_catches_what_rounding_hides():
    assert as_stated(0.0516, 0.05) and as_stated(96.536, 96.5)
    assert not as_stated(0.0516, 0.1)        # rounds to 0.1 at one decimal, but is half of it
    assert not as_stated(96.536, 97.0, rel=0.001)   # a level: judged to 0.1 % of itself


def test_lesson_1_4_long_run():
    text = markdown("1.4_the_menopause_transition.ipynb")
    first, by10, by40 = stated(text, r"loses about (\d) % in the first year, then more and more "
                                     r"slowly: about (\d\.\d+) % a year by year 10 and about "
                                     r"(\d\.\d+) % a year by year 40")
    post = simulate(regimen("postmenopause"), years=40, site="spine")

    def loss_in(year):
        return post.at(year - 1.0)["bmd_percent"] - post.at(float(year))["bmd_percent"]

    assert as_stated(loss_in(1), first)
    assert as_stated(loss_in(10), by10) and as_stated(loss_in(40), by40)
    assert loss_in(40) > 0                                       # "still losing then"
    level, within = stated(text, r"levels off near (\d+\.\d) % within about (\d+) years")
    anov = simulate(regimen("anovulatory"), years=40, site="spine")
    assert as_stated(anov.at(within)["bmd_percent"], level, rel=0.001)
    assert as_stated(anov.at(40.0)["bmd_percent"], level, rel=0.001)
    assert abs(anov.at(within)["bmd_percent"] - anov.at(40.0)["bmd_percent"]) < 0.1


def test_lesson_1_5_sites_after_the_scan():
    text = markdown("1.5_silent_loss_and_dxa.ipynb")
    assert "the model's spine loses faster than its hip" in text
    spine2, hip2 = stated(text, r"about (\d\.\d) % against (\d\.\d) % in the first two years")
    spine10, hip10 = stated(text, r"and (\d\.\d) % against (\d\.\d) % by ten years")
    spine_lsc, hip_lsc = stated(text, r"reaches its LSC first, after about (\d\.\d) years, and "
                                      r"the hip's after about (\d\.\d)")
    runs = {}
    for site in ("spine", "hip"):
        end = history([("menopause_transition", 3)], site=site).final
        runs[site] = simulate(regimen("postmenopause"), years=10, site=site, start=end)
    for site, two, ten in (("hip", hip2, hip10), ("spine", spine2, spine10)):
        assert round(100 - runs[site].at(2.0)["bmd_percent"], 1) == two
        assert round(100 - runs[site].at(10.0)["bmd_percent"], 1) == ten
    # typical precision of the vendor review: spine 1.2 %, total hip 1.3 %; LSC = 2.77 x that
    for site, precision, years in (("spine", 1.2, spine_lsc), ("hip", 1.3, hip_lsc)):
        target = 100 - 2.77 * precision
        assert round(runs[site].time_to(target), 1) == years
    assert dxa.lsc_multiplier() == pytest.approx(2.77)
    # "The slower hip keeps losing, though, and overtakes the spine in the second decade:
    # 8.0 % against 7.6 % by twenty years."
    later = {site: simulate(regimen("postmenopause"), years=20, site=site,
                            start=history([("menopause_transition", 3)], site=site).final)
             for site in ("spine", "hip")}
    assert later["hip"].at(10.0)["bmd_percent"] > later["spine"].at(10.0)["bmd_percent"]
    assert later["hip"].at(20.0)["bmd_percent"] < later["spine"].at(20.0)["bmd_percent"]
    assert [round(100 - later[s].at(20.0)["bmd_percent"], 1) for s in ("hip", "spine")] == [
        8.0, 7.6]
