//! Stage 1, load: read a Jekyll spec folder into a [`Site`].
//!
//! Walks the tree as Jekyll would (skipping `_site/`, `.git/`, `exclude`d
//! paths and `_`/`.` names other than collections with `output: true`),
//! splits front matter, applies `defaults`, works out each page's URL, and
//! reads sidebars, `_data` and `_includes`. Problems with individual files
//! become diagnostics; only an unusable root or `_config.yml` is an error.

pub mod config;
mod data_yaml;
pub mod front_matter;
pub(crate) mod root_file;
pub mod sidebar;
mod url;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Map, Value};

pub use config::Config;
pub use front_matter::FrontMatter;
pub use sidebar::{NavItem, Sidebar};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::span::{LineIndex, Span};
use front_matter::Split;

/// A text file of the spec, with its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the spec root, `/`-separated.
    pub path: String,
    /// The whole text, byte-order mark included if present.
    pub text: String,
    /// Line starts of `text`.
    pub lines: LineIndex,
}

impl SourceFile {
    /// Wraps `text` read from `path`.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let lines = LineIndex::new(&text);
        SourceFile { path: path.into(), text, lines }
    }

    /// The text as Jekyll reads a data file, an include or `_config.yml` (Ruby's `bom|utf-8`):
    /// without a leading byte-order mark. It starts at byte [`SourceFile::content_start`] of
    /// `text`. (A page's mark is not dropped this way: it hides the front matter.)
    pub fn content(&self) -> &str {
        &self.text[self.content_start()..]
    }

    /// Where [`SourceFile::content`] starts in `text`: 3 after a byte-order mark, else 0.
    pub fn content_start(&self) -> usize {
        bom_len(&self.text)
    }

    /// The span of byte `offset`.
    pub fn span(&self, offset: usize) -> Span {
        self.lines.span(&self.text, offset)
    }
}

/// What kind of Jekyll document a page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocKind {
    /// An ordinary page.
    Page,
    /// A blog post under `_posts/`.
    Post,
    /// A document of the named collection.
    Collection(String),
}

/// A file with front matter, i.e. something Jekyll renders.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file.
    pub source: SourceFile,
    /// Byte offset where the body (after the front matter) starts.
    pub body_start: usize,
    /// Front matter as written (empty when missing or invalid).
    pub front_matter: FrontMatter,
    /// False when the front matter could not be read (invalid YAML, not closed).
    pub front_matter_ok: bool,
    /// Front matter with `_config.yml` defaults applied.
    pub data: Map<String, Value>,
    /// The URL the author meant, from `permalink` or the path: starts with `/`.
    pub url: String,
    /// Whether Jekyll publishes the page at `url` (false for a byte-order mark,
    /// unclosed front matter or `published: false`).
    pub served: bool,
    /// Why the page is not served at `url`, when it is not.
    pub not_served_reason: Option<String>,
    /// `title` from front matter.
    pub title: Option<String>,
    /// The file starts with a UTF-8 byte-order mark.
    pub bom: bool,
    /// Markdown (`.md`, `.markdown`) rather than HTML.
    pub markdown: bool,
    /// Page, post or collection document.
    pub kind: DocKind,
}

impl Page {
    /// File path relative to the spec root.
    pub fn path(&self) -> &str {
        &self.source.path
    }

    /// A string value from front matter or defaults.
    pub fn data_str(&self, key: &str) -> Option<String> {
        self.data.get(key).and_then(front_matter::value_to_string)
    }

