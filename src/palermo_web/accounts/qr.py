"""The authenticator's QR code as inline SVG (no image file, no external service)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str) -> SafeString:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # The SVG is generated from our own device URL, not from user input.
    return mark_safe(svg)  # noqa: S308
