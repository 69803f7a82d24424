//! Record Markdown → the blocks of a Word document: paragraphs of styled spans and tables.
//! The blocks are plain data (the view carries them, as it carries Typst markup for the PDF);
//! [`super::blocks`] turns them into docx elements. Headings are numbered (一、 （一） 1. （1）)
//! and run-in items joined with their paragraph exactly as the PDF's writer does, from the same
//! counters (`crate::markup`).

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use crate::markup::numbering::{HeadingCounter, Numbering, typed_number};
use crate::markup::parse::is_cjk as is_wide;
use crate::markup::parts::{self, Parts};
use crate::present::markup::BodyWriter;

/// The font a span is set in: the body's 仿宋 unless a heading level says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Face {
    Body,
    /// 黑体: first-level headings.
    Hei,
    /// 楷体: second-level headings.
    Kai,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Span {
    /// Text only: control characters are dropped, a hard line break is `\n`.
    pub text: String,
    pub face: Face,
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum ParaKind {
    /// A body paragraph (3号 仿宋, indented two 字); also a run-in item and a list item.
    Body,
    /// A heading of level 1–4 (its face is in its spans).
    Heading,
    /// A part's title in a two-part document: like the document's title.
    PartTitle,
    /// Inside a table cell: no indent.
    Cell,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Para {
    pub kind: ParaKind,
    pub spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) enum Block {
    Para(Para),
    /// Rows of cells; the first row is the header.
    Table(Vec<Vec<Vec<Para>>>),
}

/// The body writer of the Word documents.
pub(crate) struct DocxBody;

impl BodyWriter for DocxBody {
    type Body = Vec<Block>;

    fn body(&self, markdown: &str, numbering: Option<Numbering>) -> Vec<Block> {
        to_blocks(markdown, numbering)
    }
}

/// A table row: cells of paragraphs.
type Row = Vec<Vec<Para>>;

#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    cur: Vec<Span>,
    kind: Option<ParaKind>,
    face: Option<Face>,
    /// Bold from a third-level heading or a run-in lead-in.
    heading_bold: bool,
    bold: usize,
    italic: usize,
    strike: usize,
    soft_break: bool,
    last_char: Option<char>,
    in_code: bool,
    lists: Vec<Option<u64>>,
    /// The rows read of an open table, and the row being read.
    table: Option<(Vec<Row>, Row)>,
    run_in: bool,
    /// A run-in lead-in ended: the next paragraph continues its paragraph.
    run_on: bool,
    typed_number_at: Option<usize>,
    parts: Parts,
}

impl Writer {
    fn push_text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        let mut text = String::with_capacity(t.len());
        if std::mem::take(&mut self.soft_break) {
            let next = t.chars().next();
            let joined =
                matches!((self.last_char, next), (Some(a), Some(b)) if is_wide(a) && is_wide(b));
            if !joined {
                text.push(' ');
            }
        }
        for c in t.chars() {
            match c {
                '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                    text.push(' ')
                }
                // No font shows them, and XML 1.0 cannot carry most of them.
                c if c.is_control() => {}
                c => text.push(c),
            }
        }
        self.last_char = t.chars().last().or(self.last_char);
        self.span(text);
    }

    fn span(&mut self, text: String) {
        let span = Span {
            text,
            face: self.face.unwrap_or(Face::Body),
            bold: self.bold > 0 || self.heading_bold,
            italic: self.italic > 0,
            strike: self.strike > 0,
        };
        match self.cur.last_mut() {
            Some(last)
                if (last.face, last.bold, last.italic, last.strike)
                    == (span.face, span.bold, span.italic, span.strike) =>
            {
                last.text.push_str(&span.text)
            }
            _ => self.cur.push(span),
        }
    }

    /// Ends the open paragraph (if it has text).
    fn flush(&mut self) {
        self.soft_break = false;
        self.last_char = None;
        let spans = std::mem::take(&mut self.cur);
        let kind = self.kind.take().unwrap_or(ParaKind::Body);
        if spans.iter().all(|s| s.text.trim().is_empty()) {
            return;
        }
        let para = Para { kind, spans };
        match &mut self.table {
            Some((_, row)) => {
                if let Some(cell) = row.last_mut() {
                    cell.push(Para {
                        kind: ParaKind::Cell,
                        ..para
                    });
                }
            }
            None => self.blocks.push(Block::Para(para)),
        }
    }
}

