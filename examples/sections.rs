//! Prints the sections litextract detects in a text file (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: sections FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let doc = litextract::Document::from_text(&text);
    for &(at, sec) in doc.sections() {
        let line: String = doc.fold[at..]
            .chars()
            .take(60)
            .take_while(|&c| c != '\n')
            .collect();
        println!("{at:>8} {sec:?}: {line}");
    }
}
