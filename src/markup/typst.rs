//! Record Markdown → Typst markup for the PDFs.
//!
//! Why markup evaluated by the template, and not a structured JSON of runs rendered without
//! `eval`: the body needs Typst's own paragraph and line breaking on one continuous text, with
//! inline emphasis, headings in other fonts and tables, and markup expresses that directly
//! while a run structure would need a second renderer written in Typst. The price is that the
//! escaping below is the security boundary, so it is deliberately blunt: every ASCII
//! punctuation character of record text is escaped with `\` (Typst accepts `\` before any
//! character), which disarms `#` code, `$` math, `*`/`_` emphasis, `[`/`]` content blocks,
//! `<`/`>` labels, `@` references, `//` and `/*` comments, `--`/`...` shorthands, `-`, `+`,
//! `=`, `/` and `1.` at line starts, `https://` auto-links and `\u{…}` escapes. The only code
//! in the output is the fixed calls written here (`#lv1[…]`, `#runin[…]`, `#strong[…]`,
//! `#table(…)`), and
//! the template evaluates it with a scope holding nothing but the heading styles; its
//! `--root` is a temporary folder that holds only the document's own files.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::numbering::{HeadingCounter, Numbering, typed_number};
// Characters between which a source line break is no space: CJK text and full-width
// punctuation (the same set around which `**` pairs as in Chinese text).
use super::parse::is_cjk as is_wide;
use super::parts::{self, Parts};

#[derive(Debug, Clone, Copy, Default)]
pub struct TypstOptions {
    /// GB/T 9704 numbers before headings (一、 （一） 1. （1））.
    pub number_headings: bool,
    /// Whether the third level counts on across sections.
    pub numbering: Numbering,
}

/// Escapes `text` so that Typst markup shows it verbatim. Line breaks become spaces (a
/// paragraph is one line); control characters, which no font can show, are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push(' ')
            }
            c if c.is_control() => {}
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// One top-level block of the document: a paragraph, a heading, a list, a table …
#[derive(Default)]
struct Writer {
    blocks: Vec<String>,
    cur: String,
    /// A soft line break waiting to learn whether the next character is CJK.
    soft_break: bool,
    last_char: Option<char>,
    depth: usize,
    in_code: bool,
    counter: HeadingCounter,
    lists: Vec<Option<u64>>,
    table: Option<TableState>,
    /// Open emphasis-like spans (`#emph[` …): whether each was written as a call.
    inline: Vec<bool>,
    /// The open heading is a run-in item's lead-in: its paragraph follows in the same block.
    run_in: bool,
    /// The level of a numbered heading whose first text may start with a typed number.
    typed_number_at: Option<usize>,
    parts: Parts,
}

/// Emphasis, strong, strike, super- and subscript nested deeper than this are written as
/// their text only: typst stops parsing at a nesting depth of a few hundred ("maximum parsing
/// depth exceeded", at the template's `eval`, issue 13 item 13), and no real text comes near.
const MAX_INLINE_DEPTH: usize = 32;

struct TableState {
    columns: usize,
    cells: Vec<String>,
    /// What the block held before the table (a list item's marker, a quote's paragraphs):
    /// the cells are collected in `cur` and must not wipe it.
    before: String,
}

impl Writer {
    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if self.soft_break {
            self.soft_break = false;
            let next = t.chars().next();
            let joined =
                matches!((self.last_char, next), (Some(a), Some(b)) if is_wide(a) && is_wide(b));
            if !joined {
                self.cur.push(' ');
            }
        }
        push_escaped(&mut self.cur, t);
        self.last_char = t.chars().last().or(self.last_char);
    }

    fn code(&mut self, s: &str) {
        self.cur.push_str(s);
    }

    /// Opens an emphasis-like span, as a call while the nesting is within
    /// [`MAX_INLINE_DEPTH`].
    fn open_inline(&mut self, call: &str) {
        let written = self.inline.iter().filter(|w| **w).count() < MAX_INLINE_DEPTH;
        if written {
            self.code(call);
        }
        self.inline.push(written);
    }

    /// Ends a paragraph inside the current block (list items, quotes, code lines).
    fn parbreak(&mut self) {
        self.soft_break = false;
        if !self.cur.trim().is_empty() && !self.cur.ends_with("\n\n") {
            self.cur.push_str("\n\n");
        }
    }

    fn end_block(&mut self) {
        self.soft_break = false;
        self.last_char = None;
        if self.depth > 0 {
            self.parbreak();
            return;
        }
        let block = std::mem::take(&mut self.cur);
        let block = block.trim_end_matches('\n');
        if !block.trim().is_empty() {
            self.blocks.push(block.to_owned());
        }
    }
}

