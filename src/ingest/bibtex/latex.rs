//! LaTeX in BibTeX field values → plain text: accents (`{\"o}`, `\'{e}`,
//! `\c{c}`), special letters (`\ss`, `{\o}`, `\l`), escaped characters
//! (`\&`, `\%`, `\_`), text commands (`\emph{…}`, `\textit{…}`: their
//! argument stays), dashes and quotes (`--`, `---`, ``` `` ```), `~`, and
//! math (`$p<0.05$`, `$10^{-5}$` → `10⁻⁵`, `$\Sigma^{0}$` → `Σ⁰`, `\pm`).
//! Braces that only group (`{Mizoroki-Heck}`) vanish.
//!
//! Exponents become Unicode superscripts because that is how the p-value
//! extractor reads a power of ten (`10⁻⁵`), and normalization keeps them.
//! Unknown commands lose their name and keep their argument, so no markup
//! is left in the text. Work is linear in the value; command arguments
//! nest at most [`MAX_DEPTH`] deep, past which braces are dropped flat.

use unicode_normalization::UnicodeNormalization;

/// How deep command arguments are converted recursively.
const MAX_DEPTH: usize = 32;

/// The text a LaTeX field value shows.
pub fn to_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    convert(&chars, 0).nfc().collect()
}

fn accent_mark(c: char) -> Option<char> {
    Some(match c {
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '"' => '\u{308}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        _ => return None,
    })
}

fn letter_accent_mark(name: &str) -> Option<char> {
    Some(match name {
        "u" => '\u{306}',
        "v" => '\u{30C}',
        "H" => '\u{30B}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "r" => '\u{30A}',
        "d" => '\u{323}',
        "b" => '\u{331}',
        "t" => '\u{361}',
        _ => return None,
    })
}

fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "i" => "ı",
        "j" => "ȷ",
        "l" => "ł",
        "L" => "Ł",
        "o" => "ø",
        "O" => "Ø",
        "ss" => "ß",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "dh" => "ð",
        "DH" => "Ð",
        "th" => "þ",
        "TH" => "Þ",
        "dj" => "đ",
        "DJ" => "Đ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        "textbackslash" | "backslash" => "\\",
        "textquotesingle" => "'",
        "textquotedbl" => "\"",
        "textendash" => "–",
        "textemdash" => "—",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textunderscore" => "_",
        "ldots" | "dots" | "textellipsis" => "…",
        "textregistered" => "®",
        "texttrademark" => "™",
        "textcopyright" | "copyright" => "©",
        "textdegree" | "degree" => "°",
        "textmu" => "µ",
        "textperthousand" => "‰",
        "textpm" | "pm" => "±",
        "mp" => "∓",
        "times" | "texttimes" => "×",
        "div" => "÷",
        "cdot" => "·",
        "leq" | "le" => "≤",
        "geq" | "ge" => "≥",
        "neq" | "ne" => "≠",
        "approx" => "≈",
        "sim" => "∼",
        "infty" => "∞",
        "to" | "rightarrow" => "→",
        "leftarrow" => "←",
        "pounds" | "textsterling" => "£",
        "euro" | "texteuro" => "€",
        "S" => "§",
        "P" => "¶",
        "dag" => "†",
        "ddag" => "‡",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" | "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "tau" => "τ",
        "phi" | "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        "quad" | "qquad" | "space" => " ",
        _ => return None,
    })
}

/// `-5` → `⁻⁵`; text that has no superscript form stays as it is.
fn to_superscript(s: &str) -> String {
    let t = s.trim();
    let mapped: Option<String> = t.chars().map(crate::ingest::script::superscript).collect();
    match mapped {
        Some(m) if !m.is_empty() => m,
        _ => t.to_string(),
    }
}

