#!/usr/bin/env python3
"""Member records of the demo hospital: content/members/<id>.toml, one file per person.

Run after generate.py (it rewrites content/branches and content/annual, which this script then
edits):

    python3 tools/demo/generate.py && python3 tools/demo/members.py

Deterministic: generate.py's people (names, birth years, 高知, admission dates at the branches'
支部党员大会, 转正 at the first meeting after the anniversary, transfers in and out) are rebuilt by
calling the same steps with the same seed, so the records agree with the activities that
mention them.  What generate.py does not model is added here with the same generator, after
it: the 发展党员 pipeline (applicants, activists, candidates) sized so that the counted
figures are the ones the annual summaries used to type (2024: 23 activists, 17 applications;
2025: 26 and 21), the 5 founders of 治未病中心党支部 moving there from other branches (调整支部),
and one 预备党员 whose 转正 is overdue.  (A retired member of 后勤 moving to the retired
members' branch was written here once but matched nobody; made real, it would need generate.py
to move the person too, or 后勤's later meetings would expect one member more than it has.)

The activities' 应到 (generate.py's Branch.expected) is the branch's members on the day, so
that no activity expects more people than these records make members (`check` warns
`absentee-count` then).  Fewer is left as it is: the people added here (the 2026 admissions,
the extra 外科 预备党员, the founders' time in their old branches) are not in generate.py.

Then the typed `[[member_counts]]` and `[[members]]` are removed from the branch files (the
counts are derived from the records now), and the annual data and narratives cite the counted
figures (`{{ stats.new_members }}` …) instead of typing them.  Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate as g  # noqa: E402

MEMBERS = g.CONTENT / "members"
AS_OF = g.AS_OF

# The annual figures that are counted from the records now: (typed id, citation that replaces it)
COUNTED = {
    "new_members": "stats.new_members",
    "new_members_young": "stats.new_members_young",
    "new_members_gaozhi": "stats.new_members_gaozhi",
    "activists": "stats.new_activists",
    "applicants": "stats.applications",
    "transfers_in": "stats.transfers_in",
    "gaozhi_ratio": "stats.gaozhi_ratio",
}
# What the summaries typed (generate.py's `manual`), reached by the pipeline generated here.
TYPED = {2024: dict(activists=23, applicants=17, gaozhi_ratio=46.3),
         2025: dict(activists=26, applicants=21, gaozhi_ratio=47.1),
         2026: dict(activists=19, applicants=15)}
ELSEWHERE = ["澄州市第一人民医院党委", "澄州市妇幼保健院党委", "澄州中医药大学附属医院党委",
             "江南县中医院党委", "澄州市卫生健康委员会机关党委"]


class Rec:
    def __init__(self, name, branch, birth_year, gaozhi):
        self.name, self.branch, self.birth_year, self.gaozhi = name, branch, birth_year, gaozhi
        self.events: list[tuple[dt.date, str, dict]] = []

    def ev(self, date, kind, **extra):
        self.events.append((date, kind, extra))

    def render(self) -> str:
        out = ["# 党员记录（演示数据，由 tools/demo/members.py 生成）",
               f'name = "{self.name}"', f'branch = "{self.branch}"',
               f"birth_year = {self.birth_year}", f"gaozhi = {'true' if self.gaozhi else 'false'}"]
        for date, kind, extra in sorted(self.events, key=lambda e: e[0]):
            out += ["", "[[events]]", f"date = {date.isoformat()}", f'kind = "{kind}"']
            out += [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v.isoformat()}"
                    for k, v in extra.items()]
        return "\n".join(out) + "\n"


def workday_before(x: dt.date) -> dt.date:
    while x.weekday() >= 5:
        x -= dt.timedelta(days=1)
    return x


def months_before(x: dt.date, months: int) -> dt.date:
    y, m = divmod(x.year * 12 + x.month - 1 - months, 12)
    return workday_before(dt.date(y, m + 1, min(x.day, 28)))


def history(r: Rec, admitted: dt.date):
    """申请 → 积极分子 (≥ 1 year) → 发展对象 → 预备党员, before an admission."""
    candidate = months_before(admitted, g.RNG.randint(3, 6))
    activist = months_before(candidate, g.RNG.randint(12, 16))
    applied = months_before(activist, g.RNG.randint(2, 8))
    r.ev(applied, "提交入党申请")
    r.ev(activist, "确定为入党积极分子")
    r.ev(candidate, "列为发展对象")


def build():
    branches = g.build_branches()
    slots = g.schedule(branches) + g.event_slots(branches)
    g.admit_members(branches, slots)
    confirm = {}
    for s in slots:
        for p in s.extra.get("confirm", []):
            confirm[id(p)] = s.date
    recs: list[Rec] = []
    pending: list[tuple[Rec, dt.date]] = []   # 转正 due by the as-of date, no meeting recorded
    donors = [b for b in branches if b.id in ("neike-yi", "neike-er", "zhenjiu-tuina", "huli", "yaoji")]
    for b in branches:
        for p in b.people:
            r = Rec(p.name, b.id, p.birth_year, p.gaozhi)
            arrived = p.active_from
            if b.id == "zhiweibing" and arrived == b.founded:
                # The founders came from the branches of their old departments.
                r.branch = donors[len([x for x in recs if x.branch in {d.id for d in donors}
                                      and any(e[1] == "调整支部" for e in x.events)]) % len(donors)].id
                arrived = None
                r.ev(b.founded, "调整支部", to="zhiweibing")
            if p.joined >= dt.date(2022, 1, 1) and arrived is None:
                history(r, p.joined)
            r.ev(p.joined, "接收为预备党员")
            conf = confirm.get(id(p))
            if conf is not None and conf <= AS_OF:
                r.ev(conf, "转为正式党员")
            elif g.add_years(p.joined, 1) <= g.LAST_RECORD_DAY:
                pending.append((r, p.joined))
            if arrived is not None:
                r.ev(arrived, "组织关系转入", **{"from": g.pick(ELSEWHERE)})
            if p.active_to is not None:
                r.ev(p.active_to, "组织关系转出", to=g.pick(ELSEWHERE))
            recs.append(r)
    # 转正 without a recorded meeting: on time, a few weeks after the anniversary — except one
    # 预备党员 admitted in autumn 2025, whose 转正 is overdue (GAPS.md)
    overdue = [(r, j) for r, j in pending if dt.date(2025, 9, 1) <= j <= dt.date(2025, 10, 20)][:1]
    for r, j in pending:
        if (r, j) in overdue:
            continue
        ann = g.add_years(j, 1)
        conf = min(ann + dt.timedelta(days=g.RNG.randint(0, 30)), g.LAST_RECORD_DAY)
        while conf.weekday() >= 5 and conf + dt.timedelta(days=1) <= g.LAST_RECORD_DAY:
            conf += dt.timedelta(days=1)
        r.ev(conf, "转为正式党员")
    if not overdue:
        # generate.py admitted nobody then: one more 预备党员 of 外科, admitted 2025-10-16
        r = Rec(g.new_name("f"), "waike", 1996, True)
        admitted = dt.date(2025, 10, 16)
        history(r, admitted)
        r.ev(admitted, "接收为预备党员")
        recs.append(r)
        overdue = [(r, admitted)]
    pipeline(recs, branches)
    return recs


def counted(recs, year, kind):
    return sum(1 for r in recs for x, k, _ in r.events if k == kind and x.year == year)


def pipeline(recs, branches):
    """Applicants, activists and candidates not yet admitted, up to the typed yearly figures;
    eight of the 2025 candidates are admitted in 2026 (the 2026 plan: 8 by November)."""
    clinical = [b for b in branches if b.style != "retired"]
    made: list[Rec] = []
    for year in (2024, 2025, 2026):
        want_act = TYPED[year]["activists"] - counted(recs, year, "确定为入党积极分子")
        for i in range(max(want_act, 0)):
            b = clinical[(i * 5 + year) % len(clinical)]
            r = Rec(g.new_name("f" if g.RNG.random() < b.female else "m"), b.id,
                    g.RNG.randint(1990, 2001), g.RNG.random() < 0.5)
            activist = workday_before(dt.date(year, g.RNG.randint(3, 10), g.RNG.randint(1, 28)))
            # the application a few months before: in the same year for most, the year before
            # for the rest (so that the year's applications stay near what was typed)
            if counted(recs, year, "提交入党申请") < TYPED[year]["applicants"] * 0.7:
                r.ev(months_before(activist, g.RNG.randint(1, activist.month - 1)), "提交入党申请")
            else:
                r.ev(months_before(activist, activist.month + g.RNG.randint(1, 6)), "提交入党申请")
            r.ev(activist, "确定为入党积极分子")
            candidate = months_before(activist, -13)
            if candidate <= AS_OF and g.RNG.random() < 0.6:
                r.ev(candidate, "列为发展对象")
            recs.append(r)
            made.append(r)
    for year in (2024, 2025, 2026):
        want_app = TYPED[year]["applicants"] - counted(recs, year, "提交入党申请")
        for i in range(max(want_app, 0)):
            b = clinical[(i * 7 + year) % len(clinical)]
            r = Rec(g.new_name("m" if g.RNG.random() < 0.5 else "f"), b.id,
                    g.RNG.randint(1993, 2003), g.RNG.random() < 0.4)
            r.ev(workday_before(dt.date(year, g.RNG.randint(1, 11), g.RNG.randint(1, 20))), "提交入党申请")
            recs.append(r)
    admit = [r for r in made if any(k == "列为发展对象" and x.year == 2025 for x, k, _ in r.events)][:8]
    for r in admit:
        candidate = max(x for x, k, _ in r.events if k == "列为发展对象")
        admitted = max(months_before(candidate, -g.RNG.randint(4, 8)), dt.date(2026, 3, 2))
        r.ev(min(workday_before(admitted), g.LAST_RECORD_DAY), "接收为预备党员")


def strip_branch(text: str) -> str:
    blocks = re.split(r"\n(?=\[\[)", text.rstrip("\n"))
    kept = [bl for bl in blocks if not bl.startswith(("[[member_counts]]", "[[members]]"))]
    return "\n".join(kept).rstrip("\n") + "\n"


def edit_annual(year: int, recs):
    toml = g.CONTENT / "annual" / f"{year}.toml"
    text = toml.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=\[\[)", text.rstrip("\n"))
    ids = [re.search(r'^id = "([^"]+)"', bl, re.M) for bl in blocks]
    blocks = [bl for bl, m in zip(blocks, ids) if not (m and m.group(1) in COUNTED and bl.startswith("[[figures]]"))]
    if "gaozhi_ratio" in TYPED[year]:
        members = sum(1 for r in recs if is_gaozhi_member(r, dt.date(year, 12, 31)))
        headcount = round(members / (TYPED[year]["gaozhi_ratio"] / 100))
        fig = ("[[figures]]\nid = \"gaozhi_headcount\"\nlabel = \"全院高知群体\"\nunit = \"名\"\n"
               f"group = \"人才队伍\"\nvalue = {headcount}\n")
        at = next(i for i, bl in enumerate(blocks) if bl.startswith("[[targets]]"))
        blocks.insert(at, fig.rstrip("\n") + "\n")
    toml.write_text("\n".join(bl.rstrip("\n") + "\n" for bl in blocks).replace("\n\n\n", "\n\n"), encoding="utf-8")
    md = g.CONTENT / "annual" / f"{year}.md"
    if not md.exists():
        return
    body = md.read_text(encoding="utf-8")
    for fid, stat in COUNTED.items():
        body = body.replace("{{ " + fid + " }}", "{{ " + stat + " }}")
    md.write_text(body, encoding="utf-8")


def is_gaozhi_member(r: Rec, at: dt.date) -> bool:
    """Mirrors the tool only roughly (for the demo's 高知 headcount); the figures are counted by
    dangjian and checked by tests/member_stats.rs."""
    if not r.gaozhi:
        return False
    events = sorted(r.events, key=lambda e: e[0])
    transfers = [k for _, k, _ in events if k in ("组织关系转入", "组织关系转出")]
    elsewhere = bool(transfers) and transfers[0] == "组织关系转入"
    state = False
    for x, k, _ in events:
        if x > at:
            break
        if k == "组织关系转入" or (k == "接收为预备党员" and not elsewhere):
            state = True
        if k in ("组织关系转出", "出党", "去世"):
            state = False
    return state


def main():
    recs = build()
    shutil.rmtree(MEMBERS, ignore_errors=True)
    MEMBERS.mkdir(parents=True)
    recs.sort(key=lambda r: (r.branch, min(e[0] for e in r.events), r.name))
    for i, r in enumerate(recs, 1):
        (MEMBERS / f"m{i:04d}.toml").write_text(r.render(), encoding="utf-8")
    for f in sorted((g.CONTENT / "branches").glob("*.toml")):
        f.write_text(strip_branch(f.read_text(encoding="utf-8")), encoding="utf-8")
    for year in (2024, 2025, 2026):
        edit_annual(year, recs)
    gaps = g.GAPS_FILE.read_text(encoding="utf-8").rstrip("\n")
    rows = []
    for i, r in enumerate(recs, 1):
        kinds = [k for _, k, _ in r.events]
        if "接收为预备党员" not in kinds or "转为正式党员" in kinds or "组织关系转出" in kinds:
            continue
        admitted = max(x for x, k, _ in r.events if k == "接收为预备党员")
        end = g.add_years(admitted, 1)
        days = (end - AS_OF).days
        if days <= 30:
            state = "overdue" if days < 0 else "due-soon"
            rows.append(f"| content/members/m{i:04d}.toml | {r.branch} | {r.name} | {end} | {state} |")
    gaps += ("\n\n## 转正 due (members.py)\n\n预备党员 whose probation ended before the as-of date "
             "(overdue: one, deliberately) or ends within 30 days (due-soon, a reminder); `check` "
             "reports each as a `rule` warning at the 接收为预备党员 event.\n\n"
             "| File | Branch | Member | Probation ends | State |\n|---|---|---|---|---|\n"
             + "\n".join(rows) + "\n")
    g.GAPS_FILE.write_text(gaps, encoding="utf-8")
    print(f"wrote {len(recs)} member records under content/members/")


if __name__ == "__main__":
    main()
