"""Charts drawn on the server as inline SVG (no script, no CDN), readable on a phone."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

_PALETTE = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828")


def bar_chart(bars: list[tuple[str, float]], *, title: str, unit: str = "", target: float | None = None) -> Markup:
    """Horizontal bars, one per (label, value); a dashed line marks the target when given."""
    width, row, left, right = 360, 34, 96, 56
    top = 30
    height = top + row * max(len(bars), 1) + 10
    scale_max = max([v for _, v in bars] + [target or 0, 1])
    plot = width - left - right
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<text x="4" y="18" font-size="14" font-weight="bold">{escape(title)}</text>']
    if not bars:
        parts.append(f'<text x="{left}" y="{top + 18}" font-size="13" fill="#607d8b">暂无数据</text>')
    for index, (label, value) in enumerate(bars):
        y = top + index * row
        length = plot * value / scale_max
        parts.append(f'<text x="{left - 6}" y="{y + 18}" font-size="12" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="20" rx="3" '
                     f'fill="{_PALETTE[index % len(_PALETTE)]}"/>')
        parts.append(f'<text x="{left + length + 4:.1f}" y="{y + 18}" font-size="12">{value:g}{escape(unit)}</text>')
    if target:
        x = left + plot * target / scale_max
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 6}" stroke="#c62828" '
                     f'stroke-dasharray="4 3"/><text x="{x:.1f}" y="{top - 6}" font-size="11" fill="#c62828" '
                     f'text-anchor="middle">要求 {target:g}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def ratio_ring(part: float, whole: float, *, title: str) -> Markup:
    """A ring showing part of whole as a percentage (e.g. 达标率)."""
    share = part / whole if whole else 0.0
    circumference = 2 * 3.14159 * 40
    label = f"{share:.0%}" if whole else "—"
    return Markup(
        f'<svg class="chart ring" viewBox="0 0 120 130" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><circle cx="60" cy="60" r="40" fill="none" stroke="#e0e0e0" '
        f'stroke-width="14"/><circle cx="60" cy="60" r="40" fill="none" stroke="#2e7d32" stroke-width="14" '
        f'stroke-dasharray="{circumference * share:.1f} {circumference:.1f}" transform="rotate(-90 60 60)"/>'
        f'<text x="60" y="66" font-size="18" text-anchor="middle">{label}</text>'
        f'<text x="60" y="124" font-size="12" text-anchor="middle">{escape(title)}</text></svg>')
