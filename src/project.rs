//! The project a command works on: its `.wf` files, schema and plans, from
//! the FILE arguments and the project file `wf.toml` (TOOLING.md §1).
//!
//! Every command that takes a project (`check`, `compile`, `run`, and the
//! tools on top: `fmt`, `graph`, `lsp`) calls [`resolve`]: FILE arguments
//! may be files, folders (every `*.wf` below, sorted, skipping hidden
//! folders and `target/`) or `-` (standard input); with none, the files come
//! from the `wf.toml` found in the current folder or its parents. The
//! `wf.toml`'s schema and plans apply either way; the command's flags win
//! over them (the caller merges them, as only it knows its flags).
//!
//! Problems are data ([`ProjectError`]); the CLI prints them (exit 2).

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::source::Sources;

/// The name of the project file.
pub const MANIFEST_NAME: &str = "wf.toml";

/// The largest source file (or standard input) read, in bytes.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// The largest `wf.toml` read, in bytes.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

/// The most `.wf` files one project may have.
pub const MAX_PROJECT_FILES: usize = 100_000;

/// The name standard input is known by in diagnostics.
pub const STDIN_NAME: &str = "<stdin>";

/// A resolved project: its files, read, and the options its `wf.toml` gave.
#[derive(Clone, Debug)]
pub struct Project {
    /// The source files, in order: as given on the command line (folders
    /// expanded, sorted), or as `wf.toml` lists them (sorted).
    pub files: Vec<ProjectFile>,
    /// The schema from `wf.toml` (a path already made relative to the
    /// current folder, or absolute).
    pub schema: Option<PathBuf>,
    /// The plans from `wf.toml`.
    pub plans: Vec<String>,
    /// The project file found from the current folder, if any.
    pub manifest: Option<Manifest>,
}

impl Project {
    /// The folder of the `wf.toml`, when there is one.
    pub fn root(&self) -> Option<&Path> {
        self.manifest.as_ref().map(|m| m.root.as_path())
    }

    /// The files as a [`Sources`] set, for the checker.
    pub fn sources(&self) -> Sources {
        let mut sources = Sources::new();
        for file in &self.files {
            sources.add_bytes(file.name.clone(), file.bytes.clone());
        }
        sources
    }

    /// True when one of the files is standard input.
    pub fn reads_stdin(&self) -> bool {
        self.files.iter().any(|f| f.path.is_none())
    }
}

/// One source file of a project.
#[derive(Clone, Debug)]
pub struct ProjectFile {
    /// The name shown in diagnostics: the path as given, or relative to the
    /// current folder for files found through `wf.toml`; [`STDIN_NAME`] for `-`.
    pub name: String,
    /// Where it was read from; `None` for standard input.
    pub path: Option<PathBuf>,
    /// Its contents (not necessarily UTF-8: the parser reports that).
    pub bytes: Vec<u8>,
}

impl ProjectFile {
    /// The contents as text, or the byte offset of the first byte that is not UTF-8.
    pub fn text(&self) -> Result<&str, usize> {
        std::str::from_utf8(&self.bytes).map_err(|e| e.valid_up_to())
    }
}

/// The contents of a `wf.toml`, checked.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// Where the file is.
    pub path: PathBuf,
    /// Its folder, the base of every relative path in it.
    pub root: PathBuf,
    /// The name the file is shown by (relative to the current folder).
    pub name: String,
    /// `[project] files`: globs relative to [`Manifest::root`]; `None`: every `*.wf` below it.
    pub files: Option<Vec<String>>,
    /// `[project] schema`, joined to [`Manifest::root`].
    pub schema: Option<PathBuf>,
    /// `[project] plans`.
    pub plans: Vec<String>,
    /// `[actions]` (RUNTIME.md §3): delivery endpoints, checked for shape only.
    pub actions: Option<toml::Table>,
    /// `[serve]` (RUNTIME.md §4), checked for keys and types only.
    pub serve: Option<toml::Table>,
    /// `[store]` (RUNTIME.md §5), checked for keys and types only.
    pub store: Option<toml::Table>,
}

