//! placeholder
mod inputs;
mod tally;
fn main() {}
