//! Dependencies point down: no source file of the server, the reader or the shared crate may
//! import, through any chain of imports, a file that imports it back. The check reads every
//! path a file names through `crate::`, `super::`, `self::` or one of its own child modules,
//! in `use` declarations and written inline alike, takes the file of the deepest module each
//! path reaches as one arrow, and fails naming the files (and the names that tie them) of
//! every circle it finds. Declaring a module (`mod x;`) is not an arrow; so a folder's
//! `mod.rs` may use its files, or its files may use it, but never both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crates' source folders, from the workspace root.
const SOURCES: [&str; 3] = ["api/src", "web/src", "shared/src"];

#[test]
fn no_source_file_imports_a_file_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root");
    let mut report = String::new();
    for source in SOURCES {
        let files = read_crate(&root.join(source));
        assert!(files.len() > 5, "{source} holds the crate's modules");
        for circle in circles(&files) {
            report.push_str(&format!("{source}: a circle of {}\n", describe(&circle)));
        }
    }
    assert!(
        report.is_empty(),
        "these files import each other; move what they share below them:\n{report}"
    );
}

#[test]
fn a_circle_through_a_parent_module_is_found() {
    let files = crate_of(&[
        ("lib.rs", "mod db; mod routes;"),
        ("db/mod.rs", "pub mod site; pub fn run() { site::load(); }"),
        ("db/site.rs", "use super::run; pub fn load() {}"),
        ("routes/mod.rs", "use crate::db::{self, site::load as l};"),
    ]);
    let found = circles(&files);
    assert_eq!(found.len(), 1, "{found:?}");
    let names: Vec<&str> = found[0].iter().map(|(from, _, _)| from.as_str()).collect();
    assert_eq!(names, ["db/mod.rs", "db/site.rs"]);
}

#[test]
fn tests_modules_comments_and_strings_draw_no_arrows() {
    let files = crate_of(&[
        ("lib.rs", "pub mod a; pub mod b;"),
        (
            "a.rs",
            "use crate::b::B; // crate::b is fine\npub struct A;\n\
             #[cfg(test)]\nmod tests { use super::*; fn f() { let _ = \"super::x\"; } }",
        ),
        (
            "b.rs",
            "/// [`crate::a::A`] is only documented\npub struct B;",
        ),
    ]);
    assert!(circles(&files).is_empty());
}

/// A file's path within its crate (`db/site.rs`) and its cleaned text.
type Files = BTreeMap<String, String>;

/// An arrow: from a file, to a file, through the path written.
type Arrow = (String, String, String);

fn read_crate(dir: &Path) -> Files {
    let mut files = Files::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("a source folder") {
            let path: PathBuf = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = path.strip_prefix(dir).expect("inside the crate");
                let text = std::fs::read_to_string(&path).expect("a source file");
                files.insert(name.to_string_lossy().replace('\\', "/"), text);
            }
        }
    }
    files
}

fn crate_of(files: &[(&str, &str)]) -> Files {
    files
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect()
}

/// The module path a file defines: `db/mod.rs` and `db.rs` are `["db"]`, the crate root `[]`.
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Every set of files that import each other, each as the arrows among them.
fn circles(files: &Files) -> Vec<Vec<Arrow>> {
    let modules: BTreeMap<Vec<String>, String> = files
        .keys()
        .map(|file| (module_of(file), file.clone()))
        .collect();
    let arrows: Vec<Arrow> = files
        .iter()
        .flat_map(|(file, text)| arrows_of(file, text, &modules))
        .collect();
    strongly_connected(&arrows)
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| {
            arrows
                .iter()
                .filter(|(from, to, _)| group.contains(from) && group.contains(to))
                .cloned()
                .collect()
        })
        .collect()
}