fn heading_call(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "#lv1[",
        HeadingLevel::H2 => "#lv2[",
        HeadingLevel::H3 => "#lv3[",
        _ => "#lv4[",
    }
}

/// Converts a record's Markdown into top-level blocks of Typst markup. Each paragraph is one
/// line; blocks that hold several paragraphs (lists, quotes) separate them with a blank line.
pub fn to_typst(markdown: &str, opts: TypstOptions) -> Vec<String> {
    let mut w = Writer {
        counter: HeadingCounter::new(opts.numbering),
        ..Writer::default()
    };
    let source = super::parse::prepare(markdown);
    let events: Vec<Event<'_>> = source.events().collect();
    for (i, event) in events.iter().cloned().enumerate() {
        if let Event::Text(t) = &event
            && let Some(level) = w.typed_number_at.take()
        {
            let t = t.trim_start();
            w.text(&t[typed_number(level, t).unwrap_or(0)..]);
            continue;
        }
        match event {
            Event::Start(tag @ Tag::Heading { .. }) => {
                w.run_in = super::runin::is_run_in(&events, i);
                start(&mut w, tag, opts);
            }
            Event::Start(tag) => start(&mut w, tag, opts),
            Event::End(tag) => end(&mut w, tag),
            Event::Text(t) if w.in_code => {
                // Lines of code stay lines.
                for line in t.lines() {
                    w.text(line);
                    w.parbreak();
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => w.text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => w.text(&t),
            Event::FootnoteReference(label) => w.text(&format!("[{label}]")),
            Event::SoftBreak if w.depth == 0 && w.parts.soft_break() => {
                // The part's title is its first line; the rest is a paragraph.
                w.code("]");
                w.end_block();
            }
            Event::SoftBreak => w.soft_break = true,
            Event::HardBreak => {
                w.soft_break = false;
                w.code("#linebreak()");
            }
            // Only documents have parts; elsewhere (activities, brands) the rule is dropped.
            Event::Rule if opts.number_headings => part_break(&mut w),
            Event::Rule => {}
            Event::TaskListMarker(done) => w.text(if done { "[x] " } else { "[ ] " }),
        }
    }
    w.end_block();
    w.blocks
}

/// A thematic break at the top level starts a new part ([`parts`]); elsewhere it is dropped.
fn part_break(w: &mut Writer) {
    if w.depth == 0 {
        w.parts.rule();
        w.counter.restart();
    }
}

/// Whether `tag` opens a part's title, written as `#part[…]` (a title-styled block).
fn part_title(w: &mut Writer, tag: &Tag<'_>) -> bool {
    if w.depth > 0
        || matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        )
    {
        return false;
    }
    let titled = matches!(tag, Tag::Paragraph | Tag::Heading { .. });
    if w.parts.start(titled) == parts::Start::Title {
        w.code("#part[");
        return true;
    }
    false
}

fn start(w: &mut Writer, tag: Tag<'_>, opts: TypstOptions) {
    if part_title(w, &tag) {
        // A part's title is a title, never a run-in lead-in.
        w.run_in = false;
        return;
    }
    match tag {
        Tag::Paragraph => {}
        Tag::Heading { level, .. } => {
            w.code(if w.run_in {
                "#runin["
            } else {
                heading_call(level)
            });
            if opts.number_headings {
                let n = w.counter.next(level as usize);
                w.text(&n);
                w.typed_number_at = Some(level as usize);
            }
        }
        Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::HtmlBlock => {
            w.depth += 1;
            if let Tag::FootnoteDefinition(label) = tag {
                w.text(&format!("[{label}] "));
            }
        }
        Tag::CodeBlock(_) => {
            w.depth += 1;
            w.in_code = true;
        }
        Tag::List(first) => {
            w.depth += 1;
            w.lists.push(first);
        }
        Tag::Item => {
            w.parbreak();
            let marker = match w.lists.last_mut() {
                Some(Some(n)) => {
                    let m = format!("{n}.");
                    *n += 1;
                    m
                }
                _ => "·".to_owned(),
            };
            w.text(&marker);
        }
        Tag::Table(align) => {
            w.depth += 1;
            w.parbreak();
            w.table = Some(TableState {
                columns: align.len().max(1),
                cells: Vec::new(),
                before: std::mem::take(&mut w.cur),
            });
        }
        Tag::TableHead | Tag::TableRow => {}
        Tag::TableCell => {
            w.cur_cell_start();
        }
        Tag::Emphasis => w.open_inline("#emph["),
        Tag::Strong => w.open_inline("#strong["),
        Tag::Strikethrough => w.open_inline("#strike["),
        Tag::Superscript => w.open_inline("#super["),
        Tag::Subscript => w.open_inline("#sub["),
        Tag::Link { .. } | Tag::Image { .. } => {}
        Tag::DefinitionList
        | Tag::DefinitionListTitle
        | Tag::DefinitionListDefinition
        | Tag::MetadataBlock(_) => {}
    }
}

fn end(w: &mut Writer, tag: TagEnd) {
    match tag {
        TagEnd::Paragraph => {
            if w.depth == 0 && w.parts.end() {
                w.code("]");
            }
            w.end_block()
        }
        TagEnd::Heading(_) => {
            w.typed_number_at = None;
            w.parts.end();
            w.code("]");
            // A run-in lead-in's paragraph continues this block.
            if !std::mem::take(&mut w.run_in) {
                w.end_block();
            }
        }
        TagEnd::CodeBlock => {
            w.in_code = false;
            w.depth -= 1;
            w.end_block();
        }
        TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::HtmlBlock => {
            w.depth -= 1;
            w.end_block();
        }
        TagEnd::List(_) => {
            w.lists.pop();
            w.depth -= 1;
            w.end_block();
        }
        TagEnd::Item => w.parbreak(),
        TagEnd::Table => {
            w.depth -= 1;
            if let Some(t) = w.table.take() {
                w.cur = format!(
                    "{}#table(columns: {}, {})",
                    t.before,
                    t.columns,
                    t.cells.join(", ")
                );
            }
            w.end_block();
        }
        TagEnd::TableHead | TagEnd::TableRow => {}
        TagEnd::TableCell => w.cur_cell_end(),
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Superscript
        | TagEnd::Subscript => {
            if w.inline.pop().unwrap_or(false) {
                w.code("]");
            }
        }
        TagEnd::Link | TagEnd::Image => {}
        TagEnd::DefinitionList
        | TagEnd::DefinitionListTitle
        | TagEnd::DefinitionListDefinition
        | TagEnd::MetadataBlock(_) => {}
    }
}

impl Writer {
    fn cur_cell_start(&mut self) {
        self.cur.clear();
        self.last_char = None;
    }

    fn cur_cell_end(&mut self) {
        let cell = std::mem::take(&mut self.cur);
        if let Some(t) = self.table.as_mut() {
            t.cells.push(format!("[{}]", cell.trim()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(md: &str) -> Vec<String> {
        to_typst(
            md,
            TypstOptions {
                number_headings: true,
                numbering: Numbering::Sections,
            },
        )
    }

    #[test]
    fn a_level_three_sentence_runs_into_its_paragraph() {
        let out = numbered("# 甲\n\n### 优化设置。\n\n严格落实。\n\n### 不是句子\n\n正文");
        assert_eq!(
            out,
            [
                "#lv1[一、甲]",
                r"#runin[1\.优化设置。]严格落实。",
                r"#lv3[2\.不是句子]",
                "正文"
            ]
        );
        // On the next line without a blank line, with ？ and ！, and in an unnumbered record.
        assert_eq!(numbered("### 为何？\n正文"), [r"#runin[1\.为何？]正文"]);
        let plain = to_typst("### 要！\n正文", TypstOptions::default());
        assert_eq!(plain, ["#runin[要！]正文"]);
        // Without a paragraph after it, it stays a heading.
        assert_eq!(numbered("### 甲。\n\n- 乙"), [r"#lv3[1\.甲。]", "·乙"]);
    }

    #[test]
    fn continuous_numbering_runs_across_sections() {
        let md = "# 一\n\n## 甲\n\n### 子。\n\n文\n\n### 丑。\n\n文\n\n## 乙\n\n### 寅。\n\n文\n\n# 二\n\n### 卯。\n\n文";
        let opts = |numbering| TypstOptions {
            number_headings: true,
            numbering,
        };
        let items = |out: Vec<String>| -> Vec<String> {
            out.into_iter()
                .filter_map(|b| {
                    b.strip_prefix("#runin[")
                        .map(|r| r[..r.find('\\').unwrap_or(0)].to_owned())
                })
                .collect()
        };
        assert_eq!(
            items(to_typst(md, opts(Numbering::Continuous))),
            ["1", "2", "3", "4"]
        );
        assert_eq!(
            items(to_typst(md, opts(Numbering::Sections))),
            ["1", "2", "1", "1"]
        );
    }

    #[test]
    fn a_typed_number_does_not_double_up() {
        let out = numbered("# 一、总体\n\n### 1.优化设置。\n\n文\n\n### 1.5倍。\n\n文");
        assert_eq!(
            out,
            [
                "#lv1[一、总体]",
                r"#runin[1\.优化设置。]文",
                r"#runin[2\.1\.5倍。]文"
            ]
        );
        // Unnumbered records keep what the author typed.
        let plain = to_typst("### 1.优化。\n文", TypstOptions::default());
        assert_eq!(plain, [r"#runin[1\.优化。]文"]);
    }

    #[test]
    fn a_bold_lead_in_leaves_no_asterisk() {
        for mark in [
            "。", "，", "、", "；", "：", "？", "！", "”", "’", "）", "》",
        ] {
            let out = numbered(&format!("**优化党支部设置{mark}**严格落实"));
            assert_eq!(out, [format!("#strong[优化党支部设置{mark}]严格落实")]);
        }
        let out = numbered("落实**“两学一做”**和**PDCA。**循环");
        assert_eq!(out, ["落实#strong[“两学一做”]和#strong[PDCA。]循环"]);
    }

    #[test]
    fn emphasis_nested_past_the_limit_is_text() {
        let md = format!("{}x{}", "*a _a ".repeat(40), " a_ a*".repeat(40));
        let out = numbered(&md).concat();
        assert_eq!(out.matches("#emph[").count(), MAX_INLINE_DEPTH);
        assert_eq!(out.matches('[').count(), out.matches(']').count(), "{out}");
    }

    #[test]
    fn every_ascii_punctuation_is_escaped() {
        assert_eq!(escape("#panic()"), r"\#panic\(\)");
        assert_eq!(escape("a//b /*c*/"), r"a\/\/b \/\*c\*\/");
        assert_eq!(escape("-- ... = + 1. $x$"), r"\-\- \.\.\. \= \+ 1\. \$x\$");
        assert_eq!(escape("https://x.y"), r"https\:\/\/x\.y");
        assert_eq!(escape(r"\u{41}"), r"\\u\{41\}");
        assert_eq!(escape("中文，全角“引号”"), "中文，全角“引号”");
    }

    #[test]
    fn breaks_and_controls() {
        assert_eq!(escape("a\nb\u{2028}c\td"), "a b c d");
        assert_eq!(escape("a\u{7}b\u{1b}c"), "abc");
    }

    #[test]
    fn one_line_per_paragraph_and_no_space_between_cjk_lines() {
        let out = numbered("第一行\n第二行\nand\nmore\n\n次段");
        assert_eq!(out, ["第一行第二行 and more", "次段"]);
    }

    #[test]
    fn headings_are_numbered_by_level() {
        let out = numbered("# 甲\n\n## 乙\n\n### 丙\n\n#### 丁\n\n正文\n\n# 戊");
        assert_eq!(
            out,
            [
                "#lv1[一、甲]",
                "#lv2[（一）乙]",
                r"#lv3[1\.丙]",
                "#lv4[（1）丁]",
                "正文",
                "#lv1[二、戊]"
            ]
        );
    }

    #[test]
    fn inline_markup_and_raw_html() {
        let out = numbered("**重点** _强调_ `#code` <b>x</b> [链接](https://a.b)");
        assert_eq!(
            out,
            [r"#strong[重点] #emph[强调] \#code \<b\>x\<\/b\> 链接"]
        );
    }

    #[test]
    fn lists_tables_and_code() {
        let out = numbered(
            "1. 一\n2. 二\n\n- 甲\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\ny\n```",
        );
        assert_eq!(out[0], "1\\.一\n\n2\\.二");
        assert_eq!(out[1], "·甲");
        assert_eq!(out[2], "#table(columns: 2, [a], [b], [1], [2])");
        assert_eq!(out[3], "x \\= 1\n\ny");
    }

    #[test]
    fn a_rule_starts_a_part_with_its_title_and_numbering_from_one() {
        let out = numbered(
            "# 甲\n\n## 乙\n\n正文\n\n---\n\n2026年*工作*思路\n\n# 丙\n\n---\n\n# 第三部分\n\n# 丁",
        );
        assert_eq!(
            out,
            [
                "#lv1[一、甲]",
                "#lv2[（一）乙]",
                "正文",
                "#part[2026年#emph[工作]思路]",
                "#lv1[一、丙]",
                "#part[第三部分]",
                "#lv1[一、丁]",
            ]
        );
    }

    #[test]
    fn a_part_title_is_the_first_line_after_the_rule() {
        let out = numbered("甲\n\n---\n第二部分\n正文第一段\n接着\n\n# 乙");
        assert_eq!(
            out,
            ["甲", "#part[第二部分]", "正文第一段接着", "#lv1[一、乙]"]
        );
    }

    #[test]
    fn a_rule_in_a_quote_or_before_a_list_makes_no_title() {
        let out = numbered("> 甲\n>\n> ---\n>\n> 乙\n\n---\n\n- 项\n\n丙");
        assert_eq!(out, ["甲\n\n乙", "·项", "丙"]);
    }

    #[test]
    fn a_table_in_a_list_item_keeps_the_item() {
        let out = numbered("- 甲\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n- 乙");
        assert_eq!(
            out,
            ["·甲\n\n#table(columns: 2, [a], [b], [1], [2])\n\n·乙"]
        );
    }
}
