//! The top-level modules of `src/` form layers: no module may reach, through `crate::` paths,
//! a module that reaches it back. The test reads every `crate::…` path in `src/` (in `use`
//! lines, nested `use crate::{a, b::c}` groups and paths written inline), maps each to the
//! top-level module it names (names re-exported by `lib.rs` to the module they come from) and
//! fails on any cycle, printing it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Drops comments and string literals, so that `crate::` in a doc comment or a message is
/// not read as a dependency.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if b[i] == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if b[i] == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == '\'' && b.get(i + 2) == Some(&'\'') {
            // A char literal such as '"' (lifetimes have no closing quote two places on).
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The first path segment of every item of a `use crate::{…}` group.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => {
                depth += 1;
                at_item_start = false;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if c.is_whitespace() => {}
            _ if at_item_start && depth == 0 => {
                heads.push(ident_at(&group[i..]));
                at_item_start = false;
            }
            _ => at_item_start = false,
        }
    }
    heads
}

fn matching_brace(s: &str) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// `pub use m::{A, B};` and `pub use m::A;` in lib.rs: A and B belong to m.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let module = ident_at(rest);
        let tail = &rest[module.len()..];
        let names: Vec<&str> = if let Some(g) = tail.find('{') {
            tail[g + 1..]
                .trim_end_matches('}')
                .split(',')
                .map(|n| n.trim())
                .collect()
        } else {
            vec![tail.rsplit("::").next().unwrap_or("").trim()]
        };
        for n in names {
            let n = n.rsplit(" as ").next().unwrap_or(n).trim();
            if !n.is_empty() {
                map.insert(n.to_string(), module.clone());
            }
        }
    }
    map
}

fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let alias = reexports(&lib);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).expect("below src");
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let top = first.trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = code_only(&std::fs::read_to_string(&f).expect("read source"));
        let mut targets = Vec::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("crate::") {
            let before_ok = at == 0 || {
                let c = rest[..at].chars().next_back().unwrap_or(' ');
                !(c.is_alphanumeric() || c == '_')
            };
            let after = &rest[at + "crate::".len()..];
            if before_ok {
                if after.starts_with('{') {
                    let end = matching_brace(after);
                    targets.extend(group_heads(&after[1..end]));
                } else {
                    targets.push(ident_at(after));
                }
            }
            rest = after;
        }
        let entry = g.entry(top.clone()).or_default();
        for t in targets {
            let t = alias.get(&t).cloned().unwrap_or(t);
            if !t.is_empty() && t != top && t != "self" {
                entry.insert(t);
            }
        }
    }
    g
}

/// Every cycle as a list of modules, found by Tarjan's strongly connected components.
fn cycles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on: BTreeSet<String>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit(s: &mut State, v: &str) {
        s.index.insert(v.to_string(), s.next);
        s.low.insert(v.to_string(), s.next);
        s.next += 1;
        s.stack.push(v.to_string());
        s.on.insert(v.to_string());
        let succ: Vec<String> = s.g.get(v).into_iter().flatten().cloned().collect();
        for w in succ {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let lw = s.low[&w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on.contains(&w) {
                let iw = s.index[&w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(&w);
                let done = w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn top_level_modules_have_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    let found = cycles(&g);
    let report: Vec<String> = found
        .iter()
        .map(|comp| {
            let members: BTreeSet<&String> = comp.iter().collect();
            let edges: Vec<String> = comp
                .iter()
                .flat_map(|a| {
                    g.get(a)
                        .into_iter()
                        .flatten()
                        .filter(|b| members.contains(b))
                        .map(move |b| format!("  {a} → {b}"))
                })
                .collect();
            format!("cycle among {}:\n{}", comp.join(", "), edges.join("\n"))
        })
        .collect();
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}

#[test]
fn the_reader_sees_nested_groups_and_ignores_comments() {
    let text = code_only("use crate::{a::{x, y}, b};\n// crate::c\nlet s = \"crate::d\";");
    assert!(text.contains("crate::{a::{x, y}, b}"));
    assert!(!text.contains("crate::c") && !text.contains("crate::d"));
    assert_eq!(group_heads("a::{x, y}, b, self"), ["a", "b", "self"]);
}
