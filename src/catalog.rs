//! The action catalog of LANGUAGE.md section 7, as data.
