//! Rounding for display: the only place where the model's numbers are rounded.
//!
//! Money is shown with exactly 2 decimals, rates, shares and years with exactly 4,
//! both rounded half to even (`MidpointNearestEven`). A value that rounds to zero
//! is shown without a minus sign.

use rust_decimal::Decimal;

use crate::exact;

const MAX_SCALE: u32 = Decimal::MAX_SCALE;

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
    // Rounding the 96-bit mantissa by a division by multiplication (see `exact`)
    // and placing the point by hand is several times cheaper than rounding and
    // printing through `Decimal`, and gives the same digits.
    let (magnitude, scale) = (value.mantissa().unsigned_abs(), value.scale());
    let (magnitude, shown) = if scale > places {
        (exact::divide_rounded(magnitude, scale - places), places)
    } else {
        (magnitude, scale)
    };
    // Sign, digits, point and padding zeros are laid out in one buffer and
    // appended at once: the integer part is at least "0", the fraction exactly
    // `places` digits (a mantissa has at most 29 digits, `places` at most 28).
    let scale = shown as usize;
    // Past 28 places every further digit is a zero.
    let (places, beyond) = (
        places.min(MAX_SCALE) as usize,
        places.saturating_sub(MAX_SCALE),
    );
    let mut digits = [b'0'; 40];
    let count = decimal_digits(magnitude, &mut digits);
    let mut text = [b'0'; 72];
    let mut at = 0;
    if value.is_sign_negative() && magnitude != 0 {
        text[0] = b'-';
        at = 1;
    }
    let whole = count.saturating_sub(scale).max(1);
    // Leading digits of the integer part; "0" when it has none.
    let start = digits.len() - count;
    if count > scale {
        text[at..at + whole].copy_from_slice(&digits[start..start + whole]);
    }
    at += whole;
    if places > 0 {
        text[at] = b'.';
        at += 1;
        // The fraction: zeros up to the digits (already '0' in `text`), the
        // digits, then zeros up to `places`.
        let fraction = count.min(scale);
        at += scale - fraction;
        text[at..at + fraction].copy_from_slice(&digits[digits.len() - fraction..]);
        at += fraction + (places - scale);
    }
    out.push_str(std::str::from_utf8(&text[..at]).unwrap_or_default());
    out.extend(std::iter::repeat_n('0', beyond as usize));
}

/// Writes the decimal digits of `n` to the end of `buffer` (40 bytes hold any
/// `u128`), two at a time, and returns how many there are (at least one).
fn decimal_digits(mut n: u128, buffer: &mut [u8; 40]) -> usize {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut start = buffer.len();
    // Most shown values fit in 64 bits, where division by a constant is a
    // multiplication.
    while n > u128::from(u64::MAX) {
        let (high, low) = exact::divide(n, 19);
        n = high;
        let mut low = low as u64;
        for _ in 0..19 {
            start -= 1;
            buffer[start] = b'0' + (low % 10) as u8;
            low /= 10;
        }
    }
    let mut small = n as u64;
    while small >= 100 {
        let pair = (small % 100) as usize * 2;
        small /= 100;
        start -= 2;
        buffer[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if small >= 10 {
        let pair = small as usize * 2;
        start -= 2;
        buffer[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        start -= 1;
        buffer[start] = b'0' + small as u8;
    }
    buffer.len() - start
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
        assert_eq!(fixed(d("-1.5"), 30), format!("-1.5{}", "0".repeat(29)));
        assert_eq!(
            fixed(Decimal::new(1, 28), 28),
            format!("0.{}1", "0".repeat(27))
        );
        assert_eq!(
            fixed(d("123456789012345678901234567.8"), 1),
            "123456789012345678901234567.8"
        );
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
