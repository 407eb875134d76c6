"""Chart builders: every figure Waymark draws, for pages (plotly.js) and PDFs (SVG).

See `base.py` for what a Chart is and the rules every builder keeps.
"""

from .base import Chart, Table, shown
from .distributions import Distribution, Reference, distributions
from .heatmap import heatmap
from .trend import Series, trend

__all__ = [
    "Chart",
    "Distribution",
    "Reference",
    "Series",
    "Table",
    "distributions",
    "heatmap",
    "shown",
    "trend",
]
