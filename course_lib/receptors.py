"""Progesterone receptor pharmacology: binding, dose-response, PR-A/PR-B dimers, estrogen priming.

Floor 1, numpy only. Concentrations are in nmol/L (nM); responses are relative to the
reference state unless a name says otherwise.

The chain this module follows, from a dose to a gene::

    occupancy      theta = P / (P + Kd)                      fraction of PR bound by ligand
    PR amount      x     = pr_expression(E2) * theta         liganded PR (1 = reference PR amount)
    dimers         AA, AB, BB = p^2, 2p(1-p), (1-p)^2        random pairing, p = PR-A share
    transcription  T     = x*BB / (K_T + x*(BB + rho*(AA + AB)))
    response       R     = T / T(reference state)

BB dimers activate a PR-B-responsive target gene; dimers that contain PR-A occupy the same
response elements without activating it, so they compete with BB ("repress") with relative
strength rho. T stays below 1, so R is bounded by 1 / T(reference).

What is measured and what is assumed:
- Kd is of the low-nanomolar order measured for the rat uterine receptor (Kd 3.7 nM in
  uterine cytosol; evidence id ``pr_progesterone_kd_rat_thrower1980``). No human Kd was
  verified, so the value used here, ``KD_PROGESTERONE_NM``, is a MODEL ASSUMPTION of that order.
- Estrogen induces PR in human osteoblast lines (Rickard 2002,
  ``rickard2002_er_isoform_pr_induction``); no fold-induction was verified, so the shape of
  ``pr_expression`` is a MODEL ASSUMPTION, the same curve the bone model uses for PR in
  osteoblasts (course_lib.model.equations, K_PR).
- PR-A represses PR-B in a cell- and promoter-specific way in vitro (Wen 1994, in
  ``pgr_gene_and_isoforms``). The competition form and its strength ``REPRESSION`` are MODEL
  ASSUMPTIONS, as are the reference PR-A share, the reference dose and ``K_TRANSCRIPTION``.
"""

from __future__ import annotations

import numpy as np

from course_lib import validation

__all__ = [
    "KD_PROGESTERONE_NM", "REFERENCE_PROGESTERONE_NM", "REFERENCE_PR_A_SHARE", "REPRESSION",
    "K_TRANSCRIPTION", "K_PR_ESTRADIOL", "BONE_INPUT_MAX", "DIMERS",
    "occupancy", "hill", "dimer_fractions", "pr_expression", "transcription", "pr_response",
    "pr_ec50_nM", "pr_max_response", "progesterone_input",
]

# --- Parameters (all MODEL ASSUMPTIONS unless a fact is named) --------------------------------
#: Progesterone-PR dissociation constant, nM: low-nanomolar, the order measured for the rat
#: uterine receptor (pr_progesterone_kd_rat_thrower1980); no human value was verified.
KD_PROGESTERONE_NM = 5.0
#: Progesterone at the osteoblast's receptor in the reference woman (luteal phase), nM.
REFERENCE_PROGESTERONE_NM = 10.0
#: PR-A share of PR monomers in the reference osteoblast (equal amounts of PR-A and PR-B).
REFERENCE_PR_A_SHARE = 0.5
#: How strongly a dimer holding PR-A competes with a BB dimer for the response element
#: (0 = A-containing dimers are inert, 1 = they compete as strongly as BB but do not activate).
REPRESSION = 1.0
#: Liganded PR (in units of the reference PR amount) that half-fills the response elements.
K_TRANSCRIPTION = 0.5
#: Estradiol (relative level) giving half-maximal PR expression; the bone model's K_PR.
K_PR_ESTRADIOL = 3.0
#: Upper limit of the bone model's progesterone input (course_lib.model.INPUT_RANGES).
BONE_INPUT_MAX = 10.0

DIMERS = ("AA", "AB", "BB")

_MAX_CONCENTRATION_NM = 1e6   # 1 mM: far above anything physiological or in a dish
_MAX_LEVEL = 10.0             # relative hormone levels, as in the bone model


# --- argument checks ---------------------------------------------------------------------------

def _array(value, name: str, low: float, high: float, *, low_open: bool = False,
           what: str = "") -> np.ndarray:
    """`value` as a float array within [low, high] (or (low, high]); else ValueError naming it."""
    return validation.numbers(value, name, low, high, low_open=low_open,
                              hint=f" {what}" if what else "")


def _out(arr):
    """A 0-d result as a Python float, else the array."""
    return float(arr) if np.ndim(arr) == 0 else arr


def _concentration(value, name: str) -> np.ndarray:
    return _array(value, name, 0.0, _MAX_CONCENTRATION_NM, what="nM")


def _positive_concentration(value, name: str) -> np.ndarray:
    return _array(value, name, 0.0, _MAX_CONCENTRATION_NM, low_open=True, what="nM")


def _share(value, name: str = "pr_a_share") -> np.ndarray:
    return _array(value, name, 0.0, 1.0, what="(fraction of PR monomers that are PR-A)")


def _estradiol(value) -> np.ndarray:
    return _array(value, "estradiol", 0.0, _MAX_LEVEL, what="(relative level; 1 = reference)")


