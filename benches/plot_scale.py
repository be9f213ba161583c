#!/usr/bin/env python3
"""Draw the table printed by benches/scale.sh as a small SVG: seconds against rows
(horizon 5) and seconds per 100,000 rows against the horizon, one line per thread
count. Straight lines mean linear growth.

    bash benches/scale.sh > scale.md && python3 benches/plot_scale.py < scale.md > docs/scaling.svg
"""
import math
import sys

rows = []
for line in sys.stdin:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 7 and cells[0].isdigit():
        rows.append((int(cells[0]), int(cells[1]), float(cells[2]), float(cells[4])))
if not rows:
    sys.exit("plot_scale: no table rows on stdin (run benches/scale.sh first)")

W, H = 720, 300
PANEL_W, PANEL_H = 270, 190
LEFT = [(70, 40), (430, 40)]
SERIES = [("1 thread", 2, "#1f5f99"), ("all threads", 3, "#d9822b")]
out = []


def text(x, y, s, anchor="middle", size=12, weight="normal"):
    s = s.replace("&", "&amp;").replace("<", "&lt;")
    out.append(
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="DejaVu Sans, sans-serif" '
        f'font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="#222">{s}</text>'
    )


def panel(origin, title, xlabel, ylabel, points, xticks, xmap, ymax, name):
    ox, oy = origin
    text(ox + PANEL_W / 2, oy - 14, title, size=13, weight="bold")
    out.append(
        f'<rect x="{ox}" y="{oy}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#888"/>'
    )
    ystep = nice_step(ymax / 4)
    top = ystep * math.ceil(ymax / ystep)
    y = 0.0
    while y <= top + 1e-9:
        py = oy + PANEL_H - y / top * PANEL_H
        out.append(f'<line x1="{ox}" y1="{py:.1f}" x2="{ox + PANEL_W}" y2="{py:.1f}" stroke="#e4e4e4"/>')
        text(ox - 6, py + 4, f"{y:g}", anchor="end", size=11)
        y += ystep
    for value, label in xticks:
        px = ox + xmap(value) * PANEL_W
        text(px, oy + PANEL_H + 16, label, size=11)
    text(ox + PANEL_W / 2, oy + PANEL_H + 34, xlabel, size=12)
    text(ox - 44, oy + PANEL_H / 2, ylabel, size=12)
    out[-1] = out[-1].replace(
        "<text ", f'<text transform="rotate(-90 {ox - 44} {oy + PANEL_H / 2})" ', 1
    )
    for label, column, colour in SERIES:
        coords = [
            (ox + xmap(x) * PANEL_W, oy + PANEL_H - p[column] / top * PANEL_H, x, p[column])
            for x, p in points
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, v, seconds in coords:
            out.append(
                f'<circle class="{name}" data-series="{label}" data-x="{v}" '
                f'data-seconds="{seconds:.4f}" cx="{x:.3f}" cy="{y:.3f}" r="4" fill="{colour}"/>'
            )


def nice_step(raw):
    if raw <= 0:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


by_rows = sorted(
    ((r, (r, h, t1, tn)) for r, h, t1, tn in rows if h == 5), key=lambda p: p[0]
)
by_horizon = sorted(
    ((h, (r, h, t1 * 100000 / r, tn * 100000 / r)) for r, h, t1, tn in rows if r == 100000),
    key=lambda p: p[0],
)
out.append(
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">'
)
out.append(f'<rect width="{W}" height="{H}" fill="white"/>')
max_rows = max(r for r, _ in by_rows)
panel(
    LEFT[0],
    "Batch time against rows (horizon 5)",
    "rows",
    "seconds",
    by_rows,
    [(max_rows * k / 4, f"{max_rows * k // 4:,}") for k in range(5)],
    lambda r: r / max_rows,
    max(max(p[2], p[3]) for _, p in by_rows),
    "rows",
)
max_h = max(h for h, _ in by_horizon) if by_horizon else 50
if by_horizon:
    panel(
        LEFT[1],
        "Per 100,000 rows against horizon",
        "horizon, years",
        "seconds",
        by_horizon,
        [(h, str(h)) for h, _ in by_horizon],
        lambda h: h / max_h,
        max(max(p[2], p[3]) for _, p in by_horizon),
        "horizon",
    )
for i, (label, _, colour) in enumerate(SERIES):
    x = 250 + i * 130
    out.append(f'<rect x="{x}" y="{H - 22}" width="14" height="4" fill="{colour}"/>')
    text(x + 20, H - 16, label, anchor="start", size=12)
out.append("</svg>")
print("\n".join(out))
