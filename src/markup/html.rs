//! Record Markdown → HTML for the site. Raw HTML in a record is shown as text, never run: a
//! record must not be able to put script into a page that the whole hospital opens.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};

use super::numbering::{HeadingCounter, Numbering, typed_number};
use super::parts::{self, Parts};

pub struct HtmlOptions<'a> {
    /// GB/T 9704 numbers before headings (一、 （一） 1. （1）), for notices and summaries.
    pub number_headings: bool,
    /// Whether the third level counts on across sections.
    pub numbering: Numbering,
    /// A record's `#` becomes `<h{1 + offset}>`: pages already have their own `<h1>`.
    pub heading_offset: u8,
    /// Maps a relative link or image path in the record to a URL in the site, or `None` when
    /// there is no such file.
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
}

/// Schemes a link in a record may use as it is.
const SAFE_SCHEMES: &[&str] = &["http://", "https://", "mailto:"];

fn safe_url(dest: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let lower = dest.trim().to_ascii_lowercase();
    if dest.starts_with('#') || SAFE_SCHEMES.iter().any(|s| lower.starts_with(s)) {
        return dest.to_owned();
    }
    // Any other scheme (javascript:, data:, file:, vbscript: …) or a path that leaves the site.
    if lower.contains(':') || dest.starts_with('/') || dest.contains('\\') {
        return "#".to_owned();
    }
    resolve(dest).unwrap_or_else(|| "#".to_owned())
}