/// Why a project cannot be resolved: an input problem (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// `wf check` with no FILE in a folder without a `wf.toml` above it.
    #[error(
        "no files given and no `wf.toml` in `{}` or its parents; name the `.wf` files or a folder \
         (`wf check flows/`), or create a `wf.toml`",
        cwd.display()
    )]
    NoProject { cwd: PathBuf },
    /// A file or folder that cannot be opened or read.
    #[error("cannot read `{}`: {error}; check the path and that the file is readable", path.display())]
    CannotRead { path: PathBuf, error: std::io::Error },
    /// A file over [`MAX_SOURCE_BYTES`] (or a `wf.toml` over [`MAX_MANIFEST_BYTES`]).
    #[error("`{name}` is larger than {} MiB, the limit for one file; split it into several files", limit / (1024 * 1024))]
    TooLarge { name: String, limit: u64 },
    /// A folder with no `.wf` file below it.
    #[error("no `.wf` files below `{}`; give a folder that holds workflow scripts", folder.display())]
    NoWfFiles { folder: PathBuf },
    /// More files than [`MAX_PROJECT_FILES`].
    #[error("the project has more than {MAX_PROJECT_FILES} files, the limit; give a smaller folder or narrower globs")]
    TooManyFiles,
    /// `-` for a command that does not read standard input.
    #[error("`-` (standard input) is read only by `wf check` and `wf fmt`; give the `.wf` files or a folder")]
    StdinNotAllowed,
    /// `-` given twice.
    #[error("`-` (standard input) is given more than once; give it once")]
    StdinTwice,
    /// A problem in `wf.toml`, at a line.
    #[error("`{file}` line {line}: {problem}")]
    Manifest {
        file: String,
        line: usize,
        problem: ManifestProblem,
    },
}