def _repression(value) -> np.ndarray:
    return _array(value, "repression", 0.0, _MAX_LEVEL,
                  what="(0 = PR-A dimers inert, 1 = compete as strongly as BB)")


def _broadcast(**arrays) -> None:
    """ValueError naming the arguments unless their shapes broadcast together (numpy's rule:
    equal, or one of them a single number)."""
    try:
        np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} (shape {np.shape(a)})" for name, a in arrays.items()
                           if np.ndim(a) > 0)
        raise ValueError(f"{shapes} must be arrays of the same shape, or single numbers: "
                         "their shapes do not broadcast together") from None


# --- binding and dose-response ------------------------------------------------------------------

def occupancy(ligand_nM, kd_nM):
    """Fraction of receptors bound at free ligand `ligand_nM`: L / (L + Kd). Broadcasts.

    Half the receptors are bound when L equals Kd; 10 x Kd binds 10/11 of them.
    `ligand_nM` from 0 to 1e6 nM; `kd_nM` above 0 and at most 1e6 nM.
    """
    ligand = _concentration(ligand_nM, "ligand_nM")
    kd = _positive_concentration(kd_nM, "kd_nM")
    _broadcast(ligand_nM=ligand, kd_nM=kd)
    return _out(ligand / (ligand + kd))


def hill(dose, ec50, n=1.0, bottom=0.0, top=1.0):
    """Hill dose-response: bottom + (top - bottom) * dose^n / (dose^n + ec50^n). Broadcasts.

    At ``dose == ec50`` the response is halfway between bottom and top; `n` (the Hill
    coefficient) sets the steepness: from 10 % to 90 % of the way takes a 81^(1/n)-fold dose
    range. `dose` from 0 to 1e6, `ec50` above 0 and at most 1e6 (same units as dose), `n` above
    0 and at most 10; `bottom` and `top` finite.
    """
    d = _array(dose, "dose", 0.0, _MAX_CONCENTRATION_NM)
    e = _array(ec50, "ec50", 0.0, _MAX_CONCENTRATION_NM, low_open=True)
    hill_n = _array(n, "n", 0.0, 10.0, low_open=True, what="(Hill coefficient)")
    lo = _array(bottom, "bottom", -1e12, 1e12)
    hi = _array(top, "top", -1e12, 1e12)
    _broadcast(dose=d, ec50=e, n=hill_n, bottom=lo, top=hi)
    # dose^n / (dose^n + ec50^n) written as 1 / (1 + (ec50/dose)^n): no overflow for big doses
    with np.errstate(divide="ignore"):
        fraction = np.where(d > 0, 1.0 / (1.0 + (e / np.where(d > 0, d, 1.0)) ** hill_n), 0.0)
    return _out(lo + (hi - lo) * fraction)


# --- isoforms, priming, transcription -------------------------------------------------------------

def dimer_fractions(pr_a_share) -> dict:
    """Shares of AA, AB and BB dimers when PR-A and PR-B monomers pair at random.

    With PR-A share p: AA = p^2, AB = 2 p (1 - p), BB = (1 - p)^2; the three sum to 1.
    A PR-A:PR-B ratio of a:b is the share p = a / (a + b). `pr_a_share` from 0 to 1.
    """
    p = _share(pr_a_share)
    return {"AA": _out(p * p), "AB": _out(2.0 * p * (1.0 - p)), "BB": _out((1.0 - p) ** 2)}


def pr_expression(estradiol):
    """PR amount in osteoblasts relative to reference (1.0 at estradiol 1.0): estrogen priming.

    E (1 + K) / (E + K) with K = K_PR_ESTRADIOL: rises with estradiol and saturates at 1 + K.
    Estrogen induces PR in human osteoblast lines (Rickard 2002); the curve's shape is a MODEL
    ASSUMPTION (the bone model's own PR term). `estradiol` from 0 to 10 (1 = reference woman).
    """
    e = _estradiol(estradiol)
    return _out(e * (1.0 + K_PR_ESTRADIOL) / (e + K_PR_ESTRADIOL))


def transcription(progesterone_nM, pr_a_share=REFERENCE_PR_A_SHARE, estradiol=1.0, *,
                  kd_nM=KD_PROGESTERONE_NM, repression=REPRESSION):
    """Absolute transcription of a PR-B-responsive gene, from 0 to below 1 (1 = every response
    element held by an active BB dimer). See the module docstring for the chain. Broadcasts."""
    progesterone = _concentration(progesterone_nM, "progesterone_nM")
    _broadcast(progesterone_nM=progesterone, pr_a_share=_share(pr_a_share),
               estradiol=_estradiol(estradiol), kd_nM=_positive_concentration(kd_nM, "kd_nM"),
               repression=_repression(repression))
    theta = occupancy(progesterone, kd_nM)
    bb = dimer_fractions(pr_a_share)["BB"]
    rho = _repression(repression)
    x = np.asarray(pr_expression(estradiol)) * theta
    return _out(x * bb / (K_TRANSCRIPTION + x * (bb + rho * (1.0 - bb))))


