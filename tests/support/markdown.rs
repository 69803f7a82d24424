//! Markdown documents for the property tests: a tree of blocks (paragraphs, headings, lists,
//! quotes, tables, code, raw HTML) rendered to Markdown text, with either plain words (whose
//! survival the tests check) or hostile pieces (Typst code, script, odd URLs, punctuation).

use proptest::prelude::*;

#[derive(Debug, Clone)]
pub enum Inline {
    Word(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    Link(Vec<Inline>, String),
    Image(Vec<Inline>, String),
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List(bool, Vec<Vec<Block>>),
    Quote(Vec<Block>),
    /// Rows of cells; the first row is the header.
    Table(Vec<Vec<Vec<Inline>>>),
    Code(Vec<String>),
    Html(String),
}

/// A word no Markdown or Typst construct can produce by itself: `abc12`, or a CJK word.
pub fn word() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z]{3}[0-9]{2}", "[甲乙丙丁戊己庚辛壬癸]{2,4}[0-9]"]
}

/// Pieces of text that mean something to Typst, HTML, TOML or a browser.
pub const HOSTILE: &[&str] = &[
    "#",
    "$",
    "*",
    "_",
    "[",
    "]",
    "<",
    ">",
    "@",
    "\\",
    "//",
    "/*",
    "*/",
    "--",
    "---",
    "...",
    "=",
    "+",
    "-",
    "~",
    "`",
    "\"",
    "'",
    "{",
    "}",
    "(",
    ")",
    "&",
    ";",
    ":",
    "|",
    "^",
    "%",
    "#panic(\"x\")",
    "#read(\"/etc/passwd\")",
    "#import \"/etc\": *",
    "#set page(width: 1cm)",
    "#{ let x = 1 }",
    "]#panic()[",
    "$ x^2 $",
    "\\u{41}",
    "@ref <label>",
    "= heading",
    "+ item",
    "/ term: desc",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "</p><p onclick=\"x\">",
    "<!-- c -->",
    "<![CDATA[x]]>",
    "&lt;script&gt;",
    "&#x3c;script&#x3e;",
    "&amp;",
    "javascript:alert(1)",
    "{{ new_members }}",
    "{% raw %}",
    "+++",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "\r",
    "\t",
];

pub fn hostile() -> impl Strategy<Value = String> {
    proptest::sample::select(HOSTILE).prop_map(str::to_owned)
}

/// URLs for links and images: safe, resolvable, and every way of trying to escape.
pub const URLS: &[&str] = &[
    "https://example.org/a?b=c#d",
    "http://example.org/",
    "mailto:a@example.org",
    "#section",
    "attachments/photo.png",
    "attachments/doc.pdf",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "java%0ascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "//evil.example/x",
    "/etc/passwd",
    "../../etc/passwd",
    "attachments/../../site.toml",
    "C:\\Windows\\win.ini",
    "C:/Windows/win.ini",
    "\\\\server\\share",
    "branches/alpha.toml",
    "%2e%2e/site.toml",
    "<javascript:alert(1)>",
];

pub fn url() -> impl Strategy<Value = String> {
    proptest::sample::select(URLS).prop_map(str::to_owned)
}

fn inline(leaf: BoxedStrategy<String>, plain: bool) -> impl Strategy<Value = Inline> {
    let base = prop_oneof![
        4 => leaf.clone().prop_map(Inline::Word),
        1 => leaf.clone().prop_map(Inline::Code),
    ];
    base.prop_recursive(3, 12, 4, move |inner| {
        let list = prop::collection::vec(inner, 1..4);
        let with_url: BoxedStrategy<String> = if plain {
            Just("https://example.org/".to_owned()).boxed()
        } else {
            url().boxed()
        };
        prop_oneof![
            list.clone().prop_map(Inline::Emph),
            list.clone().prop_map(Inline::Strong),
            list.clone().prop_map(Inline::Strike),
            (list.clone(), with_url.clone()).prop_map(|(t, u)| Inline::Link(t, u)),
            (list, with_url).prop_map(|(t, u)| Inline::Image(t, u)),
        ]
    })
}

/// A run of inlines that starts with a word, so that no line starts with a fence (`~~~~`).
fn inlines(leaf: BoxedStrategy<String>, plain: bool) -> impl Strategy<Value = Vec<Inline>> {
    (
        leaf.clone(),
        prop::collection::vec(inline(leaf, plain), 0..5),
    )
        .prop_map(|(first, rest)| {
            let mut v = vec![Inline::Word(first)];
            v.extend(rest);
            v
        })
}

