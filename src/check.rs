//! The checker: names, labels, goto rules, types, catalog, schema. (Issue 3.)