/// What is wrong in a `wf.toml`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ManifestProblem {
    /// Not TOML at all (the parser's message).
    #[error("{message}; fix the TOML syntax")]
    Syntax { message: String },
    /// The file is not UTF-8.
    #[error("the file is not valid UTF-8; save it as UTF-8")]
    NotUtf8,
    /// `filez = […]` in `[project]`.
    #[error(
        "unknown key `{key}`{}; the keys there are {}",
        did_you_mean(suggestion),
        backticked(expected)
    )]
    UnknownKey {
        key: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    /// `plans = "sms"` where a list is wanted.
    #[error("`{key}` must be {expected}, not {found}")]
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    /// A glob in `files` that is not a glob.
    #[error("`{key}` has an invalid glob `{glob}`: {message}")]
    BadGlob { key: String, glob: String, message: String },
    /// A glob in `files` that matches no file.
    #[error("`{key}`: the glob `{glob}` matches no file below `{root}`; fix the glob or remove it")]
    NoMatch { key: String, glob: String, root: String },
    /// `files = []`, or the default finding nothing.
    #[error("`{key}` names no `.wf` file; list globs such as `\"workflows/**/*.wf\"`")]
    NoFiles { key: String },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

fn backticked(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

/// Resolves a project from FILE arguments (none: from `wf.toml`), reading
/// `-` from standard input. `cwd` is the folder names are relative to and
/// where the search for `wf.toml` starts.
pub fn resolve(args: &[PathBuf], cwd: &Path) -> Result<Project, ProjectError> {
    let mut stdin = std::io::stdin();
    resolve_with(args, cwd, Some(&mut stdin))
}

/// [`resolve`], with standard input given explicitly; `None` refuses `-`
/// (for commands that do not read standard input).
pub fn resolve_with(args: &[PathBuf], cwd: &Path, stdin: Option<&mut dyn Read>) -> Result<Project, ProjectError> {
    let manifest = match find_manifest(cwd) {
        Some(path) => Some(load_manifest(&path, cwd)?),
        None => None,
    };
    let files = if args.is_empty() {
        match &manifest {
            Some(manifest) => manifest_files(manifest, cwd)?,
            None => return Err(ProjectError::NoProject { cwd: cwd.to_path_buf() }),
        }
    } else {
        argument_files(args, stdin)?
    };
    Ok(Project {
        files,
        schema: manifest.as_ref().and_then(|m| m.schema.clone()),
        plans: manifest.as_ref().map(|m| m.plans.clone()).unwrap_or_default(),
        manifest,
    })
}

/// The `wf.toml` in `cwd` or the nearest of its parents.
pub fn find_manifest(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .map(|dir| dir.join(MANIFEST_NAME))
        .find(|path| path.is_file())
}

/// Reads and checks a `wf.toml`; `cwd` only decides the names paths are shown by.
pub fn load_manifest(path: &Path, cwd: &Path) -> Result<Manifest, ProjectError> {
    let name = shown_name(path, cwd);
    let bytes = read_limited(path, &name, MAX_MANIFEST_BYTES)?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(ProjectError::Manifest {
            file: name,
            line: 1,
            problem: ManifestProblem::NotUtf8,
        });
    };
    let mut manifest = parse_manifest(&text).map_err(|(line, problem)| ProjectError::Manifest {
        file: name.clone(),
        line,
        problem,
    })?;
    manifest.schema = manifest.schema.map(|schema| shown_path(&root.join(schema), cwd));
    manifest.path = path.to_path_buf();
    manifest.root = root;
    manifest.name = name;
    Ok(manifest)
}

/// Checks the text of a `wf.toml`: the paths in the result are as written;
/// an error is the line and the problem.
pub fn parse_manifest(text: &str) -> Result<Manifest, (usize, ManifestProblem)> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let document = DeTable::parse(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(s.start));
        let message = e.message().trim_end_matches('.').to_string();
        (line, ManifestProblem::Syntax { message })
    })?;
    let fail = |span: std::ops::Range<usize>, problem: ManifestProblem| (line_of(span.start), problem);
    let mut manifest = Manifest::default();
    for (key, value) in in_source_order(document.get_ref()) {
        let section = key.get_ref().as_ref();
        let DeValue::Table(table) = value.get_ref() else {
            if !TOP_KEYS.contains(&section) {
                return Err(fail(key.span(), unknown_key(section, "", TOP_KEYS)));
            }
            return Err(fail(value.span(), wrong_type(section, "a table", value.get_ref())));
        };
        match section {
            "project" => read_project(table, &mut manifest),
            "actions" => check_actions(table),
            "serve" => check_serve(table),
            "store" => check_store(table),
            other => return Err(fail(key.span(), unknown_key(other, "", TOP_KEYS))),
        }
        .map_err(|(span, p)| fail(span, p))?;
    }
    // The runtime tables are kept as plain TOML values for the commands
    // that use them; their keys and types were checked above.
    if TOP_KEYS[1..].iter().any(|k| document.get_ref().contains_key(*k)) {
        let mut all: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            (
                1,
                ManifestProblem::Syntax {
                    message: e.message().trim_end_matches('.').to_string(),
                },
            )
        })?;
        let mut take = |name: &str| match all.remove(name) {
            Some(toml::Value::Table(table)) => Some(table),
            _ => None,
        };
        manifest.actions = take("actions");
        manifest.serve = take("serve");
        manifest.store = take("store");
    }
    Ok(manifest)
}

/// The tables of `wf.toml`: this section's `[project]`, and RUNTIME.md's.
const TOP_KEYS: &[&str] = &["project", "actions", "serve", "store"];
const PROJECT_KEYS: &[&str] = &["files", "schema", "plans"];
const SERVE_KEYS: &[&str] = &[
    "listen",
    "state",
    "token_file",
    "allow_hosts",
    "max_in_flight",
    "public_url",
];
const STORE_KEYS: &[&str] = &["url"];
const ACTION_KEYS: &[&str] = &["url", "timeout", "headers"];

type Entry<'a, 'i> = (&'a Spanned<toml::de::DeString<'i>>, &'a Spanned<DeValue<'i>>);
type Problem = (std::ops::Range<usize>, ManifestProblem);

/// A table's entries in the order they are written (the map sorts its keys).
fn in_source_order<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

