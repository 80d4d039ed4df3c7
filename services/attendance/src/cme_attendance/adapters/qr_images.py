"""QR code images (PNG and SVG) of the check-in and check-out URLs."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from qrcode.image.pure import PyPNGImage


def png(data: str) -> bytes:
    """A PNG of the QR code, large enough to scan from the back of a room on a projector."""
    image = qrcode.make(data, image_factory=PyPNGImage, box_size=12, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def svg(data: str) -> bytes:
    """An SVG of the QR code (scales to any display)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
