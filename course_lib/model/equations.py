"""The remodeling model's equations: one readable place.

Five state variables, time t in days:

    C  osteoclasts        Komarova cell units (the reference steady state is C_REF)
    B  osteoblasts        Komarova cell units (reference B_REF)
    z  bone mass          bone tissue (matrix, mineralised or not) at this site, fraction
                          of the reference woman's (1 = hers)
    w  refilling          how fully each remodeling cavity is refilled (mean wall thickness),
                          relative to the reference woman (1 = hers)
    m  mineralisation     mean mineral content per unit of bone tissue, relative to the
                          reference woman's (1 = hers)

What DXA measures is mineral, so BMD is the product of the two:

    BMD  proportional to  z * m        (bmd_percent = 100 * z m / (z m at the run's start))

(State.bmd = z m, relative to the reference woman.)

Cells (Komarova SV et al., Bone 2003;33:206-215; BioModels BIOMD0000000148):

    dC/dt = pace * ( a1 * R * C**g11 * B**g21  -  b1 * D * C )         cells per day
    dB/dt = pace * ( a2 * F * C**g12 * B**g22  -  b2 * Q * B )         cells per day

Bone, a mass balance (not Komarova's single-cycle z equation, which gains bone when a
sustained hormone change moves the steady state):

    dz/dt = pace * k_site * ( Af * w * B/B_REF  -  Ar * C/C_REF * z )   per day

formation per osteoblast minus resorption per osteoclast, resorption proportional to the bone
there is to resorb. k_site (per day) is the site's turnover: the share of its bone remodeled
per day at reference (SITE_TURNOVER_PER_YEAR / DAYS_PER_YEAR).

Mineralisation: new bone matrix mineralises in two stages (textbook bone physiology).
Within days to weeks it takes up a first share of its mineral (primary mineralisation,
PRIMARY_MINERAL of the full content); the rest accrues slowly over months to years
(secondary mineralisation, time constant T_m = MINERAL_YEARS * DAYS_PER_YEAR days). Resorption
removes tissue of every age alike, so the mean mineral content m is lowered by new bone
(dilution) and raised by maturing:

    dm/dt = (formation / z) * ( PRIMARY_MINERAL * m_full - m )  +  ( m_full - m ) / T_m
                                                                              per day
    m_full = (k_site + 1/T_m) / (PRIMARY_MINERAL * k_site + 1/T_m)          dimensionless

formation / z (per day, formation = the first term of dz/dt) is the share of the tissue that
is new each day; m_full is fully mineralised tissue on the scale of m (m = 1 is the
reference woman's steady state, where new bone at her turnover k_site balances maturing).
So the younger the tissue (the higher the turnover), the less mineral per unit of bone. When
turnover falls, the remodeling space refills over the formation period (months, in z) and
mineralisation rises over one to a few years (in m); when turnover rises, the reverse. This
is how BMD on estrogen therapy takes one to two years to move clearly while turnover
(osteoclasts, resorption) falls within weeks to months. A MODEL ASSUMPTION in its form
(exponential maturing, resorption blind to tissue age) and its numbers (PRIMARY_MINERAL and
MINERAL_YEARS are set from the textbook ranges, not fitted); chosen for targets T6 and T7 in
docs/design.md, the course's own targets for the time course on therapy.

Refilling, the slow part of postmenopausal loss (a MODEL ASSUMPTION, chosen for target T5 in
docs/design.md, "The model's contract": SWAN's loss slows two years after the final period
but does not stop):

    dw/dt = ( w_target - w ) / REFILL_DAYS                               per day
    w_target = 1 - REFILL_E2 * e2_missing

While estradiol is low, the amount of bone each remodeling unit lays down falls slowly (over
decades, REFILL_YEARS) towards w_target: the fast phase of loss is the cells' new, busier
steady state (a wider remodeling space and younger, less mineralised tissue: years), the
slow phase is refilling that keeps falling behind. Restoring
estradiol brings w back just as slowly. Why this form: the two-phase course of loss after
menopause (a rapid phase, then a slow phase that continues for decades) and the fall of
mean wall thickness with age and estrogen deficiency are textbook bone physiology; the time
constant and the size (REFILL_YEARS, REFILL_E2) are fitted, not measured.

At reference every modifier below is 1, C = C_REF, B = B_REF, z = 1, w = 1 and m = 1, so
the reference woman is in balance and stays there.

The hormone modifiers (all dimensionless, 1 at the reference woman), from the six inputs
(relative levels; inflammation from 0):

    s(x, K)      = x (1 + K) / (x + K)           receptor-like signal, 1 at reference x = 1
    e2_missing   = 1 - s(estradiol, K_ESTRADIOL)  0 at reference, 1 with no estradiol
    cortisol_xs  = max(cortisol - 1, 0)
    R        = 1 + RECRUIT_E2 e2_missing + INFLAM_RECRUIT inflammation
    D        = 1 / ((1 + LIFESPAN_E2 e2_missing) (1 + CORTISOL_CLAST cortisol_xs))
    Ar       = (1 + DEPTH_E2 e2_missing) (1 + INFLAM_DEPTH inflammation)
    w_target = 1 - REFILL_E2 e2_missing
    F        = (1 - FORM_P4 - FORM_T + FORM_P4 s(estradiol, K_PR) s(progesterone, K_PROGESTERONE)
                + FORM_T s(testosterone, K_TESTOSTERONE))
               / ((1 + CORTISOL_FORM cortisol_xs) (1 + INFLAM_FORM inflammation))
    Q        = 1 + CORTISOL_APOPTOSIS cortisol_xs
    pace     = (THYROID_FLOOR + thyroid) / (THYROID_FLOOR + 1)
    Af       = 1 / (1 + THYROID_REFILL max(thyroid - 1, 0))

What each one means:

- R   osteoclast recruitment: raised by low estradiol and by inflammation (RANKL route).
- D   osteoclast removal (1/lifespan): lowered by low estradiol and by excess cortisol.
- F   osteoblast formation: progesterone through PR, PR induced by estradiol (Rickard 2002);
      testosterone; lowered by cortisol and inflammation.
- Q   osteoblast removal (apoptosis): raised by cortisol.
- Ar  resorption per osteoclast (depth of the cavity): raised by low estradiol, inflammation.
- Af  refilling per osteoblast: lowered when thyroid excess shortens the formation phase.
- pace  thyroid hormone scales every rate (how fast the remodeling clock runs).
- w_target  where slow refilling w heads: lowered by low estradiol.

The modifier strengths below are model parameters, calibrated to the targets T1-T7 in
docs/design.md, "The model's contract" (SWAN, PEPI, Prior 2017, and T6-T7, the time course on
therapy; `python -m course_lib.calibration`); they are not measured quantities.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from course_lib.units import DAYS_PER_YEAR  # days in a year (Julian year), one place

# --- Komarova 2003 cell parameters (per day) -------------------------------------------
a1, a2 = 3.0, 4.0          # osteoclast / osteoblast production (cells^(1-g) per day)
b1, b2 = 0.2, 0.02         # osteoclast / osteoblast removal (per day): ~5 d and ~50 d lives
g11, g21 = 0.5, -0.5       # osteoclast autocrine / osteoblast-derived paracrine exponents
g12, g22 = 1.0, 0.0        # osteoclast-derived paracrine / osteoblast autocrine exponents

# Reference steady state (for these exponents): C* = (a1/b1)sqrt(b2/a2), B* = (a1/b1)sqrt(a2/b2)
C_REF = (a1 / b1) * math.sqrt(b2 / a2)
B_REF = (a1 / b1) * math.sqrt(a2 / b2)

# --- Bone turnover of each site at reference (fraction of that site's bone per year) ---
# Trabecular-rich spine turns over faster than cortical-rich hip (mechanism 7). The spine rate
# is calibrated (with RECRUIT_E2, DEPTH_E2, REFILL_E2 and FORM_P4 below) to the targets T2-T7
# (docs/design.md); the hip rate is set lower (under half the spine), not fitted.
SITE_TURNOVER_PER_YEAR = {"spine": 0.16, "hip": 0.06}

# --- Hormone modifier strengths (dimensionless model parameters) -----------------------
K_ESTRADIOL = 0.35        # half-saturation of estradiol signalling (relative level)
RECRUIT_E2 = 0.3          # extra osteoclast recruitment when estradiol signalling is absent
LIFESPAN_E2 = 0.5         # extra osteoclast lifespan when estradiol signalling is absent (set)
DEPTH_E2 = 0.03           # extra resorption per osteoclast when estradiol signalling is absent
REFILL_E2 = 0.085         # refilling (w) lost in the long run when estradiol signalling is absent
REFILL_YEARS = 25.0       # time constant of refilling w (years): set, not fitted ("decades")
PRIMARY_MINERAL = 0.65    # share of its full mineral new bone takes up within weeks (set: about
                          # two thirds, the textbook 50-70 %)
MINERAL_YEARS = 1.5       # time constant of secondary mineralisation (years; set: "1-2+ years")
K_PR = 3.0                # estradiol level giving half-maximal PR expression in osteoblasts
K_PROGESTERONE = 0.5      # half-saturation of PR signalling (relative progesterone level)
FORM_P4 = 0.06            # osteoblast formation carried by progesterone-PR at reference
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


def refill_days() -> float:
    """Time constant of refilling w, in days."""
    return REFILL_YEARS * DAYS_PER_YEAR


def mineral_days() -> float:
    """Time constant of secondary mineralisation, in days."""
    return MINERAL_YEARS * DAYS_PER_YEAR


def mineral_full(k_site_per_day):
    """Fully mineralised tissue on the scale of m (1 = the reference woman's mean), for a
    site turning over k_site_per_day at reference: (k + 1/T) / (PRIMARY_MINERAL k + 1/T)."""
    maturing = 1.0 / mineral_days()
    return (k_site_per_day + maturing) / (PRIMARY_MINERAL * k_site_per_day + maturing)


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
    w_target: object  # where slow refilling w heads


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
    w_target = 1.0 - REFILL_E2 * e2_missing

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
    return Modifiers(R=R, D=D, F=F, Q=Q, Ar=Ar, Af=Af, pace=pace, w_target=w_target)


class RateConstants(NamedTuple):
    """The rate constants of the equations for given modifiers and site (floats or arrays).

    Production constants multiply the power-law coupling; removal constants are per day;
    `formation` is bone laid down per day per osteoblast (fraction of reference bone mass
    per Komarova cell unit, before w), `resorption` the share of bone resorbed per day per
    osteoclast (per Komarova cell unit).
    """

    clast_production: object   # pace * a1 * R
    clast_removal: object      # pace * b1 * D            (per day)
    blast_production: object   # pace * a2 * F
    blast_removal: object      # pace * b2 * Q            (per day)
    formation: object          # pace * k_site * Af / B_REF
    resorption: object         # pace * k_site * Ar / C_REF
    w_target: object           # where refilling w heads (dimensionless)
    m_full: object             # fully mineralised tissue on the scale of m (the site's)
    m_primary: object          # new tissue after primary mineralisation: PRIMARY_MINERAL m_full
    maturing: object           # 1 / T_m, secondary mineralisation (per day)


def rate_constants(m: Modifiers, k_site_per_day) -> RateConstants:
    """Modifiers and a site's turnover (per day) -> the rate constants of the equations."""
    full = mineral_full(k_site_per_day)
    return RateConstants(
        clast_production=m.pace * a1 * m.R, clast_removal=m.pace * b1 * m.D,
        blast_production=m.pace * a2 * m.F, blast_removal=m.pace * b2 * m.Q,
        formation=m.pace * k_site_per_day * m.Af / B_REF,
        resorption=m.pace * k_site_per_day * m.Ar / C_REF, w_target=m.w_target,
        m_full=full, m_primary=PRIMARY_MINERAL * full, maturing=1.0 / mineral_days())


def rates(C, B, w, k: RateConstants):
    """At state C, B, w: osteoclast and osteoblast production (cells per day, Komarova's
    power-law coupling), bone formation (fraction of reference mass per day) and the
    resorption rate per unit of bone (per day), so that dz/dt = formation - resorption * z."""
    # Komarova's power-law coupling C**g11 * B**g21 and C**g12 * B**g22. With the exponents
    # used here (g21 = -g11; g12 = 1, g22 = 0) they are (C/B)**g11 and C: equal, and faster.
    clast = (C / B) ** g11 if _CLAST_AS_RATIO else C**g11 * B**g21
    blast = C if _BLAST_AS_C else C**g12 * B**g22
    return (k.clast_production * clast, k.blast_production * blast, k.formation * w * B,
            k.resorption * C)


_CLAST_AS_RATIO = g21 == -g11
_BLAST_AS_C = (g12, g22) == (1.0, 0.0)


def mineralisation_rate(new_share, m, k: RateConstants):
    """dm/dt (per day) when a share `new_share` of the tissue is new each day (formation / z):
    new bone dilutes m towards its primary level, all bone matures towards full."""
    return new_share * (k.m_primary - m) + k.maturing * (k.m_full - m)


def derivatives(C, B, z, w, m, k: RateConstants):
    """dC/dt, dB/dt, dz/dt, dw/dt, dm/dt (per day): the whole model in one call."""
    clast_production, blast_production, formation, resorption_rate = rates(C, B, w, k)
    return (clast_production - k.clast_removal * C, blast_production - k.blast_removal * B,
            formation - resorption_rate * z, (k.w_target - w) / refill_days(),
            mineralisation_rate(formation / z, m, k))
