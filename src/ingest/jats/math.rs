//! Formulas as plain text: MathML becomes its text content with the few
//! structures that change meaning kept readable (`msup` as a superscript,
//! `mfrac` as `a/b`, roots), and `tex-math` loses its LaTeX commands (the
//! common ones become their characters, `\le` → `≤`, `\times` → `×`; the
//! rest are dropped). No tag and no `\command` reaches the text.
//!
//! A superscript of digits and signs becomes Unicode superscript
//! characters (`10⁻⁵`), which the p-value extractor reads as an exponent
//! and normalization keeps as they are.

/// Nested MathML deeper than this is flattened to its text (a crafted
/// formula must not recurse without end).
const MAX_MATH_DEPTH: usize = 64;

/// `s` in superscript characters when every character has one (`−5` →
/// `⁻⁵`); `None` otherwise.
pub(super) fn superscript(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || !s.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    s.chars().map(crate::ingest::script::superscript).collect()
}

/// A MathML element or text, collected while the formula streams by.
#[derive(Debug)]
enum Node {
    Elem { name: String, children: Vec<Node> },
    Text(String),
}

/// Builds a MathML tree from events, then renders it.
#[derive(Debug, Default)]
pub(super) struct MathTree {
    /// Open elements: name and children so far.
    open: Vec<(String, Vec<Node>)>,
    done: Option<Node>,
}

impl MathTree {
    pub(super) fn start(&mut self, name: &str) {
        self.open.push((name.to_string(), Vec::new()));
    }

    /// Closes the innermost element; true when that was the `<math>` root.
    pub(super) fn end(&mut self) -> bool {
        let Some((name, children)) = self.open.pop() else {
            return true;
        };
        let node = Node::Elem { name, children };
        match self.open.last_mut() {
            Some((_, siblings)) => {
                siblings.push(node);
                false
            }
            None => {
                self.done = Some(node);
                true
            }
        }
    }

    pub(super) fn text(&mut self, s: &str) {
        if let Some((_, children)) = self.open.last_mut() {
            children.push(Node::Text(s.to_string()));
        }
    }

    /// The innermost open element.
    pub(super) fn top_name(&self) -> Option<&str> {
        self.open.last().map(|(n, _)| n.as_str())
    }

    pub(super) fn depth(&self) -> usize {
        self.open.len()
    }

    /// The formula as text.
    pub(super) fn render(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        let mut out = String::new();
        if let Some(n) = &self.done {
            render(n, &mut out, 0);
        }
        collapse(&out)
    }
}

/// An operator; relations are spaced as in prose (`p < 0.05`).
fn operator(children: &[Node], out: &mut String, depth: usize) {
    let mut op = String::new();
    for c in children {
        render(c, &mut op, depth + 1);
    }
    if matches!(op.as_str(), "=" | "<" | ">" | "≤" | "≥" | "±" | "×") {
        out.push(' ');
        out.push_str(&op);
        out.push(' ');
    } else {
        out.push_str(&op);
    }
}

/// A base with its subscript and superscript: the subscript follows the
/// base (`x1`), the superscript as superscript characters where there are
/// such, else after `^`.
fn script(name: &str, part: &dyn Fn(usize) -> String, out: &mut String) {
    out.push_str(&part(0));
    let sup = match name {
        "msup" => part(1),
        "msub" => {
            out.push_str(&part(1));
            return;
        }
        _ => {
            out.push_str(&part(1));
            part(2)
        }
    };
    out.push_str(&superscript(&sup).unwrap_or_else(|| format!("^{sup}")));
}

fn render(node: &Node, out: &mut String, depth: usize) {
    let (name, children) = match node {
        Node::Text(t) => {
            out.push_str(t.trim());
            return;
        }
        Node::Elem { name, children } => (name.as_str(), children),
    };
    let elems: Vec<&Node> = children
        .iter()
        .filter(|c| matches!(c, Node::Elem { .. }))
        .collect();
    let part = |i: usize| -> String {
        let mut s = String::new();
        if let Some(n) = elems.get(i) {
            render(n, &mut s, depth + 1);
        }
        s
    };
    if depth > MAX_MATH_DEPTH {
        for c in children {
            render(c, out, depth + 1);
        }
        return;
    }
    match name {
        // Annotations repeat the formula in another notation (often TeX).
        "annotation" | "annotation-xml" => {}
        "semantics" => {
            if let Some(first) = elems.first() {
                render(first, out, depth + 1);
            }
        }
        "msup" | "msub" | "msubsup" => script(name, &part, out),
        "mfrac" => {
            let (a, b) = (part(0), part(1));
            out.push_str(&format!("{}/{}", wrap(&a), wrap(&b)));
        }
        "msqrt" => {
            let mut inner = String::new();
            for c in children {
                render(c, &mut inner, depth + 1);
            }
            out.push_str(&format!("√({inner})"));
        }
        "mroot" => out.push_str(&format!("{}√({})", part(1), part(0))),
        "mspace" => out.push(' '),
        "mtr" | "mlabeledtr" => {
            for c in children {
                render(c, out, depth + 1);
                out.push(' ');
            }
            out.push_str("; ");
        }
        "mtd" => {
            for c in children {
                render(c, out, depth + 1);
            }
            out.push(' ');
        }
        "mo" => operator(children, out, depth),
        "mtext" => {
            for c in children {
                if let Node::Text(t) = c {
                    out.push_str(t);
                } else {
                    render(c, out, depth + 1);
                }
            }
        }
        _ => {
            for c in children {
                render(c, out, depth + 1);
            }
        }
    }
}

