//! What the pictures share: the width of text in DejaVu Sans, round axis ticks,
//! short money for ticks and captions, the placing of labels so that none
//! overlaps another, and one colour and one shape per verdict.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::display::grouped;
use crate::words::{Verdict, Word};

use super::svg::{Svg, escape};

/// Advance widths of DejaVu Sans for the printable ASCII characters (space to
/// `~`), in font units of 2048 to the em.
const ASCII: [u16; 95] = [
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048,
    1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235,
    1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024,
    1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300,
    1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
];

/// The advance width of one character, in units of 2048 to the em: the
/// pictures' own characters exactly, any other one as a wide letter (Cyrillic
/// capitals are at most about 1.1 em, their mean about 0.72 em).
fn advance(c: char) -> u16 {
    match c {
        ' '..='~' => ASCII[c as usize - 32],
        '€' | '₽' | '£' | '¥' => 1303,
        '×' | '−' | '→' | '≥' | '≤' | '±' => 1716,
        '–' | '°' => 1024,
        '—' | '…' => 2048,
        '·' | '’' => 651,
        '⁻' | '⁺' => 1081,
        'κ' | 'η' | 'δ' => 1300,
        _ => 1600,
    }
}

/// The width in pixels of `text` drawn in DejaVu Sans at `size` pixels, as the
/// pictures lay it out (every label is placed with it; a font with other
/// metrics draws the same text a little wider or narrower).
///
/// ```
/// let w = keyaccount::picture::text_width("1,000", 10.0);
/// assert!((w - 28.6).abs() < 0.1);
/// ```
#[must_use]
pub fn text_width(text: &str, size: f64) -> f64 {
    let units: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    f64::from(units) * size / 2048.0
}

/// A box on the canvas, in pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    /// The box of a line of text whose baseline starts at `(x, y)`.
    pub fn of_text(x: f64, y: f64, size: f64, anchor: &str, text: &str) -> Rect {
        let w = text_width(text, size);
        let x0 = match anchor {
            "end" => x - w,
            "middle" => x - w / 2.0,
            _ => x,
        };
        Rect::new(x0, y - 0.8 * size, x0 + w, y + 0.25 * size)
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    fn grown(&self, by: f64) -> Rect {
        Rect::new(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)
    }
}

/// Places labels next to points so that no label overlaps another, nor any
/// text already reserved, and each stays inside its bounds: the first of a
/// ring of positions around the point that is free, preferring positions that
/// leave the markers visible, further out (with a leader line) when the near
/// ring is full; a label that finds no place is left out.
pub(crate) struct Placer {
    bounds: Rect,
    taken: Vec<Rect>,
    markers: Vec<Rect>,
    rings: usize,
}

/// How far beyond its point's edge each ring of label positions lies, in pixels.
const RINGS: [f64; 6] = [0.0, 12.0, 26.0, 42.0, 62.0, 86.0];

/// Where a label went: the baseline's start, and whether it needs a leader line
/// back to its point.
pub(crate) struct Placed {
    pub x: f64,
    pub y: f64,
    pub leader: Option<(f64, f64)>,
}

impl Placer {
    pub fn new(bounds: Rect) -> Placer {
        Placer {
            bounds,
            taken: Vec::new(),
            markers: Vec::new(),
            rings: RINGS.len(),
        }
    }

    /// Labels stay within the first `rings` rings of positions around their
    /// point, so that a crowded chart leaves a label out rather than draw a
    /// long leader line across it.
    pub fn near(mut self, rings: usize) -> Placer {
        self.rings = rings.clamp(1, RINGS.len());
        self
    }

