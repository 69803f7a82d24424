//! `dangjian stats` and the rule report on the repository's demo site (`site.toml` +
//! `content/`, written by `tools/demo/generate.py`).
//!
//! The figures are checked against an independent count: the test walks the activity files
//! itself and reads `branch`, `kind` and `date` from the front matter by plain string matching,
//! never through the crate's parser. The rule report is checked against the deliberate gaps
//! that the generator lists in `tools/demo/GAPS.md`.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use support::{TestSite, repo_root};

/// The date the demo is judged at (also `site.as_of` in its site.toml).
const AS_OF: &str = "2026-11-22";

// ---------------------------------------------------------------------------------------------
// The independent count
// ---------------------------------------------------------------------------------------------

/// One activity file as read by the test: `branch`, `kind` and `date` from its front matter.
#[derive(Debug, Clone)]
struct Record {
    branch: String,
    kind: String,
    /// 1–12.
    month: usize,
}

/// The value of a top-level `key = "…"` line.
fn quoted(line: &str, key: &str) -> Option<String> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start()
        .strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_owned())
}

/// Reads a record's `branch`, `kind` and `date` with string matching only. Keys are looked for
/// among the top-level lines of the front matter, before the first `[table]` line.
fn read_record(root: &Path, rel: &str, year: i32) -> Record {
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut lines = text.lines();
    assert_eq!(
        lines.next().map(str::trim_end),
        Some("+++"),
        "{rel}: front matter first"
    );
    let (mut branch, mut kind, mut date) = (None, None, None);
    for line in lines {
        let line = line.trim_end();
        if line == "+++" || line.starts_with('[') {
            break;
        }
        if branch.is_none() {
            branch = quoted(line, "branch");
        }
        if kind.is_none() {
            kind = quoted(line, "kind");
        }
        if date.is_none()
            && let Some(v) = line
                .strip_prefix("date")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('='))
        {
            date = Some(v.trim().to_owned());
        }
    }
    let date = date.unwrap_or_else(|| panic!("{rel}: no date"));
    assert_eq!(date.len(), 10, "{rel}: date {date}");
    assert_eq!(
        date[..4].parse::<i32>().ok(),
        Some(year),
        "{rel}: date {date} outside {year}"
    );
    let month: usize = date[5..7]
        .parse()
        .unwrap_or_else(|_| panic!("{rel}: date {date}"));
    assert!((1..=12).contains(&month), "{rel}: date {date}");
    Record {
        branch: branch.unwrap_or_else(|| panic!("{rel}: no branch")),
        kind: kind.unwrap_or_else(|| panic!("{rel}: no kind")),
        month,
    }
}

