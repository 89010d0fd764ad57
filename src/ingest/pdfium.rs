//! pdfium, Chromium's PDF library, as a PDF text backend the binary
//! carries itself.
//!
//! `build.rs` embeds libpdfium (from the pinned `pypdfium2` wheel, fetched
//! by `scripts/fetch_pdfium.py`) into the binary when it is there; at run
//! time it is written to an anonymous memory file (Linux `memfd`; a private
//! temporary file elsewhere) and loaded with `dlopen`. Only the dozen
//! functions text extraction needs are looked up, so a newer or older
//! pdfium build serves as long as they exist (they have been stable for
//! years).
//!
//! pdfium is C++ and not thread-safe: it runs only in PDF worker
//! processes ([`super::worker`]), one document at a time, where a crash
//! or a hang costs one document. [`extract`] takes a lock all the same,
//! for library use.
//!
//! pdfium's text differs from poppler's in two ways that matter here: a
//! word hyphenated at a line end comes back joined, with U+FFFE (U+0002 in
//! older builds) where the hyphen was, and lines end in `\r\n`. Both are
//! written as poppler writes them (`-\n`, `\n`), so that the normalizer's
//! rules for joining hyphenated words decide, as for every backend.

use super::pdf::PdfError;
use std::ffi::{c_char, c_int, c_ulong, c_ushort, c_void};
use std::sync::{Mutex, OnceLock};

/// True when this binary carries pdfium.
pub const EMBEDDED: bool = cfg!(litextract_pdfium);

/// The pdfium build this binary carries (`8149`), if any.
pub fn build() -> Option<&'static str> {
    option_env!("LITEXTRACT_PDFIUM_BUILD")
}

/// The backend's name in records: `pdfium`.
pub const NAME: &str = "pdfium";

type Doc = *mut c_void;
type Page = *mut c_void;
type TextPage = *mut c_void;

type LoadMem = unsafe extern "C" fn(*const c_void, c_int, *const c_char) -> Doc;
type LastError = unsafe extern "C" fn() -> c_ulong;
type CountIn = unsafe extern "C" fn(*mut c_void) -> c_int;
type LoadPage = unsafe extern "C" fn(Doc, c_int) -> Page;
type Close = unsafe extern "C" fn(*mut c_void);
type TextLoad = unsafe extern "C" fn(Page) -> TextPage;
type GetText = unsafe extern "C" fn(TextPage, c_int, c_int, *mut c_ushort) -> c_int;

/// The functions used, looked up once.
struct Api {
    load_mem_document: LoadMem,
    get_last_error: LastError,
    get_page_count: CountIn,
    load_page: LoadPage,
    close_page: Close,
    close_document: Close,
    text_load_page: TextLoad,
    text_close_page: Close,
    text_count_chars: CountIn,
    text_get_text: GetText,
}

// SAFETY: plain function pointers into a library that stays loaded for
// the life of the process; calls are serialized by `LOCK`.
unsafe impl Send for Api {}
unsafe impl Sync for Api {}

static API: OnceLock<Result<Api, String>> = OnceLock::new();
static LOCK: Mutex<()> = Mutex::new(());

/// pdfium, loaded on first use; why not, when it cannot be.
fn api() -> Result<&'static Api, String> {
    API.get_or_init(load).as_ref().map_err(Clone::clone)
}

/// Whether pdfium can be used in this process (loads it).
pub fn available() -> Result<(), String> {
    api().map(|_| ())
}

#[cfg(litextract_pdfium)]
const LICENSES: Option<&str> = Some(include_str!(concat!(
    env!("OUT_DIR"),
    "/pdfium-licenses.txt"
)));
#[cfg(not(litextract_pdfium))]
const LICENSES: Option<&str> = None;

/// The licence texts of the embedded pdfium build and of what it links
/// in; `None` in a build without pdfium.
pub fn licenses() -> Option<&'static str> {
    LICENSES
}

#[cfg(not(litextract_pdfium))]
fn load() -> Result<Api, String> {
    Err("this litextract was built without pdfium".into())
}

