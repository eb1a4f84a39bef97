"""Legends that wrap into as many columns as fit, so a narrow window keeps its plot."""
from __future__ import annotations

import math

import pyqtgraph as pg

#: pyqtgraph's LegendItem draws 20 px swatches.
LEGEND_SAMPLE_PX = 20


def fit_legend(legend: pg.LegendItem, room: float) -> None:
    """Wrap ``legend`` into as many columns as fit in ``room`` pixels (one row at best).

    A legend in a plot's title row sets the plot's minimum width: without
    wrapping, a narrow window would cut the plot off."""
    spacing = legend.layout.horizontalSpacing()
    left, _, right, _ = legend.layout.getContentsMargins()
    room -= left + right
    widths = [LEGEND_SAMPLE_PX + 2 * spacing + label.item.boundingRect().width() for _, label in legend.items]
    columns = 1
    for count in range(len(widths), 1, -1):
        if sum(max(widths[col::count]) for col in range(count)) <= room:
            columns = count
            break
    if widths:  # rows as even as the same number of rows allows: no lone last entry
        columns = math.ceil(len(widths) / math.ceil(len(widths) / columns))
    if legend.columnCount != columns:
        legend.setColumnCount(columns)
    legend.updateGeometry()  # LegendItem only sets its own geometry: tell the layouts
