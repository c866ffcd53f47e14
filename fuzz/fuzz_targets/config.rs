//! The two configuration files. `specnotes.toml`: parsing never panics, and settings that
//! parse print back (`to_toml`) to a file that parses to the same settings. `_config.yml`:
//! any YAML mapping becomes a Jekyll `Config` without panicking, and its page URLs stay absolute.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specnotes::config::Settings;
use specnotes::load::{Config, DocKind, page_from_text};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(settings) = Settings::from_toml(text) {
        let printed = settings.to_toml();
        let again =
            Settings::from_toml(&printed).unwrap_or_else(|e| panic!("to_toml output does not parse: {e}\n{printed}"));
        assert_eq!(again, settings, "to_toml does not round-trip:\n{printed}");
    }
    if let Ok(serde_json::Value::Object(map)) = serde_yaml_ng::from_str::<serde_json::Value>(text) {
        let config = Config::from_map(map);
        let page = "---\ntitle: T\n---\nbody\n".to_string();
        for rel in ["index.md", "pages/a/b.html", "_posts/2020-01-02-x.md"] {
            let (page, _) = page_from_text(&config, rel, DocKind::Page, page.clone(), true);
            let url = page.map(|p| p.url).unwrap_or_default();
            assert!(url.starts_with('/'), "URL {url:?} of {rel} is not absolute");
        }
    }
});