fn unknown_key(key: &str, prefix: &str, expected: &[&str]) -> ManifestProblem {
    ManifestProblem::UnknownKey {
        key: format!("{prefix}{key}"),
        expected: expected.iter().map(|k| format!("{prefix}{k}")).collect(),
        suggestion: crate::suggest::suggest(key, expected.iter().copied()).map(|s| format!("{prefix}{s}")),
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn wrong_type(key: &str, expected: &'static str, value: &DeValue<'_>) -> ManifestProblem {
    ManifestProblem::WrongType {
        key: key.to_string(),
        expected,
        found: type_name(value),
    }
}

fn expect_string(key: &str, value: &Spanned<DeValue<'_>>) -> Result<String, Problem> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        other => Err((value.span(), wrong_type(key, "a string", other))),
    }
}

fn expect_strings(key: &str, value: &Spanned<DeValue<'_>>) -> Result<Vec<String>, Problem> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err((value.span(), wrong_type(key, "an array of strings", value.get_ref())));
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            other => Err((item.span(), wrong_type(key, "an array of strings", other))),
        })
        .collect()
}

fn read_project(table: &DeTable<'_>, manifest: &mut Manifest) -> Result<(), Problem> {
    for (key, value) in in_source_order(table) {
        match key.get_ref().as_ref() {
            "files" => manifest.files = Some(expect_strings("project.files", value)?),
            "schema" => manifest.schema = Some(PathBuf::from(expect_string("project.schema", value)?)),
            "plans" => manifest.plans = expect_strings("project.plans", value)?,
            other => return Err((key.span(), unknown_key(other, "project.", PROJECT_KEYS))),
        }
    }
    Ok(())
}

fn check_serve(table: &DeTable<'_>) -> Result<(), Problem> {
    for (key, value) in in_source_order(table) {
        let name = key.get_ref().as_ref();
        let full = format!("serve.{name}");
        match name {
            "listen" | "state" | "token_file" | "public_url" => {
                expect_string(&full, value)?;
            }
            "allow_hosts" => {
                expect_strings(&full, value)?;
            }
            "max_in_flight" => match value.get_ref() {
                DeValue::Integer(_) => {}
                other => return Err((value.span(), wrong_type(&full, "an integer", other))),
            },
            other => return Err((key.span(), unknown_key(other, "serve.", SERVE_KEYS))),
        }
    }
    Ok(())
}

fn check_store(table: &DeTable<'_>) -> Result<(), Problem> {
    for (key, value) in in_source_order(table) {
        match key.get_ref().as_ref() {
            "url" => {
                expect_string("store.url", value)?;
            }
            other => return Err((key.span(), unknown_key(other, "store.", STORE_KEYS))),
        }
    }
    Ok(())
}

/// `[actions]`: each entry (an action name or `default`) is a URL, or a
/// table of `url`, `timeout` and `headers` (a table of strings).
fn check_actions(table: &DeTable<'_>) -> Result<(), Problem> {
    for (key, value) in in_source_order(table) {
        let full = format!("actions.{}", key.get_ref());
        match value.get_ref() {
            DeValue::String(_) => {}
            DeValue::Table(endpoint) => {
                for (inner, inner_value) in in_source_order(endpoint) {
                    let inner_full = format!("{full}.{}", inner.get_ref());
                    match inner.get_ref().as_ref() {
                        "url" | "timeout" => {
                            expect_string(&inner_full, inner_value)?;
                        }
                        "headers" => {
                            let DeValue::Table(headers) = inner_value.get_ref() else {
                                return Err((
                                    inner_value.span(),
                                    wrong_type(&inner_full, "a table of strings", inner_value.get_ref()),
                                ));
                            };
                            for (header, header_value) in in_source_order(headers) {
                                expect_string(&format!("{inner_full}.{}", header.get_ref()), header_value)?;
                            }
                        }
                        other => {
                            return Err((inner.span(), unknown_key(other, &format!("{full}."), ACTION_KEYS)));
                        }
                    }
                }
            }
            other => return Err((value.span(), wrong_type(&full, "a URL string or a table", other))),
        }
    }
    Ok(())
}

