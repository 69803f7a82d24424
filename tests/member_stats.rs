//! The member figures of `stats --format json` (`members`) against an independent recount of
//! the demo's `content/members/*.toml`, for every demo year: 0 mismatches.
//!
//! The test reads the records with line matching only (`key = value` lines, `[[events]]`
//! headers), never through the crate's parser, and applies the counting rules of
//! docs/content-reference.md ("党员记录") itself:
//! - events are taken in date order; the history begins outside the organisation when the first
//!   组织关系转入/转出 is a 转入 (the events before it happened elsewhere);
//! - an event counts in its year, for the branch the person is in at that event, if inside;
//! - stages and headcounts at the end of the year, or at the as-of date for the current year;
//! - age = year − birth year.

mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::TestSite;

const AS_OF: &str = "2026-11-22";
const YEARS: [i32; 3] = [2024, 2025, 2026];

#[derive(Debug, Default, Clone)]
struct Event {
    date: String,
    kind: String,
    to: Option<String>,
}

#[derive(Debug, Default)]
struct Person {
    branch: String,
    birth_year: Option<i32>,
    gaozhi: bool,
    events: Vec<Event>,
}

fn value_of<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
    Some(rest.trim())
}

fn unquote(v: &str) -> String {
    v.trim_matches('"').to_owned()
}

fn read_person(text: &str) -> Person {
    let mut p = Person::default();
    let mut in_event = false;
    for line in text.lines().map(str::trim) {
        if line == "[[events]]" {
            in_event = true;
            p.events.push(Event::default());
            continue;
        }
        if in_event {
            let e = p.events.last_mut().expect("event");
            if let Some(v) = value_of(line, "date") {
                e.date = v.to_owned();
            } else if let Some(v) = value_of(line, "kind") {
                e.kind = unquote(v);
            } else if let Some(v) = value_of(line, "to") {
                e.to = Some(unquote(v));
            }
        } else if let Some(v) = value_of(line, "branch") {
            p.branch = unquote(v);
        } else if let Some(v) = value_of(line, "birth_year") {
            p.birth_year = v.parse().ok();
        } else if let Some(v) = value_of(line, "gaozhi") {
            p.gaozhi = v == "true";
        }
    }
    // Stable: same-day events keep the written order.
    p.events.sort_by(|a, b| a.date.cmp(&b.date));
    p
}

#[derive(Debug, Default, Clone, PartialEq)]
struct Figures {
    counts: BTreeMap<&'static str, u64>,
    bands: BTreeMap<String, u64>,
}

impl Figures {
    fn add(&mut self, key: &'static str) {
        *self.counts.entry(key).or_default() += 1;
    }

    fn from_json(v: &Value) -> Figures {
        let mut f = Figures::default();
        for key in KEYS {
            let n = v[*key].as_u64().unwrap_or_else(|| panic!("{key} in {v}"));
            if n > 0 {
                f.counts.insert(key, n);
            }
        }
        for (k, n) in v["age_bands"].as_object().expect("age_bands") {
            f.bands.insert(k.clone(), n.as_u64().expect("band"));
        }
        f
    }
}

const KEYS: &[&str] = &[
    "applications",
    "new_activists",
    "new_candidates",
    "new_members",
    "new_members_young",
    "new_members_gaozhi",
    "confirmed",
    "extended",
    "transfers_in",
    "transfers_out",
    "moved_in",
    "moved_out",
    "applicants",
    "activists",
    "candidates",
    "probationary",
    "full",
    "gaozhi_members",
];

fn recount(people: &[Person], year: i32) -> BTreeMap<String, Figures> {
    let year_s = year.to_string();
    let end = std::cmp::min(format!("{year}-12-31"), AS_OF.to_owned());
    let mut out: BTreeMap<String, Figures> = BTreeMap::new();
    for p in people {
        let elsewhere_first = p
            .events
            .iter()
            .find(|e| e.kind == "组织关系转入" || e.kind == "组织关系转出")
            .is_some_and(|e| e.kind == "组织关系转入");
        let mut started = elsewhere_first;
        let mut inside = false;
        let mut branch = p.branch.clone();
        let mut stage: Option<&str> = None;
        for e in &p.events {
            // Later events change neither the year's counts nor its end state.
            if e.date.as_str() > end.as_str() {
                break;
            }
            if !started || e.kind == "组织关系转入" {
                inside = true;
                started = true;
            }
            let here = branch.clone();
            let counts = inside && e.date.starts_with(&year_s);
            {
                match e.kind.as_str() {
                    "提交入党申请" => stage = Some("applicants"),
                    "确定为入党积极分子" => stage = Some("activists"),
                    "列为发展对象" => stage = Some("candidates"),
                    "接收为预备党员" => stage = Some("probationary"),
                    "转为正式党员" => stage = Some("full"),
                    "组织关系转入" if stage != Some("probationary") && stage != Some("full") => {
                        stage = Some("full")
                    }
                    "调整支部" => branch = e.to.clone().expect("to"),
                    "取消预备党员资格" | "出党" | "去世" => stage = None,
                    _ => {}
                }
            }
            if counts {
                let f = out.entry(here.clone()).or_default();
                match e.kind.as_str() {
                    "提交入党申请" => f.add("applications"),
                    "确定为入党积极分子" => f.add("new_activists"),
                    "列为发展对象" => f.add("new_candidates"),
                    "接收为预备党员" => {
                        f.add("new_members");
                        if p.birth_year.is_some_and(|b| year - b <= 35) {
                            f.add("new_members_young");
                        }
                        if p.gaozhi {
                            f.add("new_members_gaozhi");
                        }
                    }
                    "转为正式党员" => f.add("confirmed"),
                    "延长预备期" => f.add("extended"),
                    "组织关系转入" => f.add("transfers_in"),
                    "组织关系转出" => f.add("transfers_out"),
                    "调整支部" if branch != here => {
                        f.add("moved_out");
                        out.entry(branch.clone()).or_default().add("moved_in");
                    }
                    _ => {}
                }
            }
            if matches!(
                e.kind.as_str(),
                "组织关系转出" | "出党" | "去世" | "取消预备党员资格"
            ) {
                inside = false;
            }
        }
        let Some(stage) = stage.filter(|_| inside) else {
            continue;
        };
        let f = out.entry(branch.clone()).or_default();
        f.add(stage);
        if stage == "probationary" || stage == "full" {
            if p.gaozhi {
                f.add("gaozhi_members");
            }
            let band = match p.birth_year.map(|b| year - b) {
                None => "未填",
                Some(a) if a <= 35 => "35岁及以下",
                Some(a) if a <= 45 => "36至45岁",
                Some(a) if a <= 55 => "46至55岁",
                Some(_) => "56岁及以上",
            };
            *f.bands.entry(band.to_owned()).or_default() += 1;
        }
    }
    out
}