fn to_blocks(markdown: &str, numbering: Option<Numbering>) -> Vec<Block> {
    let mut w = Writer::default();
    let mut counter = HeadingCounter::new(numbering.unwrap_or_default());
    let source = crate::markup::parse::prepare(markdown);
    let events: Vec<Event<'_>> = source.events().collect();
    let mut depth = 0usize;
    for (i, event) in events.iter().cloned().enumerate() {
        if let Event::Text(t) = &event
            && let Some(level) = w.typed_number_at.take()
        {
            let t = t.trim_start();
            w.push_text(&t[typed_number(level, t).unwrap_or(0)..]);
            continue;
        }
        match event {
            Event::Start(tag) => {
                let titled = matches!(tag, Tag::Paragraph | Tag::Heading { .. });
                let top_block = depth == 0
                    && w.table.is_none()
                    && !matches!(
                        tag,
                        Tag::Emphasis
                            | Tag::Strong
                            | Tag::Strikethrough
                            | Tag::Superscript
                            | Tag::Subscript
                            | Tag::Link { .. }
                            | Tag::Image { .. }
                    );
                if top_block && numbering.is_some() && w.parts.start(titled) == parts::Start::Title
                {
                    w.flush();
                    w.kind = Some(ParaKind::PartTitle);
                    w.run_in = false;
                    continue;
                }
                match tag {
                    // A list item's marker waits for its paragraph.
                    Tag::Paragraph if w.lists.is_empty() && !std::mem::take(&mut w.run_on) => {
                        w.flush()
                    }
                    Tag::Heading { level, .. } => {
                        w.flush();
                        w.run_in = crate::markup::runin::is_run_in(&events, i);
                        w.kind = Some(ParaKind::Heading);
                        w.face = match level {
                            HeadingLevel::H1 => Some(Face::Hei),
                            HeadingLevel::H2 => Some(Face::Kai),
                            _ => None,
                        };
                        w.heading_bold = level == HeadingLevel::H3;
                        if numbering.is_some() {
                            let n = counter.next(level as usize);
                            w.push_text(&n);
                            w.typed_number_at = Some(level as usize);
                        }
                    }
                    Tag::BlockQuote(_) | Tag::HtmlBlock => depth += 1,
                    Tag::FootnoteDefinition(label) => {
                        depth += 1;
                        w.flush();
                        w.push_text(&format!("[{label}] "));
                    }
                    Tag::CodeBlock(_) => {
                        depth += 1;
                        w.flush();
                        w.in_code = true;
                    }
                    Tag::List(first) => {
                        depth += 1;
                        w.flush();
                        w.lists.push(first);
                    }
                    Tag::Item => {
                        w.flush();
                        let marker = match w.lists.last_mut() {
                            Some(Some(n)) => {
                                let m = format!("{n}.");
                                *n += 1;
                                m
                            }
                            _ => "·".to_owned(),
                        };
                        w.push_text(&marker);
                    }
                    Tag::Table(_) => {
                        w.flush();
                        w.table = Some((Vec::new(), Vec::new()));
                    }
                    Tag::TableHead | Tag::TableRow => {
                        if let Some((_, row)) = &mut w.table {
                            row.clear();
                        }
                    }
                    Tag::TableCell => {
                        if let Some((_, row)) = &mut w.table {
                            row.push(Vec::new());
                        }
                        w.kind = Some(ParaKind::Cell);
                    }
                    Tag::Emphasis => w.italic += 1,
                    Tag::Strong => w.bold += 1,
                    Tag::Strikethrough => w.strike += 1,
                    _ => {}
                }
            }
            Event::End(tag) => match tag {
                TagEnd::Paragraph => {
                    w.parts.end();
                    w.flush();
                }
                TagEnd::Heading(_) => {
                    w.typed_number_at = None;
                    let title = w.parts.end();
                    w.face = None;
                    w.heading_bold = false;
                    if std::mem::take(&mut w.run_in) && !title {
                        // The paragraph after a run-in lead-in continues this one.
                        w.kind = Some(ParaKind::Body);
                        w.run_on = true;
                    } else {
                        w.flush();
                    }
                }
                TagEnd::CodeBlock => {
                    w.in_code = false;
                    depth = depth.saturating_sub(1);
                    w.flush();
                }
                TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::HtmlBlock => {
                    depth = depth.saturating_sub(1);
                    w.flush();
                }
                TagEnd::List(_) => {
                    w.lists.pop();
                    depth = depth.saturating_sub(1);
                    w.flush();
                }
                TagEnd::Item => w.flush(),
                TagEnd::TableCell => {
                    w.flush();
                    w.kind = Some(ParaKind::Cell);
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    if let Some((rows, row)) = &mut w.table {
                        rows.push(std::mem::take(row));
                    }
                }
                TagEnd::Table => {
                    if let Some((rows, _)) = w.table.take() {
                        w.blocks.push(Block::Table(rows));
                    }
                    w.kind = None;
                }
                TagEnd::Emphasis => w.italic = w.italic.saturating_sub(1),
                TagEnd::Strong => w.bold = w.bold.saturating_sub(1),
                TagEnd::Strikethrough => w.strike = w.strike.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if w.in_code => {
                for line in t.lines() {
                    w.push_text(line);
                    w.flush();
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                w.push_text(&t)
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => w.push_text(&t),
            Event::FootnoteReference(label) => w.push_text(&format!("[{label}]")),
            Event::SoftBreak if depth == 0 && w.parts.soft_break() => {
                // The part's title is its first line; the rest is a paragraph.
                w.flush();
            }
            Event::SoftBreak => w.soft_break = true,
            Event::HardBreak => {
                w.soft_break = false;
                w.span("\n".to_owned());
            }
            Event::Rule if numbering.is_some() && depth == 0 => {
                w.parts.rule();
                counter.restart();
            }
            Event::Rule => {}
            Event::TaskListMarker(done) => w.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }
    w.flush();
    w.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<(ParaKind, String)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some((p.kind, p.spans.iter().map(|s| s.text.as_str()).collect())),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn headings_are_numbered_and_run_in_items_join_their_paragraph() {
        let b = to_blocks(
            "# 总体要求\n\n正文。\n\n## 重点任务\n\n### 优化设置。\n\n严格落实。\n",
            Some(Numbering::default()),
        );
        assert_eq!(
            texts(&b),
            vec![
                (ParaKind::Heading, "一、总体要求".to_owned()),
                (ParaKind::Body, "正文。".to_owned()),
                (ParaKind::Heading, "（一）重点任务".to_owned()),
                (ParaKind::Body, "1.优化设置。严格落实。".to_owned()),
            ]
        );
        let Block::Para(p) = &b[3] else { panic!() };
        assert!(p.spans[0].bold && !p.spans[1].bold, "{p:?}");
        let Block::Para(h) = &b[0] else { panic!() };
        assert_eq!(h.spans[0].face, Face::Hei);
    }

    #[test]
    fn a_typed_number_is_not_doubled_and_cjk_lines_join_without_a_space() {
        let b = to_blocks(
            "## （一）学习\n\n第一行\n第二行 and\nmore\n",
            Some(Numbering::default()),
        );
        assert_eq!(
            texts(&b),
            vec![
                (ParaKind::Heading, "（一）学习".to_owned()),
                (ParaKind::Body, "第一行第二行 and more".to_owned()),
            ]
        );
    }

    #[test]
    fn tables_keep_rows_and_cells_and_control_characters_are_dropped() {
        let b = to_blocks("| 甲 | 乙 |\n| - | - |\n| 1\u{7} | <w:p/> |\n", None);
        let [Block::Table(rows)] = b.as_slice() else {
            panic!("{b:?}")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][0][0].spans[0].text, "1");
        assert_eq!(rows[1][1][0].spans[0].text, "<w:p/>");
    }

    #[test]
    fn a_part_break_gives_a_part_title_and_numbers_again() {
        let b = to_blocks(
            "# 甲\n\n正文。\n\n---\n\n二〇二三年思路\n\n# 乙\n",
            Some(Numbering::default()),
        );
        assert_eq!(
            texts(&b),
            vec![
                (ParaKind::Heading, "一、甲".to_owned()),
                (ParaKind::Body, "正文。".to_owned()),
                (ParaKind::PartTitle, "二〇二三年思路".to_owned()),
                (ParaKind::Heading, "一、乙".to_owned()),
            ]
        );
    }
}
