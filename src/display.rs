//! Rounding for display: the only place where the model's numbers are rounded.
//!
//! Money is shown with exactly 2 decimals, rates, shares and years with exactly 4,
//! both rounded half to even (`MidpointNearestEven`). A value that rounds to zero
//! is shown without a minus sign.

use rust_decimal::{Decimal, RoundingStrategy};

/// `value` rounded half to even to exactly `places` decimals, as plain text
/// (`fixed(dec, 2)` gives `"1234.50"`, `"-0.01"`, `"0.00"`).
#[must_use]
pub fn fixed(value: Decimal, places: u32) -> String {
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    rounded.rescale(places);
    rounded.to_string()
}

/// Money as written to result files: exactly 2 decimals.
#[must_use]
pub fn money(value: Decimal) -> String {
    fixed(value, 2)
}

/// A rate, share or number of years as written to result files: exactly 4 decimals.
#[must_use]
pub fn ratio(value: Decimal) -> String {
    fixed(value, 4)
}

/// `value` rounded to `places` decimals with a comma between thousands
/// (`grouped(dec, 2)` gives `"1,234,567.50"`), for reports read by people.
#[must_use]
pub fn grouped(value: Decimal, places: u32) -> String {
    let text = fixed(value, places);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A share as a percentage with `places` decimals (`percent(dec, 1)` of 0.1844
/// gives `"18.4 %"`).
#[must_use]
pub fn percent(value: Decimal, places: u32) -> String {
    match value.checked_mul(Decimal::ONE_HUNDRED) {
        Some(hundredfold) => format!("{} %", grouped(hundredfold, places)),
        None => format!("{} x 100 %", grouped(value, places)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounds_half_to_even_with_fixed_places() {
        assert_eq!(money(d("2.345")), "2.34");
        assert_eq!(money(d("2.355")), "2.36");
        assert_eq!(money(d("7")), "7.00");
        assert_eq!(money(d("-0.001")), "0.00");
        assert_eq!(ratio(d("0.12345")), "0.1234");
        assert_eq!(ratio(d("1")), "1.0000");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(d("1234567.891"), 2), "1,234,567.89");
        assert_eq!(grouped(d("-999.5"), 0), "-1,000");
        assert_eq!(grouped(d("12"), 2), "12.00");
        assert_eq!(percent(d("0.1844"), 1), "18.4 %");
    }
}
