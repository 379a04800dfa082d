"""Hormones and bone: the shared package of the course.

Floors (arrows point down only; docs/design.md): `widgets`, `checks` and `tables` over
`scenarios` and `regimens`, over `model`, `evidence`, `dxa`, `plots` and `authoring`.
Importing this package is cheap: matplotlib and ipywidgets load only when a plotting or widget
module is used.
"""

__version__ = "0.1.0"

DISCLAIMER = (
    "This course is education, not medical advice. It teaches physiology and how to read "
    "evidence; it does not tell anyone what to take. Decisions about hormones or bone health "
    "belong with a clinician who knows the person."
)
