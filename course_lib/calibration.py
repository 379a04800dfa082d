"""The model against the published figures it was calibrated to (shared/model/spec.md).

    python -m course_lib.calibration     # prints the table

Agreement with these figures is by construction (they were fitted), not validation. The
last rows are published figures the model was NOT fitted to, shown for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import evidence
from .model import simulate, simulate_history
from .regimens import regimen

#: PEPI enrolled women a few years past menopause: the model's baseline is the transition
#: (1 year before to 2 years after the final period) plus 3 postmenopausal years.
PEPI_HISTORY = (("menopause_transition", 3), ("postmenopause", 3))


@dataclass(frozen=True)
class Target:
    """A published figure, the range the model must land in, and the model's value."""

    label: str
    fact_id: str
    published: float
    low: float
    high: float
    model: float
    fitted: bool = True

    @property
    def inside(self) -> bool:
        return self.low <= self.model <= self.high


def pepi_arm(name: str, years: float = 3, site: str = "spine") -> float:
    """BMD change (percentage points) of a PEPI-like arm from the PEPI baseline."""
    start = simulate_history(PEPI_HISTORY, site=site).final
    return simulate(regimen(name), years=years, site=site, start=start).bmd_change


def ept_minus_et_per_year(years: float = 3, site: str = "spine") -> float:
    """Extra spinal gain per year of CEE + continuous MPA over CEE alone, same baseline."""
    return (pepi_arm("estrogen_progestin_mpa", years, site) - pepi_arm("estrogen", years, site)) \
        / years


def targets() -> list[Target]:
    """Every calibration target with the model's current value."""
    swan = "swan_greendale2012_cumulative_loss"
    pepi = "pepi_bmd_36mo_abstract"
    meta = "ept_vs_et_spine_meta_prior2017"
    return [
        Target("Reference woman, spine drift over 10 years (%/year)", "", 0.0, -0.1, 0.1,
               simulate(regimen("reference"), years=10).bmd_change / 10),
        Target("Menopause transition, spine, FMP-1 to FMP+2 (%)", swan,
               -evidence.value(swan, "lumbar_spine_loss_in_transmenopause"), -9.5, -5.5,
               simulate(regimen("menopause_transition"), years=3).bmd_change),
        Target("PEPI placebo, spine, 3 years (%)", pepi,
               evidence.value(pepi, "placebo_spine"), -3.0, -0.8, pepi_arm("postmenopause")),
        Target("PEPI CEE + continuous MPA, spine, 3 years (%)", pepi,
               evidence.value(pepi, "cee_plus_continuous_mpa_spine"), 3.5, 6.5,
               pepi_arm("estrogen_progestin_mpa")),
        Target("EPT minus ET, spine (%/year, over 3 years)", meta,
               evidence.value(meta, "weighted_mean_difference_ept_minus_et"), 0.38, 0.97,
               ept_minus_et_per_year(3)),
        Target("Not fitted: PEPI placebo, hip, 3 years (%)", pepi,
               evidence.value(pepi, "placebo_hip"), -3.0, -0.5,
               pepi_arm("postmenopause", site="hip"), fitted=False),
        Target("Not fitted: other three PEPI active arms, spine, mean (%)", pepi,
               evidence.value(pepi, "other_three_active_arms_spine_average"), 2.0, 5.5,
               sum(pepi_arm(a) for a in ("estrogen", "estrogen_progestin_mpa_cyclic",
                                         "estrogen_micronized_progesterone")) / 3, fitted=False),
        Target("Not fitted: anovulatory cycles vs ovulatory, spine (%/year)",
               "li2014_ovulatory_disturbance_meta",
               evidence.value("li2014_ovulatory_disturbance_meta", "wmd_spine_bmd"), -2.0, 0.0,
               simulate(regimen("anovulatory"), years=2).bmd_change / 2, fitted=False),
    ]


def report() -> str:
    """A fixed-width table: published figure, accepted range, model value."""
    lines = [f"{'target':58s} {'published':>9s} {'accepted':>15s} {'model':>7s}"]
    for t in targets():
        lines.append(f"{t.label:58s} {t.published:9.2f} {t.low:6.2f} to {t.high:5.2f} "
                     f"{t.model:7.2f}{'' if t.inside else '  OUTSIDE'}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
