"""Server-side SVG charts: no script, no external resource, readable without colour.

Every label is escaped. A suppressed cell is drawn as a dashed outline with the word
"suppressed" and no length, so its value cannot be read off the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 560
ROW = 26
LABEL = 170


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed
    css: str = "bar"


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def _svg(height: int, body: list[str], title: str) -> SafeString:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308  every part escaped


def bar_chart(bars: Sequence[Bar], title: str) -> SafeString:
    """Horizontal bars with their counts; suppressed cells shown as suppressed."""
    height = max(1, len(bars)) * ROW + 8
    top = max((b.value or 0 for b in bars), default=0) or 1
    span = WIDTH - LABEL - 70
    body: list[str] = []
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        body.append(
            f'<text x="{LABEL - 8}" y="{y + 17}" text-anchor="end">{escape(bar.label)}</text>'
        )
        if bar.value is None:
            body.append(
                f'<rect class="supp" x="{LABEL}" y="{y + 4}" width="90" height="{ROW - 8}" rx="3"/>'
                f'<text class="supp-label" x="{LABEL + 8}" y="{y + 17}">{escape(_("suppressed"))}</text>'
            )
            continue
        width = round(span * bar.value / top, 1)
        body.append(
            f'<rect class="{escape(bar.css)}" x="{LABEL}" y="{y + 4}" width="{width}" '
            f'height="{ROW - 8}" rx="3"/>'
            f'<text x="{LABEL + width + 6}" y="{y + 17}">{_fmt(bar.value)}</text>'
        )
    return _svg(height, body, title)


def line_chart(points: Sequence[tuple[str, int | None]], title: str) -> SafeString:
    """A trend over periods; a suppressed or missing year leaves a gap, not a zero."""
    height, left, right, top_pad, bottom = 220, 50, 20, 20, 30
    known = [v for _, v in points if v is not None]
    top = max(known, default=0) or 1
    n = max(1, len(points) - 1)
    step = (WIDTH - left - right) / n if len(points) > 1 else 0

    def xy(i: int, v: int) -> tuple[float, float]:
        x = left + i * step if len(points) > 1 else WIDTH / 2
        y = top_pad + (height - top_pad - bottom) * (1 - v / top)
        return round(x, 1), round(y, 1)

    body = [
        f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{WIDTH - right}" y2="{height - bottom}" stroke-width="1"/>'
    ]
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (label, value) in enumerate(points):
        x = xy(i, 0)[0]
        body.append(
            f'<text x="{x}" y="{height - 10}" text-anchor="middle">{escape(label)}</text>'
        )
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            body.append(
                f'<text class="supp-label" x="{x}" y="{height - bottom - 8}" text-anchor="middle">{escape(_("suppressed"))}</text>'
            )
            continue
        px, py = xy(i, value)
        segment.append(f"{px},{py}")
        body.append(f'<circle class="dot" cx="{px}" cy="{py}" r="4"/>')
        body.append(
            f'<text x="{px}" y="{py - 9}" text-anchor="middle">{_fmt(value)}</text>'
        )
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            body.insert(1, f'<polyline class="line" points="{" ".join(seg)}"/>')
    return _svg(height, body, title)


def interval_chart(
    observed: int | None, estimate: float, lower: float, upper: float, title: str
) -> SafeString:
    """The estimated total with its interval, beside the persons actually observed."""
    height, left, right = 90, 20, 20
    top = max(upper, estimate, observed or 0) * 1.05 or 1

    def x(v: float) -> float:
        return round(left + (WIDTH - left - right) * v / top, 1)

    body = [
        f'<line class="axis" x1="{left}" y1="60" x2="{WIDTH - right}" y2="60" stroke-width="1"/>',
        f'<rect class="band" x="{x(lower)}" y="30" width="{max(1.0, x(upper) - x(lower))}" height="20" rx="3"/>',
        f'<line class="line" x1="{x(estimate)}" y1="24" x2="{x(estimate)}" y2="56"/>',
        f'<text x="{x(estimate)}" y="18" text-anchor="middle">{_fmt(estimate)}</text>',
        f'<text class="muted" x="{x(lower)}" y="76" text-anchor="middle">{_fmt(lower)}</text>',
        f'<text class="muted" x="{x(upper)}" y="76" text-anchor="middle">{_fmt(upper)}</text>',
    ]
    if observed is not None:
        body.append(f'<circle class="dot" cx="{x(observed)}" cy="40" r="5"/>')
        # A plain call, not inside the f-string, so that makemessages finds it.
        word = escape(_("observed"))
        body.append(
            f'<text x="{x(observed)}" y="88" text-anchor="middle">{word} {_fmt(observed)}</text>'
        )
    return _svg(height, body, title)
