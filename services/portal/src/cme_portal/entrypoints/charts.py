"""Charts drawn on the server as inline SVG (no script, no CDN), readable on a phone.

Each chart is a figure: its title as a caption, the drawing, and its numbers in a table under
a 查看数据 toggle, for those who cannot see the drawing or want the exact figures. The drawing
is 320 units wide, the width of a card on a 390 px phone, so its 14-unit text shows at 14 px
there; label and value columns are as wide as their longest text, so nothing overlaps or is
cut off.
"""

from __future__ import annotations

from markupsafe import Markup, escape

_PALETTE = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828")
WIDTH, ROW, BAR, FONT = 320, 30, 20, 14
MIN_PLOT = 120  # bars narrower than this stop telling values apart


def _text_width(text: str) -> float:
    """Rough width in units at FONT: Chinese and full-width characters take a whole em, others about 0.6."""
    return sum(FONT if ord(ch) > 0x2000 else FONT * 0.6 for ch in text)


def _number(value: float) -> str:
    """12.5, 3, 1234567.5: no trailing zeros, and no exponent for large totals."""
    return f"{value:.10g}"


def _fit(text: str, room: float) -> str:
    """The text, shortened with an ellipsis to fit `room` (the table keeps it whole)."""
    if _text_width(text) <= room:
        return text
    while len(text) > 1 and _text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def bar_chart(bars: list[tuple[str, float]], *, title: str, unit: str = "", target: float | None = None) -> Markup:
    """Horizontal bars, one per (label, value); a dashed line marks the target when given."""
    if not bars:
        return Markup(
            f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="muted">暂无数据</p></figure>'
        )
    values = [f"{_number(value)}{unit}" for _, value in bars]
    right = max(_text_width(v) for v in values) + 8
    left = min(max(_text_width(label) for label, _ in bars) + 10, WIDTH - right - MIN_PLOT)
    plot = WIDTH - left - right
    top = 24 if target else 6  # room above the bars for the target's label
    height = top + ROW * len(bars) + 4
    scale_max = max([v for _, v in bars] + [target or 0, 1])
    summary = "；".join(f"{label} {v}" for (label, _), v in zip(bars, values, strict=True))
    if target:
        summary += f"；要求 {_number(target)}{unit}"
    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" role="img" font-size="{FONT}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>"]
    for index, ((label, value), shown) in enumerate(zip(bars, values, strict=True)):
        y = top + index * ROW
        length = plot * value / scale_max
        parts.append(f'<text x="{left - 6:.0f}" y="{y + 19}" text-anchor="end">{escape(_fit(label, left - 10))}</text>'
                     f'<rect x="{left:.0f}" y="{y + 4}" width="{length:.1f}" height="{BAR}" rx="3" '
                     f'fill="{_PALETTE[index % len(_PALETTE)]}"/>'
                     f'<text x="{left + length + 4:.1f}" y="{y + 19}">{escape(shown)}</text>')
    if target:
        x = left + plot * target / scale_max
        label = f"要求 {_number(target)}{unit}"
        half = _text_width(label) / 2
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height}" stroke="#c62828" stroke-dasharray="4 3"/>'
            f'<text x="{min(max(x, half), WIDTH - half):.1f}" y="{top - 8}" fill="#c62828" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    rows = list(zip([label for label, _ in bars], values, strict=True))
    if target:
        rows.append(("要求", f"{_number(target)}{unit}"))
    return _figure(title, Markup("".join(parts)), rows)


def ratio_ring(part: float, whole: float, *, title: str, part_label: str, whole_label: str) -> Markup:
    """A ring showing part of whole as a percentage (e.g. 达标率: 已达标 of 学员)."""
    share = part / whole if whole else 0.0
    circumference = 2 * 3.14159 * 44
    shown = f"{share:.0%}" if whole else "—"
    summary = f"{part_label} {_number(part)}，{whole_label} {_number(whole)}，{shown}"
    svg = Markup(
        f'<svg class="ring" viewBox="0 0 120 120" role="img" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>"
        f'<circle cx="60" cy="60" r="44" fill="none" stroke="#e0e0e0" stroke-width="14"/>'
        f'<circle cx="60" cy="60" r="44" fill="none" stroke="#2e7d32" stroke-width="14" '
        f'stroke-dasharray="{circumference * share:.1f} {circumference:.1f}" transform="rotate(-90 60 60)"/>'
        f'<text x="60" y="68" font-size="22" text-anchor="middle">{shown}</text></svg>')
    return _figure(title, svg, [(part_label, f"{_number(part)}"), (whole_label, f"{_number(whole)}"), ("比例", shown)])


def _figure(title: str, drawing: Markup, rows: list[tuple[str, str]]) -> Markup:
    """The drawing under its caption, with its numbers as a table behind 查看数据."""
    body = "".join(f"<tr><td>{escape(label)}</td><td>{escape(value)}</td></tr>" for label, value in rows)
    return Markup(f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{drawing}'
                  f"<details><summary>查看数据</summary><table><thead><tr><th>分类</th><th>数值</th></tr></thead>"
                  f"<tbody>{body}</tbody></table></details></figure>")
