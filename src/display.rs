//! Rounding for display: the only place where the model's numbers are rounded.
//!
//! Money is shown with exactly 2 decimals, rates, shares and years with exactly 4,
//! both rounded half to even (`MidpointNearestEven`). A value that rounds to zero
//! is shown without a minus sign.

use rust_decimal::Decimal;

/// `value` rounded half to even to exactly `places` decimals, as plain text
/// (`fixed(dec, 2)` gives `"1234.50"`, `"-0.01"`, `"0.00"`).
#[must_use]
pub fn fixed(value: Decimal, places: u32) -> String {
    let mut out = String::new();
    write_fixed(&mut out, value, places);
    out
}

/// Appends [`fixed`]`(value, places)` to `out`, for writers that reuse a buffer.
pub fn write_fixed(out: &mut String, value: Decimal, places: u32) {
    // Rounding the 96-bit mantissa in i128 (exact: |m| < 2^96 and 10^28 < 2^94)
    // and placing the point by hand is several times cheaper than rounding and
    // printing through `Decimal`, and gives the same digits.
    let (mut quotient, scale) = (value.mantissa(), value.scale());
    let shown = if scale > places {
        let divisor = 10_i128.pow(scale - places);
        let remainder = quotient % divisor;
        quotient /= divisor;
        let twice = remainder.abs() * 2;
        if twice > divisor || (twice == divisor && quotient % 2 != 0) {
            quotient += remainder.signum();
        }
        places
    } else {
        scale
    };
    let scale = shown as usize;
    let mut buffer = [0_u8; 40];
    let digits = decimal_digits(quotient.unsigned_abs(), &mut buffer);
    if quotient < 0 {
        out.push('-');
    }
    if digits.len() <= scale {
        out.push('0');
    } else {
        out.push_str(&digits[..digits.len() - scale]);
    }
    if places > 0 {
        out.push('.');
        let fraction = &digits[digits.len().saturating_sub(scale)..];
        out.extend(std::iter::repeat_n('0', scale - fraction.len()));
        out.push_str(fraction);
        out.extend(std::iter::repeat_n('0', places as usize - scale));
    }
}

/// The decimal digits of `n`, written to the end of `buffer` (40 bytes hold any
/// `u128`).
fn decimal_digits(mut n: u128, buffer: &mut [u8; 40]) -> &str {
    let mut start = buffer.len();
    // Most shown values fit in 64 bits, where division is a native instruction.
    while n > u128::from(u64::MAX) {
        start -= 1;
        buffer[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let mut small = n as u64;
    loop {
        start -= 1;
        buffer[start] = b'0' + (small % 10) as u8;
        small /= 10;
        if small == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[start..]).unwrap_or_default()
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
    fn small_large_and_negative_values_keep_their_digits() {
        assert_eq!(money(d("0.005")), "0.00");
        assert_eq!(money(d("0.015")), "0.02");
        assert_eq!(money(d("-0.05")), "-0.05");
        assert_eq!(money(d("-1234.5")), "-1234.50");
        assert_eq!(ratio(d("0.00001")), "0.0000");
        assert_eq!(ratio(d("0.00005")), "0.0000");
        assert_eq!(ratio(d("0.00015")), "0.0002");
        assert_eq!(fixed(d("12.5"), 0), "12");
        assert_eq!(fixed(d("13.5"), 0), "14");
        assert_eq!(
            ratio(d("79228162514264337593543950335")),
            "79228162514264337593543950335.0000"
        );
        assert_eq!(
            money(d("1263059392806095587719832.5513")),
            "1263059392806095587719832.55"
        );
        assert_eq!(money(Decimal::MIN), "-79228162514264337593543950335.00");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(d("1234567.891"), 2), "1,234,567.89");
        assert_eq!(grouped(d("-999.5"), 0), "-1,000");
        assert_eq!(grouped(d("12"), 2), "12.00");
        assert_eq!(percent(d("0.1844"), 1), "18.4 %");
    }

    proptest::proptest! {
        /// Hand-placed digits agree with `Decimal`'s own half-even rounding, always
        /// with exactly `places` decimals (`Decimal` itself cannot add zeros past
        /// 28 digits).
        #[test]
        fn agrees_with_decimal_rounding(
            lo in proptest::prelude::any::<u32>(),
            mid in proptest::prelude::any::<u32>(),
            hi in 0u32..=0x00FF_FFFF,
            negative in proptest::prelude::any::<bool>(),
            scale in 0u32..=28,
            places in 0u32..=4,
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            let shown = fixed(value, places);
            let reference = value.round_dp_with_strategy(
                places,
                rust_decimal::RoundingStrategy::MidpointNearestEven,
            );
            proptest::prop_assert_eq!(d(&shown), reference);
            let decimals = shown.split_once('.').map_or(0, |(_, f)| f.len());
            proptest::prop_assert_eq!(decimals, places as usize);
            let zero = fixed(Decimal::ZERO, places);
            proptest::prop_assert_ne!(shown, format!("-{zero}"));
        }
    }
}
