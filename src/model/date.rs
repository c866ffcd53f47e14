//! Release dates as authors write them in summaries and headings.
//!
//! Summaries say "released on 23rd April 2019", "26 Oct 2018", "21 Sept 2018";
//! other specs write ISO `2019-04-23` or "April 23, 2019". [`parse_date`]
//! reads one date and validates it (no 30 February); [`from_summary`] finds the
//! date text in a summary and keeps it even when it is a placeholder.

use std::sync::LazyLock;

use crate::ascii_regex::{Small, small};

use super::Date;

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// `23rd April 2019`, `3 Aug 2018`.
static DAY_MONTH_YEAR: LazyLock<Small> = LazyLock::new(|| small(&day_month_year()));
fn day_month_year() -> String {
    format!(r"(?i)^(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH},?\s+(\d{{4}})$")
}

/// `April 23, 2019`.
static MONTH_DAY_YEAR: LazyLock<Small> = LazyLock::new(|| small(&month_day_year()));
fn month_day_year() -> String {
    format!(r"(?i)^{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")
}

/// `March 2022`, `Mar. 2022`: a month, no day.
static MONTH_YEAR: LazyLock<Small> = LazyLock::new(|| small(&month_year()));
fn month_year() -> String {
    format!(r"(?i)^{MONTH},?\s+(\d{{4}})$")
}

/// `2019-04-23`.
static ISO: LazyLock<Small> = LazyLock::new(|| small(ISO_PATTERN));
const ISO_PATTERN: &str = r"^(\d{4})-(\d{1,2})-(\d{1,2})$";

/// `2022-03`: ISO's month, no day (two-digit month, as ISO writes it).
static ISO_MONTH: LazyLock<Small> = LazyLock::new(|| small(ISO_MONTH_PATTERN));
const ISO_MONTH_PATTERN: &str = r"^(\d{4})-(0[1-9]|1[0-2])$";

/// `09-04-2020`, `09/04/2020`: day first, as the UK writes dates.
static DAY_FIRST_NUMERIC: LazyLock<Small> = LazyLock::new(|| small(DAY_FIRST_PATTERN));
const DAY_FIRST_PATTERN: &str = r"^(\d{1,2})([-/])(\d{1,2})([-/])(\d{4})$";

/// Something date-shaped inside longer text (placeholders like `XX Mar 2019` included).
static DATE_IN_TEXT: LazyLock<Small> = LazyLock::new(|| small(&date_in_text()));
fn date_in_text() -> String {
    format!(
        r"(?i)\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}-\d{{1,2}}-\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|[0-9X]{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+[0-9X]{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{MONTH},?\s+\d{{4}}|\d{{4}}-(?:0[1-9]|1[0-2])\b)"
    )
}

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&DAY_MONTH_YEAR);
    LazyLock::force(&MONTH_DAY_YEAR);
    LazyLock::force(&MONTH_YEAR);
    LazyLock::force(&ISO);
    LazyLock::force(&ISO_MONTH);
    LazyLock::force(&DAY_FIRST_NUMERIC);
    LazyLock::force(&DATE_IN_TEXT);
}

/// The patterns above, for the test that regex-lite reads them as the regex crate does.
#[cfg(test)]
pub(crate) fn small_patterns() -> Vec<String> {
    vec![
        day_month_year(),
        month_day_year(),
        month_year(),
        ISO_PATTERN.to_string(),
        ISO_MONTH_PATTERN.to_string(),
        DAY_FIRST_PATTERN.to_string(),
        date_in_text(),
    ]
}

fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    const PREFIXES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    PREFIXES.iter().position(|p| lower.starts_with(p)).and_then(|i| u8::try_from(i + 1).ok())
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn make_date(year: &str, month: u8, day: &str) -> Option<Date> {
    let year: i32 = year.parse().ok()?;
    let day: u8 = day.parse().ok()?;
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
}

