"""The protocols table (course_lib.protocols): every row labelled, cited, with harms; filters
and sorting behave as properties say; the static form carries no unrendered markup."""

import re

import pytest

from course_lib import evidence, protocols
from course_lib.regimens import REGIMEN_NAMES


def test_every_row_has_claim_evidence_harms_label_and_verified_citations():
    for p in protocols.PROTOCOLS:
        assert p.claim and p.evidence and p.harms, p.key
        assert p.label in protocols.LABELS, p.key
        assert set(p.routes) <= set(protocols.ROUTES) and p.routes, p.key
        ids = protocols.cited_ids([p])
        assert ids, p.key
        for fid in ids:
            assert evidence.fact(fid).verified, (p.key, fid)
        # a row's evidence column cites something (unless it says nothing was found)
        assert "[@" in p.evidence, p.key


def test_harms_sit_beside_every_benefit():
    for p in protocols.PROTOCOLS:
        harms = protocols.render(p.harms)
        assert len(harms) > 30, p.key


def test_every_placeholder_renders_to_the_evidence_number():
    for p in protocols.PROTOCOLS:
        for text in (p.claim, p.evidence, p.harms):
            out = protocols.render(text)
            assert "{" not in out and "[@" not in out, (p.key, out)
    atac = protocols.render(protocols.protocol("anastrozole").evidence)
    assert "-6.08 %" in atac and "+2.77 %" in atac          # Eastell 2008 medians as printed
    assert "-4.0 % vs -1.2 %" in atac                        # IBIS-II 3 years as printed


def test_outline_labels():
    # The outline's reading of the evidence for these rows (issue 8).
    assert protocols.protocol("anastrozole").label == "contradicted"
    assert protocols.protocol("progesterone_cream").label == "contradicted"
    assert protocols.protocol("gh_secretagogues").label == "hypothesis"
    assert protocols.protocol("low_dose_testosterone").label == "hypothesis"
    assert protocols.protocol("estradiol").label == "established"


@pytest.mark.parametrize("route", [None, *protocols.ROUTES])
@pytest.mark.parametrize("label", [None, *protocols.LABELS])
def test_filters_select_exactly_the_matching_rows(route, label):
    chosen = protocols.rows(route=route, label=label)
    expected = [p for p in protocols.PROTOCOLS
                if (route is None or route in p.routes) and (label is None or p.label == label)]
    assert chosen == expected


def test_sorting_is_a_permutation_in_the_right_order():
    by_label = protocols.rows(sort_by="label")
    assert sorted(by_label, key=lambda p: p.key) == sorted(protocols.PROTOCOLS,
                                                           key=lambda p: p.key)
    ranks = [protocols.LABELS.index(p.label) for p in by_label]
    assert ranks == sorted(ranks)
    names = [p.name.casefold() for p in protocols.rows(sort_by="name")]
    assert names == sorted(names)


@pytest.mark.parametrize("kwargs, name", [({"route": "nasal"}, "route"),
                                          ({"label": "proven"}, "label"),
                                          ({"sort_by": "price"}, "sort_by")])
def test_bad_filters_raise_value_error_naming_them(kwargs, name):
    with pytest.raises(ValueError, match=name):
        protocols.rows(**kwargs)


def test_html_has_one_row_per_protocol_and_badges():
    html = protocols.to_html()
    assert html.count("<tr>") == len(protocols.PROTOCOLS) + 1
    assert html.count("<!--ev:") == len(protocols.PROTOCOLS)   # the lessons' label form
    assert "[@" not in html and not re.search(r"\{[a-z0-9_]+:", html)
    assert "No protocol matches" in protocols.to_html([])


def test_markdown_table_has_a_header_and_one_line_per_row():
    lines = protocols.to_markdown().splitlines()
    assert len(lines) == 2 + len(protocols.PROTOCOLS)
    assert all(line.count("|") == len(protocols.COLUMNS) + 1 for line in lines)


def test_harms_for_therapies_and_not_for_states():
    for name, keys in protocols.HARMS_BY_REGIMEN.items():
        assert name in REGIMEN_NAMES and keys
        shown = protocols.harms_for(name)
        for key in keys:
            assert protocols.render(protocols.protocol(key).harms) in shown
    # an estrogen-progestogen therapy shows the estrogen-progestogen harms, not only the
    # progestogen's own row
    for name in ("estrogen_micronized_progesterone", "estrogen_progestin_mpa",
                 "transdermal_estradiol_micronized_progesterone"):
        assert "breast cancer" in protocols.harms_for(name), name
    # every therapy preset of the explorer has harms
    from course_lib.scenarios import intermediate as s2
    for key, preset in s2.EXPLORER_PRESETS.items():
        if preset.is_therapy:
            assert protocols.harms_for(preset.regimen), key
    for state in ("reference", "anovulatory", "postmenopause"):
        assert protocols.harms_for(state) is None


def test_unknown_row_raises():
    with pytest.raises(ValueError, match="key"):
        protocols.protocol("magic_cream")


def test_lesson_2_3_cites_every_source_of_the_table():
    """The table's author-year citations point at lesson 2.3's References list."""
    import json
    from pathlib import Path

    from course_lib.evidence import rendering

    lesson = (Path(__file__).resolve().parents[1] / "notebooks" / "intermediate"
              / "2.3_protocols_and_evidence.ipynb")
    cited = set(rendering.cited_ids(json.loads(lesson.read_text("utf-8"))))
    assert set(protocols.cited_ids()) <= cited, set(protocols.cited_ids()) - cited