fn block(leaf: BoxedStrategy<String>, plain: bool) -> impl Strategy<Value = Block> {
    let cells = move |leaf: BoxedStrategy<String>| {
        (1usize..4, 1usize..4).prop_flat_map(move |(cols, rows)| {
            prop::collection::vec(
                prop::collection::vec(inlines(leaf.clone(), true), cols),
                rows + 1,
            )
        })
    };
    let base = prop_oneof![
        4 => inlines(leaf.clone(), plain).prop_map(Block::Para),
        1 => (1u8..7, inlines(leaf.clone(), plain)).prop_map(|(l, t)| Block::Heading(l, t)),
        1 => cells(leaf.clone()).prop_map(Block::Table),
        1 => prop::collection::vec(leaf.clone(), 1..4).prop_map(Block::Code),
        1 => leaf.clone().prop_map(Block::Html),
    ];
    base.prop_recursive(3, 24, 4, |inner| {
        let blocks = prop::collection::vec(inner, 1..3);
        prop_oneof![
            (any::<bool>(), prop::collection::vec(blocks.clone(), 1..4))
                .prop_map(|(o, items)| Block::List(o, items)),
            blocks.prop_map(Block::Quote),
        ]
    })
}

/// A document of plain words: every word must reach the output.
pub fn plain_document() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(block(word().boxed(), true), 1..6)
}

/// A document whose words are hostile pieces and whose links go anywhere.
pub fn hostile_document() -> impl Strategy<Value = Vec<Block>> {
    let leaf = prop_oneof![2 => hostile(), 1 => word(), 1 => "\\PC{1,12}"].boxed();
    prop::collection::vec(block(leaf, false), 1..6)
}

/// Text: a hostile document, hostile pieces run together, or anything at all.
pub fn any_markdown() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile_document().prop_map(|d| render(&d)),
        2 => prop::collection::vec(prop_oneof![hostile(), word(), Just("\n".to_owned()), Just("\n\n".to_owned())], 0..40)
            .prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

/// The words of a document, in order.
pub fn words(doc: &[Block]) -> Vec<String> {
    fn inl(i: &Inline, out: &mut Vec<String>) {
        match i {
            Inline::Word(w) | Inline::Code(w) => out.push(w.clone()),
            Inline::Emph(v) | Inline::Strong(v) | Inline::Strike(v) => {
                v.iter().for_each(|i| inl(i, out))
            }
            Inline::Link(v, _) | Inline::Image(v, _) => v.iter().for_each(|i| inl(i, out)),
        }
    }
    fn blk(b: &Block, out: &mut Vec<String>) {
        match b {
            Block::Para(v) | Block::Heading(_, v) => v.iter().for_each(|i| inl(i, out)),
            Block::List(_, items) => items.iter().flatten().for_each(|b| blk(b, out)),
            Block::Quote(v) => v.iter().for_each(|b| blk(b, out)),
            Block::Table(rows) => rows.iter().flatten().flatten().for_each(|i| inl(i, out)),
            Block::Code(lines) => out.extend(lines.iter().cloned()),
            Block::Html(w) => out.push(w.clone()),
        }
    }
    let mut out = Vec::new();
    doc.iter().for_each(|b| blk(b, &mut out));
    out
}

fn render_inline(i: &Inline) -> String {
    let join = |v: &[Inline]| v.iter().map(render_inline).collect::<Vec<_>>().join(" ");
    match i {
        Inline::Word(w) => w.clone(),
        Inline::Emph(v) => format!("*{}*", join(v)),
        Inline::Strong(v) => format!("**{}**", join(v)),
        Inline::Strike(v) => format!("~~{}~~", join(v)),
        Inline::Code(w) => format!("`{w}`"),
        Inline::Link(v, u) => format!("[{}]({u})", join(v)),
        Inline::Image(v, u) => format!("![{}]({u})", join(v)),
    }
}

fn render_inlines(v: &[Inline]) -> String {
    v.iter().map(render_inline).collect::<Vec<_>>().join(" ")
}

fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(n, l)| {
            let p = if n == 0 { first } else { rest };
            if l.is_empty() {
                p.trim_end().to_owned()
            } else {
                format!("{p}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_block(b: &Block) -> String {
    match b {
        Block::Para(v) => render_inlines(v),
        Block::Heading(l, v) => format!("{} {}", "#".repeat(usize::from(*l)), render_inlines(v)),
        Block::List(ordered, items) => items
            .iter()
            .enumerate()
            .map(|(n, item)| {
                let marker = if *ordered {
                    format!("{}. ", n + 1)
                } else {
                    "- ".to_owned()
                };
                let pad = " ".repeat(marker.len());
                prefix_lines(&render(item), &marker, &pad)
            })
            .collect::<Vec<_>>()
            .join("\n\n"),
        Block::Quote(v) => prefix_lines(&render(v), "> ", "> "),
        Block::Table(rows) => {
            let cols = rows[0].len();
            let row = |r: &Vec<Vec<Inline>>| {
                format!(
                    "| {} |",
                    r.iter()
                        .map(|c| render_inlines(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            };
            let mut out = vec![row(&rows[0]), format!("|{}", "---|".repeat(cols))];
            out.extend(rows[1..].iter().map(row));
            out.join("\n")
        }
        Block::Code(lines) => format!("```\n{}\n```", lines.join("\n")),
        Block::Html(w) => format!("<div>{w}</div>"),
    }
}

/// The Markdown text of a document: blocks separated by blank lines.
pub fn render(doc: &[Block]) -> String {
    doc.iter()
        .map(render_block)
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

/// 256 cases, nothing persisted: a failure prints its minimal input, which becomes a
/// `regression_*` test next to the property.
pub fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}
