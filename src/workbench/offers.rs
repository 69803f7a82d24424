//! What a form offers from the site it edits: the branches, brands and kinds for selects,
//! recent places and the branch's people as suggestions, the ticking lists, and the values a
//! new record starts with (the same defaults `dangjian new` fills in).

use chrono::{Datelike, NaiveDate};

use super::attendance::{self, Lists, Mode};
use super::html::form::{AttendanceView, Offers};
use super::schema::RecordKind;
use super::values::{BODY, FormValues};
use crate::Site;

/// How many recent places are offered.
const RECENT_PLACES: usize = 12;

pub(crate) fn offers(site: &Site, branch: Option<&str>) -> Offers {
    let corpus = &site.corpus;
    let mut o = Offers {
        branches: corpus
            .branches
            .iter()
            .map(|b| (b.id.clone(), b.name.clone()))
            .collect(),
        brands: corpus
            .brands
            .iter()
            .map(|b| (b.id.clone(), b.name.clone()))
            .collect(),
        kinds: site.config.kinds.names().map(str::to_owned).collect(),
        ..Offers::default()
    };
    // Places of the branch's latest activities first, then everyone's.
    let mut activities: Vec<_> = corpus.activities.iter().collect();
    activities.sort_by_key(|a| std::cmp::Reverse(a.date.value));
    let mut places: Vec<String> = Vec::new();
    let ours = activities
        .iter()
        .filter(|a| Some(a.branch.value.as_str()) == branch);
    for a in ours.chain(activities.iter()) {
        if places.len() >= RECENT_PLACES {
            break;
        }
        if !a.place.is_empty() && !places.contains(&a.place) {
            places.push(a.place.clone());
        }
    }
    o.suggest.insert("place", places);
    if let Some(b) = branch.and_then(|id| corpus.branch(id)) {
        let mut people: Vec<String> = vec![b.secretary.name.clone()];
        if let Some(c) = &b.committee {
            people.extend(c.members.iter().map(|m| m.name.clone()));
        }
        people.extend(b.members.iter().map(|m| m.name.clone()));
        let mut seen = std::collections::BTreeSet::new();
        people.retain(|p| seen.insert(p.clone()));
        for key in ["chair", "recorder", "lecturer"] {
            o.suggest.insert(key, people.clone());
        }
    }
    o
}

/// The ticking block of an activity form, for the branch the form names.
pub(crate) fn attendance_view(
    site: &Site,
    values: &FormValues,
    new: bool,
) -> Option<AttendanceView> {
    let branch = site.corpus.branch(values.get("branch").trim())?;
    let lists = Lists::of(branch);
    if lists.roster.is_empty() && lists.committee.is_empty() {
        return None;
    }
    let (mode, ticks) = attendance::initial(values, &lists, new);
    let mut shown = Vec::new();
    for m in [Mode::Roster, Mode::Committee] {
        if lists.names(m).is_empty() {
            continue;
        }
        let t = if m == mode {
            ticks.clone()
        } else {
            lists
                .names(m)
                .iter()
                .map(|n| attendance::Tick {
                    name: n.clone(),
                    present: true,
                    reason: String::new(),
                })
                .collect()
        };
        shown.push((m, t));
    }
    Some(AttendanceView { mode, lists: shown })
}

/// The values a new record's form opens with. `query` holds what the link asked for
/// (`branch`, `kind`, `date`, `year`), e.g. from a 待办 button.
pub(crate) fn prefill(
    site: &Site,
    kind: RecordKind,
    query: &FormValues,
    today: NaiveDate,
) -> FormValues {
    let mut v = FormValues::default();
    let asked = |k: &str| query.get(k).trim().to_owned();
    match kind {
        RecordKind::Activity => {
            let date = NaiveDate::parse_from_str(&asked("date"), "%Y-%m-%d").unwrap_or(today);
            v.set("date", date.to_string());
            v.set("time.start", "14:30");
            let kind_name = asked("kind");
            if site.config.kinds.contains(&kind_name) {
                v.set("kind", kind_name.clone());
                if kind_name == crate::content::activity::LECTURE_KIND {
                    v.set("subject", "");
                }
            }
            if let Some(b) = site.corpus.branch(&asked("branch")) {
                v.set("branch", b.id.clone());
                v.set("chair", b.secretary.name.clone());
                if kind_name == crate::content::activity::LECTURE_KIND {
                    v.set("lecturer", b.secretary.name.clone());
                }
                let recorder = b
                    .committee
                    .as_ref()
                    .and_then(|c| c.members.iter().find(|m| m.post == "组织委员"))
                    .map_or_else(|| b.secretary.name.clone(), |m| m.name.clone());
                v.set("recorder", recorder);
                let members = b
                    .members_on(date)
                    .map_or(0, |c| c.full.saturating_add(c.probationary));
                v.set("expected", members.to_string());
                v.set("present", members.to_string());
                if let Some(brand) = &b.brand {
                    v.set("brand", brand.value.clone());
                }
                let places = offers(site, Some(&b.id));
                if let Some(place) = places.suggest.get("place").and_then(|p| p.first()) {
                    v.set("place", place.clone());
                }
            }
            v.set(
                BODY,
                format!(
                    "{}\n\n## 会议决议\n\n1. \n",
                    crate::placeholders::ACTIVITY_BODY
                ),
            );
        }
        RecordKind::Notice => {
            let date = NaiveDate::parse_from_str(&asked("date"), "%Y-%m-%d").unwrap_or(today);
            // The next free number of the series asked for (?series=han), and a register that
            // starts mid-year (first_number) starts there.
            let series = super::series::chosen(site, query);
            let id = series.map(|s| s.id.as_str());
            let next = crate::content::notice::highest_number(&site.root, id, date.year())
                .saturating_add(1)
                .max(site.config.notices.register(id).first(date.year()));
            v.set("number", next.to_string());
            v.set(super::series::FIELD, id.unwrap_or_default());
            v.set(
                "format",
                series.and_then(|s| s.format.as_deref()).unwrap_or("文件"),
            );
            v.set("signature", "true");
            v.set("date", date.to_string());
            v.set(BODY, format!("{}\n", crate::placeholders::NOTICE_BODY));
        }
        RecordKind::Brand => {
            if let Some(b) = site.corpus.branch(&asked("branch")) {
                v.set("branch", b.id.clone());
            }
            v.set(BODY, format!("{}\n", crate::placeholders::BRAND_BODY));
        }
        RecordKind::Branch => {
            v.set("term.start", today.to_string());
            v.set("secretary.heads_department", "false");
        }
        RecordKind::AnnualData | RecordKind::Narrative => {
            v.set("_year", asked("year"));
        }
        RecordKind::Checklist | RecordKind::Member => {}
    }
    v
}
