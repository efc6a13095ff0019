//! Throwaway PostgreSQL servers on loopback for the federation test: each in its own directory
//! under the temp dir, on a free port, stopped and removed on drop. Run as the `postgres`
//! account when the test runs as root (initdb refuses root).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

/// One PostgreSQL server.
pub struct PgServer {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
    options: String,
}

/// The directory of PostgreSQL's server programs: `FAZHI_TEST_PG_BIN`, or the newest under
/// /usr/lib/postgresql. `None` (the test skips) unless `FAZHI_REQUIRE_PG=1`.
pub fn server_bin() -> Option<PathBuf> {
    let found = std::env::var_os("FAZHI_TEST_PG_BIN")
        .map(PathBuf::from)
        .or_else(|| {
            let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
                .filter(|p| p.join("initdb").exists())
                .collect();
            dirs.sort_by_key(|p| {
                p.parent()
                    .and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok())
                    .unwrap_or(0)
            });
            dirs.pop()
        });
    if found.is_none() && std::env::var("FAZHI_REQUIRE_PG").is_ok_and(|v| v == "1") {
        panic!("FAZHI_REQUIRE_PG=1 but no PostgreSQL server programs (initdb) were found");
    }
    found
}

/// Whether the test runs as root (initdb refuses root: the servers then run as `postgres`).
fn as_root() -> bool {
    static ROOT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ROOT.get_or_init(|| {
        Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
    })
}

/// `program` as a command, run as the `postgres` account when the test runs as root.
fn command(program: &Path) -> Command {
    if as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(program: &Path, args: &[&str]) {
    let output = command(program)
        .args(args)
        .output()
        .expect("PostgreSQL program");
    assert!(
        output.status.success(),
        "{} {args:?}: {}{}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().port()
}

impl PgServer {
    /// Initialises and starts a server named `name` with the extra settings `settings`
    /// (`-c key=value` pairs).
    pub fn start(bin: &Path, name: &str, settings: &[&str]) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "fazhi-fed-{name}-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        if as_root() {
            let status = Command::new("chown").arg("postgres").arg(&dir).status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "chown postgres {}",
                dir.display()
            );
        }
        let data = dir.join("data");
        run(
            &bin.join("initdb"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
        );
        let port = free_port();
        let mut options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            dir.display()
        );
        for s in settings {
            options.push_str(" -c ");
            options.push_str(s);
        }
        let server = Self {
            bin: bin.to_owned(),
            dir,
            port,
            options,
        };
        server.resume();
        server
    }

    /// The URL of database `postgres` on this server.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the (stopped) server again.
    pub fn resume(&self) {
        let data = self.dir.join("data");
        let log = self.dir.join("log");
        run(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-o",
                &self.options,
                "start",
            ],
        );
    }

    /// The last lines of the server's log, for a failure's message.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// Stops the server (fast shutdown: sessions ended, nothing lost).
    pub fn halt(&self) {
        let data = self.dir.join("data");
        run(
            &self.bin.join("pg_ctl"),
            &["-D", data.to_str().unwrap(), "-m", "fast", "-w", "stop"],
        );
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let args = ["-D", data.to_str().unwrap_or(""), "-m", "immediate", "stop"];
        let _ = command(&self.bin.join("pg_ctl")).args(args).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
