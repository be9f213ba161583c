//! Exact decimal multiplication, result for result the one `Decimal::checked_mul`
//! gives, in a fraction of its time.
//!
//! A valuation multiplies 28-digit factors (a discount factor `1/(1+r)`, a survival
//! rate, running products of both) dozens of times per account. Their exact
//! product has up to 58 digits and must be rounded back to 28, and rust_decimal
//! does that by dividing the 192-bit product by powers of ten read from a table:
//! hardware divisions, about two thirds of a valuation's time. Here the same
//! rounding divides by powers of ten known when the code is compiled, which the
//! compiler turns into multiplications.
//!
//! The rule is rust_decimal's, restated: the exact product `P` at scale
//! `s = s₁ + s₂` is divided by `10^k`, with `k` the smallest count at least
//! `s − 28` for which the quotient fits in 96 bits, and rounded half to even;
//! a rounding that reaches 2⁹⁶ takes one more digit off. If `k` would exceed `s`
//! (the value is too large for a `Decimal`) there is no result. The tests below
//! check value and scale against `checked_mul` on random operands of every width
//! and scale.

use rust_decimal::Decimal;

/// `Decimal::checked_mul`, faster: the identical value and scale, or `None` on
/// overflow.
pub(crate) trait Times {
    fn times(self, rhs: Decimal) -> Option<Decimal>;
}

impl Times for Decimal {
    #[inline]
    fn times(self, rhs: Decimal) -> Option<Decimal> {
        mul(self, rhs)
    }
}

const MAX_SCALE: u32 = Decimal::MAX_SCALE;
/// 2⁹⁶ / 10, rounded half to even: what a rounding up to 2⁹⁶ becomes.
const TENTH_OF_2_96: u128 = 7_922_816_251_426_433_759_354_395_034;

/// The exact product of `a` and `b`, rounded as `checked_mul` rounds it.
#[inline]
pub(crate) fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    if a.is_zero() || b.is_zero() {
        return Some(Decimal::ZERO);
    }
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let scale = a.scale() + b.scale();
    let negative = a.is_sign_negative() != b.is_sign_negative();
    // Two 32-bit mantissas at a scale past 47 round to nothing at all, and
    // rust_decimal returns a plain zero for them.
    if ma >> 32 == 0 && mb >> 32 == 0 && scale > MAX_SCALE + 19 {
        return Some(Decimal::ZERO);
    }
    // The 192-bit product as a high and a low 128-bit half; mantissas have at
    // most 96 bits, so each has a 64-bit low part and a 32-bit high part.
    let (a0, a1) = (u128::from(ma as u64), ma >> 64);
    let (b0, b1) = (u128::from(mb as u64), mb >> 64);
    let low = a0 * b0;
    let cross = a0 * b1 + a1 * b0; // < 2⁹⁷
    let lo = low.wrapping_add(cross << 64);
    let hi = a1 * b1 + (cross >> 64) + u128::from(lo < low);
    if hi == 0 && lo >> 96 == 0 && scale <= MAX_SCALE {
        return Some(parts(lo, negative, scale));
    }
    rescale(hi, lo, negative, scale)
}

/// Rounds the 192-bit product `hi·2¹²⁸ + lo` at `scale` back into 96 bits.
fn rescale(hi: u128, lo: u128, negative: bool, scale: u32) -> Option<Decimal> {
    // The quotient fits in 96 bits once 10^k exceeds the part of the product
    // above 2⁹⁶, so the fewest digits to drop are that part's digit count.
    let above = hi << 32 | lo >> 96;
    let fewest = digits(above);
    let mut drop = fewest.max(scale.saturating_sub(MAX_SCALE));
    if drop > scale {
        return None;
    }
    let mut limbs = [lo as u64, (lo >> 64) as u64, hi as u64];
    let up = divide_rounding(&mut limbs, drop);
    let mut mantissa = u128::from(limbs[0]) | u128::from(limbs[1]) << 64;
    if up {
        mantissa += 1;
        if mantissa >> 96 != 0 {
            if drop == scale {
                return None;
            }
            mantissa = TENTH_OF_2_96;
            drop += 1;
        }
    }
    Some(parts(mantissa, negative, scale - drop))
}

/// `magnitude / 10^digits` rounded half to even, as a shown value is rounded.
pub(crate) fn divide_rounded(magnitude: u128, digits: u32) -> u128 {
    let mut limbs = [magnitude as u64, (magnitude >> 64) as u64, 0];
    let up = divide_rounding(&mut limbs, digits);
    (u128::from(limbs[0]) | u128::from(limbs[1]) << 64) + u128::from(up)
}

