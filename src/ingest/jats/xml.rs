//! XML odds and ends for the JATS reader: what the first bytes of a file
//! say (is it a JATS article or a PMC article set?), the entities a JATS
//! file may use without declaring them, and the DOCTYPE check that keeps
//! entity bombs out.
//!
//! quick-xml never expands entities a DOCTYPE declares (it reports every
//! `&name;` as a [`quick_xml::events::Event::GeneralRef`] and leaves the
//! replacement to us), so a "billion laughs" file cannot blow up memory
//! here; it is still refused with a plain message, since a JATS article
//! has no business declaring entities and its text would be wrong without
//! them.

/// The root element a file opens with, as far as the head shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Root {
    /// `<article>` with JATS signs (front matter, a JATS/NLM DOCTYPE or
    /// JATS attributes).
    Article,
    /// `<pmc-articleset>`: PMC's efetch output, many articles.
    ArticleSet,
}

/// The root element of a JATS file, from its first bytes; `None` for any
/// other XML (or no XML at all).
pub(super) fn root(head: &[u8]) -> Option<Root> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let mut rest: &str = &text;
    // Skip the prolog: XML declaration, processing instructions, comments,
    // the DOCTYPE and whitespace.
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1;
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1;
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            rest = skip_doctype(rest)?;
        } else {
            break;
        }
    }
    let name_end = rest
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c.is_whitespace() || c == '>' || c == '/')
        .map_or(rest.len(), |(i, _)| i);
    let name = rest.get(1..name_end)?;
    if !rest.starts_with('<') {
        return None;
    }
    match name {
        "pmc-articleset" => Some(Root::ArticleSet),
        // DocBook and others have an <article> root too: ask for a sign of
        // JATS (a DOCTYPE naming it, its attributes, or its front matter).
        "article" => {
            let doctype = text.contains("JATS")
                || text.contains("-//NLM//DTD")
                || text.contains("Journal Archiving")
                || text.contains("Journal Publishing");
            let signs = rest.contains("<front")
                || rest.contains("article-type=")
                || rest.contains("dtd-version=")
                || rest.contains("<article-meta");
            (doctype || signs).then_some(Root::Article)
        }
        _ => None,
    }
}

/// The text after a DOCTYPE declaration (with or without an internal
/// subset in brackets).
fn skip_doctype(s: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => return Some(&s[i + 1..]),
            _ => {}
        }
    }
    None
}

/// Why a DOCTYPE is refused: it declares entities (the mechanism of
/// entity-expansion bombs), which no JATS or PMC file does.
pub(super) fn refuse_doctype(doctype: &str) -> Option<String> {
    doctype.contains("<!ENTITY").then(|| {
        "refused: the file declares its own XML entities in its DOCTYPE (entity expansion is how \
         \"XML bomb\" files exhaust memory, and no JATS or PMC file needs it); nothing was read"
            .to_string()
    })
}

/// The text of an entity reference that JATS files use without declaring
/// it: the five XML ones and the HTML/ISO names that old NLM files and
/// hand-made exports carry. `None` for a name we do not know.
pub(super) fn entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "ndash" => "–",
        "mdash" => "—",
        "minus" => "−",
        "plusmn" | "pm" => "±",
        "times" => "×",
        "middot" => "·",
        "le" | "leq" => "≤",
        "ge" | "geq" => "≥",
        "ne" => "≠",
        "asymp" | "approx" => "≈",
        "deg" => "°",
        "micro" => "µ",
        "percnt" => "%",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "hellip" => "…",
        "bull" => "•",
        "dagger" => "†",
        "Dagger" => "‡",
        "sect" => "§",
        "para" => "¶",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "Delta" => "Δ",
        "epsilon" => "ε",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "Sigma" => "Σ",
        "tau" => "τ",
        "chi" => "χ",
        "omega" => "ω",
        "eacute" => "é",
        "egrave" => "è",
        "aacute" => "á",
        "oacute" => "ó",
        "iacute" => "í",
        "uacute" => "ú",
        "ntilde" => "ñ",
        "ccedil" => "ç",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "szlig" => "ß",
        _ => return None,
    })
}

/// True for the whitespace XML knows (the only kind that is layout in a
/// text node; a no-break space is content).
pub(super) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_told_apart() {
        let jats = br#"<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.0 20120330//EN" "JATS-archivearticle1.dtd">
<article xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="research-article"><front>"#;
        assert_eq!(root(jats), Some(Root::Article));
        assert_eq!(
            root(b"<?xml version=\"1.0\" ?>\n<!-- efetch -->\n<pmc-articleset><article>"),
            Some(Root::ArticleSet)
        );
        assert_eq!(
            root(b"\xEF\xBB\xBF<article article-type=\"letter\">"),
            Some(Root::Article)
        );
        // DocBook's <article> has none of JATS's signs.
        assert_eq!(root(b"<article><title>Docs</title><para>x</para>"), None);
        assert_eq!(root(b"<!DOCTYPE html><html><body>404</body></html>"), None);
        assert_eq!(root(b"<PubmedArticleSet><PubmedArticle>"), None);
        assert_eq!(root(b"plain text"), None);
        // An internal subset with '>' inside it is skipped whole.
        assert_eq!(
            root(b"<!DOCTYPE article [<!ENTITY a \"<b>\">]><article><front>"),
            Some(Root::Article)
        );
    }

    #[test]
    fn entity_declarations_are_refused() {
        assert!(refuse_doctype(r#"article [<!ENTITY lol "lol">]"#).is_some());
        assert!(refuse_doctype(r#"article PUBLIC "-//NLM//DTD JATS" "x.dtd""#).is_none());
    }
}
