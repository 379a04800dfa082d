"""The remodeling model's equations: one readable place.

Cells (Komarova SV et al., Bone 2003;33:206-215; BioModels BIOMD0000000148), time in days:

    dC/dt = pace * ( a1 * R * C**g11 * B**g21  -  b1 * D * C )      osteoclasts C
    dB/dt = pace * ( a2 * F * C**g12 * B**g22  -  b2 * Q * B )      osteoblasts B

Bone (a mass balance, not Komarova's single-cycle z equation, which gains bone when a
sustained hormone change moves the steady state):

    dz/dt = pace * k_site * ( Af * B/B_ref  -  Ar * C/C_ref * z )   bone mass z (1 = reference)

formation per osteoblast minus resorption per osteoclast, resorption proportional to the bone
there is to resorb. At reference every modifier R, D, F, Q, Af, Ar, pace is 1, C = C_ref,
B = B_ref and z = 1, so the reference woman is in balance.

The hormone modifiers (all dimensionless, 1 at the reference woman):

- R   osteoclast recruitment: raised by low estradiol and by inflammation (RANKL route).
- D   osteoclast removal (1/lifespan): lowered by low estradiol and by excess cortisol.
- F   osteoblast formation: progesterone through PR, PR induced by estradiol (Rickard 2002);
      testosterone; lowered by cortisol and inflammation.
- Q   osteoblast removal (apoptosis): raised by cortisol.
- Ar  resorption per osteoclast (depth of the cavity): raised by low estradiol, inflammation.
- Af  refilling per osteoblast: lowered when thyroid excess shortens the formation phase.
- pace  thyroid hormone scales every rate (how fast the remodeling clock runs).

The modifier strengths below are model parameters, calibrated to the targets in
shared/model/spec.md (SWAN, PEPI, Prior 2017); they are not measured quantities.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

# --- Komarova 2003 cell parameters (per day) -------------------------------------------
a1, a2 = 3.0, 4.0          # osteoclast / osteoblast production (cells^(1-g) per day)
b1, b2 = 0.2, 0.02         # osteoclast / osteoblast removal (per day): ~5 d and ~50 d lives
g11, g21 = 0.5, -0.5       # osteoclast autocrine / osteoblast-derived paracrine exponents
g12, g22 = 1.0, 0.0        # osteoclast-derived paracrine / osteoblast autocrine exponents

# Reference steady state (for these exponents): C* = (a1/b1)sqrt(b2/a2), B* = (a1/b1)sqrt(a2/b2)
C_REF = (a1 / b1) * math.sqrt(b2 / a2)
B_REF = (a1 / b1) * math.sqrt(a2 / b2)

DAYS_PER_YEAR = 365.25

# --- Bone turnover of each site at reference (fraction of that site's bone per year) ---
# Trabecular-rich spine turns over faster than cortical-rich hip (mechanism 7). The spine rate
# is calibrated (with RECRUIT_E2, DEPTH_E2, FORM_P4 below) to the four targets of spec.md; the
# hip is set at about half the spine, not fitted.
SITE_TURNOVER_PER_YEAR = {"spine": 0.175, "hip": 0.09}

# --- Hormone modifier strengths (dimensionless model parameters) -----------------------
K_ESTRADIOL = 0.35        # half-saturation of estradiol signalling (relative level)
RECRUIT_E2 = 0.30         # extra osteoclast recruitment when estradiol signalling is absent
LIFESPAN_E2 = 0.5         # extra osteoclast lifespan when estradiol signalling is absent
DEPTH_E2 = 0.095          # extra resorption per osteoclast when estradiol signalling is absent
K_PR = 3.0                # estradiol level giving half-maximal PR expression in osteoblasts
K_PROGESTERONE = 0.5      # half-saturation of PR signalling (relative progesterone level)
FORM_P4 = 0.086           # osteoblast formation carried by progesterone-PR at reference
K_TESTOSTERONE = 1.0      # half-saturation of androgen signalling
FORM_T = 0.04             # osteoblast formation carried by testosterone at reference
CORTISOL_FORM = 0.05      # osteoblast formation lost per unit cortisol excess
CORTISOL_APOPTOSIS = 0.03 # osteoblast apoptosis gained per unit cortisol excess
CORTISOL_CLAST = 0.05     # osteoclast removal lost (longer life) per unit cortisol excess
THYROID_FLOOR = 0.25      # pace = (floor + thyroid) / (floor + 1): slow but not stopped at 0
THYROID_REFILL = 0.04     # refilling lost per unit thyroid excess (shortened formation phase)
INFLAM_RECRUIT = 0.3      # osteoclast recruitment per unit inflammation
INFLAM_DEPTH = 0.02       # resorption per osteoclast per unit inflammation
INFLAM_FORM = 0.03        # osteoblast formation lost per unit inflammation


def _saturating(x, k):
    """Receptor-like signal x/(x+k), scaled to 1 at the reference level x = 1."""
    return x * (1.0 + k) / (x + k)


class Modifiers(NamedTuple):
    """Dimensionless hormone modifiers of the rates (1 = reference). Floats or arrays."""

    R: object     # osteoclast recruitment
    D: object     # osteoclast removal
    F: object     # osteoblast formation
    Q: object     # osteoblast removal
    Ar: object    # resorption per osteoclast
    Af: object    # refilling per osteoblast
    pace: object  # remodeling clock


def modifiers(estradiol, progesterone, testosterone, cortisol, thyroid, inflammation):
    """Hormone levels (relative to reference; inflammation from 0) -> rate modifiers."""
    xp = np if any(isinstance(v, np.ndarray) for v in (
        estradiol, progesterone, testosterone, cortisol, thyroid, inflammation)) else math
    positive = np.maximum if xp is np else max

    # Estradiol restrains osteoclasts: fewer recruited, shorter lives, shallower cavities.
    # e2_missing = 1 - signal: 0 at reference, 1 with no estradiol, negative above reference.
    e2_missing = 1.0 - _saturating(estradiol, K_ESTRADIOL)
    excess_cortisol = positive(cortisol - 1.0, 0.0)
    R = 1.0 + RECRUIT_E2 * e2_missing + INFLAM_RECRUIT * inflammation
    D = 1.0 / ((1.0 + LIFESPAN_E2 * e2_missing) * (1.0 + CORTISOL_CLAST * excess_cortisol))
    Ar = (1.0 + DEPTH_E2 * e2_missing) * (1.0 + INFLAM_DEPTH * inflammation)

    # Progesterone acts through PR, whose expression in osteoblasts rises with estradiol.
    pr_expression = _saturating(estradiol, K_PR)
    pr_signal = pr_expression * _saturating(progesterone, K_PROGESTERONE)
    androgen_signal = _saturating(testosterone, K_TESTOSTERONE)
    F = ((1.0 - FORM_P4 - FORM_T) + FORM_P4 * pr_signal + FORM_T * androgen_signal) / (
        (1.0 + CORTISOL_FORM * excess_cortisol) * (1.0 + INFLAM_FORM * inflammation))
    Q = 1.0 + CORTISOL_APOPTOSIS * excess_cortisol

    # Thyroid hormone sets the pace; excess shortens formation so cavities are under-filled.
    pace = (THYROID_FLOOR + thyroid) / (THYROID_FLOOR + 1.0)
    Af = 1.0 / (1.0 + THYROID_REFILL * positive(thyroid - 1.0, 0.0))
    return Modifiers(R=R, D=D, F=F, Q=Q, Ar=Ar, Af=Af, pace=pace)


def cell_rates(C, B, m: Modifiers):
    """Osteoclast and osteoblast production (cells/day) and removal rates (per day)."""
    osteoclast_production = m.pace * a1 * m.R * C**g11 * B**g21
    osteoclast_removal = m.pace * b1 * m.D
    osteoblast_production = m.pace * a2 * m.F * C**g12 * B**g22
    osteoblast_removal = m.pace * b2 * m.Q
    return osteoclast_production, osteoclast_removal, osteoblast_production, osteoblast_removal


def bone_rates(C, B, m: Modifiers, k_site_per_day):
    """Bone formation (per day, fraction of reference mass) and resorption rate per unit z."""
    formation = m.pace * k_site_per_day * m.Af * B / B_REF
    resorption_rate = m.pace * k_site_per_day * m.Ar * C / C_REF
    return formation, resorption_rate


def derivatives(C, B, z, m: Modifiers, k_site_per_day):
    """dC/dt, dB/dt, dz/dt (per day): the whole model in one call (used by reference solvers)."""
    pc, rc, pb, rb = cell_rates(C, B, m)
    formation, resorption_rate = bone_rates(C, B, m, k_site_per_day)
    return pc - rc * C, pb - rb * B, formation - resorption_rate * z
