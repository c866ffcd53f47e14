//! Failures of the tool itself (as opposed to findings about the spec).
//!
//! Exit code 2. Printed with their whole cause chain by the binary.

use std::path::PathBuf;

/// Why specnotes could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec folder does not exist or is not a folder.
    #[error("spec folder `{0}` does not exist or is not a folder")]
    NoSpecDir(PathBuf),
    /// A file or folder could not be read.
    #[error("cannot read `{path}`")]
    Read {
        /// What was being read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write `{path}`")]
    Write {
        /// What was being written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `_config.yml` exists but is not valid YAML or not a mapping.
    #[error("`{path}` is not a valid Jekyll configuration: {message}")]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// `specnotes.toml` (or the `--config` file) is not valid.
    #[error("invalid settings in `{path}`: {message}")]
    Settings {
        /// The settings file.
        path: PathBuf,
        /// What is wrong with it (with `line L, column C` for TOML errors, "did you mean" for typos).
        message: String,
    },
    /// A site template (or template override) is unknown, unreadable or invalid.
    #[error("template `{name}`: {message}")]
    Template {
        /// The template's name or file.
        name: String,
        /// What is wrong, with the line when tera gives one.
        message: String,
    },
    /// A command-line argument names something that does not exist.
    #[error("{0}")]
    Usage(String),
    /// `serve` could not listen on its address or watch the spec folder.
    #[error("{what}")]
    Serve {
        /// What could not be done, e.g. `cannot listen on 127.0.0.1:4000`.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Output could not be serialised.
    #[error("cannot serialise output")]
    Json(#[from] serde_json::Error),
    /// Writing to standard output failed.
    #[error("cannot write output")]
    Io(#[from] std::io::Error),
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
