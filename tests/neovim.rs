//! A real editor: headless Neovim with the setup of `editors/neovim.md`
//! (extracted from the document, so the test checks what users copy) opens
//! a `.wf` file with an error, sees the diagnostic with its line and code,
//! fixes the text and sees it clear. Neovim must be installed (`.ci/run`
//! installs Debian's `neovim` when missing): without it the test fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn lua_setup() -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/neovim.md"))
        .expect("editors/neovim.md exists");
    let start = doc.find("```lua\n").expect("editors/neovim.md has a ```lua block") + "```lua\n".len();
    let end = start + doc[start..].find("```").expect("the block is closed");
    doc[start..end].to_string()
}

#[test]
fn diagnostics_reach_a_real_neovim_and_clear_when_fixed() {
    let nvim = Command::new("nvim").arg("--version").output();
    assert!(
        nvim.as_ref().is_ok_and(|o| o.status.success()),
        "`nvim` is not installed: install Debian's `neovim` (`apt-get install neovim`); `.ci/run` does"
    );
    let dir = std::env::temp_dir().join(format!("wf-neovim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("wf.toml"), "[project]\n").expect("write");
    let file = dir.join("nurture.wf");
    std::fs::write(
        &file,
        "workflow \"Nurture\" {\n  object contact\n  enroll manually\n  send_emial(\"welcome\")\n}\n",
    )
    .expect("write");
    let setup = dir.join("setup.lua");
    std::fs::write(&setup, lua_setup()).expect("write");
    let out = dir.join("result.json");
    let check = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/check.lua");

    // `wf` on PATH, as editors/neovim.md asks.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_wf"));
    let path = format!(
        "{}:{}",
        bin.parent().expect("binary folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", setup.display()))
        .arg("-c")
        .arg(format!("edit {}", file.display()))
        .arg("-c")
        .arg(format!("luafile {}", check.display()))
        .env("PATH", path)
        .env("WF_NVIM_OUT", &out)
        .env("HOME", &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().expect("nvim status").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("headless Neovim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("check.lua wrote its result")).expect("JSON");
    assert_eq!(result["seen"], true, "no diagnostic reached Neovim: {result}");
    let first = &result["first"][0];
    assert_eq!(first["lnum"], 3, "{result}");
    assert_eq!(first["col"], 2, "{result}");
    assert_eq!(first["code"], "E0201", "{result}");
    assert!(
        first["message"].as_str().unwrap_or("").contains("send_emial"),
        "{result}"
    );
    assert_eq!(
        result["cleared"], true,
        "the diagnostic did not clear after the fix: {result}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
