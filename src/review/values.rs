//! Values in words and numbers: the one place that turns a finding's JSON
//! value into what the page shows and what `export` writes, so the two
//! never disagree.

use serde_json::Value;

/// EDSS steps are halves, so one decimal always shows (`4.0`, not `4`).
fn edss_num(v: &Value) -> Option<String> {
    v.as_f64().map(|x| format!("{x:.1}"))
}

fn num(v: &Value) -> Option<String> {
    v.as_f64().map(|x| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{}", x as i64)
        } else {
            format!("{x}")
        }
    })
}

/// A value in words, as a reviewer reads it (`n = 48, arm: cell group`,
/// `p = 0.044`, `EDSS 4.0–6.5`).
pub fn label(field: &str, v: &Value) -> String {
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
    let cited = |role: &str| if role == "cited" { " (cited)" } else { "" };
    match field {
        "doi" => format!("{}{}", s("doi"), cited(s("role"))),
        "registry_id" => format!("{} {}{}", s("registry"), s("id"), cited(s("role"))),
        "p_value" => format!(
            "p {} {}",
            s("comparator"),
            num(&v["value"]).unwrap_or_default()
        ),
        "sample_size" => {
            let mut t = format!("n = {}, {}", num(&v["n"]).unwrap_or_default(), s("role"));
            // `20 in each of the two groups`: one statement, one row per
            // arm, told apart as `arm 1 of 2`, `arm 2 of 2`.
            if let (Some(a), Some(k)) = (v["arm_of"]["arm"].as_u64(), v["arm_of"]["of"].as_u64()) {
                t.push_str(&format!(" {a} of {k}"));
            }
            if let Some(g) = v.get("group").and_then(Value::as_str) {
                t.push_str(": ");
                t.push_str(g);
            }
            t
        }
        "edss" => edss_label(v),
        _ => v.to_string(),
    }
}

fn edss_label(v: &Value) -> String {
    let e = |k: &str| edss_num(&v[k]);
    match v.get("kind").and_then(Value::as_str).unwrap_or("") {
        "range" => format!(
            "EDSS {}–{}",
            e("low").unwrap_or_default(),
            e("high").unwrap_or_default()
        ),
        "mean" => match e("sd") {
            Some(sd) => format!("EDSS mean {} (SD {sd})", e("mean").unwrap_or_default()),
            None => format!("EDSS mean {}", e("mean").unwrap_or_default()),
        },
        "median" => match (e("low"), e("high")) {
            (Some(l), Some(h)) => {
                format!("EDSS median {} ({l}–{h})", e("median").unwrap_or_default())
            }
            _ => format!("EDSS median {}", e("median").unwrap_or_default()),
        },
        "threshold" => format!(
            "EDSS {} {}",
            v["comparator"].as_str().unwrap_or(""),
            e("value").unwrap_or_default()
        ),
        "value" => format!("EDSS {}", e("value").unwrap_or_default()),
        "change" => match (e("from"), e("to")) {
            (Some(f), Some(t)) => format!("EDSS change {f} → {t}"),
            _ => format!(
                "EDSS change {}",
                v["delta"]
                    .as_f64()
                    .map(|d| format!("{d:+.1}"))
                    .unwrap_or_default()
            ),
        },
        _ => format!("EDSS {v}"),
    }
}

/// The value's main number, for a spreadsheet column: n, the p-value, or
/// the EDSS value, mean, median, threshold or change.
pub fn number(field: &str, v: &Value) -> Option<f64> {
    let f = |k: &str| v.get(k).and_then(Value::as_f64);
    match field {
        "sample_size" => f("n"),
        "p_value" => f("value"),
        "edss" => match v.get("kind").and_then(Value::as_str)? {
            "mean" => f("mean"),
            "median" => f("median"),
            "threshold" | "value" => f("value"),
            "change" => f("delta").or_else(|| Some(f("to")? - f("from")?)),
            _ => None,
        },
        _ => None,
    }
}

/// The first number in what a reviewer typed (`96`, `n=96`, `p < 0.001`),
/// for the number column of a corrected value.
pub fn first_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts =
            b[i].is_ascii_digit() || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        if starts {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') {
                j += 1;
            }
            let neg = i > 0 && (b[i - 1] == b'-');
            let x: f64 = s[i..j].trim_end_matches('.').parse().ok()?;
            return Some(if neg { -x } else { x });
        }
        i += 1;
    }
    None
}

/// The role of a value (`self`/`cited` DOI, `own`/`cited` registry ID, a
/// sample-size role), if it has one.
pub fn role(v: &Value) -> Option<&str> {
    v.get("role").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_read_like_the_paper() {
        assert_eq!(
            label(
                "sample_size",
                &json!({"n": 48, "role": "arm", "group": "cell group"})
            ),
            "n = 48, arm: cell group"
        );
        assert_eq!(
            label(
                "sample_size",
                &json!({"n": 20, "role": "arm", "arm_of": {"arm": 2, "of": 3}})
            ),
            "n = 20, arm 2 of 3"
        );
        assert_eq!(
            label("p_value", &json!({"comparator": "<", "value": 0.001})),
            "p < 0.001"
        );
        assert_eq!(
            label("edss", &json!({"kind": "range", "low": 4.0, "high": 6.5})),
            "EDSS 4.0–6.5"
        );
        assert_eq!(
            label("edss", &json!({"kind": "change", "delta": -0.5})),
            "EDSS change -0.5"
        );
        assert_eq!(
            label("doi", &json!({"doi": "10.1/x", "role": "cited"})),
            "10.1/x (cited)"
        );
    }

    #[test]
    fn numbers_from_values_and_typed_corrections() {
        assert_eq!(
            number("edss", &json!({"kind": "change", "from": 5.0, "to": 2.5})),
            Some(-2.5)
        );
        assert_eq!(number("doi", &json!({"doi": "10.1/x"})), None);
        assert_eq!(first_number("n = 96"), Some(96.0));
        assert_eq!(first_number("p < .001"), Some(0.001));
        assert_eq!(first_number("change -0.5"), Some(-0.5));
        assert_eq!(first_number("none"), None);
    }
}
