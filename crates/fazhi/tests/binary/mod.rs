//! The `fazhi` binary of this build, run as an operator runs it, for the CLI tests. A
//! `FAZHI_DB` of the developer's shell is not passed on: every test names its database.

use std::process::{Command, Output};

/// Runs `fazhi` with `args` to its end.
pub fn fazhi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .env_remove("FAZHI_DB")
        .output()
        .expect("run fazhi")
}