/// The files `wf.toml` names: its globs, or every `*.wf` below its folder.
fn manifest_files(manifest: &Manifest, cwd: &Path) -> Result<Vec<ProjectFile>, ProjectError> {
    let root = &manifest.root;
    let problem = |problem: ManifestProblem| {
        let line = manifest_line(manifest, "files");
        ProjectError::Manifest {
            file: manifest.name.clone(),
            line,
            problem,
        }
    };
    let mut paths = Vec::new();
    match &manifest.files {
        None => {
            paths = wf_files_below(root)?;
            if paths.is_empty() {
                return Err(ProjectError::NoWfFiles {
                    folder: shown_path(root, cwd),
                });
            }
        }
        Some(globs) if globs.is_empty() => {
            return Err(problem(ManifestProblem::NoFiles {
                key: "project.files".into(),
            }));
        }
        Some(globs) => {
            for glob in globs {
                let matcher = globset::GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        problem(ManifestProblem::BadGlob {
                            key: "project.files".into(),
                            glob: glob.clone(),
                            message: e.kind().to_string(),
                        })
                    })?
                    .compile_matcher();
                let base = literal_prefix(glob);
                let found: Vec<PathBuf> = walk(&root.join(&base), true)?
                    .into_iter()
                    .filter(|path| {
                        let relative = path.strip_prefix(root.join(&base)).unwrap_or(path);
                        matcher.is_match(base.join(relative))
                    })
                    .collect();
                if found.is_empty() {
                    return Err(problem(ManifestProblem::NoMatch {
                        key: "project.files".into(),
                        glob: glob.clone(),
                        root: shown_path(root, cwd).display().to_string(),
                    }));
                }
                paths.extend(found);
                if paths.len() > MAX_PROJECT_FILES {
                    return Err(ProjectError::TooManyFiles);
                }
            }
            paths.sort();
            paths.dedup();
        }
    }
    paths
        .iter()
        .map(|path| read_source(path, shown_path(path, cwd).display().to_string()))
        .collect()
}

/// The line of `[project] key` in the manifest (or of `[project]`), for
/// problems found after parsing.
fn manifest_line(manifest: &Manifest, key: &str) -> usize {
    let Ok(text) = std::fs::read_to_string(&manifest.path) else {
        return 1;
    };
    let Ok(document) = DeTable::parse(&text) else {
        return 1;
    };
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    match document.get_ref().get("project").map(|v| v.get_ref()) {
        Some(DeValue::Table(project)) => project
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map_or(1, |(k, _)| line_of(k.span().start)),
        _ => 1,
    }
}

/// The leading folders of a glob that hold no pattern characters: the folder
/// to walk for it.
fn literal_prefix(glob: &str) -> PathBuf {
    let mut base = PathBuf::new();
    let components: Vec<&str> = glob.split('/').collect();
    for (i, component) in components.iter().enumerate() {
        let last = i + 1 == components.len();
        if last || component.contains(['*', '?', '[', '{', '\\']) {
            break;
        }
        base.push(component);
    }
    base
}

/// The files of the FILE arguments: files as given, folders expanded, `-`
/// read from `stdin`. The same file named twice is read once.
fn argument_files(args: &[PathBuf], mut stdin: Option<&mut dyn Read>) -> Result<Vec<ProjectFile>, ProjectError> {
    let mut files: Vec<ProjectFile> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stdin_read = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            let Some(input) = stdin.as_deref_mut() else {
                return Err(ProjectError::StdinNotAllowed);
            };
            if stdin_read {
                return Err(ProjectError::StdinTwice);
            }
            stdin_read = true;
            let mut bytes = Vec::new();
            input
                .take(MAX_SOURCE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|error| ProjectError::CannotRead {
                    path: PathBuf::from(STDIN_NAME),
                    error,
                })?;
            if bytes.len() as u64 > MAX_SOURCE_BYTES {
                return Err(ProjectError::TooLarge {
                    name: STDIN_NAME.into(),
                    limit: MAX_SOURCE_BYTES,
                });
            }
            files.push(ProjectFile {
                name: STDIN_NAME.into(),
                path: None,
                bytes,
            });
            continue;
        }
        let paths = if arg.is_dir() {
            let found = wf_files_below(arg)?;
            if found.is_empty() {
                return Err(ProjectError::NoWfFiles { folder: arg.clone() });
            }
            found
        } else {
            vec![arg.clone()]
        };
        for path in paths {
            let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !seen.insert(identity) {
                continue;
            }
            let name = path.display().to_string();
            files.push(read_source(&path, name)?);
            if files.len() > MAX_PROJECT_FILES {
                return Err(ProjectError::TooManyFiles);
            }
        }
    }
    Ok(files)
}