fn people(site: &TestSite) -> Vec<Person> {
    let dir = site.path("content/members");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("content/members")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| read_person(&std::fs::read_to_string(f).expect("read")))
        .collect()
}

/// The 高知 headcount the demo's annual data gives, by line matching.
fn gaozhi_headcount(site: &TestSite, year: i32) -> Option<f64> {
    let text = std::fs::read_to_string(site.path(&format!("content/annual/{year}.toml"))).ok()?;
    let at = text.find("id = \"gaozhi_headcount\"")?;
    text[at..]
        .lines()
        .find_map(|l| value_of(l, "value"))
        .and_then(|v| v.parse().ok())
}

#[test]
fn member_figures_match_an_independent_recount() {
    let site = TestSite::demo();
    let people = people(&site);
    assert!(
        people.len() > 300,
        "the demo has {} member records",
        people.len()
    );
    let mut mismatches = Vec::new();
    for year in YEARS {
        let out = site.run(&[
            "stats",
            "--format",
            "json",
            "--year",
            &year.to_string(),
            "--as-of",
            AS_OF,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        let m = &v["members"];
        let mine = recount(&people, year);
        let mut total = Figures::default();
        for (branch, f) in &mine {
            for (k, n) in &f.counts {
                *total.counts.entry(k).or_default() += n;
            }
            for (k, n) in &f.bands {
                *total.bands.entry(k.clone()).or_default() += n;
            }
            let theirs = Figures::from_json(&m["branches"][branch]);
            if &theirs != f {
                mismatches.push(format!("{year} {branch}: counted {f:?}, stats {theirs:?}"));
            }
        }
        let theirs_branches = m["branches"].as_object().expect("branches").len();
        if theirs_branches != mine.len() {
            mismatches.push(format!(
                "{year}: {} branches in stats, {} counted",
                theirs_branches,
                mine.len()
            ));
        }
        // moved_in/out cancel out for the organisation and are not summed there.
        total.counts.remove("moved_in");
        total.counts.remove("moved_out");
        if Figures::from_json(&m["org"]) != total {
            mismatches.push(format!(
                "{year} org: counted {total:?}, stats {:?}",
                Figures::from_json(&m["org"])
            ));
        }
        // The branch sizes of the branch table are the same headcount.
        for b in v["branches"].as_array().expect("branches") {
            let id = b["id"].as_str().expect("id");
            let f = mine.get(id).cloned().unwrap_or_default();
            let counted = f.counts.get("full").copied().unwrap_or(0)
                + f.counts.get("probationary").copied().unwrap_or(0);
            if b["members"].as_u64() != Some(counted) {
                mismatches.push(format!(
                    "{year} {id}: members {} vs {counted}",
                    b["members"]
                ));
            }
        }
        let gz = total.counts.get("gaozhi_members").copied().unwrap_or(0) as f64;
        let want = gaozhi_headcount(&site, year).map(|h| gz / h);
        let got = m["gaozhi_ratio"].as_f64();
        if want.map(|w| (w * 1e9).round()) != got.map(|g| (g * 1e9).round()) {
            mismatches.push(format!(
                "{year} gaozhi_ratio: counted {want:?}, stats {got:?}"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The demo's narratives cite the member figures; none of them is typed in the annual data.
#[test]
fn demo_narratives_cite_the_counted_figures() {
    let root = support::repo_root();
    for year in [2024, 2025] {
        let md =
            std::fs::read_to_string(root.join(format!("content/annual/{year}.md"))).expect("md");
        for stat in [
            "stats.new_members",
            "stats.new_members_young",
            "stats.new_activists",
            "stats.applications",
            "stats.transfers_in",
            "stats.gaozhi_ratio",
        ] {
            assert!(
                md.contains(&format!("{{{{ {stat} }}}}")),
                "{year}.md does not cite {stat}"
            );
        }
        let toml = std::fs::read_to_string(root.join(format!("content/annual/{year}.toml")))
            .expect("toml");
        for typed in [
            "\"new_members\"",
            "\"activists\"",
            "\"applicants\"",
            "\"transfers_in\"",
            "\"gaozhi_ratio\"",
        ] {
            assert!(
                !toml.contains(&format!("id = {typed}")),
                "{year}.toml still types {typed}"
            );
        }
    }
}