def pr_response(progesterone_nM, pr_a_share=REFERENCE_PR_A_SHARE, estradiol=1.0, *,
                kd_nM=KD_PROGESTERONE_NM, repression=REPRESSION):
    """Transcription of a PR-B-responsive target gene relative to the reference state.

    The reference state is ``REFERENCE_PROGESTERONE_NM`` of progesterone, the reference PR-A
    share and estradiol 1.0, with the same `kd_nM` and `repression`; there the response is 1.
    It rises with progesterone, falls as the PR-A share rises (BB dimers activate, PR-A-holding
    dimers compete without activating: MODEL ASSUMPTION of strength `repression`), and rises
    with estradiol at a fixed dose (more PR). Bounded: 0 <= response < 1 / T(reference).
    Arguments: `progesterone_nM` 0 to 1e6 nM, `pr_a_share` 0 to 1, `estradiol` 0 to 10,
    `kd_nM` above 0, `repression` 0 to 10. Broadcasts.
    """
    t = transcription(progesterone_nM, pr_a_share, estradiol, kd_nM=kd_nM, repression=repression)
    t_ref = transcription(REFERENCE_PROGESTERONE_NM, REFERENCE_PR_A_SHARE, 1.0, kd_nM=kd_nM,
                          repression=repression)
    return _out(np.asarray(t) / t_ref)


def _curve(pr_a_share, estradiol, kd_nM, repression):
    """Max (relative to reference) and EC50 (nM) of the response against progesterone.

    T(P) = E b P / (K (P + Kd) + E s P) with s = b + rho (1 - b), which is a Hill curve with
    n = 1: maximum E b / (K + E s) and EC50 = K Kd / (K + E s).
    """
    b = np.asarray(dimer_fractions(pr_a_share)["BB"])
    e = np.asarray(pr_expression(estradiol))
    kd = _positive_concentration(kd_nM, "kd_nM")
    rho = _repression(repression)
    s = b + rho * (1.0 - b)
    t_ref = transcription(REFERENCE_PROGESTERONE_NM, REFERENCE_PR_A_SHARE, 1.0, kd_nM=kd_nM,
                          repression=repression)
    top = e * b / (K_TRANSCRIPTION + e * s) / t_ref
    ec50 = K_TRANSCRIPTION * kd / (K_TRANSCRIPTION + e * s)
    return top, ec50, b, e


def pr_max_response(pr_a_share=REFERENCE_PR_A_SHARE, estradiol=1.0, *, kd_nM=KD_PROGESTERONE_NM,
                    repression=REPRESSION):
    """The response (relative to reference) at a saturating progesterone dose."""
    return _out(_curve(pr_a_share, estradiol, kd_nM, repression)[0])


def pr_ec50_nM(pr_a_share=REFERENCE_PR_A_SHARE, estradiol=1.0, *, kd_nM=KD_PROGESTERONE_NM,
               repression=REPRESSION):
    """Progesterone dose (nM) giving half the maximal response: K Kd / (K + E s).

    More PR (priming) moves it below Kd ("spare receptors"). With `repression` 1 it does not
    depend on the PR-A share: more PR-A lowers the maximum, not the EC50. Undefined (ValueError)
    when there is no PR-B (pr_a_share 1) or no PR (estradiol 0): the response is then zero.
    """
    _, ec50, b, e = _curve(pr_a_share, estradiol, kd_nM, repression)
    if np.any(b * e == 0):
        raise ValueError("pr_a_share must be below 1 and estradiol above 0 for an EC50: with no "
                         "PR-B or no PR the response is zero at every dose")
    return _out(ec50)


# --- the link into the bone model ----------------------------------------------------------

def progesterone_input(progesterone_nM, *, pr_a_share=REFERENCE_PR_A_SHARE,
                       kd_nM=KD_PROGESTERONE_NM, repression=REPRESSION) -> float:
    """The bone model's `progesterone` input for a dose at the receptor and an isoform mix.

    The bone model reads `progesterone` as the PR signal in osteoblasts relative to the
    reference woman (the regimens express drugs the same way) and primes PR itself from its
    own `estradiol` input. So this is the PR response at reference estradiol,
    ``pr_response(progesterone_nM, pr_a_share, estradiol=1.0)``, capped at the model's upper
    limit (BONE_INPUT_MAX); give estradiol to the model separately, and priming is counted once::

        Hormones(estradiol=0.5, progesterone=progesterone_input(10.0, pr_a_share=0.7))

    Equating the two is a MODEL ASSUMPTION: the link is qualitative, not calibrated.
    """
    response = pr_response(progesterone_nM, pr_a_share, 1.0, kd_nM=kd_nM, repression=repression)
    if np.ndim(response) != 0:
        raise ValueError(f"progesterone_nM (0 to {_MAX_CONCENTRATION_NM:g} nM) and pr_a_share "
                         "(0 to 1) must be single numbers here (one bone-model input, e.g. "
                         "progesterone_nM=10.0); got arrays")
    return float(min(response, BONE_INPUT_MAX))