/// Every `*.wf` file below `folder`, sorted.
fn wf_files_below(folder: &Path) -> Result<Vec<PathBuf>, ProjectError> {
    let mut files: Vec<PathBuf> = walk(folder, false)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "wf"))
        .collect();
    files.sort();
    Ok(files)
}

/// Every file below `folder`, skipping hidden folders and `target/`; symbolic
/// links to folders are not followed (so a link cycle cannot loop). With
/// `missing_ok`, a folder that does not exist has no files.
fn walk(folder: &Path, missing_ok: bool) -> Result<Vec<PathBuf>, ProjectError> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    let cannot_read = |path: &Path, error| ProjectError::CannotRead {
        path: path.to_path_buf(),
        error,
    };
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if missing_ok && dir == folder && e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
            Err(e) if missing_ok && dir == folder && e.kind() == std::io::ErrorKind::NotADirectory => {
                return Ok(files);
            }
            Err(e) => return Err(cannot_read(&dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| cannot_read(&dir, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| cannot_read(&path, e))?;
            let name = entry.file_name();
            let hidden_or_target = name.to_string_lossy().starts_with('.') || name == "target";
            if kind.is_dir() {
                if !hidden_or_target {
                    pending.push(path);
                }
            } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
                files.push(path);
                if files.len() > MAX_PROJECT_FILES * 4 {
                    return Err(ProjectError::TooManyFiles);
                }
            }
        }
    }
    Ok(files)
}

/// Reads one source file, at most [`MAX_SOURCE_BYTES`].
fn read_source(path: &Path, name: String) -> Result<ProjectFile, ProjectError> {
    let bytes = read_limited(path, &name, MAX_SOURCE_BYTES)?;
    Ok(ProjectFile {
        name,
        path: Some(path.to_path_buf()),
        bytes,
    })
}

fn read_limited(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, ProjectError> {
    let cannot_read = |error| ProjectError::CannotRead {
        path: PathBuf::from(name),
        error,
    };
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot_read)?;
    if bytes.len() as u64 > limit {
        return Err(ProjectError::TooLarge {
            name: name.to_string(),
            limit,
        });
    }
    Ok(bytes)
}

/// `path` as the user would type it from `cwd`: relative when it lies below
/// `cwd` or below one of its parents (`../flows/a.wf`), else as it is.
fn shown_path(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_relative() {
        return path.to_path_buf();
    }
    for (ups, ancestor) in cwd.ancestors().enumerate() {
        if let Ok(rest) = path.strip_prefix(ancestor) {
            // Climbing to the filesystem root is no clearer than the absolute path.
            if ancestor.parent().is_none() && ups > 0 {
                break;
            }
            let mut shown: PathBuf = std::iter::repeat_n(Component::ParentDir, ups).collect();
            if !rest.as_os_str().is_empty() {
                shown.push(rest);
            }
            if shown.as_os_str().is_empty() {
                shown.push(".");
            }
            return shown;
        }
    }
    path.to_path_buf()
}

