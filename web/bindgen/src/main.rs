//! `chancery-bindgen <input.wasm> <out_dir>`: runs wasm-bindgen (`--target web`, no TypeScript)
//! on the reader's wasm for `just web`. It links the wasm-bindgen library at the exact version
//! the app uses, so the two always agree.
//!
//! The output is named after the library's wasm (`chancery_web.js`, `chancery_web_bg.wasm`), the
//! names `boot.js` and `staff.js` import.

use std::path::PathBuf;

use anyhow::{Context, bail};
use wasm_bindgen_cli_support::Bindgen;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(out_dir), None) = (args.next(), args.next(), args.next()) else {
        bail!("usage: chancery-bindgen <input.wasm> <out_dir>");
    };
    let (input, out_dir) = (PathBuf::from(input), PathBuf::from(out_dir));
    let out_name = input
        .file_stem()
        .and_then(|stem| stem.to_str())
        .with_context(|| format!("{}: not a UTF-8 file name", input.display()))?
        .replace('-', "_");
    Bindgen::new()
        .input_path(&input)
        .out_name(&out_name)
        .web(true)?
        .typescript(false)
        // The library, unlike the CLI, leaves out `init()`'s default of fetching
        // `<out_name>_bg.wasm` next to the JS; index.html relies on that default.
        .omit_default_module_path(false)
        // Function names and toolchain versions: the reader does not need them.
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&out_dir)
        .with_context(|| format!("wasm-bindgen on {}", input.display()))?;
    Ok(())
}