    /// The URLs `redirect_from:` names (one or a list), each starting with `/`: with the
    /// `jekyll-redirect-from` plugin, a page that sends the reader here is published at each.
    pub fn redirect_from(&self) -> Vec<String> {
        let urls = match self.data.get("redirect_from") {
            Some(Value::Array(items)) => items.iter().filter_map(front_matter::value_to_string).collect(),
            Some(v) => front_matter::value_to_string(v).into_iter().collect(),
            None => Vec::new(),
        };
        urls.into_iter()
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty() && !u.contains("://"))
            .map(|u| if u.starts_with('/') { u } else { format!("/{u}") })
            .collect()
    }

    /// The body text (after front matter).
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// A whole spec, as loaded.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The spec folder.
    pub root: PathBuf,
    /// `_config.yml`.
    pub config: Config,
    /// Rendered files (pages, posts, collection documents), sorted by path.
    pub pages: Vec<Page>,
    /// Paths (relative, `/`-separated) of files Jekyll copies as-is.
    pub static_files: Vec<String>,
    /// `_includes/` files by path under `_includes/`.
    pub includes: BTreeMap<String, SourceFile>,
    /// `_data/` as one tree: `data["sidebars"]["overview_sidebar"]`.
    pub data: Value,
    /// The text of every `_data/` file and of `_config.yml`, by relative path.
    pub data_files: BTreeMap<String, SourceFile>,
    /// `_data/sidebars/*.yml` and `_data/topnav.yml`, by file name.
    pub sidebars: Vec<Sidebar>,
    /// Findings made while loading (rules `front-matter`, `data-file`).
    pub diagnostics: Vec<Diagnostic>,
}

impl Site {
    /// The text of any loaded file (page, include, data file, `_config.yml`) by relative path.
    pub fn source(&self, path: &str) -> Option<&SourceFile> {
        if let Ok(i) = self.pages.binary_search_by(|p| p.source.path.as_str().cmp(path)) {
            return Some(&self.pages[i].source);
        }
        let inc = path.strip_prefix("_includes/").and_then(|k| self.includes.get(k));
        inc.or_else(|| self.data_files.get(path))
    }

    /// The page published at `url`, if any (exact match on the page URL).
    pub fn page_index_by_url(&self) -> BTreeMap<&str, usize> {
        self.pages.iter().enumerate().map(|(i, p)| (p.url.as_str(), i)).collect()
    }
}

/// Folders and files Jekyll never publishes, whatever the configuration.
const ALWAYS_SKIPPED: &[&str] =
    &["_site", ".git", "node_modules", "vendor", ".jekyll-cache", ".sass-cache", "Gemfile", "Gemfile.lock"];

/// The text of `root/rel` and whether its bytes were valid UTF-8 (invalid bytes become U+FFFD).
pub(crate) fn read_text(root: &Path, rel: &str) -> Result<(String, bool)> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, true)),
        Err(e) => Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), false)),
    }
}

/// The length of the UTF-8 byte-order mark `text` starts with: 3, or 0 without one.
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 }
}

/// Loads the spec at `root`.
pub fn load(root: &Path) -> Result<Site> {
    if !root.is_dir() {
        return Err(Error::NoSpecDir(root.to_path_buf()));
    }
    let config = load_config(root)?;
    let walked = walk(root, &config);
    let mut diagnostics = Vec::new();

    // Pages, data files and includes are read (and parsed) on every core, all at once (a large
    // spec's sidebar YAML alone is worth a core while the pages load).
    let (loaded, (data_read, includes_read)) = rayon::join(
        || {
            walked
                .documents
                .par_iter()
                .map(|(rel, kind)| load_page(root, &config, rel, kind.clone()))
                .collect::<Result<Vec<(Option<Page>, Vec<Diagnostic>)>>>()
        },
        || {
            rayon::join(
                || walked.data_files.par_iter().map(|rel| read_data_file(root, rel)).collect::<Result<Vec<DataFile>>>(),
                || {
                    walked
                        .includes
                        .par_iter()
                        .map(|rel| {
                            let key = rel.strip_prefix("_includes/").unwrap_or(rel).to_string();
                            Ok((key, SourceFile::new(rel.clone(), read_text(root, rel)?.0)))
                        })
                        .collect::<Result<Vec<(String, SourceFile)>>>()
                },
            )
        },
    );
    let (loaded, data_read, includes_read) = (loaded?, data_read?, includes_read?);
    let mut pages = Vec::new();
    let mut static_files = walked.static_files;
    for ((page, diags), (rel, _)) in loaded.into_iter().zip(&walked.documents) {
        diagnostics.extend(diags);
        match page {
            // A document Jekyll does not render is copied as-is to its source path.
            Some(p) if !p.served => {
                static_files.push(rel.clone());
                pages.push(p);
            }
            Some(p) => pages.push(p),
            None => static_files.push(rel.clone()),
        }
    }
    static_files.sort();
    pages.sort_by(|a, b| a.source.path.cmp(&b.source.path));

    let includes: BTreeMap<String, SourceFile> = includes_read.into_iter().collect();

    let mut data = Value::Object(Map::new());
    let mut data_files = BTreeMap::new();
    let mut sidebars = Vec::new();
    for DataFile { rel, file, parsed, stem, sidebar } in data_read {
        let value = match parsed {
            Ok(v) => v,
            Err((message, offset)) => {
                diagnostics.push(Diagnostic::new(
                    "data-file",
                    rel.clone(),
                    file.span(offset),
                    format!("cannot read data file: {message}"),
                ));
                continue;
            }
        };
        if let Some((name, items)) = sidebar {
            sidebars.push(Sidebar { name, file: rel.clone(), items });
        }
        insert_data(&mut data, &stem, value);
        data_files.insert(rel, file);
    }
    if let Ok((text, _)) = read_text(root, "_config.yml") {
        data_files.insert("_config.yml".to_string(), SourceFile::new("_config.yml", text));
    }

    Ok(Site {
        root: root.to_path_buf(),
        config,
        pages,
        static_files,
        includes,
        data,
        data_files,
        sidebars,
        diagnostics,
    })
}