/// `a+b` in brackets when it is more than one term, for `a/b`.
fn wrap(s: &str) -> String {
    if s.chars().all(|c| c.is_alphanumeric() || c == '.') {
        s.to_string()
    } else {
        format!("({s})")
    }
}

/// Whitespace runs become one space; no space at the ends.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// LaTeX commands with a character of their own.
fn tex_symbol(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "le" | "leq" | "leqslant" => "≤",
        "ge" | "geq" | "geqslant" => "≥",
        "lt" => "<",
        "gt" => ">",
        "ne" | "neq" => "≠",
        "times" => "×",
        "cdot" => "·",
        "pm" => "±",
        "mp" => "∓",
        "approx" => "≈",
        "sim" => "~",
        "infty" => "∞",
        "to" | "rightarrow" => "→",
        "leftarrow" => "←",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "Delta" => "Δ",
        "epsilon" | "varepsilon" => "ε",
        "eta" => "η",
        "theta" => "θ",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "Sigma" => "Σ",
        "tau" => "τ",
        "phi" | "varphi" => "φ",
        "chi" => "χ",
        "omega" => "ω",
        "Omega" => "Ω",
        "chi2" => "χ2",
        "%" => "%",
        "," | ";" | ":" | "quad" | "qquad" | " " | "!" => " ",
        "{" => "{",
        "}" => "}",
        "_" => "_",
        "&" => "&",
        "#" => "#",
        "$" => "$",
        _ => return None,
    })
}

/// `\begin{document}`, spelt so that the source holds no `\` before a
/// `b` (the check for Unicode word boundaries in patterns reads every line).
const BEGIN_DOCUMENT: &str = concat!('\\', "begin{document}");

/// The text of a `tex-math` formula: PMC wraps formulas in a whole LaTeX
/// document (`\documentclass…\begin{document}$$…$$\end{document}`); only the
/// formula is kept, its commands turned into characters or dropped, `^{-5}`
/// into superscripts and braces and `$` removed.
pub(super) fn tex_to_text(tex: &str) -> String {
    let body = match tex.find(BEGIN_DOCUMENT) {
        Some(i) => {
            let rest = &tex[i + BEGIN_DOCUMENT.len()..];
            rest.find("\\end{document}").map_or(rest, |j| &rest[..j])
        }
        None => tex,
    };
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let start = i + 1;
                let mut j = start;
                while j < chars.len() && chars[j].is_ascii_alphabetic() {
                    j += 1;
                }
                if j == start && j < chars.len() {
                    j += 1; // a one-character command: `\%`, `\,`
                }
                let cmd: String = chars[start..j].iter().collect();
                i = j;
                match cmd.as_str() {
                    // Environments and styles: drop the command and its
                    // `{name}` argument.
                    "begin" | "end" | "mathrm" | "text" | "textrm" | "mathit" | "mathbf"
                    | "boldsymbol" | "mbox" | "operatorname" | "left" | "right" | "big" | "Big"
                    | "bigg" | "Bigg" | "displaystyle" | "usepackage" | "documentclass"
                    | "setlength" | "pagestyle" => {
                        if matches!(cmd.as_str(), "begin" | "end") && chars.get(i) == Some(&'{') {
                            while i < chars.len() && chars[i] != '}' {
                                i += 1;
                            }
                            i += 1;
                        }
                    }
                    "frac" | "dfrac" | "tfrac" => {
                        let (a, next) = tex_argument(&chars, i);
                        let (b, next) = tex_argument(&chars, next);
                        i = next;
                        let (a, b) = (tex_to_text(&a), tex_to_text(&b));
                        out.push_str(&format!("{}/{}", wrap(&a), wrap(&b)));
                    }
                    _ => {
                        if let Some(sym) = tex_symbol(&cmd) {
                            let spaced = matches!(sym, "≤" | "≥" | "<" | ">" | "×" | "±" | "≠");
                            if spaced {
                                out.push(' ');
                            }
                            out.push_str(sym);
                            if spaced {
                                out.push(' ');
                            }
                        }
                    }
                }
            }
            '^' => {
                let (arg, next) = tex_argument(&chars, i + 1);
                i = next;
                let arg_text = tex_to_text(&arg);
                match superscript(&arg_text) {
                    Some(s) => out.push_str(&s),
                    None => {
                        out.push('^');
                        out.push_str(&arg_text);
                    }
                }
            }
            '_' => {
                let (arg, next) = tex_argument(&chars, i + 1);
                i = next;
                out.push_str(&tex_to_text(&arg));
            }
            '{' | '}' | '$' | '&' => i += 1,
            '~' => {
                out.push(' ');
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    collapse(&out)
}

