//! Stage render: the templates and static assets, compiled in and overridable by file name.
//!
//! The defaults in `templates/` at the repository root are compiled into the binary with
//! `include_str!`, so the tool needs no files at run time. `--templates DIR` (or `[site]
//! templates` in `specnotes.toml`) replaces any of them by relative path (`release.html`,
//! `assets/site.css`); a file there that is neither is an error naming it, because a typo
//! would otherwise silently keep the default. Template syntax errors name the template and
//! line (tera's own message).

use std::path::Path;
use std::sync::{Arc, LazyLock};

use tera::Tera;

use super::memo;

use crate::error::{Error, Result};

/// The default tera templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("change.html", include_str!("../../templates/change.html")),
    ("change-item.html", include_str!("../../templates/change-item.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("release.html", include_str!("../../templates/release.html")),
    ("entity.html", include_str!("../../templates/entity.html")),
    ("ticket.html", include_str!("../../templates/ticket.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("profile.html", include_str!("../../templates/profile.html")),
    ("capability.html", include_str!("../../templates/capability.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("compare.html", include_str!("../../templates/compare.html")),
    ("compare-index.html", include_str!("../../templates/compare-index.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("diff.html", include_str!("../../templates/diff.html")),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
];

/// The default static assets, copied as they are, by site path.
pub const ASSETS: &[(&str, &str)] = &[
    ("assets/site.css", include_str!("../../templates/assets/site.css")),
    ("assets/search.js", include_str!("../../templates/assets/search.js")),
    ("assets/compare.js", include_str!("../../templates/assets/compare.js")),
];

/// Templates compiled, and the assets to copy.
pub struct Loaded {
    /// The compiled templates (the defaults are compiled once per process and shared).
    pub tera: Arc<Tera>,
    /// Equal for equal template sets (see [`super::memo`]).
    pub fingerprint: u64,
    /// Site path and bytes of each asset.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// Compiles the templates, with the files of `overrides` replacing the defaults.
pub fn load(overrides: Option<&Path>) -> Result<Loaded> {
    let mut templates: Vec<(String, String)> = Vec::new();
    if overrides.is_some() {
        templates = TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    }
    let mut assets: Vec<(String, Vec<u8>)> =
        ASSETS.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
    if let Some(dir) = overrides {
        for (name, path) in override_files(dir)? {
            let bytes = std::fs::read(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
            if let Some(slot) = templates.iter_mut().find(|(n, _)| *n == name) {
                slot.1 = String::from_utf8(bytes).map_err(|_| Error::Template {
                    name: path.display().to_string(),
                    message: "not UTF-8 text".into(),
                })?;
            } else if let Some(slot) = assets.iter_mut().find(|(n, _)| *n == name) {
                slot.1 = bytes;
            } else {
                let known: Vec<&str> = TEMPLATES.iter().chain(ASSETS).map(|(n, _)| *n).collect();
                let hint = crate::diagnostic::did_you_mean(&name, known.iter().copied())
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(Error::Template {
                    name: path.display().to_string(),
                    message: format!("not a template specnotes uses; {hint}(known: {})", known.join(", ")),
                });
            }
        }
    }
    let (tera, fingerprint) = match overrides {
        None => DEFAULTS.clone().map_err(|(name, message)| Error::Template { name, message })?,
        Some(_) => {
            let fingerprint = memo::fingerprint(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())));
            let tera = compile(templates).map_err(|e| Error::Template { name: template_of(&e), message: chain(&e) })?;
            (Arc::new(tera), fingerprint)
        }
    };
    Ok(Loaded { tera, fingerprint, assets })
}

/// The default templates compiled, once per process: parsing them is a sizeable part of a
/// small site's render, and `serve` renders again on every save.
#[allow(clippy::type_complexity)]
static DEFAULTS: LazyLock<std::result::Result<(Arc<Tera>, u64), (String, String)>> = LazyLock::new(|| {
    let templates = TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string()));
    let fingerprint = memo::fingerprint(TEMPLATES.iter().copied());
    compile(templates.collect()).map(|t| (Arc::new(t), fingerprint)).map_err(|e| (template_of(&e), chain(&e)))
});

fn compile(templates: Vec<(String, String)>) -> tera::Result<Tera> {
    let mut tera = Tera::default();
    tera.set_escape_fn(escape);
    tera.add_raw_templates(templates)?;
    Ok(tera)
}

/// HTML and XML escaping of text and attribute values: `& < > " '` (tera's default also
/// escapes `/`, which makes every relative link unreadable without making it any safer).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut plain = 0;
    // Byte scan: the five specials are ASCII, so every cut is on a character boundary.
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out
}

/// Files under `dir` by `/`-separated relative path (dot files skipped), sorted.
fn override_files(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!("templates folder `{}` does not exist or is not a folder", dir.display())));
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            files.push((name.join("/"), entry.path().to_path_buf()));
        }
    }
    Ok(files)
}

/// The name of the template a tera error is about, from its message (`'release.html'`).
pub fn template_of(error: &tera::Error) -> String {
    let text = error.to_string();
    text.split('\'').nth(1).unwrap_or("templates").to_string()
}

/// An error (usually tera's) and its causes on one line (tera puts `--> line:column` in the cause).
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_the_five_specials_and_keeps_slashes() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("../releases/1.2.3.html"), "../releases/1.2.3.html");
        assert_eq!(escape("é<ü>"), "é&lt;ü&gt;");
    }

    #[test]
    fn the_default_templates_compile() {
        let loaded = load(None);
        assert!(loaded.is_ok(), "{:?}", loaded.err());
    }

    #[test]
    fn an_unknown_override_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("relase.html"), "x").expect("write");
        let message = load(Some(dir.path())).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("relase.html"), "{message}");
        assert!(message.contains("did you mean `release.html`?"), "{message}");
    }

    #[test]
    fn a_syntax_error_names_the_template_and_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("ticket.html"),
            "{% extends \"base.html\" %}\n\n{% block main %}{{ oops(}}{% endblock %}",
        )
        .expect("write");
        let message = load(Some(dir.path())).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("ticket.html"), "{message}");
        assert!(message.contains("3:"), "{message}");
    }
}