/// One `_data/` file read and parsed, with its sidebar items when it is a sidebar.
struct DataFile {
    rel: String,
    file: SourceFile,
    /// The value, or the parser's message and the byte offset it points at.
    parsed: std::result::Result<Value, (String, usize)>,
    /// The path under `_data/` without its extension (`sidebars/overview_sidebar`).
    stem: String,
    /// Name and items, for `_data/sidebars/*` and `_data/topnav.*`.
    sidebar: Option<(String, Vec<sidebar::NavItem>)>,
}

fn read_data_file(root: &Path, rel: &str) -> Result<DataFile> {
    let (text, _) = read_text(root, rel)?;
    let file = SourceFile::new(rel.to_string(), text);
    let (content, start) = (file.content(), file.content_start());
    let parsed = if rel.ends_with(".json") {
        serde_json::from_str::<Value>(content).map_err(|e| (e.to_string(), start))
    } else {
        data_yaml::read(content).map(Ok).unwrap_or_else(|| {
            serde_yaml_ng::from_str::<Value>(content)
                .map_err(|e| (e.to_string(), start + e.location().map_or(0, |l| l.index())))
        })
    };
    let inner = rel.strip_prefix("_data/").unwrap_or(rel);
    let stem = inner.rsplit_once('.').map_or(inner, |(s, _)| s).to_string();
    let sidebar = match &parsed {
        Ok(value) if inner.starts_with("sidebars/") || stem == "topnav" => {
            let name = stem.rsplit('/').next().unwrap_or(&stem).to_string();
            Some((name, sidebar::read_items(value, &file.text, &file.lines)))
        }
        _ => None,
    };
    Ok(DataFile { rel: rel.to_string(), file, parsed, stem, sidebar })
}

fn insert_data(data: &mut Value, stem: &str, value: Value) {
    let mut node = data;
    let parts: Vec<&str> = stem.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        let map = node.as_object_mut().expect("data nodes are objects");
        node = map.entry(part.to_string()).or_insert_with(|| Value::Object(Map::new()));
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
    }
    if let Some(map) = node.as_object_mut() {
        map.insert(parts[parts.len() - 1].to_string(), value);
    }
}

fn load_config(root: &Path) -> Result<Config> {
    let path = match root_file::regular_file_inside(root, "_config.yml") {
        Ok(Some(path)) => path,
        Ok(None) => return Ok(Config::default()),
        Err(message) => return Err(Error::Config { path: root.join("_config.yml"), message }),
    };
    let (text, _) = read_text(root, "_config.yml")?;
    let text = &text[bom_len(&text)..];
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    match serde_yaml_ng::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(Config::from_map(map)),
        Ok(Value::Null) => Ok(Config::default()),
        Ok(_) => Err(Error::Config { path, message: "the file is not a mapping of keys to values".into() }),
        Err(e) => Err(Error::Config { path, message: e.to_string() }),
    }
}

struct Walked {
    documents: Vec<(String, DocKind)>,
    static_files: Vec<String>,
    includes: Vec<String>,
    data_files: Vec<String>,
}

/// `_config.yml`'s `exclude:` list, compiled once per load: exact paths and folder prefixes,
/// plus one glob set for the patterns (compiling a glob per file was a fifth of a check).
struct Exclude {
    prefixes: Vec<String>,
    globs: globset::GlobSet,
}

