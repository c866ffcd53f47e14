//! Masking Liquid so Markdown can be parsed without shifting byte offsets.
//!
//! Every masked byte is replaced, never deleted: Liquid tags and outputs become
//! spaces (newlines kept), so a span computed on the masked text is a span in
//! the original file. `{% raw %}` keeps its content; `{% comment %}` blanks
//! everything up to `{% endcomment %}`.

use std::ops::Range;

/// A Liquid construct found while masking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiquidTag {
    /// Byte range of the whole tag or output in the file.
    pub range: Range<usize>,
    /// `{% ... %}` (true) or `{{ ... }}` (false).
    pub is_tag: bool,
    /// The inner text, trimmed, without `-` whitespace-control markers.
    pub inner: String,
}

impl LiquidTag {
    /// The tag name (`include`, `if`, ...); empty for outputs.
    pub fn name(&self) -> &str {
        if self.is_tag { self.inner.split_whitespace().next().unwrap_or("") } else { "" }
    }
}

/// Text with Liquid masked, and the constructs that were masked.
#[derive(Debug, Clone, Default)]
pub struct Masked {
    /// Same length as the input; bytes before `from` and Liquid replaced by spaces.
    pub text: String,
    /// Tags and outputs in order (not those inside `{% raw %}` or `{% comment %}`).
    pub tags: Vec<LiquidTag>,
}

fn blank(bytes: &mut [u8], range: Range<usize>) {
    for b in &mut bytes[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Masks `text`, blanking everything before byte `from` (front matter) too.
pub fn mask(text: &str, from: usize) -> Masked {
    let mut bytes = text.as_bytes().to_vec();
    let from = from.min(bytes.len());
    blank(&mut bytes, 0..from);
    let mut tags = Vec::new();
    let mut pos = from;
    let mut raw_until: Option<usize> = None;
    while let Some(i) = memchr::memchr(b'{', &text.as_bytes()[pos..]).map(|i| pos + i) {
        let next = text.as_bytes().get(i + 1).copied();
        let close = match next {
            Some(b'%') => "%}",
            Some(b'{') => "}}",
            _ => {
                pos = i + 1;
                continue;
            }
        };
        let Some(end) = text[i + 2..].find(close).map(|j| i + 2 + j + 2) else {
            break;
        };
        let inner = text[i + 2..end - 2].trim_matches('-').trim().to_string();
        let is_tag = close == "%}";
        let name = if is_tag { inner.split_whitespace().next().unwrap_or("") } else { "" };
        if let Some(raw_end) = raw_until {
            // Inside {% raw %}: only {% endraw %} is Liquid.
            if name == "endraw" {
                blank(&mut bytes, i..end);
                raw_until = None;
            }
            let _ = raw_end;
            pos = end;
            continue;
        }
        match name {
            "raw" => {
                blank(&mut bytes, i..end);
                raw_until = Some(end);
                pos = end;
            }
            "comment" => {
                let stop = find_end_tag(text, end, "endcomment").unwrap_or(text.len());
                blank(&mut bytes, i..stop);
                pos = stop;
            }
            _ => {
                blank(&mut bytes, i..end);
                tags.push(LiquidTag { range: i..end, is_tag, inner });
                pos = end;
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, so the text stays UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Masked { text, tags }
}

/// Byte offset just past the `{% NAME %}` tag at or after `from`.
fn find_end_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let mut pos = from;
    while let Some(i) = text[pos..].find("{%").map(|i| pos + i) {
        let end = text[i..].find("%}").map(|j| i + j + 2)?;
        if text[i + 2..end - 2].trim_matches('-').trim() == name {
            return Some(end);
        }
        pos = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_length_and_lines() {
        let text = "---\ntitle: x\n---\n[a]({{ site.baseurl }}/b.html)\n{% include note.html content=\"x\" %}\n";
        let m = mask(text, 17);
        assert_eq!(m.text.len(), text.len());
        assert_eq!(m.text.lines().count(), text.lines().count());
        assert!(m.text.starts_with("   \n"));
        assert!(m.text.contains("[a](                  /b.html)"));
        assert_eq!(m.tags.len(), 2);
        assert_eq!(m.tags[1].name(), "include");
        assert_eq!(m.tags[0].inner, "site.baseurl");
    }

    #[test]
    fn raw_content_is_kept_and_comments_are_blanked() {
        let text = "{% raw %}{{ kept }}{% endraw %} {% comment %}[x](gone.html){% endcomment %}end";
        let m = mask(text, 0);
        assert!(m.text.contains("{{ kept }}"));
        assert!(!m.text.contains("gone"));
        assert!(m.text.ends_with("end"));
        assert!(m.tags.is_empty());
    }

    #[test]
    fn multibyte_text_survives_masking() {
        let text = "é {{ x }} ü";
        assert_eq!(mask(text, 0).text, format!("é{}ü", " ".repeat(9)));
    }
}