#[cfg(litextract_pdfium)]
fn load() -> Result<Api, String> {
    static LIB: &[u8] = include_bytes!(env!("LITEXTRACT_PDFIUM_LIB"));
    let path = loader::materialize(LIB).map_err(|e| format!("cannot unpack pdfium ({e})"))?;
    let cpath = std::ffi::CString::new(path.as_bytes()).map_err(|e| e.to_string())?;
    // SAFETY: dlopen of the library we just wrote; RTLD_LOCAL keeps its
    // symbols to itself.
    let handle = unsafe { libc::dlopen(cpath.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    loader::forget(&path);
    if handle.is_null() {
        return Err(format!("cannot load pdfium ({})", loader::dlerror()));
    }
    macro_rules! sym {
        ($name:literal, $t:ty) => {{
            let name = concat!($name, "\0");
            // SAFETY: a NUL-terminated name; the pointer is checked below.
            let p = unsafe { libc::dlsym(handle, name.as_ptr().cast()) };
            if p.is_null() {
                return Err(format!("pdfium has no {}", $name));
            }
            // SAFETY: the symbol is the pdfium function of this name, whose
            // C signature the field's type spells (public/fpdfview.h,
            // public/fpdf_text.h).
            unsafe { std::mem::transmute::<*mut c_void, $t>(p) }
        }};
    }
    let init = sym!("FPDF_InitLibrary", unsafe extern "C" fn());
    let api = Api {
        load_mem_document: sym!("FPDF_LoadMemDocument", LoadMem),
        get_last_error: sym!("FPDF_GetLastError", LastError),
        get_page_count: sym!("FPDF_GetPageCount", CountIn),
        load_page: sym!("FPDF_LoadPage", LoadPage),
        close_page: sym!("FPDF_ClosePage", Close),
        close_document: sym!("FPDF_CloseDocument", Close),
        text_load_page: sym!("FPDFText_LoadPage", TextLoad),
        text_close_page: sym!("FPDFText_ClosePage", Close),
        text_count_chars: sym!("FPDFText_CountChars", CountIn),
        text_get_text: sym!("FPDFText_GetText", GetText),
    };
    // SAFETY: called once, before any other pdfium call.
    unsafe { init() };
    Ok(api)
}

#[cfg(litextract_pdfium)]
mod loader {
    use std::io::Write;

    /// Writes the library where `dlopen` can read it: an anonymous memory
    /// file on Linux, a private temporary file elsewhere.
    pub fn materialize(bytes: &[u8]) -> std::io::Result<String> {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: plain syscall with a NUL-terminated name.
            let fd = unsafe { libc::memfd_create(c"libpdfium".as_ptr(), libc::MFD_CLOEXEC) };
            if fd >= 0 {
                use std::os::fd::FromRawFd;
                // SAFETY: a fresh descriptor that nothing else owns; it is
                // kept open (leaked) for the life of the process.
                let mut f = unsafe { std::fs::File::from_raw_fd(fd) };
                f.write_all(bytes)?;
                std::mem::forget(f);
                return Ok(format!("/proc/self/fd/{fd}"));
            }
        }
        let mut f = tempfile::Builder::new()
            .prefix("litextract-pdfium-")
            .suffix(".so")
            .tempfile()?;
        f.write_all(bytes)?;
        let (_, path) = f.keep().map_err(|e| e.error)?;
        Ok(path.to_string_lossy().into_owned())
    }

    /// Removes a temporary file once loaded (a memory file needs nothing).
    pub fn forget(path: &str) {
        if !path.starts_with("/proc/self/fd/") {
            let _ = std::fs::remove_file(path);
        }
    }

    pub fn dlerror() -> String {
        // SAFETY: dlerror returns a thread-local C string or NULL.
        let e = unsafe { libc::dlerror() };
        if e.is_null() {
            "unknown error".into()
        } else {
            // SAFETY: non-NULL, NUL-terminated.
            unsafe { std::ffi::CStr::from_ptr(e) }
                .to_string_lossy()
                .into_owned()
        }
    }
}

/// A page pdfium could not read, and why.
pub type Unread = (u32, String);

/// Text of every page of the PDF's page tree, in order; a page pdfium
/// cannot load is an empty string, listed (1-based) in the second value.
pub fn extract(bytes: &[u8]) -> Result<(Vec<String>, Vec<Unread>), PdfError> {
    let api = api().map_err(PdfError::Worker)?;
    let size = c_int::try_from(bytes.len())
        .map_err(|_| PdfError::Damaged("the file is too large for pdfium (2 GB)".into()))?;
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: `bytes` outlives the document (closed below); a NULL
    // password is the empty one, which opens most "protected" papers.
    let doc = unsafe { (api.load_mem_document)(bytes.as_ptr().cast(), size, std::ptr::null()) };
    if doc.is_null() {
        // SAFETY: no arguments.
        return Err(open_error(unsafe { (api.get_last_error)() }));
    }
    // SAFETY: a document pdfium opened.
    let count = unsafe { (api.get_page_count)(doc) }.max(0);
    let mut pages = Vec::with_capacity(count as usize);
    let mut unread = Vec::new();
    for i in 0..count {
        // SAFETY: a valid document and page index.
        match unsafe { page_text(api, doc, i) } {
            Some(t) => pages.push(t),
            None => {
                pages.push(String::new());
                unread.push((i as u32 + 1, "pdfium could not load it".to_string()));
            }
        }
    }
    // SAFETY: opened above, closed once; its pages are closed.
    unsafe { (api.close_document)(doc) };
    Ok((pages, unread))
}

/// The text of page `i`, or None when pdfium cannot load it.
///
/// # Safety
/// `doc` is an open document and `i` one of its page indexes.
unsafe fn page_text(api: &Api, doc: Doc, i: c_int) -> Option<String> {
    let page = (api.load_page)(doc, i);
    if page.is_null() {
        return None;
    }
    let tp = (api.text_load_page)(page);
    if tp.is_null() {
        (api.close_page)(page);
        return None;
    }
    let n = (api.text_count_chars)(tp).max(0);
    let mut buf: Vec<c_ushort> = vec![0; n as usize + 1];
    let written = if n > 0 {
        (api.text_get_text)(tp, 0, n, buf.as_mut_ptr()).clamp(0, n + 1)
    } else {
        0
    };
    (api.text_close_page)(tp);
    (api.close_page)(page);
    // `written` counts the terminating NUL.
    let units = &buf[..(written as usize).saturating_sub(1)];
    Some(clean(&String::from_utf16_lossy(units)))
}

/// pdfium's text as poppler would write it: `\r\n` → `\n`, and the mark of
/// a hyphen at a line end (U+FFFE, U+0002 in older builds) → `-\n`.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{FFFE}' | '\u{0002}' => out.push_str("-\n"),
            c => out.push(c),
        }
    }
    out
}

