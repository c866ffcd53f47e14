//! Stage 5, report: the only place that writes findings to stdout.