/// Divides the limbs by `10^digits` in steps of at most nineteen digits and says
/// whether the quotient rounds up, half to even: `sticky` remembers whether any
/// digit below the last step's was non-zero.
fn divide_rounding(limbs: &mut [u64; 3], digits: u32) -> bool {
    let mut sticky = false;
    let mut left = digits;
    let (mut rest, mut power) = (0, 1);
    while left > 0 {
        sticky |= rest != 0;
        let step = left.min(19);
        (rest, power) = divide(limbs, step);
        left -= step;
    }
    let half = power / 2;
    rest > half || (rest == half && (sticky || limbs[0] & 1 == 1))
}

/// 10⁰ to 10²⁸.
const POWERS: [u128; 29] = {
    let mut table = [1u128; 29];
    let mut i = 1;
    while i < 29 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// The number of decimal digits of `n < 2⁹⁶` (0 for 0): `t = ⌊bits · log₁₀ 2⌋`
/// by 1233/4096, then one comparison.
#[inline]
fn digits(n: u128) -> u32 {
    let bits = 128 - n.leading_zeros();
    let t = (bits * 1233) >> 12;
    t + u32::from(n >= POWERS[t as usize])
}

#[inline]
fn parts(mantissa: u128, negative: bool, scale: u32) -> Decimal {
    Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        (mantissa >> 64) as u32,
        negative,
        scale,
    )
}

/// A power of ten prepared for division by multiplication: shifted until its top
/// bit is set, with the reciprocal `⌊(2¹²⁸ − 1)/d⌋ − 2⁶⁴` of the shifted value
/// (Möller and Granlund, "Improved division by invariant integers", 2011).
#[derive(Clone, Copy)]
struct Divisor {
    power: u64,
    shift: u32,
    normalized: u64,
    reciprocal: u64,
}

impl Divisor {
    const fn new(digits: u32) -> Divisor {
        let power = 10u64.pow(digits);
        let shift = power.leading_zeros();
        let normalized = power << shift;
        Divisor {
            power,
            shift,
            normalized,
            reciprocal: (u128::MAX / normalized as u128 - (1 << 64)) as u64,
        }
    }

    /// `(u1·2⁶⁴ + u0) / d` and its remainder, for `u1 < d` and `d` normalized.
    #[inline]
    fn divide_two(&self, u1: u64, u0: u64) -> (u64, u64) {
        let d = self.normalized;
        let q = (u128::from(self.reciprocal) * u128::from(u1))
            .wrapping_add(u128::from(u1) << 64 | u128::from(u0));
        let mut q1 = ((q >> 64) as u64).wrapping_add(1);
        let q0 = q as u64;
        let mut r = u0.wrapping_sub(q1.wrapping_mul(d));
        if r > q0 {
            q1 = q1.wrapping_sub(1);
            r = r.wrapping_add(d);
        }
        if r >= d {
            q1 += 1;
            r -= d;
        }
        (q1, r)
    }
}

/// 10¹ to 10¹⁹ (index 0 is unused).
const DIVISORS: [Divisor; 20] = {
    let mut table = [Divisor {
        power: 1,
        shift: 0,
        normalized: 0,
        reciprocal: 0,
    }; 20];
    let mut digits = 1;
    while digits < 20 {
        table[digits as usize] = Divisor::new(digits);
        digits += 1;
    }
    table
};