impl Exclude {
    fn new(config: &Config) -> Exclude {
        let mut prefixes = Vec::new();
        let mut globs = globset::GlobSetBuilder::new();
        for pat in &config.exclude {
            let pat = pat.trim_start_matches("./").trim_matches('/');
            if pat.is_empty() {
                continue;
            }
            prefixes.push(pat.to_string());
            if let Ok(glob) = globset::Glob::new(pat) {
                globs.add(glob);
            }
        }
        Exclude { prefixes, globs: globs.build().unwrap_or_else(|_| globset::GlobSet::empty()) }
    }

    fn matches(&self, rel: &str) -> bool {
        self.prefixes.iter().any(|p| rel == p || rel.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('/')))
            || self.globs.is_match(rel)
    }
}

/// One folder's entries, sorted by name, with the `/`-separated path of the folder.
struct Listing {
    folder: PathBuf,
    rel: String,
    entries: std::vec::IntoIter<(std::ffi::OsString, std::fs::FileType)>,
}

/// `folder`'s entries (not following symbolic links), sorted by name; `None` when it cannot be
/// read (such a folder is passed over, as Jekyll does).
fn list(folder: PathBuf, rel: String) -> Option<Listing> {
    let mut entries: Vec<(std::ffi::OsString, std::fs::FileType)> = std::fs::read_dir(&folder)
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            Some((e.file_name(), e.file_type().ok()?))
        })
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Some(Listing { folder, rel, entries: entries.into_iter() })
}

/// Walks the spec folder depth first, each folder's entries in name order (so the walk order is
/// the same on every file system), sorting what Jekyll renders, copies and reads.
fn walk(root: &Path, config: &Config) -> Walked {
    let mut out =
        Walked { documents: Vec::new(), static_files: Vec::new(), includes: Vec::new(), data_files: Vec::new() };
    let exclude = Exclude::new(config);
    // An explicit stack rather than recursion: a hostile spec may nest folders thousands deep.
    let mut stack: Vec<Listing> = list(root.to_path_buf(), String::new()).into_iter().collect();
    while let Some(listing) = stack.last_mut() {
        let Some((file_name, file_type)) = listing.entries.next() else {
            stack.pop();
            continue;
        };
        let name = file_name.to_string_lossy();
        if ALWAYS_SKIPPED.contains(&name.as_ref()) {
            continue;
        }
        let written = name.replace('\\', "/");
        let rel = if listing.rel.is_empty() { written } else { format!("{}/{written}", listing.rel) };
        let top = rel.split('/').next().unwrap_or("");
        let is_dir = file_type.is_dir();
        if exclude.matches(&rel) {
            continue;
        }
        let special = match top {
            "_includes" => Some("includes"),
            "_data" => Some("data"),
            "_posts" => Some("posts"),
            t if t.starts_with('_') && config.collections.get(&t[1..]).is_some_and(|c| c.output) => Some("collection"),
            _ => None,
        };
        // Judged by the entry's own name, as Jekyll filters each folder's entries: its folders
        // passed already, and a hidden folder listed in `include:` lends its files no hiding.
        let hidden = is_hidden_name(&name);
        let underscored = name.starts_with('_');
        let forced = config.include.iter().any(|i| i.trim_matches('/') == name || i.trim_matches('/') == rel);
        let skipped = !forced && (hidden || (special.is_none() && underscored));
        if is_dir {
            if !skipped {
                let folder = listing.folder.join(&file_name);
                stack.extend(list(folder, rel));
            }
            continue;
        }
        if !file_type.is_file() {
            continue;
        }
        match special {
            Some("includes") => out.includes.push(rel),
            Some("data") => {
                if [".yml", ".yaml", ".json"].iter().any(|e| rel.ends_with(e)) {
                    out.data_files.push(rel);
                }
            }
            Some("posts") if is_document(&rel) => out.documents.push((rel, DocKind::Post)),
            Some("collection") if is_document(&rel) => {
                out.documents.push((rel.clone(), DocKind::Collection(top[1..].to_string())));
            }
            Some("posts") | Some("collection") => out.static_files.push(rel),
            _ if skipped => {}
            _ if is_document(&rel) => out.documents.push((rel, DocKind::Page)),
            _ => out.static_files.push(rel),
        }
    }
    out
}

