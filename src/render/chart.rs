//! Stage render: the "changes per release" chart, an SVG made at build time.
//!
//! One stacked bar per release (model order: oldest left), one series per capability. A
//! change that affects several capabilities is counted once, under its first, so bar
//! heights are change counts. The eight busiest capabilities get their own colour; the rest
//! share "Other capabilities", and changes naming none are "No capability". Colours are
//! `fill` attributes plus `series-N` classes (no `style=`, so the CSP holds), text is
//! escaped, and the same numbers go to a table as the chart's text alternative.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::view::{ChangeView, ChartRow, ChartSeries, ChartView, ReleaseView};

/// Colours of the series, distinguishable and dark enough on white (Okabe-Ito based).
const COLOURS: &[&str] =
    &["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6a3d9a", "#8c6d1f", "#7f7f7f", "#c7c7c7"];
const NAMED_SERIES: usize = 8;
const BAR: usize = 26;
const GAP: usize = 14;
const PLOT_HEIGHT: usize = 220;
const LEFT: usize = 44;
const TOP: usize = 12;
const BOTTOM: usize = 96;

/// The chart of `releases` (with their change views, parallel).
pub fn chart(releases: &[ReleaseView], changes: &[Vec<ChangeView>]) -> ChartView {
    let first_capability = |c: &ChangeView| c.affects.first().map(|a| a.name.clone());
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    for change in changes.iter().flatten() {
        if let Some(name) = first_capability(change) {
            *totals.entry(name).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut series: Vec<String> = ranked.iter().take(NAMED_SERIES).map(|(n, _)| n.clone()).collect();
    let other = ranked.len() > NAMED_SERIES;
    if other {
        series.push("Other capabilities".into());
    }
    let has_none = changes.iter().flatten().any(|c| c.affects.is_empty());
    if has_none {
        series.push("No capability".into());
    }
    let slot = |change: &ChangeView| match first_capability(change) {
        Some(name) => series.iter().take(NAMED_SERIES).position(|s| *s == name).unwrap_or(NAMED_SERIES),
        None => series.len() - 1,
    };
    let rows: Vec<ChartRow> = releases
        .iter()
        .zip(changes)
        .map(|(release, views)| {
            let mut counts = vec![0; series.len()];
            for change in views {
                if let Some(count) = counts.get_mut(slot(change)) {
                    *count += 1;
                }
            }
            let label = match &release.product {
                Some(p) => format!("{p} {}", release.version),
                None => release.version.clone(),
            };
            ChartRow { version: label, counts, total: views.len() }
        })
        .collect();
    let count = series.len();
    let series: Vec<ChartSeries> = series
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let colour =
                if has_none && i + 1 == count { COLOURS[COLOURS.len() - 1] } else { COLOURS[i.min(COLOURS.len() - 2)] };
            ChartSeries { name, class: format!("series-{i}"), colour: colour.to_string() }
        })
        .collect();
    ChartView { svg: svg(&rows, &series), series, rows }
}

fn svg(rows: &[ChartRow], series: &[ChartSeries]) -> String {
    let max = rows.iter().map(|r| r.total).max().unwrap_or(0).max(1);
    let step = nice_step(max);
    let top = max.div_ceil(step) * step;
    let width = LEFT + rows.len().max(1) * (BAR + GAP) + GAP;
    let height = TOP + PLOT_HEIGHT + BOTTOM;
    let y = |v: usize| TOP + PLOT_HEIGHT - v * PLOT_HEIGHT / top;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\
         <title id=\"chart-title\">Changes per release, by capability</title>\
         <desc id=\"chart-desc\">Stacked bars, oldest release on the left; the table below gives the same numbers.</desc>"
    );
    for v in (0..=top).step_by(step) {
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{width}\" y1=\"{0}\" y2=\"{0}\" stroke=\"#d0d4d9\"/>\
             <text class=\"axis\" x=\"{1}\" y=\"{2}\" text-anchor=\"end\">{v}</text>",
            y(v),
            LEFT - 6,
            y(v) + 4
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let x = LEFT + GAP + i * (BAR + GAP);
        let mut base = 0;
        let _ = write!(s, "<g><title>{}: {} changes</title>", super::templates::escape(&row.version), row.total);
        for (k, &count) in row.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let (y0, y1) = (y(base + count), y(base));
            let _ = write!(
                s,
                "<rect class=\"series-{k}\" x=\"{x}\" y=\"{y0}\" width=\"{BAR}\" height=\"{}\" fill=\"{}\"/>",
                y1 - y0,
                series.get(k).map_or("#7f7f7f", |s| s.colour.as_str())
            );
            base += count;
        }
        let (lx, ly) = (x + BAR / 2, TOP + PLOT_HEIGHT + 10);
        let _ = write!(
            s,
            "</g><text class=\"axis\" x=\"{lx}\" y=\"{ly}\" text-anchor=\"end\" \
             transform=\"rotate(-60 {lx} {ly})\">{}</text>",
            super::templates::escape(&row.version)
        );
    }
    s.push_str("</svg>");
    s
}

/// A round axis step giving at most about five grid lines.
fn nice_step(max: usize) -> usize {
    let rough = max.div_ceil(5).max(1);
    let magnitude = 10usize.pow(rough.ilog10());
    [1, 2, 5, 10].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(rough)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round_numbers() {
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(12), 5);
        assert_eq!(nice_step(97), 20);
        assert_eq!(nice_step(549), 200);
    }

    #[test]
    fn bars_stack_their_series_and_labels_are_escaped() {
        let rows = [ChartRow { version: "<b>1".into(), counts: vec![2, 1], total: 3 }];
        let one = |name: &str, i: usize| ChartSeries {
            name: name.into(),
            class: format!("series-{i}"),
            colour: "#000".into(),
        };
        let series = [one("A", 0), one("B", 1)];
        let svg = svg(&rows, &series);
        assert!(svg.contains("<title>&lt;b&gt;1: 3 changes</title>"));
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches("<rect ").count(), 2);
        assert!(svg.contains("class=\"series-1\""));
    }
}