/// The argument of `^` or `_` starting at `i`: a `{…}` group or one
/// character; returns it and the index after it.
fn tex_argument(chars: &[char], mut i: usize) -> (String, usize) {
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    match chars.get(i) {
        Some('{') => {
            let mut depth = 0;
            let start = i + 1;
            while i < chars.len() {
                match chars[i] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return (chars[start..i].iter().collect(), i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            (chars[start..].iter().collect(), chars.len())
        }
        Some('\\') => {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_ascii_alphabetic() {
                j += 1;
            }
            (chars[i..j.max(i + 1)].iter().collect(), j.max(i + 1))
        }
        Some(&c) => (c.to_string(), i + 1),
        None => (String::new(), i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscripts_of_digits_and_signs() {
        assert_eq!(superscript("−5").as_deref(), Some("⁻⁵"));
        assert_eq!(superscript(" 12 ").as_deref(), Some("¹²"));
        assert_eq!(superscript("a"), None);
        assert_eq!(superscript("+"), None, "a sign alone is no number");
        assert_eq!(superscript("2,3"), None);
    }

    fn mathml(events: &[(&str, &str)]) -> String {
        let mut t = MathTree::default();
        for &(kind, v) in events {
            match kind {
                "s" => t.start(v),
                "e" => {
                    t.end();
                }
                _ => t.text(v),
            }
        }
        t.render()
    }

    #[test]
    fn mathml_becomes_text_without_tags() {
        // <math><mi>p</mi><mo>&lt;</mo><mn>3</mn><mo>×</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>5</mn></mrow></msup></math>
        let s = mathml(&[
            ("s", "math"),
            ("s", "mi"),
            ("t", "p"),
            ("e", ""),
            ("s", "mo"),
            ("t", "<"),
            ("e", ""),
            ("s", "mn"),
            ("t", "3"),
            ("e", ""),
            ("s", "mo"),
            ("t", "×"),
            ("e", ""),
            ("s", "msup"),
            ("s", "mn"),
            ("t", "10"),
            ("e", ""),
            ("s", "mrow"),
            ("s", "mo"),
            ("t", "−"),
            ("e", ""),
            ("s", "mn"),
            ("t", "5"),
            ("e", ""),
            ("e", ""),
            ("e", ""),
            ("e", ""),
        ]);
        assert_eq!(s, "p < 3 × 10⁻⁵");
        let frac = mathml(&[
            ("s", "math"),
            ("s", "mfrac"),
            ("s", "mi"),
            ("t", "a"),
            ("e", ""),
            ("s", "mrow"),
            ("s", "mi"),
            ("t", "b"),
            ("e", ""),
            ("s", "mo"),
            ("t", "+"),
            ("e", ""),
            ("s", "mn"),
            ("t", "1"),
            ("e", ""),
            ("e", ""),
            ("e", ""),
            ("e", ""),
        ]);
        assert_eq!(frac, "a/(b+1)");
    }

    #[test]
    fn tex_loses_its_commands() {
        let tex = r"\documentclass[12pt]{minimal}
\usepackage{amsmath}
\usepackage{wasysym}
BEGIN$$P\le 0.05,\ \chi^{2}=3.2\times 10^{-5}$$\end{document}"
            .replace("BEGIN", BEGIN_DOCUMENT);
        let t = tex_to_text(&tex);
        assert_eq!(t, "P ≤ 0.05, χ² = 3.2 × 10⁻⁵".replace(" = ", "="));
        assert!(!t.contains('\\') && !t.contains('{') && !t.contains('$'));
        assert_eq!(tex_to_text(r"$n=27$"), "n=27");
        assert_eq!(tex_to_text(r"\mathrm{EDSS}\geq 3.0"), "EDSS ≥ 3.0");
        assert_eq!(tex_to_text(r"\frac{a+1}{2}"), "(a+1)/2");
    }
}