/// `FPDF_GetLastError` in plain words.
fn open_error(code: c_ulong) -> PdfError {
    match code {
        // FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
        4 => PdfError::Encrypted,
        5 => PdfError::Encrypted,
        // FPDF_ERR_FORMAT
        3 => PdfError::Damaged("pdfium could not parse it (not a PDF, or damaged)".into()),
        _ => PdfError::Damaged(format!("pdfium could not open it (error {code})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphen_marks_and_crlf_read_as_poppler_writes_them() {
        assert_eq!(
            clean("abnormali\u{FFFE}ties\r\nnext"),
            "abnormali-\nties\nnext"
        );
        assert_eq!(clean("a\u{0002}b\rc"), "a-\nb\nc");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn open_errors_in_plain_words() {
        assert_eq!(open_error(4), PdfError::Encrypted);
        assert!(matches!(open_error(3), PdfError::Damaged(m) if m.contains("not a PDF")));
        assert!(matches!(open_error(1), PdfError::Damaged(m) if m.contains("error 1")));
    }

    #[test]
    fn reads_a_pdf_when_embedded() {
        if !EMBEDDED {
            eprintln!("SKIPPED reads_a_pdf_when_embedded: built without pdfium");
            return;
        }
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf 72 700 Td (n = 42 patients) Tj ET\nendstream endobj\n5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        let (pages, unread) = extract(pdf).unwrap();
        assert_eq!(pages.len(), 1);
        assert!(unread.is_empty());
        assert!(pages[0].contains("n = 42 patients"), "{pages:?}");
        assert!(matches!(
            extract(b"%PDF-1.4 junk"),
            Err(PdfError::Damaged(_))
        ));
    }
}
