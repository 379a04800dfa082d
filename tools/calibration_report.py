"""Print the model against each calibration target of shared/model/spec.md."""

from course_lib.model import simulate, simulate_history
from course_lib.regimens import regimen

PEPI_HISTORY = [("menopause_transition", 3), ("postmenopause", 3)]


def targets(site="spine"):
    out = {}
    out["reference drift %/y"] = simulate(regimen("reference"), years=10, site=site).bmd_change / 10
    out["transition 3y"] = simulate(regimen("menopause_transition"), years=3, site=site).bmd_change
    base = simulate_history(PEPI_HISTORY, site=site).final
    for arm in ("postmenopause", "estrogen", "estrogen_progestin_mpa",
                "estrogen_progestin_mpa_cyclic", "estrogen_micronized_progesterone",
                "progesterone_alone"):
        out[f"PEPI {arm} 3y"] = simulate(regimen(arm), years=3, site=site, start=base).bmd_change
    for y in (2, 3):
        et = simulate(regimen("estrogen"), years=y, site=site, start=base).bmd_change
        ept = simulate(regimen("estrogen_progestin_mpa"), years=y, site=site, start=base).bmd_change
        out[f"EPT-ET %/y over {y}y"] = (ept - et) / y
    out["anovulatory %/y (Li 2014 -0.86, not fitted)"] = simulate(regimen("anovulatory"), years=4, site=site).bmd_change / 4
    h = simulate_history([("menopause_transition", 3), ("postmenopause", 7)], site=site)
    out["SWAN-like 10y from FMP-1 (10.6 over FMP-5..+5)"] = h.bmd_change
    return out


if __name__ == "__main__":
    for site in ("spine", "hip"):
        print(site)
        for k, v in targets(site).items():
            print(f"  {k:55s} {v:+.2f}")
