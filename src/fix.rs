//! Applying fixes to sources (TOOLING.md §2 and §7): what `wf check --fix`
//! does, as a library for the language server too. Only the fix of a
//! diagnostic that has exactly one is applied (several fixes are equally good
//! suggestions, none certain); two fixes whose edits overlap are both left
//! out (each is no longer certain beside the other); a file whose fixed text
//! would not parse is left untouched; passes repeat, re-checking in between,
//! until no fix applies or [`MAX_PASSES`] passes have run.

use std::collections::BTreeSet;

use crate::check::CheckOptions;
use crate::diagnostics::{Diagnostic, Edit, FileId, Fix, Sources};
use crate::{CheckReport, check_sources, syntax};

/// The most fix-and-re-check passes `fix_project` runs.
pub const MAX_PASSES: usize = 10;

/// What fixing a project did.
#[derive(Clone, Debug)]
pub struct FixOutcome {
    /// The sources after fixing; a file no fix changed is as it was.
    pub sources: Sources,
    /// How many fixes were applied to each file, by [`FileId`] (0 for a file
    /// left as it was).
    pub applied: Vec<usize>,
    /// Files left untouched because their fixed text would not parse.
    pub refused: Vec<FileId>,
    /// The check of the fixed sources: what is left.
    pub report: CheckReport,
}

impl FixOutcome {
    /// The files whose text changed.
    pub fn changed(&self) -> impl Iterator<Item = FileId> + '_ {
        self.applied
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(file, _)| file)
    }
}

/// The fixes to apply: the one fix of every diagnostic that has exactly
/// one, without duplicates (two diagnostics may propose the same repair),
/// leaving out every fix whose edits overlap those of another or each other.
pub fn certain_fixes(diagnostics: &[Diagnostic]) -> Vec<&Fix> {
    let mut fixes: Vec<&Fix> = Vec::new();
    for diagnostic in diagnostics {
        if let [fix] = diagnostic.fixes.as_slice()
            && !fix.edits.is_empty()
            && !fixes.iter().any(|known| known.edits == fix.edits)
        {
            fixes.push(fix);
        }
    }
    let clashes = |a: &Fix, b: &Fix| a.edits.iter().any(|x| b.edits.iter().any(|y| overlap(x, y)));
    let self_overlap = |fix: &Fix| {
        fix.edits
            .iter()
            .enumerate()
            .any(|(i, x)| fix.edits[i + 1..].iter().any(|y| overlap(x, y)))
    };
    fixes
        .iter()
        .enumerate()
        .filter(|&(i, fix)| {
            !self_overlap(fix) && !fixes.iter().enumerate().any(|(j, other)| i != j && clashes(fix, other))
        })
        .map(|(_, fix)| *fix)
        .collect()
}

/// Whether two edits touch the same text: their spans intersect, or they
/// start at the same place (two insertions there have no certain order).
fn overlap(a: &Edit, b: &Edit) -> bool {
    a.file == b.file && ((a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start)
}

/// Applies the edits of `fixes` that belong to `file` to its `text`; the
/// fixes must not overlap ([`certain_fixes`]). A fix with an edit outside the
/// text or off a character boundary is skipped whole. Returns the new text
/// and the number of fixes applied.
pub fn apply_fixes(text: &str, file: FileId, fixes: &[&Fix]) -> (String, usize) {
    let fits = |edit: &Edit| {
        let (start, end) = (edit.span.start as usize, edit.span.end as usize);
        start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
    };
    let mut edits: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for fix in fixes {
        let mine: Vec<&Edit> = fix.edits.iter().filter(|edit| edit.file == file).collect();
        if mine.is_empty() || !mine.iter().all(|edit| fits(edit)) {
            continue;
        }
        edits.extend(mine);
        count += 1;
    }
    // From the end, so that earlier offsets stay valid.
    edits.sort_by_key(|edit| std::cmp::Reverse((edit.span.start, edit.span.end)));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.span.range(), &edit.text);
    }
    (out, count)
}

/// Checks the project, applies the certain fixes, re-checks, and repeats
/// until no fix applies (at most [`MAX_PASSES`] passes). A file whose text
/// parsed before is never left in a state that does not parse; a file with
/// syntax errors may pass through one (its syntax errors are fixed one per
/// workflow and pass), but if its final text still does not parse it is
/// given back as it was. Files that are not UTF-8 are never changed.
pub fn fix_project(sources: &Sources, options: &CheckOptions) -> FixOutcome {
    let mut current = sources.clone();
    let mut applied = vec![0; sources.len()];
    let mut refused: BTreeSet<FileId> = BTreeSet::new();
    let mut report = check_sources(&current, options);
    for _ in 0..MAX_PASSES {
        let fixes = certain_fixes(&report.diagnostics);
        let files: BTreeSet<FileId> = fixes.iter().flat_map(|fix| fix.edits.iter().map(|e| e.file)).collect();
        let mut changed = false;
        for file in files {
            let source = current.get(file);
            if source.invalid_utf8.is_some() || refused.contains(&file) {
                continue;
            }
            let (text, count) = apply_fixes(&source.text, file, &fixes);
            if count == 0 || text == source.text {
                continue;
            }
            let parsed_before = syntax::parse(&source.text).is_ok();
            if parsed_before && syntax::parse(&text).is_err() {
                refused.insert(file);
                continue;
            }
            current.set_text(file, text);
            applied[file] += count;
            changed = true;
        }
        if !changed {
            break;
        }
        report = check_sources(&current, options);
    }
    // A file whose fixes did not reach a text that parses goes back as it was.
    let mut reverted = false;
    for (file, count) in applied.iter_mut().enumerate() {
        if *count > 0 && syntax::parse(&current.get(file).text).is_err() {
            current.set_text(file, sources.get(file).text.clone());
            *count = 0;
            refused.insert(file);
            reverted = true;
        }
    }
    if reverted {
        report = check_sources(&current, options);
    }
    FixOutcome {
        sources: current,
        applied,
        refused: refused.into_iter().collect(),
        report,
    }
}

#[cfg(test)]
mod tests;