/// Every `content/activities/<year>/*.md` of the site.
fn records(s: &TestSite, year: i32) -> Vec<Record> {
    let dir = s.path(&format!("content/activities/{year}"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|n| read_record(&s.root, &format!("content/activities/{year}/{n}"), year))
        .collect()
}

#[derive(Debug, Default, PartialEq)]
struct Counts {
    total: u64,
    by_kind: BTreeMap<String, u64>,
    by_month: [u64; 12],
}

impl Counts {
    fn of<'a>(records: impl IntoIterator<Item = &'a Record>) -> Counts {
        let mut c = Counts::default();
        for r in records {
            c.total += 1;
            *c.by_kind.entry(r.kind.clone()).or_default() += 1;
            c.by_month[r.month - 1] += 1;
        }
        c
    }

    /// The same figures from a `stats` JSON object (`org` or one of `branches`).
    fn from_json(v: &Value) -> Counts {
        let by_kind = v["by_kind"]
            .as_object()
            .expect("by_kind")
            .iter()
            .map(|(k, n)| (k.clone(), n.as_u64().expect("count")))
            .filter(|(_, n)| *n > 0)
            .collect();
        let months: Vec<u64> = v["by_month"]
            .as_array()
            .expect("by_month")
            .iter()
            .map(|n| n.as_u64().expect("count"))
            .collect();
        Counts {
            total: v["activities"].as_u64().expect("activities"),
            by_kind,
            by_month: months.try_into().expect("12 months"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running the tool
// ---------------------------------------------------------------------------------------------

fn stats_json(s: &TestSite, args: &[&str]) -> Value {
    let mut all = vec!["stats", "--format", "json", "--as-of", AS_OF];
    all.extend_from_slice(args);
    let out = s.run(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stats {args:?} failed: {stderr}"
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("stats JSON: {e}"))
}

fn branches(v: &Value) -> &Vec<Value> {
    v["branches"].as_array().expect("branches")
}

fn id_of(b: &Value) -> &str {
    b["id"].as_str().expect("id")
}

/// `check --format json` for a year: exit code and the rule diagnostics as JSON values.
fn check_rules(s: &TestSite, year: i32) -> (i32, Vec<Value>, Vec<Value>) {
    let out = s.run(&[
        "check",
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--year",
        &year.to_string(),
    ]);
    let all: Vec<Value> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let (rules, other): (Vec<Value>, Vec<Value>) =
        all.into_iter().partition(|d| d["code"] == "rule");
    (out.status.code().unwrap_or(-1), rules, other)
}

// ---------------------------------------------------------------------------------------------
// stats: counts
// ---------------------------------------------------------------------------------------------

#[test]
fn stats_json_counts_equal_an_independent_count_of_the_files() {
    let s = TestSite::demo();
    for year in [2025, 2024, 2026] {
        let recs = records(&s, year);
        assert!(
            recs.len() > 300,
            "{year}: only {} activity files — is the demo generated?",
            recs.len()
        );
        let v = stats_json(&s, &["--year", &year.to_string()]);
        assert_eq!(v["year"].as_i64(), Some(i64::from(year)));

        // The organisation: total, per kind, per month.
        assert_eq!(
            Counts::from_json(&v["org"]),
            Counts::of(&recs),
            "{year}: organisation counts"
        );

        // Per branch: total, per kind, per month.
        let json_ids: BTreeSet<&str> = branches(&v).iter().map(id_of).collect();
        let file_ids: BTreeSet<&str> = recs.iter().map(|r| r.branch.as_str()).collect();
        assert!(
            file_ids.is_subset(&json_ids),
            "{year}: branches with records but no figures: {:?}",
            file_ids.difference(&json_ids).collect::<Vec<_>>()
        );
        for b in branches(&v) {
            let id = id_of(b);
            let mine = Counts::of(recs.iter().filter(|r| r.branch == id));
            assert_eq!(Counts::from_json(b), mine, "{year}: counts of branch {id}");
        }
        let sum: u64 = branches(&v)
            .iter()
            .map(|b| b["activities"].as_u64().expect("activities"))
            .sum();
        assert_eq!(
            sum,
            recs.len() as u64,
            "{year}: the branches' totals add up to the organisation's"
        );
    }
}

#[test]
fn record_counts_over_all_years_match_gaps() {
    // GAPS.md's "Record counts" table is the generator's own count; the files must agree with it.
    let s = TestSite::demo();
    let gaps = Gaps::read();
    let mut all = Counts::default();
    for year in [2024, 2025, 2026] {
        let c = Counts::of(&records(&s, year));
        all.total += c.total;
        for (k, n) in c.by_kind {
            *all.by_kind.entry(k).or_default() += n;
        }
    }
    assert_eq!(all.total, gaps.total_records);
    assert_eq!(all.by_kind, gaps.records_by_kind);
}

#[test]
fn stats_branch_filter_keeps_one_branch() {
    let s = TestSite::demo();
    let recs = records(&s, 2025);
    // The branch with the most records in 2025 (ties: the first id).
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &recs {
        *per.entry(r.branch.as_str()).or_default() += 1;
    }
    let (&id, _) = per
        .iter()
        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
        .expect("records");

    let v = stats_json(&s, &["--year", "2025", "--branch", id]);
    let list = branches(&v);
    assert_eq!(list.len(), 1);
    assert_eq!(id_of(&list[0]), id);
    assert_eq!(
        Counts::from_json(&list[0]),
        Counts::of(recs.iter().filter(|r| r.branch == id))
    );
    // The organisation's figures are not filtered.
    assert_eq!(Counts::from_json(&v["org"]), Counts::of(&recs));

    // An unknown branch is an error with a suggestion.
    let typo = format!("{id}x");
    let out = s.run(&[
        "stats", "--year", "2025", "--as-of", AS_OF, "--branch", &typo,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("未知的支部 `{typo}`")), "{stderr}");
    assert!(
        stderr.contains(&format!("`{id}`")),
        "suggests {id}: {stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// stats: CSV and table
// ---------------------------------------------------------------------------------------------

/// Splits CSV text (already without BOM, lines joined by CRLF) into rows of unquoted fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF line end in the CSV"),
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the CSV ends with CRLF");
    rows
}

/// Gives one branch's short name a comma and quotes, so that the CSV must quote it.
fn awkward_short_name(s: &TestSite, id: &str) -> String {
    let rel = format!("content/branches/{id}.toml");
    let text = s.read(&rel);
    let line = text
        .lines()
        .find(|l| l.starts_with("short_name = "))
        .unwrap_or_else(|| panic!("{rel} has no short_name"))
        .to_owned();
    let name = "骨伤,关节\"一线\"支部";
    s.replace(
        &rel,
        &line,
        &format!("short_name = \"{}\"", name.replace('"', "\\\"")),
    );
    name.to_owned()
}

#[test]
fn stats_csv_opens_in_excel() {
    let s = TestSite::demo();
    let recs = records(&s, 2025);
    let first = recs
        .iter()
        .map(|r| r.branch.clone())
        .min()
        .expect("records");
    let name = awkward_short_name(&s, &first);
    let v = stats_json(&s, &["--year", "2025"]);

    let out = s.run(&[
        "stats", "--year", "2025", "--as-of", AS_OF, "--format", "csv",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = out.stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line ends with CRLF"
    );

    let rows = parse_csv(&text);
    assert_eq!(
        rows.len(),
        branches(&v).len() + 1,
        "a header and one row per branch"
    );
    let header = &rows[0];
    assert_eq!(header[0], "支部");
    for r in &rows {
        assert_eq!(
            r.len(),
            header.len(),
            "every row has the header's columns: {r:?}"
        );
    }
    // The field with a comma and quotes is quoted, the quotes doubled.
    let raw = text
        .lines()
        .find(|l| l.starts_with('"'))
        .expect("a quoted row");
    assert!(raw.starts_with("\"骨伤,关节\"\"一线\"\"支部\","), "{raw}");

    // The 活动 column holds each branch's count.
    let col = header
        .iter()
        .position(|h| h == "活动")
        .expect("活动 column");
    let id_by_name: BTreeMap<&str, &str> = branches(&v)
        .iter()
        .map(|b| (b["short_name"].as_str().expect("short_name"), id_of(b)))
        .collect();
    assert_eq!(id_by_name.get(name.as_str()), Some(&first.as_str()));
    for r in &rows[1..] {
        let id = id_by_name
            .get(r[0].as_str())
            .unwrap_or_else(|| panic!("unknown branch row {:?}", r[0]));
        let n = recs.iter().filter(|x| x.branch == *id).count();
        assert_eq!(r[col], n.to_string(), "activities of {id}");
    }
}

#[test]
fn stats_table_names_every_branch() {
    let s = TestSite::demo();
    let out = s.run(&["stats", "--year", "2025", "--as-of", AS_OF]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("2025 年统计"), "{text}");
    // Each branch that existed in 2025, by its short name (else its name), read from the files.
    let mut names = Vec::new();
    for e in std::fs::read_dir(s.path("content/branches")).expect("branches") {
        let path = e.expect("entry").path();
        let toml = std::fs::read_to_string(&path).expect("read");
        let top = toml.lines().take_while(|l| !l.starts_with('['));
        let (mut name, mut short, mut founded) = (None, None, None);
        for l in top {
            name = name.or_else(|| quoted(l, "name"));
            short = short.or_else(|| quoted(l, "short_name"));
            founded = founded.or_else(|| {
                l.strip_prefix("founded = ")
                    .map(|v| v.trim()[..4].to_owned())
            });
        }
        if founded.is_some_and(|y| y.as_str() > "2025") {
            continue;
        }
        names.push(
            short
                .or(name)
                .unwrap_or_else(|| panic!("{}: no name", path.display())),
        );
    }
    assert!(names.len() >= 10, "{names:?}");
    let lines: Vec<&str> = text.lines().collect();
    for n in &names {
        assert!(
            lines.iter().any(|l| l.starts_with(n.as_str())),
            "no row for {n}:\n{text}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The rule report against GAPS.md
// ---------------------------------------------------------------------------------------------

/// What `tools/demo/GAPS.md` says, parsed from its Markdown tables.
struct Gaps {
    /// (branch, kind, year, month)
    monthly: Vec<(String, String, i32, u32)>,
    /// (branch, kind, year, quarter)
    quarterly: Vec<(String, String, i32, u32)>,
    /// (file, branch, kind)
    low: Vec<(String, String, String)>,
    /// (branch, start, end, status)
    terms: Vec<(String, String, String, String)>,
    /// (year, target id) of targets marked "(missed)"
    targets_missed: Vec<(i32, String)>,
    records_by_kind: BTreeMap<String, u64>,
    total_records: u64,
    /// (member file, "overdue" | "due-soon"): 转正 judged at the as-of date, in every year.
    probation: Vec<(String, String)>,
}

/// The data rows of the Markdown table under `## <heading>`.
fn table_rows(md: &str, heading: &str) -> Vec<Vec<String>> {
    let start = md
        .find(&format!("## {heading}"))
        .unwrap_or_else(|| panic!("GAPS.md has no section “{heading}”"));
    let section = &md[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let rows: Vec<Vec<String>> = section
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect();
    assert!(rows.len() >= 2, "GAPS.md section “{heading}” has no table");
    rows.into_iter().skip(2).collect() // header and --- line
}

fn year_month(s: &str) -> (i32, u32) {
    let (y, m) = s.split_once('-').unwrap_or_else(|| panic!("bad month {s}"));
    (y.parse().expect("year"), m.parse().expect("month"))
}

impl Gaps {
    fn read() -> Gaps {
        let md = std::fs::read_to_string(repo_root().join("tools/demo/GAPS.md"))
            .expect("tools/demo/GAPS.md");
        let monthly = table_rows(&md, "Missed monthly meetings")
            .into_iter()
            .map(|r| {
                let (y, m) = year_month(&r[2]);
                (r[0].clone(), r[1].clone(), y, m)
            })
            .collect();
        let quarterly = table_rows(&md, "Missed quarterly meetings")
            .into_iter()
            .map(|r| {
                let (y, q) = r[2]
                    .split_once("-Q")
                    .unwrap_or_else(|| panic!("bad quarter {}", r[2]));
                (
                    r[0].clone(),
                    r[1].clone(),
                    y.parse().expect("year"),
                    q.parse().expect("quarter"),
                )
            })
            .collect();
        let low = table_rows(&md, "Low attendance")
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
            .collect();
        let terms = table_rows(&md, "Terms")
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()))
            .collect();

        // | year | yizhen (target 10, 义诊) | … | with cells like "9 (missed)".
        let start = md
            .find("## Targets")
            .expect("GAPS.md has no Targets section");
        let header: Vec<String> = md[start..]
            .lines()
            .find(|l| l.starts_with('|'))
            .expect("targets header")
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.split_whitespace().next().unwrap_or("").to_owned())
            .collect();
        let mut targets_missed = Vec::new();
        for r in table_rows(&md, "Targets") {
            let year: i32 = r[0]
                .split_whitespace()
                .next()
                .and_then(|y| y.parse().ok())
                .expect("target year");
            for (i, cell) in r.iter().enumerate().skip(1) {
                if cell.contains("missed") {
                    targets_missed.push((year, header[i].clone()));
                }
            }
        }

        let mut records_by_kind = BTreeMap::new();
        let mut total_records = 0;
        for r in table_rows(&md, "Record counts") {
            let n: u64 = r[1].parse().expect("count");
            if r[0] == "total" {
                total_records = n;
            } else {
                records_by_kind.insert(r[0].clone(), n);
            }
        }
        let probation = table_rows(&md, "转正 due (members.py)")
            .into_iter()
            .map(|r| (r[0].clone(), r[4].clone()))
            .collect();
        Gaps {
            monthly,
            quarterly,
            low,
            terms,
            targets_missed,
            records_by_kind,
            total_records,
            probation,
        }
    }
}

const QUARTERS: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];

/// The label of a target, read from `content/annual/<year>.toml` by string matching.
fn target_label(s: &TestSite, year: i32, id: &str) -> String {
    let text = s.read(&format!("content/annual/{year}.toml"));
    let mut lines = text
        .lines()
        .skip_while(|l| quoted(l, "id").as_deref() != Some(id));
    lines
        .next()
        .unwrap_or_else(|| panic!("no target {id} in {year}"));
    lines.find_map(|l| quoted(l, "label")).expect("label")
}

/// One rule finding, reduced to what GAPS.md can say about it.
fn finding_key(d: &Value) -> String {
    let file = d["file"].as_str().unwrap_or_default();
    let msg = d["message"].as_str().unwrap_or_default();
    // "<branch name> <year>年：<text>"
    let text = msg.split_once('：').map_or(msg, |(_, t)| t);
    let branch = file
        .strip_prefix("content/branches/")
        .and_then(|f| f.strip_suffix(".toml"));
    if let (Some(b), Some((rule, periods))) = (branch, text.split_once("未开展：")) {
        let kind = rule.split('（').next().unwrap_or(rule);
        // One key per period; joined back so that a message stays one line in the diff.
        return periods
            .split('、')
            .map(|p| format!("missed {b} {kind} {p}"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    if let Some(b) = branch {
        if text.starts_with("换届已超期") {
            return format!("term overdue {b}");
        }
        if text.starts_with("换届提醒") {
            return format!("term due-soon {b}");
        }
    }
    if file.starts_with("content/activities/") && text.contains("参与率") {
        return format!("low attendance {file}");
    }
    if file.starts_with("content/members/") && msg.contains("的预备期") {
        let state = if msg.contains("逾期") {
            "overdue"
        } else {
            "due-soon"
        };
        return format!("probation {file} {state}");
    }
    if let Some(rest) = text.strip_prefix("年度目标“") {
        return format!("target missed {}", rest.split('”').next().unwrap_or(rest));
    }
    format!("other {file}: {msg}")
}

/// The findings GAPS.md implies for `year` (judged at the as-of date).
fn expected_keys(s: &TestSite, gaps: &Gaps, year: i32) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // 转正 is judged at the as-of date by `check`, whatever the year of the report.
    for (file, state) in &gaps.probation {
        out.insert(format!("probation {file} {state}"));
    }
    for (b, kind, y, m) in &gaps.monthly {
        if *y == year {
            out.insert(format!("missed {b} {kind} {m}月"));
        }
    }
    for (b, kind, y, q) in &gaps.quarterly {
        if *y == year {
            out.insert(format!("missed {b} {kind} {}", QUARTERS[*q as usize - 1]));
        }
    }
    for (file, _, _) in &gaps.low {
        if file.starts_with(&format!("content/activities/{year}/")) {
            out.insert(format!("low attendance {file}"));
        }
    }
    // GAPS.md gives each term's status on the as-of date. A year's report judges the term at
    // the end of that year, or at the as-of date if that comes first (as it does the branch
    // size): 2026 shows the overdue and the due-soon term; at the end of 2024 and 2025 both
    // terms were still running, so those years show neither.
    if year == AS_OF[..4].parse::<i32>().expect("year") {
        for (b, _, _, status) in &gaps.terms {
            if status.starts_with("overdue") {
                out.insert(format!("term overdue {b}"));
            } else if status.starts_with("due") {
                out.insert(format!("term due-soon {b}"));
            }
        }
    }
    for (y, id) in &gaps.targets_missed {
        if *y == year {
            out.insert(format!("target missed {}", target_label(s, year, id)));
        }
    }
    out
}

fn check_year_against_gaps(year: i32) {
    let s = TestSite::demo();
    let gaps = Gaps::read();
    let (code, rules, other) = check_rules(&s, year);
    assert!(other.is_empty(), "the demo records are clean: {other:#?}");
    assert_eq!(code, 0, "rule findings are warnings");
    let got: BTreeSet<String> = rules
        .iter()
        .flat_map(|d| {
            finding_key(d)
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let want = expected_keys(&s, &gaps, year);
    let extra: Vec<&String> = got.difference(&want).collect();
    let missing: Vec<&String> = want.difference(&got).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{year}: rule findings differ from GAPS.md\n  reported but not in GAPS.md: {extra:#?}\n  in GAPS.md but not reported: {missing:#?}\n  all findings: {:#?}",
        rules
            .iter()
            .map(|d| d["message"].as_str().unwrap_or_default())
            .collect::<Vec<_>>()
    );
    // One diagnostic per finding: no duplicates hiding behind the set.
    let n: usize = rules.iter().map(|d| finding_key(d).lines().count()).sum();
    assert_eq!(n, got.len(), "{year}: duplicate findings");
}

#[test]
fn check_2024_reports_exactly_the_gaps() {
    check_year_against_gaps(2024);
}

#[test]
fn check_2025_reports_exactly_the_gaps() {
    check_year_against_gaps(2025);
}

#[test]
fn check_2026_reports_exactly_the_gaps() {
    check_year_against_gaps(2026);
}

#[test]
fn low_attendance_matches_gaps_in_detail() {
    // Each low-attendance finding names the meeting's branch, kind and present/expected.
    let s = TestSite::demo();
    let gaps = Gaps::read();
    let table = table_rows(
        &std::fs::read_to_string(repo_root().join("tools/demo/GAPS.md")).expect("GAPS.md"),
        "Low attendance",
    );
    for (row, (file, branch, kind)) in table.iter().zip(&gaps.low) {
        let year: i32 = file["content/activities/".len()..][..4]
            .parse()
            .expect("year");
        let (_, rules, _) = check_rules(&s, year);
        let d = rules
            .iter()
            .find(|d| d["file"] == file.as_str())
            .unwrap_or_else(|| panic!("no finding for {file}"));
        let msg = d["message"].as_str().unwrap_or_default();
        assert!(msg.contains(kind.as_str()), "{msg}");
        assert!(
            msg.contains(&format!("（{}/{}）", row[3], row[4])),
            "{msg} vs {row:?}"
        );
        let rec = read_record(&s.root, file, year);
        assert_eq!((&rec.branch, &rec.kind), (branch, kind));
    }
}

#[test]
fn term_ends_and_states_match_gaps() {
    // GAPS.md lists every branch's term with its end (start + 3 years: docs/content-reference.md,
    // `[term] end` "default start + rules.term_years") and its status on the as-of date.
    let s = TestSite::demo();
    let gaps = Gaps::read();
    let v = stats_json(&s, &["--year", &AS_OF[..4]]);
    let mut got = Vec::new();
    let mut want = Vec::new();
    for (b, start, end, status) in &gaps.terms {
        let m = branches(&v)
            .iter()
            .find(|x| id_of(x) == b)
            .unwrap_or_else(|| panic!("no branch {b}"));
        let state = m["term"]["state"].as_str().expect("state");
        got.push((
            b.as_str(),
            m["term"]["start"].as_str().expect("start").to_owned(),
            m["term"]["end"].as_str().expect("end").to_owned(),
            state.to_owned(),
        ));
        let want_state = if status.starts_with("overdue") {
            "overdue"
        } else if status.starts_with("due") {
            "due-soon"
        } else {
            "current"
        };
        want.push((
            b.as_str(),
            start.clone(),
            end.clone(),
            want_state.to_owned(),
        ));
    }
    assert_eq!(got, want);
}

/// A change between fractional figures prints as it would be written by hand: 12.3 after 11.1
/// is +1.2, in the terminal, in the JSON and on the annual page (not 1.2000000000000011).
#[test]
fn a_change_between_fractional_figures_has_no_binary_noise() {
    let s = TestSite::minimal();
    let figure = |value: &str| {
        format!(
            "[[figures]]\nid = \"ratio\"\nlabel = \"满意度\"\nunit = \"分\"\ngroup = \"服务群众\"\nvalue = {value}\n"
        )
    };
    s.write("content/annual/2023.toml", &figure("11.1"));
    let this_year = s.read("content/annual/2024.toml");
    s.write(
        "content/annual/2024.toml",
        &format!("{}\n{this_year}", figure("12.3")),
    );
    let text = s.run(&["stats", "--year", "2024", "--as-of", "2024-12-31"]);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(
        text.contains("满意度：12.3分（同比 +1.2，+10.8%）"),
        "{text}"
    );
    let v = stats_json(&s, &["--year", "2024"]);
    let json = v.to_string();
    assert!(json.contains("\"change\":1.2,"), "{json}");
    assert!(!json.contains("0000000"), "{json}");
}

// ---------------------------------------------------------------------------------------------
// The catalogue of citable statistics
// ---------------------------------------------------------------------------------------------

/// Every statistic of `citable::STATS` has a computation: cited in some demo year it becomes a
/// number with the catalogue's unit, and a member statistic also counts as a target's actual.
/// A name that is not in the catalogue is never resolved, and every name is documented.
#[test]
fn every_citable_statistic_has_a_value() {
    use dangjian::citable::{self, Source};
    use dangjian::metrics::{cite, members};

    let site = TestSite::demo();
    let (loaded, diags) = dangjian::Site::load(&site.root, None);
    let loaded = loaded.unwrap_or_else(|| panic!("the demo loads: {diags:?}"));
    let years = loaded.metrics();
    assert!(years.len() >= 2, "the demo has several years");
    let reference = std::fs::read_to_string(repo_root().join("docs/content-reference.md"))
        .expect("docs/content-reference.md");
    for stat in citable::STATS {
        let name = format!("{}{}", citable::PREFIX, stat.name);
        let shown: Vec<String> = years.iter().filter_map(|m| cite::value(&name, m)).collect();
        assert!(!shown.is_empty(), "`{name}` has a value in no demo year");
        for v in &shown {
            let number = v.strip_suffix(stat.unit).unwrap_or_else(|| {
                panic!("`{name}` = {v:?} does not end in its unit {}", stat.unit)
            });
            assert!(number.parse::<f64>().is_ok(), "`{name}` = {v:?}");
        }
        if stat.source == Source::Members {
            assert!(
                years
                    .iter()
                    .any(|m| members::value(&m.members, stat.name).is_some()),
                "member statistic `{}` has no value as a target's actual",
                stat.name
            );
        }
        assert!(
            reference.contains(&format!("{{{{ {name} }}}}")),
            "docs/content-reference.md does not list `{{{{ {name} }}}}`"
        );
    }
    for m in &years {
        assert_eq!(cite::value("stats.no_such_statistic", m), None);
        assert!(
            members::value(&m.members, "activities").is_none(),
            "a statistic of activities is not a member figure"
        );
    }
}
