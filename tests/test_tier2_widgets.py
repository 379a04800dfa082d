"""The Tier 2 widgets: the two-sided hormone explorer and the protocols table."""

import base64

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from course_lib import protocols  # noqa: E402
from course_lib.model import simulate
from course_lib.regimens import history as simulate_history  # noqa: E402
from course_lib.regimens import regimen  # noqa: E402
from course_lib.scenarios import intermediate as s2  # noqa: E402
from course_lib.widgets.hormone_explorer import HormoneExplorer, hormone_explorer  # noqa: E402
from course_lib.widgets.protocol_table import ProtocolTable, protocol_table  # noqa: E402


@pytest.fixture()
def ex():
    return HormoneExplorer(backend="inline")


def test_default_is_et_vs_ept_after_pepi_history_and_readout_matches_the_model(ex):
    start = simulate_history([("menopause_transition", 3), ("postmenopause", 3)]).final
    et = simulate(regimen("estrogen"), years=3, start=start).bmd_change
    ept = simulate(regimen("estrogen_progestin_mpa"), years=3, start=start).bmd_change
    assert ex.result.difference_percent_per_year == pytest.approx((ept - et) / 3)
    assert f"{(ept - et) / 3:+.2f} % per year" in ex.readout.value
    assert "model output" in ex.readout.value


def test_lines_hold_the_runs_and_history_ends_at_time_zero(ex):
    ex.history["b"].value = "early_postmenopause"      # two histories: two dashed lines
    runs = ex.runs()
    for side in ("a", "b"):
        x, y = ex._lines[side].get_data()
        assert list(y) == list(runs[side][3].bmd_percent)
        hx, hy = ex._lines[f"hist_{side}"].get_data()
        assert hx[-1] == pytest.approx(0.0) and hy[-1] == pytest.approx(100.0)


def _assert_lines_fit(ex):
    ax = ex.figure.axes[0]
    for line in ex._lines.values():
        x, y = line.get_data()
        if len(x):
            assert ax.get_xlim()[0] <= min(x) and max(x) <= ax.get_xlim()[1]
            assert ax.get_ylim()[0] <= min(y) and max(y) <= ax.get_ylim()[1]


def test_no_preset_or_years_move_within_a_window_rescales_the_axes(ex):
    """Limits are fixed per site, 5-year window and pair of histories, from every preset after
    either history, so the cached background serves every preset (that keeps the history)
    and years move inside the window; a new history may rescale."""
    therapies = [k for k, p in s2.EXPLORER_PRESETS.items() if p.history is None]
    for history in s2.HISTORIES:
        ex.history["a"].value = history
        drawn = ex.panel.full_redraws
        for key in therapies:
            ex.preset["b"].value = key
            _assert_lines_fit(ex)
        for years in (1, 4, 5, 2):
            ex.years.value = years
            _assert_lines_fit(ex)
        assert ex.panel.full_redraws == drawn
    drawn = ex.panel.full_redraws
    ex.years.value = 6                                # the next window: one full redraw
    ex.years.value = 3                                # back: its background is kept
    assert ex.panel.full_redraws == drawn + 1


def test_x_axis_follows_the_selected_histories_with_whole_year_ticks(ex):
    ax = ex.figure.axes[0]
    pepi = s2.history_run("pepi", "spine").t_years[-1]
    assert -pepi - 1 < ax.get_xlim()[0] < -pepi              # default: PEPI's history only
    assert all(float(t).is_integer() for t in ax.get_xticks())
    ex.history["a"].value = "late_postmenopause"
    late = s2.history_run("late_postmenopause", "spine").t_years[-1]
    assert -late - 1 < ax.get_xlim()[0] < -late
    _assert_lines_fit(ex)


def test_a_shared_history_is_drawn_once_in_grey(ex):
    assert ex.history["a"].value == ex.history["b"].value
    assert len(ex._lines["hist_a"].get_xdata()) and not len(ex._lines["hist_b"].get_xdata())
    assert ex._lines["hist_a"].get_color() not in (ex._lines["a"].get_color(),
                                                   ex._lines["b"].get_color())
    ex.history["b"].value = "early_postmenopause"
    assert len(ex._lines["hist_b"].get_xdata())
    assert ex._lines["hist_a"].get_color() == ex._lines["a"].get_color()


