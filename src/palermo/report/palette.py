"""Colours, patterns and markers that people with colour-vision deficiency can tell apart.

The palette is Okabe and Ito's (2008), ordered so that the first colours stay furthest
apart under simulated protanopia, deuteranopia and tritanopia (Machado, Oliveira &
Fernandes 2009, severity 1). Colour is never the only cue: every series also has its
own hatch pattern and marker, and bars carry their values as text.
"""

from __future__ import annotations

import itertools
import math

# Okabe–Ito: blue, vermillion, sky blue, reddish purple, bluish green, orange, yellow.
# Yellow comes last: it is hard to see as a line on white.
PALETTE = ("#0072B2", "#D55E00", "#56B4E9", "#CC79A7", "#009E73", "#E69F00", "#F0E442")
# Hatches are drawn in white on dark colours and in ink on light ones.
HATCH_COLOURS = (
    "#FFFFFF",
    "#FFFFFF",
    "#1A1A1A",
    "#FFFFFF",
    "#FFFFFF",
    "#1A1A1A",
    "#1A1A1A",
)
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LINESTYLES = (
    "-",
    "--",
    ":",
    "-.",
    (0, (5, 1, 1, 1)),
    (0, (1, 1)),
    (0, (3, 1, 1, 1, 1, 1)),
)
INK = "#1A1A1A"
MUTED = "#5A5A5A"
WITHHELD = "#6B6B6B"

# Simulation matrices in linear RGB (Machado et al. 2009, severity 1.0).
CVD_MATRICES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

Rgb = tuple[float, float, float]


def series_style(index: int) -> dict[str, object]:
    """Colour, hatch, marker and line style of the ``index``-th series."""
    i = index % len(PALETTE)
    return {
        "color": PALETTE[i],
        "hatch": HATCHES[i],
        "hatchcolor": HATCH_COLOURS[i],
        "marker": MARKERS[i],
        "linestyle": LINESTYLES[i],
    }


def hex_to_rgb(colour: str) -> Rgb:
    """``#RRGGBB`` as three floats in [0, 1]."""
    text = colour.lstrip("#")
    r, g, b = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(colour: str, deficiency: str) -> Rgb:
    """How ``colour`` looks to someone with ``deficiency`` (sRGB in [0, 1])."""
    matrix = CVD_MATRICES[deficiency]
    linear = [_to_linear(c) for c in hex_to_rgb(colour)]
    out = [sum(m * c for m, c in zip(row, linear, strict=True)) for row in matrix]
    r, g, b = (_to_srgb(c) for c in out)
    return (r, g, b)


def to_lab(rgb: Rgb) -> Rgb:
    """sRGB (D65) to CIELAB."""
    r, g, b = (_to_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return math.cbrt(t) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(a: Rgb, b: Rgb) -> float:
    """CIE76 colour difference of two sRGB colours (about 2.3 is just noticeable)."""
    return math.dist(to_lab(a), to_lab(b))


def worst_difference(colours: tuple[str, ...] | list[str]) -> tuple[float, str]:
    """The smallest difference between two of ``colours`` under any simulation.

    Returns the difference and the deficiency under which it occurs.
    """
    worst = (math.inf, "")
    for deficiency in ("normal", *CVD_MATRICES):
        seen = [
            hex_to_rgb(c) if deficiency == "normal" else simulate(c, deficiency)
            for c in colours
        ]
        for a, b in itertools.combinations(seen, 2):
            worst = min(worst, (delta_e(a, b), deficiency))
    return worst


__all__ = [
    "CVD_MATRICES",
    "HATCHES",
    "HATCH_COLOURS",
    "INK",
    "LINESTYLES",
    "MARKERS",
    "MUTED",
    "PALETTE",
    "WITHHELD",
    "delta_e",
    "hex_to_rgb",
    "series_style",
    "simulate",
    "to_lab",
    "worst_difference",
]
