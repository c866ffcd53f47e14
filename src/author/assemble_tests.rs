use super::*;

#[test]
fn markup_in_plain_text_is_escaped_for_kramdown_and_commonmark() {
    assert_eq!(escape("a*b_c [x] R&D &reg; #1"), "a\\*b\\_c \\[x\\] R&D &amp;reg; \\#1");
}