/// Parses one date written as `23rd April 2019`, `26 Oct 2018`, `21 Sept 2018`,
/// `2019-04-23`, `April 23, 2019` or, day first, `09-04-2020` and `09/04/2020`; or a month
/// alone, `March 2022` or `2022-03` (a [`Date`] whose `day` is 0); `None` for anything else or an
/// impossible day.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim().trim_end_matches('.');
    if let Some(c) = ISO.captures(text) {
        return make_date(&c[1], c[2].parse().ok()?, &c[3]);
    }
    if let Some(c) = DAY_FIRST_NUMERIC.captures(text).filter(|c| c[2] == c[4]) {
        return make_date(&c[5], c[3].parse().ok()?, &c[1]);
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(text) {
        return make_date(&c[3], month_number(&c[2])?, &c[1]);
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(text) {
        return make_date(&c[3], month_number(&c[1])?, &c[2]);
    }
    if let Some(c) = MONTH_YEAR.captures(text) {
        return Some(Date { year: c[2].parse().ok()?, month: month_number(&c[1])?, day: 0 });
    }
    if let Some(c) = ISO_MONTH.captures(text) {
        return Some(Date { year: c[1].parse().ok()?, month: c[2].parse().ok()?, day: 0 });
    }
    None
}

/// Today's date (UTC), from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// The calendar date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(i32::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// The date of a summary: `(parsed, as written)`. The text after "released on"
/// is kept even when it does not parse (`XX Mar 2019`), so rules can report it.
pub fn from_summary(summary: &str) -> (Option<Date>, Option<String>) {
    let lower = summary.to_ascii_lowercase();
    let written = match lower.find("released on") {
        Some(i) => {
            let rest = summary[i + "released on".len()..].trim();
            let rest = rest.trim_end_matches(['.', '"']).trim();
            (!rest.is_empty()).then(|| rest.to_string())
        }
        None => DATE_IN_TEXT.find(summary).map(|m| m.as_str().to_string()),
    };
    match written {
        Some(text) => (find_date(&text), Some(text)),
        None => (None, None),
    }
}

/// The first valid date inside `text` (which may carry words around it).
pub fn find_date(text: &str) -> Option<Date> {
    parse_date(text).or_else(|| DATE_IN_TEXT.find(text).and_then(|m| parse_date(m.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn written_dates_parse_in_every_corpus_form() {
        let table = [
            ("23rd April 2019", d(2019, 4, 23)),
            ("26 Oct 2018", d(2018, 10, 26)),
            ("21 Sept 2018", d(2018, 9, 21)),
            ("3 Aug 2018", d(2018, 8, 3)),
            ("1st October 2020", d(2020, 10, 1)),
            ("2019-04-23", d(2019, 4, 23)),
            ("April 23, 2019", d(2019, 4, 23)),
            ("29 Feb 2020", d(2020, 2, 29)),
            ("29 Feb 2019", None),
            ("30 February 2020", None),
            ("XX Mar 2019", None),
            ("31 Apr 2019", None),
            ("2019-13-01", None),
            ("09-04-2020", d(2020, 4, 9)),
            ("9/4/2020", d(2020, 4, 9)),
            ("31-12-2019", d(2019, 12, 31)),
            ("12-31-2019", None),
            ("09-04/2020", None),
            ("March 2022", d(2022, 3, 0)),
            ("Mar. 2022", d(2022, 3, 0)),
            ("sept, 2021", d(2021, 9, 0)),
            ("2022-03", d(2022, 3, 0)),
            ("2022-3", None),
            ("2022-13", None),
            ("2023-24", None),
            ("Smarch 2022", None),
            ("March 22", None),
            ("soon", None),
        ];
        for (text, expected) in table {
            assert_eq!(parse_date(text), expected, "{text}");
        }
    }

    #[test]
    fn summary_date_keeps_the_written_text_even_when_invalid() {
        assert_eq!(
            from_summary("GP Connect API 1.2.3 released on 23rd April 2019"),
            (d(2019, 4, 23), Some("23rd April 2019".to_string()))
        );
        assert_eq!(
            from_summary("GP Connect 1.2.2 released on 26 Oct 2018."),
            (d(2018, 10, 26), Some("26 Oct 2018".to_string()))
        );
        assert_eq!(from_summary("Released on XX Mar 2019"), (None, Some("XX Mar 2019".to_string())));
        assert_eq!(from_summary("Version 2 (2019-04-23)"), (d(2019, 4, 23), Some("2019-04-23".to_string())));
        assert_eq!(from_summary("A summary"), (None, None));
        assert_eq!(from_summary("Released in Mar 2022"), (d(2022, 3, 0), Some("Mar 2022".to_string())));
        // A whole date wins over the month it starts with; a placeholder day stays unread.
        assert_eq!(from_summary("Out on March 3, 2022"), (d(2022, 3, 3), Some("March 3, 2022".to_string())));
        assert_eq!(from_summary("Out on XX March 2022"), (None, Some("XX March 2022".to_string())));
        // ISO's month alone; a whole ISO date still wins, and a financial year is no month.
        assert_eq!(from_summary("Published 2022-03"), (d(2022, 3, 0), Some("2022-03".to_string())));
        assert_eq!(from_summary("Published 2022-03-09"), (d(2022, 3, 9), Some("2022-03-09".to_string())));
        assert_eq!(from_summary("Plans for 2023-24"), (None, None));
    }

    #[test]
    fn dates_display_as_iso() {
        assert_eq!(parse_date("3 Aug 2018").map(|d| d.to_string()), Some("2018-08-03".into()));
        assert_eq!(parse_date("Aug 2018").map(|d| d.to_string()), Some("2018-08".into()));
        assert_eq!(parse_date("Aug 2018").map(|d| d.first_day().to_string()), Some("2018-08-01".into()));
        assert!(parse_date("Aug 2018") < parse_date("1 Aug 2018"));
    }

    #[test]
    fn days_since_the_epoch_are_calendar_dates() {
        assert_eq!(civil_from_days(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(civil_from_days(18_009), Date { year: 2019, month: 4, day: 23 });
        assert_eq!(civil_from_days(19_782), Date { year: 2024, month: 2, day: 29 });
        assert_eq!(civil_from_days(-1), Date { year: 1969, month: 12, day: 31 });
    }
}
