//! Asking for a change fragment field by field, for `add-change` run on a terminal without flags.
//!
//! The loop reads lines from any `BufRead` and writes questions to any `Write`, so tests drive
//! it with byte strings; the command passes the locked standard input and error streams.
//! Repeatable fields end at an empty line; a page that does not resolve is asked again with
//! the resolver's "did you mean".

use std::io::{BufRead, Write};

use super::fragment::{Fragment, PageChange};
use crate::error::{Error, Result};

/// Checks one `page.html#anchor` answer and gives its page change, or why it is wrong.
pub type PageCheck<'a> = &'a dyn Fn(&str) -> Result<PageChange>;

/// Asks for every field of a fragment.
pub fn ask_fragment(input: &mut dyn BufRead, output: &mut dyn Write, check_page: PageCheck) -> Result<Fragment> {
    let mut ask = Asker { input, output };
    let mut fragment = Fragment::default();
    while fragment.title.is_empty() {
        fragment.title = ask.line("Title")?.unwrap_or_default();
    }
    for answer in ask.many("Ticket number")? {
        match answer.trim_start_matches('#').parse() {
            Ok(n) => fragment.tickets.push(n),
            Err(_) => writeln!(ask.output, "  `{answer}` is not a ticket number; skipped")?,
        }
    }
    fragment.affects = ask.many("Affects (capability)")?;
    fragment.impacts = ask.line("Impacts (empty for none)")?;
    fragment.description = ask.many("Description (Markdown lines)")?.join("\n");
    while let Some(written) = ask.line("Page changed (page.html#anchor, empty to finish)")? {
        match check_page(&written) {
            Ok(mut page) => {
                page.notes = ask.many("  Note for this page")?;
                fragment.pages_changed.push(page);
            }
            Err(e) => writeln!(ask.output, "  {e}")?,
        }
    }
    let cosmetic = ask.line("Cosmetic only? (y/N)")?;
    fragment.cosmetic = cosmetic.is_some_and(|a| a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes"));
    Ok(fragment)
}

struct Asker<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
}

impl Asker<'_> {
    /// One answer, trimmed; `None` for an empty line. The end of input is an error so a closed
    /// terminal never loops.
    fn line(&mut self, question: &str) -> Result<Option<String>> {
        write!(self.output, "{question}: ")?;
        self.output.flush()?;
        let mut answer = String::new();
        if self.input.read_line(&mut answer)? == 0 {
            return Err(Error::Usage(format!("input ended while asking for {question}")));
        }
        let answer = answer.trim();
        Ok((!answer.is_empty()).then(|| answer.to_string()))
    }

    /// Answers until an empty line.
    fn many(&mut self, question: &str) -> Result<Vec<String>> {
        let mut answers = Vec::new();
        let question = format!("{question} (empty line to finish)");
        while let Some(a) = self.line(&question)? {
            answers.push(a);
        }
        Ok(answers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(written: &str) -> Result<PageChange> {
        match written {
            "a.html#x" => Ok(PageChange { page: written.into(), title: "A".into(), notes: Vec::new() }),
            _ => Err(Error::Usage(format!("page `{written}` does not exist"))),
        }
    }

    #[test]
    fn every_field_is_asked_and_repeatable_fields_end_at_an_empty_line() {
        let answers =
            "Clock skew\n640\n#641\n\nCore\n\nProviders\n- Allow skew\n\nb.html\na.html#x\nChanged expiry\n\n\ny\n";
        let mut shown = Vec::new();
        let f = ask_fragment(&mut answers.as_bytes(), &mut shown, &page).unwrap();
        assert_eq!(f.title, "Clock skew");
        assert_eq!(f.tickets, [640, 641]);
        assert_eq!(f.affects, ["Core"]);
        assert_eq!(f.impacts.as_deref(), Some("Providers"));
        assert_eq!(f.description, "- Allow skew");
        assert_eq!(f.pages_changed.len(), 1);
        assert_eq!(f.pages_changed[0].notes, ["Changed expiry"]);
        assert!(f.cosmetic);
        let shown = String::from_utf8(shown).unwrap();
        assert!(shown.contains("page `b.html` does not exist"), "{shown}");
    }

    #[test]
    fn input_ending_early_is_an_error_not_a_loop() {
        let mut shown = Vec::new();
        let err = ask_fragment(&mut "Title only\n".as_bytes(), &mut shown, &page).unwrap_err();
        assert!(err.to_string().contains("input ended"), "{err}");
    }
}
