"""Colours that people with colour-vision deficiency tell apart, and never colour alone."""

from __future__ import annotations

import pytest

from palermo.report.palette import (
    HATCHES,
    MARKERS,
    PALETTE,
    delta_e,
    hex_to_rgb,
    simulate,
    worst_difference,
)


@pytest.mark.parametrize("deficiency", ["protanopia", "deuteranopia", "tritanopia"])
def test_the_first_four_series_colours_stay_distinct_under_colour_blindness(
    deficiency: str,
) -> None:
    # No chart of the report has more than four series. A CIE76 difference of 20 is
    # far above the just-noticeable 2.3: the colours read as different colours.
    seen = [simulate(c, deficiency) for c in PALETTE[:4]]
    for i, a in enumerate(seen):
        for b in seen[i + 1 :]:
            assert delta_e(a, b) >= 20


def test_every_colour_of_the_palette_stays_distinct_from_every_other() -> None:
    difference, _ = worst_difference(PALETTE)
    assert difference >= 15


def test_the_simulation_leaves_greys_grey_and_confuses_red_with_green() -> None:
    # Checks on the simulation itself: a neutral grey is unchanged, and pure red and
    # green, obvious to most people, come close for a deuteranope.
    grey = simulate("#808080", "deuteranopia")
    assert delta_e(grey, hex_to_rgb("#808080")) < 1
    normal = delta_e(hex_to_rgb("#FF0000"), hex_to_rgb("#00FF00"))
    deutan = delta_e(
        simulate("#FF0000", "deuteranopia"), simulate("#00FF00", "deuteranopia")
    )
    assert deutan < normal / 3


def test_every_series_also_has_its_own_pattern_and_marker() -> None:
    assert len(set(HATCHES)) == len(HATCHES) >= len(PALETTE)
    assert len(set(MARKERS)) == len(MARKERS) >= len(PALETTE)