fn describe(circle: &[Arrow]) -> String {
    let mut ties: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for (from, to, path) in circle {
        let name = path.rsplit("::").next().unwrap_or(path);
        ties.entry((from, to)).or_default().insert(name);
    }
    let files: BTreeSet<&str> = ties.keys().map(|(from, _)| *from).collect();
    let lines: Vec<String> = ties
        .iter()
        .map(|((from, to), names)| {
            let names: Vec<&str> = names.iter().copied().collect();
            format!("  {from} -> {to}: {}", names.join(", "))
        })
        .collect();
    format!(
        "{} files: {}\n{}",
        files.len(),
        files.into_iter().collect::<Vec<_>>().join(", "),
        lines.join("\n")
    )
}

/// Tarjan's algorithm over the files the arrows join.
fn strongly_connected(arrows: &[Arrow]) -> Vec<BTreeSet<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to, _) in arrows {
        next.entry(from).or_default().push(to);
        next.entry(to).or_default();
    }
    struct Walk<'a> {
        next: BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        groups: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(walk: &mut Walk<'a>, file: &'a str) {
        let order = walk.index.len();
        walk.index.insert(file, order);
        walk.low.insert(file, order);
        walk.stack.push(file);
        for to in walk.next[file].clone() {
            if !walk.index.contains_key(to) {
                visit(walk, to);
                let low = walk.low[file].min(walk.low[to]);
                walk.low.insert(file, low);
            } else if walk.stack.contains(&to) {
                let low = walk.low[file].min(walk.index[to]);
                walk.low.insert(file, low);
            }
        }
        if walk.low[file] == walk.index[file] {
            let mut group = BTreeSet::new();
            while let Some(member) = walk.stack.pop() {
                group.insert(member.to_owned());
                if member == file {
                    break;
                }
            }
            walk.groups.push(group);
        }
    }
    let files: Vec<&str> = next.keys().copied().collect();
    let mut walk = Walk {
        next,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        groups: Vec::new(),
    };
    for file in files {
        if !walk.index.contains_key(file) {
            visit(&mut walk, file);
        }
    }
    walk.groups
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

/// The arrows leaving `file`: each crate-internal path it names, resolved to a file.
fn arrows_of(file: &str, text: &str, modules: &BTreeMap<Vec<String>, String>) -> Vec<Arrow> {
    let home = module_of(file);
    let tokens = tokens(&clean(text));
    let children: BTreeSet<String> = tokens
        .windows(3)
        .filter_map(|w| match w {
            [Token::Ident(m), Token::Ident(name), Token::Semi] if m == "mod" => Some(name.clone()),
            _ => None,
        })
        .filter(|name| modules.contains_key(&[home.clone(), vec![name.clone()]].concat()))
        .collect();
    // Inline modules (`mod tests { … }`) open below the file's own module.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut paths: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let here = [
            home.clone(),
            inline.iter().map(|(m, _)| m.clone()).collect(),
        ]
        .concat();
        match &tokens[i] {
            Token::Ident(word) if word == "mod" => {
                if let (Some(Token::Ident(name)), Some(Token::Open)) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    depth += 1;
                    inline.push((name.clone(), depth));
                    i += 3;
                    continue;
                }
            }
            Token::Ident(word) if word == "use" => {
                let (tree, end) = use_tree(&tokens, i + 1, Vec::new());
                paths.extend(tree.into_iter().map(|p| (here.clone(), p)));
                i = end;
                continue;
            }
            Token::Ident(word)
                if (["crate", "super", "self"].contains(&word.as_str())
                    || (inline.is_empty() && children.contains(word)))
                    && tokens.get(i + 1) == Some(&Token::PathSep)
                    && !matches!(tokens.get(i.wrapping_sub(1)), Some(Token::PathSep)) =>
            {
                let mut path = vec![word.clone()];
                let mut j = i + 1;
                while let (Some(Token::PathSep), Some(Token::Ident(next))) =
                    (tokens.get(j), tokens.get(j + 1))
                {
                    path.push(next.clone());
                    j += 2;
                }
                paths.push((here.clone(), path));
                i = j;
                continue;
            }
            Token::Open => depth += 1,
            Token::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    paths
        .into_iter()
        .filter_map(|(here, path)| {
            let target = resolve(&here, &path, modules)?;
            (target != file).then(|| (file.to_owned(), target, path.join("::")))
        })
        .collect()
}

