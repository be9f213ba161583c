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
    let (hi, lo) = product(ma, mb);
    if hi == 0 && lo >> 96 == 0 && scale <= MAX_SCALE {
        return Some(parts(lo, negative, scale));
    }
    let product = rescale(hi, lo, negative, scale)?;
    // A negative product that rounds to nothing stays -0 in rust_decimal, but
    // for two 32-bit mantissas, which it rounds through `from_parts`.
    if product.is_zero() && negative && (ma >> 32 != 0 || mb >> 32 != 0) {
        let mut zero = product;
        zero.set_sign_negative(true);
        return Some(zero);
    }
    Some(product)
}

/// The exact product of two numbers below 2⁹⁶ as 192 bits, a high and a low
/// 128-bit half: each factor has a 64-bit low part and a 32-bit high part.
#[inline]
fn product(a: u128, b: u128) -> (u128, u128) {
    let (a0, a1) = (u128::from(a as u64), a >> 64);
    let (b0, b1) = (u128::from(b as u64), b >> 64);
    let low = a0 * b0;
    let cross = a0 * b1 + a1 * b0; // < 2⁹⁷
    let lo = low.wrapping_add(cross << 64);
    let hi = a1 * b1 + (cross >> 64) + u128::from(lo < low);
    (hi, lo)
}

