"""Interactive explorers for the notebooks (ipywidgets is imported here, never by course_lib).

    from course_lib.widgets import remodeling_explorer
    remodeling_explorer(preset="postmenopause", site="hip", years=10)
    from course_lib.widgets import trial_explorer      # women per arm of an in-silico trial
    trial_explorer()
"""

from course_lib.widgets.explorer import TIER1_PRESETS, RemodelingExplorer, remodeling_explorer
from course_lib.widgets.trial import TrialExplorer, trial_explorer

__all__ = ["RemodelingExplorer", "remodeling_explorer", "TIER1_PRESETS", "TrialExplorer",
           "trial_explorer"]
