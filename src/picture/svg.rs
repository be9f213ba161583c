//! A small SVG writer: shapes and text with every attribute escaped.

// A shape is its coordinates and its style; grouping them would only rename them.
#![allow(clippy::too_many_arguments)]

use std::fmt::Write as _;

/// Text made safe for XML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            // Not characters in XML 1.0.
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An SVG document being written.
pub(crate) struct Svg {
    out: String,
}

impl Svg {
    pub fn new(width: f64, height: f64) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\
             <defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
             <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1f4e79\" stroke-width=\"2\"/>\
             </pattern></defs><rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>"
        );
        Svg { out }
    }

    pub fn title(&mut self, text: &str) {
        let _ = write!(
            self.out,
            "<title>{t}</title><text x=\"24\" y=\"30\" font-size=\"16\" font-weight=\"bold\">{t}</text>",
            t = escape(text)
        );
    }

    pub fn text(&mut self, x: f64, y: f64, size: f64, anchor: &str, fill: &str, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{}</text>",
            escape(text)
        );
    }

    /// A label under an axis, turned 35° so that long names do not overlap.
    pub fn text_rotated(&mut self, x: f64, y: f64, size: f64, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"end\" \
             transform=\"rotate(-35 {x:.1} {y:.1})\">{}</text>",
            escape(text)
        );
    }

    /// A vertical axis title, read bottom to top.
    pub fn text_rotated_left(&mut self, x: f64, y: f64, size: f64, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"middle\" \
             transform=\"rotate(-90 {x:.1} {y:.1})\">{}</text>",
            escape(text)
        );
    }

    /// A bar, with its label as an id-like attribute for tests and readers of the
    /// SVG source.
    pub fn rect_labelled(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &str,
        stroke: &str,
        label: &str,
    ) {
        let _ = write!(
            self.out,
            "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{fill}\" \
             stroke=\"{stroke}\" stroke-width=\"1\" data-label=\"{}\"/>",
            escape(label)
        );
    }

    pub fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: &str,
        width: f64,
        dash: Option<&str>,
    ) {
        let dash = dash.map_or(String::new(), |d| format!(" stroke-dasharray=\"{d}\""));
        let _ = write!(
            self.out,
            "<line x1=\"{x1:.2}\" y1=\"{y1:.2}\" x2=\"{x2:.2}\" y2=\"{y2:.2}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>"
        );
    }

    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        let list: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.2},{y:.2}"))
            .collect();
        let _ = write!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            list.join(" ")
        );
    }

    /// Markup written by the caller, its text already escaped.
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}