/// The end (exclusive) of the group that opens at `open` (a `{`), or the
/// end of the input when it does not close.
fn group_end(c: &[char], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < c.len() {
        match c[i] {
            '\\' => i += 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    c.len()
}

/// A command's argument at `i` (after spaces): a `{group}` or one char.
/// Returns its converted text and the index after it.
fn argument(c: &[char], mut i: usize, depth: usize) -> (String, usize) {
    while i < c.len() && c[i] == ' ' {
        i += 1;
    }
    match c.get(i) {
        Some('{') => {
            let end = group_end(c, i);
            let inner = &c[i + 1..end.saturating_sub(1).max(i + 1)];
            if depth >= MAX_DEPTH {
                let flat = inner
                    .iter()
                    .filter(|c| !matches!(c, '{' | '}' | '\\'))
                    .collect();
                return (flat, end);
            }
            (convert(inner, depth + 1), end)
        }
        Some('\\') => {
            // `\'{\i}`, `\"\i`: a command as the argument.
            let mut j = i + 1;
            while j < c.len() && c[j].is_ascii_alphabetic() {
                j += 1;
            }
            let j = j.max(i + 2).min(c.len());
            (convert(&c[i..j], depth + 1), j)
        }
        Some(&ch) => (ch.to_string(), i + 1),
        None => (String::new(), i),
    }
}

/// Puts a combining accent on the first letter of `arg` (`ı` and `ȷ` lose
/// their dotlessness: `\'{\i}` is `í`).
fn accented(arg: &str, mark: char) -> String {
    let mut chars = arg.chars();
    match chars.next() {
        Some(first) => {
            let base = match first {
                'ı' => 'i',
                'ȷ' => 'j',
                other => other,
            };
            let mut out = String::new();
            out.push(base);
            out.push(mark);
            out.extend(chars);
            out
        }
        None => String::new(),
    }
}

/// A control word at `c[i]` (`\emph`, `\ss`, `\c`): its text goes to
/// `out`; returns the index after it (and after its argument).
fn control_word(c: &[char], i: usize, depth: usize, math: bool, out: &mut String) -> usize {
    let mut j = i + 1;
    while j < c.len() && c[j].is_ascii_alphabetic() {
        j += 1;
    }
    let name: String = c[i + 1..j].iter().collect();
    if let Some(mark) = letter_accent_mark(&name) {
        let (arg, after) = argument(c, j, depth);
        out.push_str(&accented(&arg, mark));
        after
    } else if let Some(s) = symbol(&name) {
        out.push_str(s);
        // `{\ss}e`, `\o{}`: an empty group after a symbol.
        if c.get(j) == Some(&'{') && c.get(j + 1) == Some(&'}') {
            j + 2
        } else if !math {
            // TeX eats the spaces after a control word:
            // `D\textquotesingle aspremont` is one word. In
            // math they are kept: `3 \times 10` stays spaced.
            skip_spaces(c, j)
        } else {
            j
        }
    } else if name == "textsuperscript" {
        let (arg, after) = argument(c, j, depth);
        out.push_str(&to_superscript(&arg));
        after
    } else if name == "href" {
        // \href{url}{text}: the text.
        let (_, after_url) = raw_group(c, j);
        let (arg, after) = argument(c, after_url, depth);
        out.push_str(&arg);
        after
    } else if name == "url" {
        let (url, after) = raw_group(c, j);
        out.push_str(&url);
        after
    } else {
        // \emph{x}, \textbf{x}, unknown commands: the name
        // goes, the argument's braces go as any braces do;
        // `\relax text` loses the space as in TeX.
        if math {
            j
        } else {
            skip_spaces(c, j)
        }
    }
}

fn convert(c: &[char], depth: usize) -> String {
    let mut out = String::with_capacity(c.len());
    let mut math = false;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        match ch {
            '\\' => {
                let Some(&next) = c.get(i + 1) else {
                    i += 1;
                    continue;
                };
                if next.is_ascii_alphabetic() {
                    i = control_word(c, i, depth, math, &mut out);
                } else if let Some(mark) = accent_mark(next) {
                    if math && next == '.' {
                        i += 2;
                        continue;
                    }
                    let (arg, after) = argument(c, i + 2, depth);
                    out.push_str(&accented(&arg, mark));
                    i = after;
                } else {
                    match next {
                        '\\' => out.push(' '),
                        ' ' | ',' | ';' | ':' => out.push(' '),
                        '-' | '@' | '/' | '!' => {}
                        other => out.push(other),
                    }
                    i += 2;
                }
            }
            '{' | '}' => i += 1,
            '$' => {
                math = !math;
                i += 1;
            }
            '^' | '_' if math => {
                let (arg, after) = if depth >= MAX_DEPTH {
                    (String::new(), i + 1)
                } else {
                    argument(c, i + 1, depth)
                };
                if ch == '^' {
                    out.push_str(&to_superscript(&arg));
                } else {
                    out.push_str(&arg);
                }
                i = after;
            }
            '~' => {
                out.push(' ');
                i += 1;
            }
            '-' if c.get(i + 1) == Some(&'-') => {
                if c.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 3;
                } else {
                    out.push('–');
                    i += 2;
                }
            }
            '`' if c.get(i + 1) == Some(&'`') => {
                out.push('“');
                i += 2;
            }
            '\'' if c.get(i + 1) == Some(&'\'') => {
                out.push('”');
                i += 2;
            }
            _ => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// The index after the spaces at `i`.
fn skip_spaces(c: &[char], mut i: usize) -> usize {
    while c.get(i) == Some(&' ') {
        i += 1;
    }
    i
}

/// A `{group}` at `i` (after spaces) as raw text, and the index after it.
fn raw_group(c: &[char], mut i: usize) -> (String, usize) {
    while i < c.len() && c[i] == ' ' {
        i += 1;
    }
    if c.get(i) == Some(&'{') {
        let end = group_end(c, i);
        let inner: String = c[i + 1..end.saturating_sub(1).max(i + 1)].iter().collect();
        (inner, end)
    } else {
        (String::new(), i)
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn accents_and_letters() {
        assert_eq!(to_text(r#"B{\"u}y{\"u}kg{\"u}ng{\"o}r"#), "Büyükgüngör");
        assert_eq!(to_text(r"Aks{\i}n, {\c{C}}etinkaya"), "Aksın, Çetinkaya");
        assert_eq!(
            to_text(r"jako{\'s}ci {\.z}ycia dzia{\l}ania"),
            "jakości życia działania"
        );
        assert_eq!(
            to_text(r"P{\'o}l{\'i}t{\'\i}skt {\ae}{\dh}{\th}"),
            "Pólítískt æðþ"
        );
        assert_eq!(to_text(r"{\~n} and \~{n}"), "ñ and ñ");
        assert_eq!(to_text(r"Stra{\ss}e \o{} \AA"), "Straße ø Å");
    }

    #[test]
    fn commands_braces_dashes_and_escapes() {
        assert_eq!(
            to_text(r"Effect of {Pd-N}-heterocyclic \emph{carbenes} in {Mizoroki-Heck}"),
            "Effect of Pd-N-heterocyclic carbenes in Mizoroki-Heck"
        );
        assert_eq!(
            to_text(r"Oil \& Gas, 50\% off, a\_b"),
            "Oil & Gas, 50% off, a_b"
        );
        assert_eq!(to_text("pages 330--339, a---b"), "pages 330–339, a—b");
        assert_eq!(to_text(r"D\textquotesingle aspremont"), "D'aspremont");
        assert_eq!(to_text(r"\href{http://x.org}{the site}"), "the site");
        assert_eq!(to_text(r"\unknown{kept} text"), "kept text");
    }

    #[test]
    fn math_keeps_numbers_readable() {
        assert_eq!(to_text(r"$p<0.05$"), "p<0.05");
        assert_eq!(to_text(r"$P = 3 \times 10^{-5}$"), "P = 3 × 10⁻⁵");
        assert_eq!(
            to_text(r"Production of $\Sigma^{0}$ Hyperon"),
            "Production of Σ⁰ Hyperon"
        );
        assert_eq!(to_text(r"Po$_{eee}$t"), "Poeeet");
        assert_eq!(to_text(r"EDSS $\leq$ 5.5, $\pm$ 1.2"), "EDSS ≤ 5.5, ± 1.2");
        assert_eq!(to_text(r"10\textsuperscript{-5}"), "10⁻⁵");
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            r"\",
            r"{",
            r"}",
            r"$",
            r"\'",
            r"\href{",
            r"$^",
            r"\c",
            "{{{{{{",
            r"\textsuperscript{",
            "\t extbackslash\t extbackslash\\{\\}: \\\\{}",
        ] {
            let _ = to_text(s);
        }
        let deep = "{".repeat(100_000) + &"}".repeat(100_000);
        assert_eq!(to_text(&deep), "");
        let deep_args = r"\emph{".repeat(10_000);
        let _ = to_text(&deep_args);
    }
}