/// The file of the deepest module `path` reaches from module `here`.
fn resolve(
    here: &[String],
    path: &[String],
    modules: &BTreeMap<Vec<String>, String>,
) -> Option<String> {
    let mut base: Vec<String> = here.to_vec();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &path[1..];
        }
        Some("self") => rest = &path[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => {}
    }
    for segment in rest {
        let deeper = [base.clone(), vec![segment.clone()]].concat();
        if !modules.contains_key(&deeper) {
            break;
        }
        base = deeper;
    }
    // An inline module belongs to the file that holds it.
    while !modules.contains_key(&base) {
        base.pop()?;
    }
    modules.get(&base).cloned()
}

/// The paths one `use` tree names, starting at token `i`, prefixed by `prefix`; and the index
/// just past the tree.
fn use_tree(tokens: &[Token], mut i: usize, prefix: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let mut path = prefix;
    let mut found = Vec::new();
    // Whether this tree names anything (a trailing comma leaves an empty one).
    let mut named = false;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Ident(word) if word == "as" => i += 2,
            Token::Ident(word) if word == "self" && !path.is_empty() => {
                named = true;
                i += 1;
            }
            Token::Ident(word) => {
                path.push(word.clone());
                named = true;
                i += 1;
            }
            Token::Star => {
                named = true;
                i += 1;
            }
            Token::PathSep => i += 1,
            Token::Open => {
                i += 1;
                loop {
                    let (inner, end) = use_tree(tokens, i, path.clone());
                    found.extend(inner);
                    i = end;
                    match tokens.get(i) {
                        Some(Token::Comma) => i += 1,
                        Some(Token::Close) => {
                            i += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                return (found, i);
            }
            Token::Comma | Token::Close | Token::Semi | Token::Other => break,
        }
    }
    if named {
        found.push(path);
    }
    if tokens.get(i) == Some(&Token::Semi) {
        i += 1;
    }
    (found, i)
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().collect()));
            continue;
        }
        tokens.push(match c {
            ':' if chars.get(i + 1) == Some(&':') => {
                i += 1;
                Token::PathSep
            }
            '{' => Token::Open,
            '}' => Token::Close,
            ',' => Token::Comma,
            ';' => Token::Semi,
            '*' => Token::Star,
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            _ => Token::Other,
        });
        i += 1;
    }
    tokens
}

/// The text with comments, string literals and character literals blanked out, so that only
/// code draws arrows and braces in text never unbalance the count.
fn clean(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            let mut nesting = 0;
            while i < chars.len() {
                if chars[i..].starts_with(&['/', '*']) {
                    nesting += 1;
                    i += 2;
                } else if chars[i..].starts_with(&['*', '/']) {
                    nesting -= 1;
                    i += 2;
                    if nesting == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&chars, i) {
            i = end;
        } else if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if let Some(end) = char_literal_end(&chars, i) {
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        out.push(' ');
    }
    out
}

/// Where a raw string (`r"…"`, `r#"…"#`, `br"…"`) starting at `i` ends, if one starts there.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let after_prefix = match chars.get(i..i + 2) {
        Some(['b', 'r']) => i + 2,
        Some(['r', _]) => i + 1,
        _ => return None,
    };
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let hashes = chars[after_prefix..]
        .iter()
        .take_while(|&&c| c == '#')
        .count();
    if chars.get(after_prefix + hashes) != Some(&'"') {
        return None;
    }
    let mut j = after_prefix + hashes + 1;
    while j < chars.len() {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// Where a character literal (`'x'`, `'\n'`, `'\u{E000}'`) starting at `i` ends; a lifetime
/// (`'a`) is not one.
fn char_literal_end(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '\'' {
        return None;
    }
    match chars.get(i + 1)? {
        '\\' => {
            // The escaped character itself may be a quote (`'\''`).
            let close = chars.get(i + 3..)?.iter().position(|&c| c == '\'')?;
            Some(i + 3 + close + 1)
        }
        _ if chars.get(i + 2) == Some(&'\'') => Some(i + 3),
        _ => None,
    }
}
