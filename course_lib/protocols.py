"""The protocols the source articles present, one row each: what the articles claim, what the
evidence shows, the harms, the evidence label and the citations (lesson 2.3).

Texts are the course's own words. Numbers are never typed here: a placeholder
``{fact_id:quantity_key}`` (``{fact_id:quantity_key|.1f}`` to format it; ``quantity_key.low``
or ``.high`` for an interval's end) is filled from `evidence` when a row is rendered, and
``[@fact_id]`` marks a citation, shown as a short author-year in tables. ::

    from course_lib import protocols
    rows = protocols.rows(route="transdermal", label="contradicted")
    html = protocols.to_html(rows)          # the static table (reads in an HTML export)
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

from course_lib import evidence
from course_lib.evidence.rendering import label_html

__all__ = ["Protocol", "PROTOCOLS", "ROUTES", "LABELS", "COLUMNS", "rows", "render",
           "cited_ids", "to_html", "to_markdown", "protocol", "label_badge",
           "HARMS_BY_REGIMEN", "harms_for", "StaticTable", "static_table"]

ROUTES = ("oral", "transdermal", "vaginal", "injection", "implant")
LABELS = ("established", "supported", "hypothesis", "contradicted")
#: Columns of the table, in order: (attribute, heading).
COLUMNS = (("name", "Protocol"), ("route_text", "Route"), ("claim", "What the articles claim"),
           ("evidence", "What the evidence shows"), ("harms", "Harms and cautions"),
           ("label", "Label (of the claim)"))

_PLACEHOLDER = re.compile(
    r"\{([a-z0-9_]+):([a-z0-9_]+(?:\.(?:low|high))?)(?:\|([.0-9a-z+]+))?\}")
_CITATION = re.compile(r"\[(@[A-Za-z0-9_]+(?:;\s*@[A-Za-z0-9_]+)*)\]")   # "[@a; @b]"


@dataclass(frozen=True)
class Protocol:
    """One row. `claim`, `evidence` and `harms` may hold placeholders and citations."""

    key: str
    name: str
    routes: tuple[str, ...]
    claim: str
    evidence: str
    harms: str
    label: str
    regimen: str | None = None   # the course_lib.regimens name the explorer uses, if any

    @property
    def route_text(self) -> str:
        return ", ".join(self.routes)

    @property
    def sources(self) -> str:
        return "; ".join(_shorts(cited_ids([self])))


PROTOCOLS: tuple[Protocol, ...] = (
    Protocol(
        key="oral_micronized_progesterone",
        name="Oral micronized progesterone, alone",
        routes=("oral",),
        claim="Restores hormonal balance and stimulates osteoblasts, so it builds bone.",
        evidence=(
            "After 200 mg the mean peak was {progesterone_routes_serum_levels:oral_cmax_200mg} "
            "ng/mL (about {progesterone_routes_serum_levels:oral_cmax_200mg_nmol} nmol/L; "
            "in the Prometrium label 2019), above the luteal range of "
            "{progesterone_routes_serum_levels:luteal_range.low}-"
            "{progesterone_routes_serum_levels:luteal_range.high} nmol/L (in Wren 2005), with a "
            "very wide spread between women [@progesterone_routes_serum_levels]. Alone after "
            "menopause it did not prevent spinal loss in a small placebo-controlled trial of "
            "300 mg ({progestin_alone_postmenopausal_rcts:liu_omp_change|.1f} %/year vs "
            "{progestin_alone_postmenopausal_rcts:liu_placebo_change|.1f} %/year on placebo) "
            "[@progestin_alone_postmenopausal_rcts], and a review of the placebo-controlled "
            "trials found that progesterone alone did not prevent loss "
            "[@seifert_klauss2010_review_statements]. No fracture data "
            "[@seifert_klauss2010_review_statements]."),
        harms=(
            "The harms of progesterone taken alone after menopause have not been tested in a "
            "large trial; the placebo-controlled trials of progesterone alone were small bone "
            "studies. Its label is written for use with estrogen: the boxed warning "
            "(cardiovascular disorders, breast cancer, probable dementia) comes from estrogen "
            "plus progestin in WHI, not from progesterone alone. The capsules contain peanut "
            "oil (not for women with a peanut allergy) [@prometrium_label_endometrial_dosing]."),
        label="contradicted",
        regimen="progesterone_alone"),
    Protocol(
        key="progesterone_cream",
        name="Progesterone cream",
        routes=("transdermal",),
        claim="Absorbed through the skin; some research is said to show it raises bone "
              "density.",
        evidence=(
            "A randomized trial of {leonetti1999_progesterone_cream:progesterone_dose} mg/day "
            "for a year found no protection of BMD, though hot flushes improved "
            "[@leonetti1999_progesterone_cream]. In another randomized trial (Wren 2003) a cream "
            "raised blood progesterone only slightly and changed no bone markers "
            "[@progesterone_routes_serum_levels]."),
        harms=(
            "No endometrial protection has been shown for a cream: the labelled protective "
            "dose is oral, {prometrium_label_endometrial_dosing:endometrial_dose} mg for "
            "{prometrium_label_endometrial_dosing:endometrial_days} days of each cycle, with "
            "conjugated estrogens [@prometrium_label_endometrial_dosing]."),
        label="contradicted",
        regimen="progesterone_cream"),
    Protocol(
        key="vaginal_progesterone",
        name="Vaginal progesterone",
        routes=("vaginal",),
        claim="A delivery route chosen for absorption and clinical goals.",
        evidence=(
            "Reaches the uterus preferentially (endometrium-to-blood ratio "
            "{vaginal_progesterone_uterine_uptake_cicinelli2000:ratio_vaginal} vs "
            "{vaginal_progesterone_uterine_uptake_cicinelli2000:ratio_im} after injection) "
            "[@vaginal_progesterone_uterine_uptake_cicinelli2000]; a 100 mg tablet gave a mean "
            "peak of {vaginal_progesterone_pk_levy1999:cmax_100mg|.1f} nmol/L, within the "
            "luteal range [@vaginal_progesterone_pk_levy1999]. No trial with bone outcomes was "
            "found."),
        harms=(
            "In ELITE, {elite_vaginal_progesterone_endometrium_sriprasert2021:vaginal_p4_dose} "
            "mg/day of gel for {elite_vaginal_progesterone_endometrium_sriprasert2021:"
            "vaginal_p4_days} days a month with oral estradiol did not fully protect the "
            "endometrium: hyperplasia or cancer in {elite_vaginal_progesterone_endometrium_"
            "sriprasert2021:hyperplasia_or_malignancy_treated} % vs {elite_vaginal_progesterone"
            "_endometrium_sriprasert2021:hyperplasia_or_malignancy_placebo} % on placebo "
            "[@elite_vaginal_progesterone_endometrium_sriprasert2021]. Vaginal irritation in "
            "{vaginal_progesterone_pk_levy1999:irritation_share} % "
            "[@vaginal_progesterone_pk_levy1999]."),
        label="hypothesis"),
    Protocol(
        key="cyclic_progesterone_perimenopause",
        name="Cyclic progesterone in perimenopause",
        routes=("oral",),
        claim="Replaces the missing second-half-of-cycle signal and prevents further loss "
              "before menopause.",
        evidence=(
            "A review concludes that a cyclic progestin (MPA, not progesterone) prevents bone "
            "loss in premenopausal women with amenorrhea or ovulatory disturbances, and "
            "'possibly' in perimenopause [@seifert_klauss2010_review_statements]. The "
            "micronized progesterone regimen ({prior2011_perimenopause_progesterone_viewpoint:"
            "dose} mg at bedtime) comes from a viewpoint aimed at symptoms "
            "[@prior2011_perimenopause_progesterone_viewpoint]; no trial of it with bone "
            "outcomes was found."),
        harms=(
            "Harms of this use have not been measured in a trial. The oral capsules contain "
            "peanut oil (not for women with a peanut allergy) "
            "[@prometrium_label_endometrial_dosing]."),
        label="hypothesis",
        regimen="cyclic_progesterone_perimenopause"),
    Protocol(
        key="estradiol",
        name="Estradiol (if indicated)",
        routes=("oral", "transdermal"),
        claim="Suppresses osteoclasts and so reduces bone resorption.",
        evidence=(
            "Estrogen alone in women without a uterus: hip fractures HR "
            "{whi_estrogen_alone_2004:hip_fracture_hr}, total fractures HR "
            "{whi_estrogen_alone_2004:total_fracture_hr|.2f} [@whi_estrogen_alone_2004]. Every "
            "hormone arm of PEPI gained spine BMD [@pepi_bmd_36mo_abstract]."),
        harms=(
            "Stroke HR {whi_estrogen_alone_2004:stroke_hr} [@whi_estrogen_alone_2004]. With a "
            "uterus, estrogen alone leads to hyperplasia in about "
            "{unopposed_estrogen_endometrium_feeley2001:hyperplasia_unopposed_1y} % of women "
            "in a year [@unopposed_estrogen_endometrium_feeley2001]. Oral (not transdermal) "
            "estrogen: VTE odds ratio {esther_vte_route_progestogen_canonico2007:"
            "oral_estrogen_or} [@esther_vte_route_progestogen_canonico2007]."),
        label="established",
        regimen="estrogen"),
    Protocol(
        key="transdermal_estradiol_oral_progesterone",
        name="Transdermal estradiol + oral micronized progesterone (after menopause)",
        routes=("transdermal", "oral"),
        claim="For a postmenopausal woman losing bone, restores physiological levels; doses "
              "are set by symptom relief and lab results.",
        evidence=(
            "In KEEPS both hormone arms (one of them transdermal estradiol with oral micronized "
            "progesterone) maintained BMD over 4 years [@keeps_design_bone]. Fracture trials of "
            "this exact combination were not found. Setting doses by saliva tests is not "
            "validated, and guideline bodies advise against it "
            "[@salivary_hormone_testing_positions]."),
        harms=(
            "The progesterone label carries the WHI boxed warning for estrogen with a "
            "progestogen (cardiovascular disorders, breast cancer, probable dementia), and its "
            "protective dose is labelled for use with conjugated estrogens only "
            "[@prometrium_label_endometrial_dosing]. Clots: transdermal estrogen showed no "
            "clear rise in VTE in one case-control study (odds ratio "
            "{esther_vte_route_progestogen_canonico2007:transdermal_estrogen_or}) "
            "[@esther_vte_route_progestogen_canonico2007]. No large outcome trial of this "
            "combination (stroke, breast cancer) was found; the breast-cancer data for it are "
            "observational [@e3n_fournier2008_progestogen_type]."),
        label="supported",
        regimen="transdermal_estradiol_micronized_progesterone"),
    Protocol(
        key="progesterone_vs_mpa",
        name="Micronized progesterone vs a synthetic progestin (MPA), each with estrogen",
        routes=("oral",),
        claim="Body-identical progesterone is safer than synthetic progestins, for the heart "
              "and, with estrogen, the breast.",
        evidence=(
            "For bone, both add to estrogen: all PEPI hormone arms gained, and among women who "
            "took their tablets the arms did not differ significantly "
            "[@pepi_bmd_36mo_abstract]. MPA also acts on the glucocorticoid receptor (Ki "
            "{mpa_glucocorticoid_receptor:mpa_gr_ki} vs {mpa_glucocorticoid_receptor:"
            "progesterone_gr_ki} nM for progesterone) [@mpa_glucocorticoid_receptor]. In the "
            "E3N cohort, breast cancer RR {e3n_fournier2008_progestogen_type:"
            "estrogen_progesterone|.2f} with progesterone vs {e3n_fournier2008_progestogen_type:"
            "estrogen_other_progestagens} with other progestagens "
            "[@e3n_fournier2008_progestogen_type]. The one large outcome trial, WHI, tested "
            "a single progestin, MPA [@stanczyk2013_progestogen_classes]; no trial of that size "
            "with progesterone, for the heart or the breast, was found."),
        harms=(
            "Measured in WHI with estrogen + MPA, per 10,000 women a year: "
            "{whi_2002_absolute_risks:chd} more heart events, {whi_2002_absolute_risks:stroke} "
            "more strokes, {whi_2002_absolute_risks:pulmonary_embolism} more pulmonary emboli "
            "and {whi_2002_absolute_risks:invasive_breast_cancer} more breast cancers "
            "[@whi_2002_absolute_risks]. The lower breast-cancer and clot risks reported with "
            "micronized progesterone come from observational studies "
            "[@e3n_fournier2008_progestogen_type; @esther_vte_route_progestogen_canonico2007]."),
        label="supported",
        regimen="estrogen_micronized_progesterone"),
    Protocol(
        key="low_dose_testosterone",
        name="Low-dose testosterone (weekly injection in the articles)",
        routes=("injection", "transdermal", "implant"),
        claim="Raises bone density and supports osteoblasts.",
        evidence=(
            "The 2019 Global Consensus found one evidence-based use (low sexual desire with "
            "distress) and not enough data for disease prevention "
            "[@testosterone_global_consensus_2019]. A meta-analysis of "
            "{testosterone_elraiyah2014_meta:trials} trials found no significant effect on "
            "bone density [@testosterone_elraiyah2014_meta]; two small trials disagree "
            "[@testosterone_davis1995_implants_bmd; "
            "@testosterone_garnett1992_no_added_bone_benefit]."),
        harms=(
            "Acne, hirsutism and higher LDL cholesterol [@testosterone_elraiyah2014_meta]. The "
            "consensus's advice does not cover injections, pellets or any preparation that gives "
            "higher-than-natural levels [@testosterone_global_consensus_2019]."),
        label="hypothesis",
        regimen="testosterone"),
    Protocol(
        key="anastrozole",
        name="Anastrozole (with testosterone pellets)",
        routes=("oral",),
        claim="Supports bone indirectly by optimizing the testosterone-to-estrogen ratio.",
        evidence=(
            "An aromatase inhibitor removes estrogen: spine {atac_bone_5y_eastell2008:"
            "anastrozole_lumbar_spine_5y} % over 5 years vs {atac_bone_5y_eastell2008:"
            "tamoxifen_lumbar_spine_5y|+.2f} % on tamoxifen [@atac_bone_5y_eastell2008]; "
            "{ibis2_anastrozole_vs_placebo_bmd_3y:anastrozole_spine|.1f} % vs "
            "{ibis2_anastrozole_vs_placebo_bmd_3y:placebo_spine|.1f} % on placebo over 3 years "
            "[@ibis2_anastrozole_vs_placebo_bmd_3y]."),
        harms=(
            "The bone loss itself, and more fractures than on tamoxifen: HR "
            "{atac_fracture_vs_tamoxifen:fracture_hr_anastrozole_vs_tamoxifen} "
            "[@atac_fracture_vs_tamoxifen]. Spine BMD recovered only partly in the two years "
            "after stopping [@atac_bone_7y_offtreatment]."),
        label="contradicted",
        regimen="aromatase_inhibitor"),
    Protocol(
        key="gh_secretagogues",
        name="Growth-hormone secretagogue peptides (sermorelin, ipamorelin/CJC-1295)",
        routes=("injection",),
        claim="Raise the body's own growth hormone and so support bone density.",
        evidence=(
            "No trial measuring BMD or fractures in women was found; a related oral "
            "secretagogue raised bone turnover markers in older adults, which is not proven "
            "bone strength [@ghs_peptides_bone_evidence]."),
        harms=(
            "CJC-1295 and ipamorelin are not FDA-approved and were placed on the FDA's "
            "'significant safety risks' compounding list in 2023; sermorelin's approved "
            "product is off the market [@ghs_peptides_regulatory_status]."),
        label="hypothesis"),
)

_BY_KEY = {p.key: p for p in PROTOCOLS}

#: Which rows' harms go with a therapy regimen of `course_lib.regimens` (explorer presets), in
#: the order shown: an estrogen-progestogen regimen shows the estrogen-progestogen harms first.
HARMS_BY_REGIMEN: dict[str, tuple[str, ...]] = {
    "estrogen": ("estradiol",),
    "estrogen_progestin_mpa": ("progesterone_vs_mpa",),
    "estrogen_progestin_mpa_cyclic": ("progesterone_vs_mpa",),
    "estrogen_micronized_progesterone": ("progesterone_vs_mpa", "oral_micronized_progesterone"),
    "transdermal_estradiol_micronized_progesterone": ("transdermal_estradiol_oral_progesterone",),
    "progesterone_alone": ("oral_micronized_progesterone",),
    "progesterone_cream": ("progesterone_cream",),
    "cyclic_progesterone_perimenopause": ("cyclic_progesterone_perimenopause",),
    "testosterone": ("low_dose_testosterone",),
    "aromatase_inhibitor": ("anastrozole",),
}


def harms_for(regimen_name: str) -> str | None:
    """The rendered harms (short citations) of the rows that go with a therapy regimen, one
    after another, or None for a state that is not a therapy (e.g. "postmenopause")."""
    keys = HARMS_BY_REGIMEN.get(regimen_name)
    return None if keys is None else " ".join(render(protocol(k).harms) for k in keys)


def protocol(key: str) -> Protocol:
    """One row by key; an unknown key raises ValueError listing the keys."""
    if key not in _BY_KEY:
        raise ValueError(f"key must be one of {', '.join(_BY_KEY)}; got {key!r}")
    return _BY_KEY[key]


def _choice(value, name: str, options) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be None or one of {', '.join(options)}; got {value!r}")
    return value


def rows(route: str | None = None, label: str | None = None,
         sort_by: str | None = None) -> list[Protocol]:
    """The rows with `route` among their routes and the given `label` (None = any), in the
    table's order or sorted by "name", "route" or "label" (labels from strongest to weakest
    evidence for the claim: established, supported, hypothesis, contradicted)."""
    route = _choice(route, "route", ROUTES)
    label = _choice(label, "label", LABELS)
    sort_by = _choice(sort_by, "sort_by", ("name", "route", "label"))
    out = [p for p in PROTOCOLS if (route is None or route in p.routes)
           and (label is None or p.label == label)]
    if sort_by == "name":
        out.sort(key=lambda p: p.name.casefold())
    elif sort_by == "route":
        out.sort(key=lambda p: (ROUTES.index(p.routes[0]), p.name.casefold()))
    elif sort_by == "label":
        out.sort(key=lambda p: LABELS.index(p.label))
    return out


def _number(fact_id: str, key: str, spec: str | None) -> str:
    key, _, end = key.partition(".")
    number = (getattr(evidence.quantity(fact_id, key), end) if end
              else evidence.value(fact_id, key))
    return format(number, spec or "g")


def render(text: str, *, citations: str = "short") -> str:
    """Fill a row text's placeholders from the evidence file; citations become
    "(Author Year)" (``citations="short"``) or stay as ``[@id]`` (``"keep"``)."""
    if citations not in ("short", "keep"):
        raise ValueError(f"citations must be 'short' or 'keep'; got {citations!r}")
    out = _PLACEHOLDER.sub(lambda m: _number(m[1], m[2], m[3]), text)
    if citations == "short":
        out = _CITATION.sub(
            lambda m: "(" + "; ".join(_shorts(i.strip().lstrip("@")
                                              for i in m[1].split(";"))) + ")", out)
    return out


def _shorts(fact_ids) -> list[str]:
    """Short author-year names of facts, each paper once."""
    out: list[str] = []
    for fid in fact_ids:
        for short in evidence.cite(fid).split("; "):
            if short not in out:
                out.append(short)
    return out


def cited_ids(protocols=PROTOCOLS) -> list[str]:
    """Every fact id cited in the rows, once each, in order of first use."""
    ids: list[str] = []
    for p in protocols:
        for text in (p.claim, p.evidence, p.harms):
            for group in _CITATION.findall(text):
                ids += [i.strip().lstrip("@") for i in group.split(";")
                        if i.strip().lstrip("@") not in ids]
    return ids


def label_badge(label: str) -> str:
    """The evidence label in the course's one visual form (as rendered in the lessons)."""
    return label_html(_choice(label, "label", LABELS))