/// `Decimal::checked_add`, the identical value and scale, for sums of terms at
/// different scales whose exact sum needs more than 96 bits: rust_decimal rounds
/// those by hardware divisions, here by the same reciprocal as products. A zero
/// operand gives the other as it is; the exact sum at the larger scale is rounded
/// by dropping the fewest digits, half to even.
pub(crate) fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    if a.is_zero() || b.is_zero() {
        return Some(if a.is_zero() { b } else { a });
    }
    let (sa, sb) = (a.scale(), b.scale());
    let scale = sa.max(sb);
    // Both at the larger scale: the other mantissa times 10^(difference ≤ 28),
    // below 2¹⁹⁰.
    let widen = |m: u128, digits: u32| {
        if digits == 0 {
            (0, m)
        } else {
            product(m, POWERS[digits as usize])
        }
    };
    let (ha, la) = widen(a.mantissa().unsigned_abs(), scale - sa);
    let (hb, lb) = widen(b.mantissa().unsigned_abs(), scale - sb);
    let (negative_a, negative_b) = (a.is_sign_negative(), b.is_sign_negative());
    let (hi, lo, negative) = if negative_a == negative_b {
        let lo = la.wrapping_add(lb);
        (ha + hb + u128::from(lo < la), lo, negative_a)
    } else if (ha, la) >= (hb, lb) {
        (
            ha - hb - u128::from(la < lb),
            la.wrapping_sub(lb),
            negative_a,
        )
    } else {
        (
            hb - ha - u128::from(lb < la),
            lb.wrapping_sub(la),
            negative_b,
        )
    };
    if hi == 0 && lo >> 96 == 0 {
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
    let (mut mantissa, up) = divide_rounding(hi as u64, lo, drop);
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

/// `magnitude / 10^digits` rounded half to even, as a shown value is rounded
/// (`magnitude < 2⁹⁶`, `1 ≤ digits ≤ 28`).
pub(crate) fn divide_rounded(magnitude: u128, digits: u32) -> u128 {
    let (quotient, up) = divide_rounding(0, magnitude, digits);
    quotient + u128::from(up)
}

/// `|d|` as a whole number of units of `10^-places` (`places ≤ 28`), rounded half
/// to even as `round_dp` rounds: a cheap key to compare shown values by. It
/// saturates at 2¹²⁸ − 1 units (3·10¹⁸ at 20 places: never for a probability).
pub(crate) fn units(d: Decimal, places: u32) -> u128 {
    let (magnitude, scale) = (d.mantissa().unsigned_abs(), d.scale());
    if scale > places {
        divide_rounded(magnitude, scale - places)
    } else {
        magnitude.saturating_mul(POWERS[(places - scale) as usize])
    }
}

/// `⌊(hi·2¹²⁸ + lo) / 10^digits⌋` and whether it rounds up, half to even, for
/// `1 ≤ digits ≤ 29` and a quotient below 2⁹⁶.
#[inline]
fn divide_rounding(hi: u64, lo: u128, digits: u32) -> (u128, bool) {
    let divisor = &DIVISORS[digits as usize];
    let (quotient, rest) = divisor.divide(hi, lo);
    let half = divisor.power / 2;
    (quotient, rest > half || (rest == half && quotient & 1 == 1))
}

/// A power of ten `D = 10^k` prepared for division by multiplication: with
/// `2^a ≤ D < 2^(a+1)`, the reciprocal `M = ⌊2^(a+97) / D⌋` (so 2⁹⁶ < M ≤ 2⁹⁷).
///
/// For a numerator `N` whose quotient is below 2⁹⁶, `H = ⌊N / 2^a⌋` is below 2⁹⁷
/// and `⌊H·M / 2⁹⁷⌋` is the quotient less 0, 1 or 2: `H·M/2⁹⁷` lies within
/// `H·ε/2⁹⁷ < 1` (ε < 1 the reciprocal's truncation) below `H·2^a/D`, which lies
/// within `(N mod 2^a)/D < 1` below `N/D`. The remainder `N − q·D` is then below
/// `3D < 2¹²⁸` and settles the last step in at most two corrections.
#[derive(Clone, Copy)]
struct Divisor {
    power: u128,
    shift: u32,
    reciprocal: u128,
}

impl Divisor {
    const fn new(digits: u32) -> Divisor {
        let power = 10u128.pow(digits);
        let shift = power.ilog2();
        // ⌊2^(shift + 97) / power⌋ by long division, a bit at a time: the
        // remainder stays below `power` < 2⁹⁷, so doubling it cannot overflow.
        let (mut quotient, mut rest, mut bit) = (0u128, 0u128, shift + 97 + 1);
        while bit > 0 {
            bit -= 1;
            rest = rest * 2 + if bit == shift + 97 { 1 } else { 0 };
            quotient *= 2;
            if rest >= power {
                rest -= power;
                quotient += 1;
            }
        }
        Divisor {
            power,
            shift,
            reciprocal: quotient,
        }
    }

    /// `(hi·2¹²⁸ + lo) / 10^k` and its remainder, for a quotient below 2⁹⁶.
    #[inline]
    fn divide(&self, hi: u64, lo: u128) -> (u128, u128) {
        let a = self.shift;
        // H = ⌊N / 2^a⌋ < 2⁹⁷ (0 < a < 128).
        let h = lo >> a | u128::from(hi) << (128 - a);
        // ⌊H·M / 2⁹⁷⌋ from the four 64-bit partial products.
        let (h0, h1) = (u128::from(h as u64), h >> 64);
        let (m0, m1) = (u128::from(self.reciprocal as u64), self.reciprocal >> 64);
        let low = h0 * m0;
        let cross = h1 * m0 + h0 * m1; // < 2⁹⁹
        let bottom = low.wrapping_add(cross << 64);
        let top = h1 * m1 + (cross >> 64) + u128::from(bottom < low);
        let mut quotient = top << 31 | bottom >> 97;
        let mut rest = lo.wrapping_sub(quotient.wrapping_mul(self.power));
        while rest >= self.power {
            quotient += 1;
            rest -= self.power;
        }
        (quotient, rest)
    }
}

/// 10¹ to 10²⁹ (index 0 is unused).
const DIVISORS: [Divisor; 30] = {
    let mut table = [Divisor {
        power: 1,
        shift: 0,
        reciprocal: 0,
    }; 30];
    let mut digits = 1;
    while digits < 30 {
        table[digits as usize] = Divisor::new(digits);
        digits += 1;
    }
    table
};

/// `n / 10^digits` and its remainder, for `n < 2⁹⁶` and `1 ≤ digits ≤ 29`.
pub(crate) fn divide(n: u128, digits: u32) -> (u128, u128) {
    DIVISORS[digits as usize].divide(0, n)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(a: Decimal, b: Decimal) {
        let fast = mul(a, b);
        let library = a.checked_mul(b);
        match (fast, library) {
            (Some(x), Some(y)) => assert!(
                x.serialize() == y.serialize(),
                "{a} × {b}: {x} (scale {}) but checked_mul gives {y} (scale {})",
                x.scale(),
                y.scale()
            ),
            (x, y) => assert_eq!(x, y, "{a} × {b}"),
        }
    }

    fn same_sum(a: Decimal, b: Decimal) {
        match (add(a, b), a.checked_add(b)) {
            (Some(x), Some(y)) => assert!(
                x.serialize() == y.serialize(),
                "{a} + {b}: {x} (scale {}) but checked_add gives {y} (scale {})",
                x.scale(),
                y.scale()
            ),
            (x, y) => assert_eq!(x, y, "{a} + {b}"),
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

        #[test]
        fn the_sum_is_checked_add_s_to_the_last_bit(a in decimal(), b in decimal()) {
            same_sum(a, b);
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
                same_sum(a, b);
                same_sum(a, -b);
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
        fn division_by_a_power_of_ten_gives_quotient_and_remainder(
            quotient in 0u128..1 << 96,
            rest in any::<u128>(),
            digits in 1u32..=29,
        ) {
            let power = 10u128.pow(digits);
            let rest = rest % power;
            // N = q·D + r as 192 bits, by schoolbook on 32-bit limbs.
            let limbs = |x: u128| [x as u32, (x >> 32) as u32, (x >> 64) as u32, (x >> 96) as u32];
            let mut n = [0u64; 8];
            for (i, a) in limbs(quotient).into_iter().enumerate() {
                for (j, b) in limbs(power).into_iter().enumerate() {
                    n[i + j] += (u64::from(a) * u64::from(b)) & 0xffff_ffff;
                    n[i + j + 1] += (u64::from(a) * u64::from(b)) >> 32;
                }
            }
            for (i, r) in limbs(rest).into_iter().enumerate() {
                n[i] += u64::from(r);
            }
            for i in 0..7 {
                n[i + 1] += n[i] >> 32;
                n[i] &= 0xffff_ffff;
            }
            let lo = (0..4).fold(0u128, |acc, i| acc | u128::from(n[i]) << (32 * i));
            let hi = u128::from(n[4]) | u128::from(n[5]) << 32 | u128::from(n[6]) << 64;
            // A product of two mantissas has at most 192 bits.
            prop_assume!(hi >> 64 == 0 && n[7] == 0);
            let divisor = &DIVISORS[digits as usize];
            prop_assert_eq!(divisor.divide(hi as u64, lo), (quotient, rest));
        }
    }

    #[test]
    fn division_is_exact_next_to_multiples_of_the_power() {
        for digits in 1..=29 {
            let power = 10u128.pow(digits);
            let largest = ((1u128 << 96) - 1).min(u128::MAX / power);
            for q in [0, 1, 7, u128::from(u64::MAX), largest / 3, largest] {
                for rest in [0, 1, power / 2 - 1, power / 2, power / 2 + 1, power - 1] {
                    let Some(n) = q.checked_mul(power).and_then(|n| n.checked_add(rest)) else {
                        continue;
                    };
                    assert_eq!(divide(n, digits), (q, rest), "10^{digits}, n = {n}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn units_order_values_as_round_dp_does(a in decimal(), b in decimal(), places in 0u32..=28) {
            let (a, b) = (a.abs(), b.abs());
            prop_assume!(units(a, places) < u128::MAX && units(b, places) < u128::MAX);
            prop_assert_eq!(
                units(a, places).cmp(&units(b, places)),
                a.round_dp(places).cmp(&b.round_dp(places))
            );
            prop_assert_eq!(units(a, places) == 0, a.round_dp(places).is_zero());
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
        // A negative product that rounds to zero keeps its sign, but for two
        // 32-bit mantissas.
        same(
            Decimal::from_i128_with_scale(1 << 32, 28),
            Decimal::new(-1, 28),
        );
        same(Decimal::new(1, 28), Decimal::new(-1, 28));
        let c = parts(TENTH_OF_2_96, false, 0);
        same(c, Decimal::TEN);
        assert_eq!(mul(Decimal::MAX, Decimal::TWO), None);
    }
}
