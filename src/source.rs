//! The source files of a project and their ids: shared vocabulary at the
//! bottom of the crate, imported by every stage and importing none.

/// Index of a source file within a [`Sources`] set.
pub type FileId = usize;

/// The source files of a project, by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceText>,
}

/// One source file: the name it was given by and its text.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub name: String,
    pub text: String,
    /// The byte offset of the first byte that was not UTF-8, when the file was
    /// added from bytes; `text` then holds the file read lossily.
    pub invalid_utf8: Option<usize>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceText {
            name: name.into(),
            text: text.into(),
            invalid_utf8: None,
        });
        self.files.len() - 1
    }

    /// Adds a file from its bytes; bytes that are not UTF-8 become an error
    /// when the project is parsed (not an input problem: the file was read).
    pub fn add_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> FileId {
        match String::from_utf8(bytes) {
            Ok(text) => self.add(name, text),
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                // The lossy text has U+FFFD (3 bytes) where the bad bytes were;
                // the prefix before `offset` is unchanged.
                self.files.push(SourceText {
                    name: name.into(),
                    text,
                    invalid_utf8: Some(offset),
                });
                self.files.len() - 1
            }
        }
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceText {
        &self.files[id]
    }

    /// Replaces the text of a file (after `wf check --fix` rewrote it); the
    /// text is UTF-8, so a file added from bad bytes is no longer flagged.
    pub fn set_text(&mut self, id: FileId, text: impl Into<String>) {
        let file = &mut self.files[id];
        file.text = text.into();
        file.invalid_utf8 = None;
    }

    /// All files, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceText)> {
        self.files.iter().enumerate()
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