def _cell(p: Protocol, attr: str) -> str:
    if attr == "label":
        return label_badge(p.label)
    value = getattr(p, attr)
    if attr in ("claim", "evidence", "harms"):
        value = render(value)
    return _html.escape(value)


def to_html(protocols=None) -> str:
    """The rows as one HTML table (what a reader of an HTML export sees)."""
    protocols = list(PROTOCOLS if protocols is None else protocols)
    head = "".join(f"<th style='text-align:left'>{h}</th>" for _, h in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left;vertical-align:top;"
                                    f"line-height:1.4'>"
                                    f"{_cell(p, a)}</td>" for a, _ in COLUMNS) + "</tr>"
                   for p in protocols)
    if not protocols:
        body = f"<tr><td colspan='{len(COLUMNS)}'>No protocol matches these filters.</td></tr>"
    return (f"<table class='protocol-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def to_markdown(protocols=None) -> str:
    """The rows as a Markdown table (plain text; label in words)."""
    protocols = list(PROTOCOLS if protocols is None else protocols)
    lines = ["| " + " | ".join(h for _, h in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for p in protocols:
        cells = [render(getattr(p, a)) if a in ("claim", "evidence", "harms")
                 else getattr(p, a) for a, _ in COLUMNS]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


class StaticTable:
    """The table as a notebook output: HTML for the page and an HTML export, Markdown as its
    plain-text form (what nbval compares)."""

    def __init__(self, protocols):
        self.protocols = list(protocols)

    def _repr_html_(self) -> str:
        return to_html(self.protocols)

    def __repr__(self) -> str:
        return to_markdown(self.protocols)


def static_table(route: str | None = None, label: str | None = None,
                 sort_by: str | None = None) -> StaticTable:
    """The rows `rows(...)` selects, as a table that shows as the cell's value."""
    return StaticTable(rows(route=route, label=label, sort_by=sort_by))
