//! Mote projects: a folder holding a `mote.toml` manifest.
//!
//! ```toml
//! [package]
//! name = "thermostat"
//! version = "0.1.0"
//! source-dirs = ["src"]   # optional; this is the default
//! ```

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const MANIFEST: &str = "mote.toml";

/// A loaded project. Paths are relative to where the user pointed, not canonical, so that
/// diagnostics name files the way the user wrote them.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub package: Package,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    package: Package,
}

// Unknown keys are errors: a misspelt `source_dirs` would otherwise be ignored silently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Package {
    pub name: String,
    pub version: String,
    #[serde(default = "default_source_dirs")]
    pub source_dirs: Vec<PathBuf>,
}

fn default_source_dirs() -> Vec<PathBuf> {
    vec![PathBuf::from("src")]
}

#[derive(Debug)]
pub enum ProjectError {
    /// A folder was given that holds no `mote.toml`.
    NotAProject {
        dir: PathBuf,
    },
    Read {
        path: PathBuf,
        error: io::Error,
    },
    /// The manifest is not valid TOML or not a valid manifest; `position` is a 1-based line and column.
    Manifest {
        path: PathBuf,
        position: Option<(usize, usize)>,
        message: String,
    },
    MissingSourceDir {
        manifest: PathBuf,
        dir: PathBuf,
    },
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectError::NotAProject { dir } => {
                write!(f, "{} is not a Mote project: it has no {MANIFEST}", shown(dir))
            }
            ProjectError::Read { path, error } => {
                write!(f, "cannot read {}: {error}", path.display())
            }
            ProjectError::Manifest { path, position: Some((line, col)), message } => {
                write!(f, "invalid {}:{line}:{col}: {message}", path.display())
            }
            ProjectError::Manifest { path, position: None, message } => {
                write!(f, "invalid {}: {message}", path.display())
            }
            ProjectError::MissingSourceDir { manifest, dir } => {
                write!(f, "{} names the source directory {}, which does not exist", manifest.display(), dir.display())
            }
        }
    }
}

/// `dir` for messages: the current directory reads as `.`, not as nothing.
fn shown(dir: &Path) -> String {
    if dir.as_os_str().is_empty() { ".".to_string() } else { dir.display().to_string() }
}

impl Project {
    /// Whether `dir` holds a manifest. The empty path is the current directory.
    pub fn is_project(dir: &Path) -> bool {
        dir.join(MANIFEST).is_file()
    }

    /// Reads and validates `dir/mote.toml`.
    pub fn load(dir: &Path) -> Result<Project, ProjectError> {
        let path = dir.join(MANIFEST);
        if !path.is_file() {
            return Err(ProjectError::NotAProject { dir: dir.to_path_buf() });
        }
        let text = fs::read_to_string(&path).map_err(|error| ProjectError::Read { path: path.clone(), error })?;
        let manifest: Manifest = toml::from_str(&text).map_err(|error| ProjectError::Manifest {
            position: error.span().map(|span| line_col(&text, span.start)),
            message: error.message().trim_end().to_string(),
            path: path.clone(),
        })?;
        let package = manifest.package;
        for (key, value) in [("name", &package.name), ("version", &package.version)] {
            if value.trim().is_empty() {
                return Err(ProjectError::Manifest {
                    path,
                    position: None,
                    message: format!("`package.{key}` is empty"),
                });
            }
        }
        Ok(Project { root: dir.to_path_buf(), package })
    }

    /// Every `*.mote` file under the source directories, each directory's files sorted by path.
    pub fn source_files(&self) -> Result<Vec<PathBuf>, ProjectError> {
        let mut files = Vec::new();
        for dir in &self.package.source_dirs {
            let dir = self.root.join(dir);
            if !dir.is_dir() {
                return Err(ProjectError::MissingSourceDir { manifest: self.root.join(MANIFEST), dir });
            }
            let mut found = Vec::new();
            collect_mote_files(&dir, &mut found)?;
            found.sort();
            files.extend(found);
        }
        Ok(files)
    }
}

/// Every `*.mote` file under a folder that is not a project, sorted by path.
pub fn mote_files_under(dir: &Path) -> Result<Vec<PathBuf>, ProjectError> {
    let mut found = Vec::new();
    collect_mote_files(dir, &mut found)?;
    found.sort();
    Ok(found)
}

/// Adds the `*.mote` files under `dir`, recursively. Symbolic links to files count; links to
/// directories are not followed, so a link cycle cannot make the walk endless.
fn collect_mote_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ProjectError> {
    let read_error = |error| ProjectError::Read { path: dir.to_path_buf(), error };
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|error| ProjectError::Read { path: path.clone(), error })?;
        if kind.is_dir() {
            collect_mote_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "mote") && (kind.is_file() || path.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}