def test_a_state_preset_brings_its_history_and_a_therapy_keeps_it(ex):
    ex.preset["a"].value = "late_postmenopause"
    assert ex.history["a"].value == "late_postmenopause"
    ex.preset["a"].value = "progesterone_alone"
    assert ex.history["a"].value == "late_postmenopause"
    ex.preset["a"].value = "ovulatory_premenopause"
    assert ex.history["a"].value == "none"
    ex.preset["a"].value = "estrogen_therapy"          # a therapy never starts premenopausal
    assert ex.history["a"].value == "pepi"


def test_harms_shown_for_therapies_only(ex):
    assert "Harms beside the result" in ex.harms.value
    assert "Stroke" in ex.harms.value                  # estrogen therapy's row
    assert "hazard ratio" in ex.harms.value and "venous thromboembolism" in ex.harms.value
    ex.preset["a"].value = "early_postmenopause"
    ex.preset["b"].value = "late_postmenopause"
    assert ex.harms.value == ""
    ex.preset["b"].value = "aromatase_inhibitor"
    assert protocols.harms_for("aromatase_inhibitor") in ex.harms.value.replace("&#x27;", "'")
    ex.preset["a"].value = "cyclic_progesterone_perimenopause"   # a therapy with its own
    assert ex.history["a"].value == "none"                        # (premenopausal) history
    assert "cyclic progesterone" in ex.harms.value and "peanut" in ex.harms.value
    ex.preset["b"].value = "ept_micronized_progesterone"          # estrogen's harms shown too
    assert "more strokes" in ex.harms.value


@pytest.mark.parametrize("lesson", ["2.4_progesterone_alone", "2.5_estrogen_vs_estrogen_progestin"])
def test_lessons_showing_the_explorer_cite_every_source_of_its_harms(lesson):
    import json
    from pathlib import Path

    from course_lib.widgets.hormone_explorer import harms_fact_ids

    nb = json.loads(Path(__file__).parents[1].joinpath(
        "notebooks", "intermediate", f"{lesson}.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert "hormone_explorer(" in text
    ids = harms_fact_ids()
    assert "esther_vte_route_progestogen_canonico2007" in ids
    assert "e3n_fournier2008_progestogen_type" in ids
    missing = [i for i in ids if f"cite:{i}-->" not in text]
    assert not missing, f"{lesson} shows the explorer but does not cite {missing}"


def test_years_and_site_rerun_and_change_the_picture(ex):
    before = ex.plot.outputs[0]["data"]["image/png"]
    ex.years.value = 10
    assert ex.result.years == 10
    ex.site.value = "hip"
    assert ex.runs()["a"][3].site == "hip"
    after = ex.plot.outputs[0]["data"]["image/png"]
    assert before != after and base64.b64decode(after)[:4] == b"\x89PNG"


@pytest.mark.parametrize("kwargs, name", [({"a": "magic"}, "^a must be one of"),
                                          ({"history_b": "childhood"}, "history_b"),
                                          ({"site": "knee"}, "site"), ({"years": 0}, "years"),
                                          ({"years": 2.5}, "years"),
                                          ({"backend": "svg"}, "backend")])
def test_bad_arguments_raise_value_error_naming_them(kwargs, name):
    with pytest.raises(ValueError, match=name):
        HormoneExplorer(backend=kwargs.pop("backend", "inline"), **kwargs)


def test_one_line_factories_return_widgets():
    w = hormone_explorer(backend="inline", a="progesterone_alone", b="ept_micronized_progesterone",
                         history_a="early_postmenopause", history_b="early_postmenopause")
    assert "hormone-explorer" in w._dom_classes
    assert "protocol-explorer" in protocol_table()._dom_classes


def test_protocol_table_filters_and_counts():
    t = ProtocolTable()
    assert t.table.value.count("<tr>") == len(protocols.PROTOCOLS) + 1
    t.route.value = "vaginal"
    assert [p.key for p in t.selected()] == ["vaginal_progesterone"]
    assert "<b>1</b> of" in t.count.value
    t.route.value = "any"
    t.label.value = "contradicted"
    assert {p.label for p in t.selected()} == {"contradicted"}
    t.sort.value = "name"
    names = [p.name for p in t.selected()]
    assert names == sorted(names, key=str.casefold)
    with pytest.raises(ValueError, match="route"):
        ProtocolTable(route="nasal")