/// Divides the limbs (least significant first) by `10^digits`, 1 ≤ digits ≤ 19,
/// and returns the remainder and the divisor.
#[inline]
pub(crate) fn divide(limbs: &mut [u64; 3], digits: u32) -> (u64, u64) {
    let divisor = &DIVISORS[digits as usize];
    let shift = divisor.shift;
    // The number shifted left as the divisor was: four limbs, the top one below
    // 2^shift and so below the normalized divisor.
    let wide =
        |high: u64, low: u64| ((u128::from(high) << 64 | u128::from(low)) << shift >> 64) as u64;
    // Leading zero limbs give zero quotient limbs and are skipped.
    let (q2, r) = if limbs[2] == 0 {
        (0, wide(0, limbs[1]))
    } else {
        divisor.divide_two(wide(0, limbs[2]), wide(limbs[2], limbs[1]))
    };
    let (q1, r) = if limbs[2] | limbs[1] == 0 {
        (0, wide(0, limbs[0]))
    } else {
        divisor.divide_two(r, wide(limbs[1], limbs[0]))
    };
    let (q0, r) = divisor.divide_two(r, limbs[0] << shift);
    *limbs = [q0, q1, q2];
    (r >> shift, divisor.power)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(a: Decimal, b: Decimal) {
        let fast = mul(a, b);
        let library = a.checked_mul(b);
        match (fast, library) {
            (Some(x), Some(y)) => assert!(
                x == y && x.scale() == y.scale(),
                "{a} × {b}: {x} (scale {}) but checked_mul gives {y} (scale {})",
                x.scale(),
                y.scale()
            ),
            (x, y) => assert_eq!(x, y, "{a} × {b}"),
        }
    }

    /// A mantissa of 0 to 96 bits, dense in the shapes that take different
    /// paths: small, 64-bit, full width, all ones.
    fn mantissa() -> impl Strategy<Value = u128> {
        prop_oneof![
            (0u32..=96, any::<u128>()).prop_map(|(bits, m)| if bits == 0 {
                0
            } else {
                m >> (128 - bits)
            }),
            (0u32..=96).prop_map(|bits| (1u128 << bits) - 1),
            (0u32..=29, 1u128..10).prop_map(|(digits, d)| {
                let m = d * 10u128.pow(digits);
                if m >> 96 == 0 { m } else { d }
            }),
        ]
    }

    fn decimal() -> impl Strategy<Value = Decimal> {
        (mantissa(), any::<bool>(), 0u32..=28)
            .prop_map(|(m, negative, scale)| parts(m, negative, scale))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn the_product_is_checked_mul_s_to_the_last_bit(a in decimal(), b in decimal()) {
            same(a, b);
        }
    }

    #[test]
    fn the_valuation_s_factors_multiply_as_checked_mul_does() {
        let one = Decimal::ONE;
        let discount = one / Decimal::new(112, 2);
        let third = one / Decimal::from(3);
        let factors = [
            discount,
            third,
            Decimal::new(95, 2),
            Decimal::new(1_200_000, 0),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-5, 28),
            Decimal::new(5, 1),
            Decimal::new(15, 1),
            Decimal::from_i128_with_scale((1 << 96) - 1, 28),
            Decimal::from_i128_with_scale((1 << 96) - 1, 0),
            Decimal::from_i128_with_scale(10i128.pow(28), 28),
        ];
        for &a in &factors {
            for &b in &factors {
                same(a, b);
            }
        }
        // Running products, as the valuation keeps them.
        let mut w = one;
        for _ in 0..200 {
            same(w, discount);
            w = mul(w, discount).expect("a shrinking weight");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn division_by_a_power_of_ten_is_long_division(
            limbs in any::<[u64; 3]>(),
            digits in 1u32..=19,
        ) {
            let power = 10u64.pow(digits);
            let mut expected = [0u64; 3];
            let mut rest = 0u128;
            for i in (0..3).rev() {
                let number = rest << 64 | u128::from(limbs[i]);
                expected[i] = (number / u128::from(power)) as u64;
                rest = number % u128::from(power);
            }
            let mut quotient = limbs;
            let (remainder, divisor) = divide(&mut quotient, digits);
            prop_assert_eq!(quotient, expected);
            prop_assert_eq!(u128::from(remainder), rest);
            prop_assert_eq!(divisor, power);
        }
    }

    #[test]
    fn division_is_exact_next_to_multiples_of_the_power() {
        for digits in 1..=19 {
            let power = 10u128.pow(digits);
            for q in [
                1,
                7,
                u128::from(u64::MAX),
                u128::MAX / power / 3,
                u128::MAX / power,
            ] {
                for e in [-1i128, 0, 1] {
                    let n = (q * power).wrapping_add_signed(e);
                    let mut limbs = [n as u64, (n >> 64) as u64, 5];
                    let (rest, _) = divide(&mut limbs, digits);
                    // 5·2¹²⁸ + n, divided and multiplied back.
                    let quotient = u128::from(limbs[0]) | u128::from(limbs[1]) << 64;
                    let low = quotient.wrapping_mul(power).wrapping_add(u128::from(rest));
                    assert_eq!(low, n, "10^{digits}, n = {n}");
                    assert!(u128::from(rest) < power);
                }
            }
        }
    }

    #[test]
    fn digits_are_counted_at_every_power_of_ten() {
        assert_eq!(digits(0), 0);
        for k in 0..29 {
            let power = 10u128.pow(k);
            assert_eq!(digits(power), k + 1, "10^{k}");
            assert_eq!(digits(power - 1), k, "10^{k} - 1");
        }
        assert_eq!(digits((1 << 96) - 1), 29);
    }

    #[test]
    fn a_rounding_up_to_two_to_the_96_takes_one_more_digit() {
        // (2⁹⁶ − 1) × 1.0 at scale 29 must drop a digit and rounds to …6 then
        // to …34 after one more, exactly as checked_mul does.
        let a = Decimal::from_i128_with_scale((1 << 96) - 1, 28);
        let b = Decimal::new(10, 1);
        same(a, b);
        let c = parts(TENTH_OF_2_96, false, 0);
        same(c, Decimal::TEN);
        assert_eq!(mul(Decimal::MAX, Decimal::TWO), None);
    }
}