fn level(n: u8) -> HeadingLevel {
    match n {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A part of a two-part document ([`parts`]): a top-level thematic break becomes no `<hr>`
/// but restarts the numbering, and the paragraph or heading after it becomes the part's
/// title, `<hN class="part-title">`, unnumbered. Returns the events to write instead of
/// `event`, or gives it back.
fn part_events<'e>(
    event: Event<'e>,
    state: &mut (Parts, usize),
    counter: &mut HeadingCounter,
    heading_offset: u8,
) -> Result<Vec<Event<'e>>, Event<'e>> {
    let (parts, depth) = state;
    let title = |end: bool| {
        let level = level(1 + heading_offset);
        if end {
            Event::End(TagEnd::Heading(level))
        } else {
            Event::Start(Tag::Heading {
                level,
                id: None,
                classes: vec![CowStr::from("part-title")],
                attrs: Vec::new(),
            })
        }
    };
    match event {
        Event::Rule if *depth == 0 => {
            parts.rule();
            counter.restart();
            Ok(Vec::new())
        }
        Event::Start(ref tag) => {
            let top = *depth == 0;
            if matches!(
                tag,
                Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::Table(_)
            ) {
                *depth += 1;
            }
            let block = !matches!(
                tag,
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
                    | Tag::Image { .. }
            );
            let titled = matches!(tag, Tag::Paragraph | Tag::Heading { .. });
            if top && block && parts.start(titled) == parts::Start::Title {
                return Ok(vec![title(false)]);
            }
            Err(event)
        }
        Event::End(
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition | TagEnd::Table,
        ) => {
            *depth -= 1;
            Err(event)
        }
        Event::SoftBreak if *depth == 0 && parts.soft_break() => {
            // The part's title is its first line; the rest is a paragraph.
            Ok(vec![title(true), Event::Start(Tag::Paragraph)])
        }
        Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if *depth == 0 && parts.end() => {
            Ok(vec![title(true)])
        }
        other => Err(other),
    }
}

pub fn to_html(markdown: &str, opts: &HtmlOptions<'_>) -> String {
    let mut counter = HeadingCounter::new(opts.numbering);
    let mut parts = (Parts::default(), 0);
    let source = super::parse::prepare(markdown);
    let events: Vec<Event<'_>> = source.events().collect();
    let mut out_events: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    // A run-in item's lead-in is open: its heading ends in `</strong>` and the paragraph
    // start after it is dropped, so that both are one `<p>`.
    let mut run_in = false;
    let mut skip_paragraph_start = false;
    let mut typed_number_at: Option<usize> = None;
    for (i, event) in events.iter().cloned().enumerate() {
        // Only documents (numbered headings) have parts; elsewhere a rule stays a rule.
        let event = if opts.number_headings {
            match part_events(event, &mut parts, &mut counter, opts.heading_offset) {
                Ok(events) => {
                    out_events.extend(events);
                    continue;
                }
                Err(event) => event,
            }
        } else {
            event
        };
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => out_events.push(Event::Text(raw)),
            Event::Text(t) if typed_number_at.is_some() => {
                let level = typed_number_at.take().unwrap_or(3);
                let t = t.trim_start();
                let cut = typed_number(level, t).unwrap_or(0);
                out_events.push(Event::Text(CowStr::from(t[cut..].to_owned())));
            }
            Event::Start(Tag::Paragraph) if std::mem::take(&mut skip_paragraph_start) => {}
            Event::Start(Tag::Heading {
                level: l,
                id,
                classes,
                attrs,
            }) => {
                let n = l as u8;
                run_in = super::runin::is_run_in(&events, i);
                if run_in {
                    out_events.push(Event::Start(Tag::Paragraph));
                    out_events.push(Event::Start(Tag::Strong));
                } else {
                    out_events.push(Event::Start(Tag::Heading {
                        level: level(n + opts.heading_offset),
                        id,
                        classes,
                        attrs,
                    }));
                }
                if opts.number_headings {
                    out_events.push(Event::Text(CowStr::from(counter.next(n as usize))));
                    typed_number_at = Some(n as usize);
                }
            }
            Event::End(TagEnd::Heading(l)) => {
                typed_number_at = None;
                if std::mem::take(&mut run_in) {
                    out_events.push(Event::End(TagEnd::Strong));
                    skip_paragraph_start = true;
                } else {
                    out_events.push(Event::End(TagEnd::Heading(level(
                        l as u8 + opts.heading_offset,
                    ))));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => out_events.push(Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(&dest_url, opts.resolve).into(),
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => out_events.push(Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(&dest_url, opts.resolve).into(),
                title,
                id,
            })),
            other => out_events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, out_events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        let none = |_: &str| None;
        to_html(
            md,
            &HtmlOptions {
                number_headings: false,
                numbering: Numbering::Sections,
                heading_offset: 1,
                resolve: &none,
            },
        )
    }

    #[test]
    fn raw_html_is_text() {
        let out = render("<script>alert(1)</script>\n\nhi <b onclick=x>b</b>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b "), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        let out = render("[x](javascript:alert(1)) [y](data:text/html,hi) [z](https://a.example/)");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("data:"), "{out}");
        assert!(out.contains("https://a.example/"), "{out}");
    }

    #[test]
    fn a_rule_starts_a_part_with_its_title_and_numbering_from_one() {
        let none = |_: &str| None;
        let out = to_html(
            "# 甲\n\n---\n\n2026年党建工作思路\n\n# 乙\n\n> 引\n>\n> ---\n\n---\n\n# 三\n\n# 丙",
            &HtmlOptions {
                number_headings: true,
                numbering: Numbering::Continuous,
                heading_offset: 1,
                resolve: &none,
            },
        );
        assert!(out.contains("<h2>一、甲</h2>"), "{out}");
        assert!(
            out.contains("<h2 class=\"part-title\">2026年党建工作思路</h2>\n<h2>一、乙</h2>"),
            "{out}"
        );
        assert!(
            out.contains("<h2 class=\"part-title\">三</h2>\n<h2>一、丙</h2>"),
            "{out}"
        );
        assert_eq!(out.matches("<hr").count(), 1, "{out}");
        let out = to_html(
            "甲\n\n---\n第二部分\n正文\n接着",
            &HtmlOptions {
                number_headings: true,
                numbering: Numbering::Continuous,
                heading_offset: 1,
                resolve: &none,
            },
        );
        assert_eq!(
            out,
            "<p>甲</p>\n<h2 class=\"part-title\">第二部分</h2>\n<p>正文\n接着</p>\n"
        );
    }

    #[test]
    fn headings_are_shifted_and_numbered() {
        let none = |_: &str| None;
        let out = to_html(
            "# 甲\n\n## 乙\n\n# 丙",
            &HtmlOptions {
                number_headings: true,
                numbering: Numbering::Sections,
                heading_offset: 1,
                resolve: &none,
            },
        );
        assert!(out.contains("<h2>一、甲</h2>"), "{out}");
        assert!(out.contains("<h3>（一）乙</h3>"), "{out}");
        assert!(out.contains("<h2>二、丙</h2>"), "{out}");
    }

    fn numbered(md: &str, numbering: Numbering) -> String {
        let none = |_: &str| None;
        to_html(
            md,
            &HtmlOptions {
                number_headings: true,
                numbering,
                heading_offset: 1,
                resolve: &none,
            },
        )
    }

    #[test]
    fn a_level_three_sentence_runs_into_its_paragraph() {
        let out = numbered(
            "# 甲\n\n### 1.优化设置。\n\n严格**落实**。\n\n### 不是句子\n\n正文",
            Numbering::Sections,
        );
        assert_eq!(
            out,
            "<h2>一、甲</h2>\n<p><strong>1.优化设置。</strong>严格<strong>落实</strong>。</p>\n\
             <h4>2.不是句子</h4>\n<p>正文</p>\n"
        );
        assert_eq!(
            render("### 要！\n正文"),
            "<p><strong>要！</strong>正文</p>\n"
        );
    }

    #[test]
    fn continuous_numbering_runs_across_sections() {
        let md = "# 一\n\n## 甲\n\n### 子。\n\n文\n\n### 丑。\n\n文\n\n## 乙\n\n### 寅。\n\n文\n\n# 二\n\n### 卯。\n\n文";
        let items = |html: String| -> Vec<String> {
            html.split("<p><strong>")
                .skip(1)
                .map(|p| p[..p.find('.').unwrap_or(0)].to_owned())
                .collect()
        };
        assert_eq!(
            items(numbered(md, Numbering::Continuous)),
            ["1", "2", "3", "4"]
        );
        assert_eq!(
            items(numbered(md, Numbering::Sections)),
            ["1", "2", "1", "1"]
        );
    }

    #[test]
    fn a_bold_lead_in_leaves_no_asterisk() {
        for mark in [
            "。", "，", "、", "；", "：", "？", "！", "”", "’", "）", "》",
        ] {
            let out = render(&format!("**优化党支部设置{mark}**严格落实"));
            assert_eq!(
                out,
                format!("<p><strong>优化党支部设置{mark}</strong>严格落实</p>\n")
            );
        }
        let out = render("落实**“两学一做”**和**PDCA。**循环");
        assert_eq!(
            out,
            "<p>落实<strong>“两学一做”</strong>和<strong>PDCA。</strong>循环</p>\n"
        );
    }
}
