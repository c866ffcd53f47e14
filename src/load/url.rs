//! Where Jekyll publishes a document: permalink, or a URL derived from its path.

use serde_json::{Map, Value};

use super::DocKind;
use super::config::Config;

/// The URL of a document, always starting with `/`.
pub fn page_url(
    config: &Config,
    rel: &str,
    kind: &DocKind,
    permalink: Option<&str>,
    data: &Map<String, Value>,
) -> String {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let out_ext = if matches!(ext.to_ascii_lowercase().as_str(), "md" | "markdown") { "html" } else { ext };
    if let Some(p) = permalink.map(str::trim).filter(|p| !p.is_empty()) {
        let p = p.replace(":basename", stem).replace(":output_ext", &format!(".{out_ext}"));
        return if p.starts_with('/') { p } else { format!("/{p}") };
    }
    match kind {
        DocKind::Post => post_url(stem, data),
        DocKind::Collection(label) => {
            let inner = rel.strip_prefix(&format!("_{label}/")).unwrap_or(rel);
            let inner = inner.rsplit_once('.').map_or(inner, |(s, _)| s);
            format!("/{label}/{inner}.{out_ext}")
        }
        DocKind::Page => {
            let pretty = config.permalink.as_deref() == Some("pretty");
            let prefix = if dir.is_empty() { String::from("/") } else { format!("/{dir}/") };
            if stem == "index" {
                prefix
            } else if pretty {
                format!("{prefix}{stem}/")
            } else {
                format!("{prefix}{stem}.{out_ext}")
            }
        }
    }
}

fn post_url(stem: &str, data: &Map<String, Value>) -> String {
    // `_posts/2019-01-02-title.md` -> `/:categories/2019/01/02/title.html`
    let parts: Vec<&str> = stem.splitn(4, '-').collect();
    let categories = match data.get("categories").or_else(|| data.get("category")) {
        Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    let cat = categories.iter().map(|c| format!("/{c}")).collect::<String>();
    if parts.len() == 4 {
        format!("{cat}/{}/{}/{}/{}.html", parts[0], parts[1], parts[2], parts[3])
    } else {
        format!("{cat}/{stem}.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(rel: &str, permalink: Option<&str>) -> String {
        page_url(&Config::default(), rel, &DocKind::Page, permalink, &Map::new())
    }

    #[test]
    fn permalink_wins_and_gets_a_leading_slash() {
        assert_eq!(url("pages/a/b.md", Some("overview_b.html")), "/overview_b.html");
        assert_eq!(url("pages/a/b.md", Some("/x/")), "/x/");
    }

    #[test]
    fn path_derived_urls_follow_jekyll() {
        assert_eq!(url("index.md", None), "/");
        assert_eq!(url("pages/a/b.md", None), "/pages/a/b.html");
        assert_eq!(url("404.md", None), "/404.html");
        assert_eq!(url("docs/index.html", None), "/docs/");
    }

    #[test]
    fn posts_and_collections_get_their_default_urls() {
        let post = page_url(&Config::default(), "_posts/2019-01-02-hello.md", &DocKind::Post, None, &Map::new());
        assert_eq!(post, "/2019/01/02/hello.html");
        let doc = page_url(
            &Config::default(),
            "_examples/a/b.md",
            &DocKind::Collection("examples".into()),
            None,
            &Map::new(),
        );
        assert_eq!(doc, "/examples/a/b.html");
    }
}