    /// Text drawn elsewhere that labels must not cover.
    pub fn reserve(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// A marker that labels should rather leave visible.
    pub fn marker(&mut self, x: f64, y: f64, r: f64) {
        self.markers.push(Rect::new(x - r, y - r, x + r, y + r));
    }

    /// A place for a label of `text` at `size` next to the point `(x, y)` drawn
    /// with radius `r`.
    pub fn place(&mut self, x: f64, y: f64, r: f64, size: f64, text: &str) -> Option<Placed> {
        let w = text_width(text, size);
        let h = 1.05 * size;
        let mut candidates = Vec::new();
        for (ring, distance) in RINGS.iter().take(self.rings).enumerate() {
            let d = r + 3.0 + distance;
            // Right, left, above, below, then the corners.
            let spots = [
                (x + d, y - h / 2.0),
                (x - d - w, y - h / 2.0),
                (x - w / 2.0, y - d - h),
                (x - w / 2.0, y + d),
                (x + d * 0.7, y - d * 0.7 - h),
                (x - d * 0.7 - w, y - d * 0.7 - h),
                (x + d * 0.7, y + d * 0.7),
                (x - d * 0.7 - w, y + d * 0.7),
            ];
            for (x0, y0) in spots {
                candidates.push((ring, Rect::new(x0, y0, x0 + w, y0 + h)));
            }
        }
        let free = |b: &Rect, taken: &[Rect]| {
            b.inside(&self.bounds) && !taken.iter().any(|t| t.overlaps(&b.grown(1.5)))
        };
        let clear = |b: &Rect| !self.markers.iter().any(|m| m.overlaps(b));
        let chosen = candidates
            .iter()
            .find(|(_, b)| free(b, &self.taken) && clear(b))
            .or_else(|| candidates.iter().find(|(_, b)| free(b, &self.taken)))?;
        let (ring, b) = *chosen;
        self.taken.push(b);
        let leader = (ring > 0).then(|| {
            // From the point's edge to the nearest point of the box.
            let (cx, cy) = (x.clamp(b.x0, b.x1), y.clamp(b.y0, b.y1));
            (cx, cy)
        });
        Some(Placed {
            x: b.x0,
            y: b.y0 + 0.8 * size,
            leader,
        })
    }
}

/// Round ticks from `lo` to `hi`, about `count` of them: steps of 1, 2, 2.5 or
/// 5 times a power of ten. The first tick is at or below `lo`, the last at or
/// above `hi`, so an axis from the first to the last covers the data.
pub(crate) fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    let span = if hi - lo > 0.0 {
        hi - lo
    } else {
        lo.abs().max(1.0)
    };
    let rough = span / count.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor();
    let last = (hi / step).ceil().max(first + 1.0);
    let n = (last - first) as usize;
    (0..=n.min(100))
        .map(|i| {
            let t = (first + i as f64) * step;
            // −0 prints as 0.
            if t.abs() < step * 1e-9 { 0.0 } else { t }
        })
        .collect()
}

/// An amount on a tick: short, with k, M or bn, as many decimals as the step
/// between ticks needs (`2.5 M`, `-500 k`).
pub(crate) fn tick_money(v: f64, step: f64) -> String {
    if v.abs() < step.abs() * 1e-6 {
        return "0".to_owned();
    }
    let big = v.abs().max(step.abs());
    let (unit, suffix) = if big >= 1e9 {
        (1e9, " bn")
    } else if big >= 1e6 {
        (1e6, " M")
    } else if big >= 1e4 {
        (1e3, " k")
    } else {
        (1.0, "")
    };
    let digits: i32 = if step > 0.0 {
        (-(step / unit).log10().floor()).clamp(0.0, 3.0) as i32
    } else {
        0
    };
    // A step of 2.5 needs one more.
    let digits = digits + i32::from((step / unit * 10f64.powi(digits)).fract().abs() > 1e-6);
    let places = usize::try_from(digits).unwrap_or(0);
    let text = format!("{:.*}", places, v / unit);
    let text = if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text.trim_start_matches('-').to_owned()
    } else {
        text
    };
    format!("{text}{suffix}")
}

/// An amount in words: three significant digits with k, M or bn (`3.66 M`,
/// `-480 k`, `950`), from the exact figure.
#[must_use]
pub(crate) fn compact(x: Decimal) -> String {
    let abs = x.abs();
    let (unit, suffix) = if abs >= Decimal::from(999_500_000) {
        (Decimal::from(1_000_000_000), " bn")
    } else if abs >= Decimal::from(999_500) {
        (Decimal::from(1_000_000), " M")
    } else if abs >= Decimal::from(10_000) {
        (Decimal::from(1_000), " k")
    } else {
        return grouped(x, 0);
    };
    let scaled = x.checked_div(unit).unwrap_or_default();
    let rounded = scaled.round_sf(3).unwrap_or(scaled).normalize();
    format!("{}{suffix}", grouped(rounded, rounded.scale()))
}