fn shown_name(path: &Path, cwd: &Path) -> String {
    shown_path(path, cwd).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> (usize, ManifestProblem) {
        parse_manifest(text).expect_err("the manifest is rejected")
    }

    #[test]
    fn reads_the_project_table() {
        let m = parse_manifest("[project]\nfiles = [\"a/**/*.wf\"]\nschema = \"s.json\"\nplans = [\"sms\"]\n")
            .expect("valid");
        assert_eq!(m.files, Some(vec!["a/**/*.wf".to_string()]));
        assert_eq!(m.schema, Some(PathBuf::from("s.json")));
        assert_eq!(m.plans, vec!["sms".to_string()]);
    }

    #[test]
    fn an_unknown_key_names_its_line_and_a_suggestion() {
        let (line, p) = problem("[project]\nschema = \"s.json\"\nfilez = []\n");
        assert_eq!(line, 3);
        assert_eq!(
            p.to_string(),
            "unknown key `project.filez` (did you mean `project.files`?); the keys there are \
             `project.files`, `project.schema`, `project.plans`"
        );
    }

    #[test]
    fn an_unknown_table_is_rejected() {
        let (line, p) = problem("\n\n[servr]\nlisten = \"x\"\n");
        assert_eq!(line, 3);
        assert!(
            p.to_string().contains("unknown key `servr` (did you mean `serve`?)"),
            "{p}"
        );
    }

    #[test]
    fn a_wrong_type_names_the_key_and_both_types() {
        let (line, p) = problem("[project]\n\nplans = \"sms\"\n");
        assert_eq!(line, 3);
        assert_eq!(
            p.to_string(),
            "`project.plans` must be an array of strings, not a string"
        );
        let (_, p) = problem("[serve]\nmax_in_flight = \"64\"\n");
        assert_eq!(p.to_string(), "`serve.max_in_flight` must be an integer, not a string");
        let (_, p) = problem("project = 3\n");
        assert_eq!(p.to_string(), "`project` must be a table, not an integer");
    }

    #[test]
    fn the_runtime_tables_are_accepted_and_kept() {
        let m = parse_manifest(
            "[actions]\ndefault = \"http://127.0.0.1:9000/wf\"\n\"slack.send_message\" = { url = \"https://x\", \
             timeout = \"10s\", headers = { Authorization = \"env:T\" } }\n[serve]\nlisten = \"127.0.0.1:8787\"\n\
             allow_hosts = [\"127.0.0.1:9000\"]\nmax_in_flight = 64\n[store]\nurl = \"postgres://x\"\n",
        )
        .expect("valid");
        assert_eq!(
            m.serve
                .as_ref()
                .and_then(|s| s.get("max_in_flight"))
                .and_then(|v| v.as_integer()),
            Some(64)
        );
        assert!(m.actions.as_ref().is_some_and(|a| a.contains_key("slack.send_message")));
        assert!(m.store.is_some());
        let (line, p) = problem("[actions]\nsend_email = { url = \"x\", retries = 3 }\n");
        assert_eq!(line, 2);
        assert!(
            p.to_string().starts_with("unknown key `actions.send_email.retries`"),
            "{p}"
        );
    }

    #[test]
    fn a_syntax_error_has_a_line() {
        let (line, p) = problem("[project]\nfiles = [\n\"a\"\nschema = 1\n");
        assert!(line >= 3, "{line}");
        assert!(matches!(p, ManifestProblem::Syntax { .. }));
    }

    #[test]
    fn the_literal_prefix_of_a_glob_is_walked() {
        assert_eq!(literal_prefix("workflows/**/*.wf"), PathBuf::from("workflows"));
        assert_eq!(literal_prefix("a/b/c.wf"), PathBuf::from("a/b"));
        assert_eq!(literal_prefix("*.wf"), PathBuf::new());
        assert_eq!(literal_prefix("a/x*/c.wf"), PathBuf::from("a"));
    }

    #[test]
    fn paths_are_shown_from_the_current_folder() {
        let cwd = Path::new("/p/flows/sub");
        assert_eq!(shown_path(Path::new("/p/flows/sub/a.wf"), cwd), PathBuf::from("a.wf"));
        assert_eq!(
            shown_path(Path::new("/p/other/a.wf"), cwd),
            PathBuf::from("../../other/a.wf")
        );
        assert_eq!(shown_path(Path::new("/q/a.wf"), cwd), PathBuf::from("/q/a.wf"));
        assert_eq!(shown_path(Path::new("/p"), cwd), PathBuf::from("../.."));
        assert_eq!(shown_path(Path::new("/p/flows/sub"), cwd), PathBuf::from("."));
    }
}