/// Whether Jekyll hides a file or folder by its name alone (dot files, `#` and `~` backups),
/// unless `include:` lists it.
fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

fn is_document(rel: &str) -> bool {
    [".md", ".markdown", ".html", ".htm"].iter().any(|e| rel.to_ascii_lowercase().ends_with(e))
}

/// Reads one document; `None` when it has no front matter (a static file).
fn load_page(root: &Path, config: &Config, rel: &str, kind: DocKind) -> Result<(Option<Page>, Vec<Diagnostic>)> {
    let (text, utf8) = read_text(root, rel)?;
    Ok(page_from_text(config, rel, kind, text, utf8))
}

/// The kind of document Jekyll renders at `rel` (relative to the spec root), or `None` when the
/// path is not one it renders: not Markdown or HTML, excluded, hidden, or in an `_` folder other
/// than `_posts` and output collections. The per-file form of the walk's rules, for files that
/// are not on disk (`verify` reads old versions of deleted pages from git; it compiles the
/// `exclude` globs per call, which is fine for those few paths but not for a walk).
pub fn document_kind(config: &Config, rel: &str) -> Option<DocKind> {
    if !is_document(rel) || Exclude::new(config).matches(rel) {
        return None;
    }
    let top = rel.split('/').next().unwrap_or("");
    let forced = |name: &str| config.include.iter().any(|i| i.trim_matches('/') == name);
    let hidden = rel.split('/').any(|c| is_hidden_name(c) && !forced(c));
    let underscored = rel.split('/').any(|c| c.starts_with('_') && !forced(c));
    match top {
        _ if hidden || ALWAYS_SKIPPED.contains(&top) => None,
        "_posts" => Some(DocKind::Post),
        t if t.starts_with('_') && config.collections.get(&t[1..]).is_some_and(|c| c.output) => {
            Some(DocKind::Collection(t[1..].to_string()))
        }
        _ if underscored => None,
        _ => Some(DocKind::Page),
    }
}