/// The colour of a verdict, from the Okabe–Ito palette (distinct for readers
/// with any common colour-vision deficiency), grey for `decline`; every picture
/// pairs it with the verdict's word or shape.
#[must_use]
pub fn colour(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Retain => "#009E73",
        Verdict::Pursue => "#0072B2",
        Verdict::Restructure => "#E69F00",
        Verdict::RetainStrategic | Verdict::PursueStrategic => "#CC79A7",
        Verdict::Release => "#D55E00",
        Verdict::Decline => "#999999",
    }
}

/// The verdicts in the order a reader meets them: what to keep, what to work
/// on, what to let go, then the prospects.
pub(crate) const ORDER: [Verdict; 7] = [
    Verdict::Retain,
    Verdict::Restructure,
    Verdict::RetainStrategic,
    Verdict::Release,
    Verdict::Pursue,
    Verdict::PursueStrategic,
    Verdict::Decline,
];

/// A marker of a verdict at `(x, y)` with the area of a circle of radius `r`:
/// circle to keep or pursue, square to restructure, diamond for the image,
/// triangle up to release, triangle down to decline.
pub(crate) fn marker(s: &mut Svg, id: Option<&str>, verdict: Verdict, x: f64, y: f64, r: f64) {
    let c = colour(verdict);
    let id = id.map_or(String::new(), |i| format!(" id=\"{}\"", escape(i)));
    let style = format!(
        "fill=\"{c}\" fill-opacity=\"0.45\" stroke=\"{c}\" stroke-width=\"1.5\" data-verdict=\"{}\"",
        verdict.as_str()
    );
    let mut out = String::new();
    match verdict {
        Verdict::Retain | Verdict::Pursue => {
            let _ = write!(
                out,
                "<circle{id} cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{r:.2}\" {style}/>"
            );
        }
        Verdict::Restructure => {
            // A square of the circle's area.
            let k = r * 0.886;
            let _ = write!(
                out,
                "<rect{id} x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" {style}/>",
                x - k,
                y - k,
                2.0 * k,
                2.0 * k
            );
        }
        Verdict::RetainStrategic | Verdict::PursueStrategic => {
            let k = r * 1.253;
            let _ = write!(
                out,
                "<path{id} d=\"M{x:.2} {:.2}L{:.2} {y:.2}L{x:.2} {:.2}L{:.2} {y:.2}z\" {style}/>",
                y - k,
                x + k,
                y + k,
                x - k
            );
        }
        Verdict::Release | Verdict::Decline => {
            // A triangle of the circle's area whose box is centred on the
            // point: up to release, down to decline.
            let k = r * 1.555;
            let sign = if verdict == Verdict::Release {
                1.0
            } else {
                -1.0
            };
            let _ = write!(
                out,
                "<path{id} d=\"M{x:.2} {:.2}L{:.2} {:.2}L{:.2} {:.2}z\" {style}/>",
                y - sign * k * 0.75,
                x + k * 0.866,
                y + sign * k * 0.75,
                x - k * 0.866,
                y + sign * k * 0.75
            );
        }
    }
    s.raw(&out);
}

/// A legend of the verdicts that occur, in [`ORDER`]: each marker with its
/// word, in a row from `(x, y)` wrapping before `right`. Returns the bottom of
/// the last row.
pub(crate) fn legend(s: &mut Svg, verdicts: &[Verdict], x: f64, y: f64, right: f64) -> f64 {
    let (mut cx, mut cy) = (x, y);
    for v in ORDER.iter().filter(|v| verdicts.contains(v)) {
        let w = 20.0 + text_width(v.as_str(), 11.0) + 18.0;
        if cx + w > right && cx > x {
            cx = x;
            cy += 18.0;
        }
        marker(s, None, *v, cx + 6.0, cy - 4.0, 6.0);
        s.text(cx + 16.0, cy, 11.0, "start", "#000", v.as_str());
        cx += w;
    }
    cy + 6.0
}

/// A long name cut at a word to at most `max` characters, with an ellipsis.
pub(crate) fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_owned();
    }
    let cut: String = name.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i >= max / 2 => cut[..i].to_owned(),
        _ => cut,
    };
    format!("{}…", at_word.trim_end())
}
