//! Decimal commas in table cells, as European journals print them: read
//! as points, the cell's length kept so that its spans hold.

use super::super::shape::rx;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A cell's first number written with a decimal comma, as European
/// journals print them (`3,5 (1,2)`, `2,0 [1,5–3,0]`): one or two digits
/// either side, so a thousands separator (`1,094`) is none.
static DECIMAL_COMMA: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^\s*[-−]?[0-9]{1,2},[0-9]{1,2}(?:[^0-9]|$)"));

/// The cell with decimal points for its decimal commas, when its first
/// number has one and no point stands in it (a range `(1,3)` after a
/// number with a point is no decimal): the same length, so the cell's
/// spans hold.
pub(super) fn decimal_points(text: &str) -> Cow<'_, str> {
    if text.contains('.') || !DECIMAL_COMMA.is_match(text) {
        return Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let mut out = b.to_vec();
    for i in 1..b.len().saturating_sub(1) {
        if b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit() {
            out[i] = b'.';
        }
    }
    // Only an ASCII byte changed for another.
    String::from_utf8(out).map_or(Cow::Borrowed(text), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_commas_read_as_points() {
        assert_eq!(decimal_points("3,5 (1,2)"), "3.5 (1.2)");
        assert_eq!(decimal_points("2,0 [1,5–3,0]"), "2.0 [1.5–3.0]");
        // A thousands separator, a range after a point, a list: unchanged.
        for c in ["1,094", "2.0 (1,3)", "12, 9"] {
            assert_eq!(decimal_points(c), c, "{c}");
        }
    }
}