/// Builds one document of kind `kind` at `rel` from its `text` (`utf8`: whether the bytes were
/// valid UTF-8); `None` when it has no front matter (a static file).
pub fn page_from_text(
    config: &Config,
    rel: &str,
    kind: DocKind,
    text: String,
    utf8: bool,
) -> (Option<Page>, Vec<Diagnostic>) {
    let source = SourceFile::new(rel, text);
    let mut diags = Vec::new();
    if !utf8 {
        diags.push(
            Diagnostic::new("front-matter", rel, source.span(0), "file is not valid UTF-8").with_help(
                "Jekyll reads pages as UTF-8; re-save the file as UTF-8 (invalid bytes were read as U+FFFD)",
            ),
        );
    }
    let start = bom_len(&source.text);
    let bom = start > 0;
    let split = front_matter::split(&source.text, start);
    let (mut served, mut reason) = (true, None);
    let mut front_matter_ok = true;
    let (front_matter, body_start) = match split {
        Split::None => return (None, diags),
        Split::Unclosed => {
            served = false;
            reason =
                Some("its front matter has no closing `---` line, so Jekyll copies it as a static file".to_string());
            diags.push(
                Diagnostic::new("front-matter", rel, source.span(start), "front matter is not closed").with_help(
                    "add a `---` line after the last front-matter key; until then Jekyll publishes the file as-is",
                ),
            );
            (FrontMatter::default(), source.text.len())
        }
        Split::Found { yaml_start, yaml_end, body_start } => {
            let fm = match front_matter::parse_yaml(&source.text, yaml_start, yaml_end) {
                Ok(fm) => fm,
                Err(e) => {
                    front_matter_ok = false;
                    diags.push(
                        Diagnostic::new(
                            "front-matter",
                            rel,
                            source.span(e.offset),
                            format!("invalid front matter: {}", e.message),
                        )
                        .with_help(
                            "Jekyll ignores front matter it cannot parse: the page loses its title and permalink",
                        ),
                    );
                    FrontMatter { values: Map::new(), yaml_start }
                }
            };
            if bom {
                served = false;
                reason = Some("the file starts with a UTF-8 byte-order mark, which hides its front matter from Jekyll: it is copied as-is to its source path instead of being published at its permalink".to_string());
                diags.push(
                    Diagnostic::new("front-matter", rel, source.span(0), "byte-order mark before the front matter")
                        .with_help("remove the UTF-8 byte-order mark (EF BB BF) at the start of the file; Jekyll does not see front matter behind it and publishes the file as-is"),
                );
            }
            (fm, body_start)
        }
    };
    let type_name = match &kind {
        DocKind::Page => "pages".to_string(),
        DocKind::Post => "posts".to_string(),
        DocKind::Collection(c) => c.clone(),
    };
    let mut data = config.defaults_for(rel, &type_name);
    for (k, v) in &front_matter.values {
        data.insert(k.clone(), v.clone());
    }
    if data.get("published").and_then(Value::as_bool) == Some(false) {
        served = false;
        reason.get_or_insert_with(|| "its front matter says `published: false`".to_string());
    }
    let permalink = front_matter.get_str("permalink");
    let url = url::page_url(config, rel, &kind, permalink.as_deref(), &data);
    let title = front_matter::value_to_string(data.get("title").unwrap_or(&Value::Null));
    let markdown = [".md", ".markdown"].iter().any(|e| rel.to_ascii_lowercase().ends_with(e));
    let page = Page {
        source,
        body_start,
        front_matter,
        front_matter_ok,
        data,
        url,
        served,
        not_served_reason: reason,
        title,
        bom,
        markdown,
        kind,
    };
    (Some(page), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_kind_follows_the_walks_rules_for_one_path() {
        let config = Config::from_map(
            serde_json::from_str(r#"{"exclude": ["drafts"], "collections": {"examples": {"output": true}}}"#)
                .expect("json"),
        );
        assert_eq!(document_kind(&config, "pages/a.md"), Some(DocKind::Page));
        assert_eq!(document_kind(&config, "_posts/2019-01-02-a.md"), Some(DocKind::Post));
        assert_eq!(document_kind(&config, "_examples/a.md"), Some(DocKind::Collection("examples".into())));
        for not_a_page in ["_includes/a.html", "_data/a.md", "drafts/a.md", ".github/a.md", "images/a.png"] {
            assert_eq!(document_kind(&config, not_a_page), None, "{not_a_page}");
        }
    }

    #[test]
    fn the_walk_is_depth_first_in_name_order_and_skips_what_jekyll_skips() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = [
            "a.md",
            "a/x.md",
            "a-b.md",
            "B.md",
            "_data/x.yml",
            "_data/x/y.yml",
            "_data/notes.txt",
            "_includes/i.html",
            "_drafts/d.md",
            ".hidden/h.md",
            "node_modules/n.md",
            "drafts/e.md",
            "img/p.png",
            "Gemfile",
            "b~",
        ];
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "---\n---\n").expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("c")).expect("symlink");
        let config = Config::from_map(serde_json::from_str(r#"{"exclude": ["drafts"]}"#).expect("json"));
        let walked = walk(dir.path(), &config);
        let documents: Vec<&str> = walked.documents.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(documents, ["B.md", "a/x.md", "a-b.md", "a.md"]);
        assert_eq!(walked.data_files, ["_data/x/y.yml", "_data/x.yml"]);
        assert_eq!(walked.includes, ["_includes/i.html"]);
        assert_eq!(walked.static_files, ["img/p.png"]);
    }

    #[test]
    fn a_hidden_folder_listed_in_include_is_walked_and_underscored_files_are_not_pages() {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in
            [".well-known/security.txt", ".well-known/p.md", ".well-known/.x.md", ".other/o.md", "_notes.md", "a.md"]
        {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "---\n---\n").expect("write");
        }
        let config = Config::from_map(serde_json::from_str(r#"{"include": [".well-known"]}"#).expect("json"));
        let walked = walk(dir.path(), &config);
        let documents: Vec<&str> = walked.documents.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(documents, [".well-known/p.md", "a.md"]);
        assert_eq!(walked.static_files, [".well-known/security.txt"]);
        // The one-path answer agrees with the walk.
        for (rel, _) in &walked.documents {
            assert_eq!(document_kind(&config, rel), Some(DocKind::Page), "{rel}");
        }
        for rel in [".well-known/.x.md", ".other/o.md", "_notes.md"] {
            assert_eq!(document_kind(&config, rel), None, "{rel}");
        }
    }
}
