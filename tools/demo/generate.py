#!/usr/bin/env python3
"""Generate the demo content of the fictional 中共澄州市中医院委员会.

Deterministic: one random generator seeded with 20241, every collection iterated in a fixed
order, so that re-running the script rewrites byte-identical files.  Standard library only.

    python3 tools/demo/generate.py            # rewrites the generated folders under content/

The folders content/branches, activities, brands, annual, notices, checklists and attachments
are deleted and written again; nothing else is touched.  The deliberate gaps in the records
(missed meetings, low attendance, 换届 due/overdue) are listed in tools/demo/GAPS.md, which this
script also writes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import shutil
import struct
import zlib
from pathlib import Path

import jpeg

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
GAPS_FILE = Path(__file__).resolve().parent / "GAPS.md"
GENERATED_DIRS = ["branches", "activities", "brands", "annual", "notices", "checklists", "attachments"]

AS_OF = dt.date(2026, 11, 22)
LAST_RECORD_DAY = dt.date(2026, 11, 21)
FIRST_MONTH = (2024, 1)
LAST_MONTH = (2026, 11)

RNG = random.Random(20241)

# organisation names live in site.toml; the upper organ is also a notice's recipient here
UPPER_ORGAN = "中共澄州市卫生健康委员会委员会"
PARTNER = "澄州仁济骨伤医院"
PARTNER_BRANCH = "澄州仁济骨伤医院党支部"
PARTNER_SECRETARY = "邵永年"

# 院党委 (fixed fictional names, also used in notices and summaries)
LEADERS = {
    "shuji": "沈怀瑾",      # 党委书记
    "yuanzhang": "顾承煦",  # 院长、党委副书记
    "fushuji": "陆以宁",    # 党委副书记
    "jiwei": "韩静秋",      # 纪委书记
    "fuyuan1": "叶知远",    # 副院长、党委委员
    "fuyuan2": "程若川",    # 副院长、党委委员
}
LEADER_TITLES = {
    "沈怀瑾": "院党委书记",
    "顾承煦": "院长、党委副书记",
    "陆以宁": "院党委副书记",
    "韩静秋": "院纪委书记",
    "叶知远": "副院长、党委委员",
    "程若川": "副院长、党委委员",
}


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------

def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def toml_lines(pairs: dict) -> list[str]:
    return [f"{k} = {toml_value(v)}" for k, v in pairs.items() if v is not None]


def toml_table_array(name: str, rows: list[dict]) -> list[str]:
    out = []
    for row in rows:
        out.append("")
        out.append(f"[[{name}]]")
        out.extend(toml_lines(row))
    return out


def month_iter(start=FIRST_MONTH, end=LAST_MONTH):
    y, m = start
    while (y, m) <= end:
        yield y, m
        m += 1
        if m == 13:
            y, m = y + 1, 1


def days_in_month(y: int, m: int) -> int:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.date(y, m, 1)).days


def quarter_of(m: int) -> int:
    return (m - 1) // 3 + 1


def cn_date(x: dt.date) -> str:
    return f"{x.month}月{x.day}日"


def cn_full(x: dt.date) -> str:
    return f"{x.year}年{x.month}月{x.day}日"


CN_NUM = "零一二三四五六七八九十"


def cn_small(n: int) -> str:
    if n <= 10:
        return CN_NUM[n]
    if n < 20:
        return "十" + CN_NUM[n - 10]
    return CN_NUM[n // 10] + "十" + (CN_NUM[n % 10] if n % 10 else "")


def add_years(x: dt.date, n: int) -> dt.date:
    """Same day n years later; 29 February becomes 28 February."""
    try:
        return x.replace(year=x.year + n)
    except ValueError:
        return x.replace(year=x.year + n, day=28)


def cjk_len(s: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", s))


def pick(seq):
    return seq[RNG.randrange(len(seq))]


def join_names(names: list[str]) -> str:
    return "、".join(names)


# Public holidays (approximate) on which no routine meeting is scheduled.
HOLIDAYS = set()
for a, b in [
    ("2024-01-01", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"), ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"),
    ("2025-04-04", "2025-04-06"), ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"),
    ("2025-10-01", "2025-10-08"), ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"), ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"), ("2026-10-01", "2026-10-07"),
]:
    x = d(a)
    while x <= d(b):
        HOLIDAYS.add(x)
        x += dt.timedelta(days=1)


def is_workday(x: dt.date) -> bool:
    return x.weekday() < 5 and x not in HOLIDAYS


def workdays(y: int, m: int, lo: int = 1, hi: int = 31) -> list[dt.date]:
    return [dt.date(y, m, k) for k in range(lo, min(hi, days_in_month(y, m)) + 1)
            if is_workday(dt.date(y, m, k))]


# --------------------------------------------------------------------------------------------
# fictional names
# --------------------------------------------------------------------------------------------

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯史陶黎贺顾毛郝龚邵"
    "钱严武戴孔汤俞楼应虞裘鲍葛吕施章祝童翁柯"
) + ["王", "李", "张", "陈", "刘", "杨", "周", "吴", "徐", "沈", "朱", "胡", "钱", "金"]
MALE1 = list("伟强磊军勇杰涛斌超明刚平辉鹏华飞波宁凯浩宇峰亮俊健诚川岩松林锐毅")
FEMALE1 = list("芳娜敏静丽艳娟霞玲婷雪琳慧莉颖倩洁晶燕萍蕾璐瑶怡欣佳悦琪雯岚")
MALE2 = ["建华", "志刚", "海涛", "晓东", "国强", "文斌", "永明", "俊杰", "振宇", "浩然", "宇航", "明辉",
         "立新", "卫东", "晓峰", "伟民", "剑锋", "春雷", "国平", "志远", "正阳", "思远", "一鸣", "博文",
         "承志", "文杰", "嘉伟", "鹏飞", "海峰", "少华", "兆丰", "云龙", "启明", "松涛", "振东", "泽宇",
         "锦程", "修远", "怀仁", "德培", "宏亮", "晨阳", "亦凡", "皓轩", "景行", "鸿飞", "成林", "伟杰",
         "晓军", "东升", "安邦", "立峰", "建明", "子豪", "俊峰", "天宇", "文涛", "永刚", "学军", "晓光",
         "子健", "家乐", "志华", "建平", "新宇", "明远", "昊天", "睿哲", "逸飞", "绍华", "祖荣", "仲谋"]
FEMALE2 = ["丽华", "秀梅", "晓燕", "雅琴", "静怡", "婷婷", "欣怡", "思雨", "梦瑶", "佳慧", "晓婷", "丽娟",
           "红梅", "海燕", "美玲", "慧敏", "丹丹", "雨晴", "若兰", "佳琪", "诗涵", "晓雯", "文静", "春燕",
           "秋月", "玉洁", "倩雯", "嘉怡", "雪莹", "晓琳", "婉清", "semi", "一诺", "梓涵", "紫薇", "宁馨",
           "雅婷", "月华", "素芬", "晓丽", "爱华", "亚萍", "艳芳", "玲玲", "小雅", "思琪", "芷若", "心怡",
           "晴川", "雨桐", "慧琳", "清扬", "书瑶", "可欣", "沁怡", "婧雯", "佳怡", "雪梅", "海霞", "翠萍",
           "凤仪", "晓庆", "丽萍", "晶晶", "琳娜", "莉莉", "昕怡", "乐瑶", "语嫣", "蔚然", "墨涵", "安琪"]
FEMALE2 = [x for x in FEMALE2 if x != "semi"]
OLD_MALE = ["建国", "国华", "德明", "志强", "树林", "振华", "庆丰", "永康", "福生", "家骏", "宝根",
            "新民", "学文", "子良", "炳坤", "国栋", "荣华", "伯年", "长根", "瑞祥", "金水", "根发"]
OLD_FEMALE = ["秀英", "桂兰", "淑珍", "玉梅", "美华", "凤英", "惠芬", "月娥", "素琴", "爱珍",
              "丽华", "翠英", "佩芳", "雅琴", "杏娟", "金娣", "彩霞", "巧云", "慧芳", "宝珍"]

USED_NAMES: set[str] = set(LEADER_TITLES) | {PARTNER_SECRETARY, "林晓岚", "方明哲"}


def new_name(gender: str, old: bool = False) -> str:
    while True:
        s = pick(SURNAMES)
        if old:
            g = pick(OLD_MALE if gender == "m" else OLD_FEMALE)
        elif RNG.random() < 0.25:
            g = pick(MALE1 if gender == "m" else FEMALE1)
        else:
            g = pick(MALE2 if gender == "m" else FEMALE2)
        n = s + g
        if n not in USED_NAMES:
            USED_NAMES.add(n)
            return n


def reserve(name: str) -> str:
    USED_NAMES.add(name)
    return name


# --------------------------------------------------------------------------------------------
# branches
# --------------------------------------------------------------------------------------------
# counts: {year: (full, probationary)} at 1 January (zhiweibing: at its founding date)
# transfers: {year: (+in, -out)} during that year; new: probationary members admitted per year
# are derived from the next year's probationary count.

BRANCH_SPECS = [
    dict(id="neike-yi", name="内科第一党支部", short="内一支部", category="临床",
         department="心血管内科、呼吸与危重症医学科、老年病科",
         counts={2024: (24, 1), 2025: (25, 0), 2026: (25, 1)},
         term=d("2024-09-12"), committee=5, female=0.45,
         groups=[("心血管内科党小组", d("2021-03-01")), ("呼吸老年病党小组", d("2021-03-01"))],
         brand="xinmai-xianfeng", heads=True, roster=True, founded=d("2009-06-25"),
         secretary="陈立群", fixed=["许文", "王珂", "李然"],
         places=["住院部1号楼9楼示教室", "门诊楼五楼会议室", "医院党员活动室"],
         style="clinical", dept_head="心血管内科主任",
         spec=["胸痛中心绿色通道建设", "慢性心衰患者的中西医结合随访", "慢阻肺患者冬病夏治",
               "老年多病共存患者的用药管理", "心脏康复门诊", "夜间病房值守"]),
    dict(id="neike-er", name="内科第二党支部", short="内二支部", category="临床",
         department="消化内科、肾病科、内分泌科",
         counts={2024: (21, 0), 2025: (21, 1), 2026: (22, 1)},
         term=d("2024-09-19"), committee=5, female=0.5,
         groups=[("消化肾病党小组", None), ("内分泌党小组", None)],
         brand=None, heads=True, roster=False, founded=None,
         places=["住院部1号楼7楼示教室", "门诊楼五楼会议室"],
         style="clinical", dept_head="消化内科主任",
         spec=["消化内镜诊疗质量", "糖尿病足的中医外治", "慢性肾病一体化管理",
               "血液透析患者的长期随访", "内镜中心预约流程", "糖尿病患者饮食宣教"]),
    dict(id="waike", name="外科党支部", short="外科支部", category="临床",
         department="普外科、肛肠科、泌尿外科、手术室",
         counts={2024: (18, 1), 2025: (19, 1), 2026: (20, 1)},
         term=d("2024-10-15"), committee=5, female=0.35,
         groups=[("普外泌尿党小组", None), ("肛肠手术室党小组", None)],
         brand=None, heads=True, roster=False, founded=None,
         places=["住院部2号楼6楼示教室", "手术室二楼会议室"],
         style="clinical", dept_head="普外科主任",
         spec=["加速康复外科", "肛肠病中医特色疗法", "日间手术流程", "围手术期中医调护",
               "微创手术技术推广", "手术安全核查"]),
    dict(id="fuer", name="妇儿党支部", short="妇儿支部", category="临床",
         department="妇科、产科、儿科",
         counts={2024: (16, 0), 2025: (16, 1), 2026: (18, 0)},
         term=d("2024-10-22"), committee=3, female=0.75,
         groups=[], brand="qihuang-humiao", heads=True, roster=False, founded=None,
         places=["住院部2号楼3楼示教室", "儿科门诊会议室"],
         style="clinical", dept_head="妇产科主任",
         spec=["孕产期保健", "小儿推拿门诊", "儿童哮喘的中医调护", "妇科疾病中西医结合治疗",
               "产科安全核心制度", "儿童生长发育监测"]),
    dict(id="zhenjiu-tuina", name="针灸推拿党支部", short="针推支部", category="临床",
         department="针灸科、推拿科、康复医学科",
         counts={2024: (13, 1), 2025: (14, 0), 2026: (15, 1)},
         term=d("2025-03-20"), committee=3, female=0.45,
         groups=[], brand="yinzhen-nuanxin", heads=True, roster=False, founded=None,
         places=["国医馆二楼会议室", "康复大厅示教区"],
         style="clinical", dept_head="针灸科主任",
         spec=["针灸治疗中风后遗症", "颈肩腰腿痛的推拿治疗", "针灸与康复的结合",
               "中医适宜技术进社区", "针刺安全操作规范", "康复患者居家训练指导"]),
    dict(id="guke", name="骨伤科党支部", short="骨伤支部", category="临床",
         department="骨伤科、关节外科、脊柱外科",
         counts={2024: (11, 0), 2025: (11, 1), 2026: (12, 0)},
         term=d("2024-03-19"), committee=3, female=0.25,
         groups=[], brand="zhenggu-renxin", heads=True, roster=False, founded=None,
         places=["住院部2号楼8楼示教室", "骨伤科医生办公室"],
         style="clinical", dept_head="骨伤科主任",
         spec=["中医正骨手法传承", "老年髋部骨折绿色通道", "小夹板外固定技术",
               "脊柱微创手术", "骨伤康复的中药熏洗", "运动损伤门诊"]),
    dict(id="jizhen", name="急诊重症党支部", short="急重症支部", category="临床",
         department="急诊科、重症医学科",
         counts={2024: (15, 1), 2025: (16, 1), 2026: (17, 1)},
         term=d("2024-11-07"), committee=5, female=0.4,
         groups=[("急诊党小组", None), ("重症党小组", None)],
         brand="shengming-lvdao", heads=True, roster=False, founded=None,
         places=["急诊楼二楼示教室", "重症医学科会议室"],
         style="clinical", dept_head="急诊科主任",
         spec=["急诊预检分诊", "危重患者院内转运", "胸痛卒中创伤中心协同",
               "重症患者的中医药早期干预", "院前急救衔接", "急诊留观管理"]),
    dict(id="zhiweibing", name="治未病中心党支部", short="治未病支部", category="临床",
         department="治未病中心、健康管理中心",
         counts={2024: (5, 0), 2025: (5, 0), 2026: (5, 1)},
         term=d("2024-07-01"), committee=0, female=0.6,
         groups=[], brand="weibing-xianxing", heads=True, roster=False, founded=d("2024-07-01"),
         places=["治未病中心会议室", "国医馆一楼健康讲堂"],
         style="clinical", dept_head="治未病中心主任",
         spec=["中医体质辨识", "三伏贴三九贴", "膏方门诊", "慢病风险评估",
               "八段锦推广", "健康体检后的中医调养指导"]),
    dict(id="yiji-yi", name="医技第一党支部", short="医技一支部", category="医技",
         department="放射科、超声医学科、心电诊断室",
         counts={2024: (13, 0), 2025: (13, 1), 2026: (14, 0)},
         term=d("2024-09-26"), committee=3, female=0.5,
         groups=[], brand=None, heads=True, roster=False, founded=None,
         places=["医技楼三楼会议室", "放射科读片室"],
         style="medtech", dept_head="放射科主任",
         spec=["检查预约等候时间", "危急值报告", "影像质量控制", "床旁超声支持临床",
               "检查结果互认", "夜间急诊检查保障"]),
    dict(id="yiji-er", name="医技第二党支部", short="医技二支部", category="医技",
         department="检验科、病理科、输血科",
         counts={2024: (9, 1), 2025: (10, 0), 2026: (10, 1)},
         term=d("2025-06-17"), committee=3, female=0.55,
         groups=[], brand=None, heads=False, roster=False, founded=None,
         places=["医技楼四楼会议室", "检验科示教室"],
         style="medtech", dept_head="检验科副主任",
         spec=["标本周转时间", "室间质评", "临床用血安全", "病理诊断及时率",
               "实验室生物安全", "检验报告解读服务"]),
    dict(id="yaoji", name="药剂党支部", short="药剂支部", category="医技",
         department="中药房、西药房、临床药学室、制剂室",
         counts={2024: (14, 0), 2025: (14, 1), 2026: (15, 1)},
         term=d("2024-12-05"), committee=3, female=0.6,
         groups=[], brand="bencao-jiangxin", heads=True, roster=True, founded=d("2010-07-01"),
         places=["药剂科会议室", "中药房二楼学习室"],
         style="medtech", dept_head="药剂科主任",
         spec=["中药饮片质量验收", "处方前置审核", "临床药师查房", "院内制剂",
               "代煎代配服务", "用药咨询窗口"]),
    dict(id="huli", name="护理党支部", short="护理支部", category="护理",
         department="护理部及各病区、门急诊护理单元",
         counts={2024: (30, 1), 2025: (31, 1), 2026: (32, 2)},
         term=d("2025-04-17"), committee=5, female=0.92,
         groups=[("内科护理党小组", d("2022-04-01")), ("外科护理党小组", d("2022-04-01")),
                 ("门急诊护理党小组", d("2023-09-01"))],
         brand="xinglin-huhang", heads=True, roster=True, founded=d("2008-05-12"),
         places=["住院部1号楼3楼护理示教室", "门诊楼五楼会议室"],
         style="nursing", dept_head="护理部主任",
         spec=["中医护理技术规范", "优质护理服务", "出院患者延续护理", "护理安全管理",
               "新护士规范化培训", "老年患者防跌倒"]),
    dict(id="xingzheng", name="行政党支部", short="行政支部", category="行政后勤",
         department="党政综合办公室、组织人事科、医务科、财务科、质控科等职能科室",
         counts={2024: (27, 0), 2025: (27, 1), 2026: (29, 0)},
         term=d("2024-10-29"), committee=5, female=0.5,
         groups=[("综合管理党小组", None), ("医疗管理党小组", None)],
         brand=None, heads=True, roster=False, founded=None,
         secretary="林晓岚", fixed=["方明哲"],
         places=["行政楼三楼党员活动室", "行政楼二楼会议室"],
         style="admin", dept_head="党政综合办公室主任",
         spec=["职能科室服务临床", "全面预算管理", "医疗质量管理", "人才招引",
               "公文和档案规范", "“最多跑一次”便民服务"]),
    dict(id="houqin", name="后勤党支部", short="后勤支部", category="行政后勤",
         department="总务科、设备科、基建科、保卫科、信息科",
         counts={2024: (11, 0), 2025: (11, 0), 2026: (10, 0)},
         term=d("2023-08-22"), committee=3, female=0.3,
         groups=[], brand=None, heads=True, roster=False, founded=None,
         places=["后勤综合楼二楼会议室", "信息中心会议室"],
         style="admin", dept_head="总务科科长",
         spec=["设备巡检维保", "院区安全生产", "信息系统运维", "基建项目管理",
               "节能降耗", "食堂和保洁服务"]),
    dict(id="lituixiu", name="离退休党支部", short="离退休支部", category="离退休",
         department="离退休人员管理办公室",
         counts={2024: (36, 0), 2025: (38, 0), 2026: (38, 0)},
         term=d("2025-05-20"), committee=5, female=0.5,
         groups=[("城东党小组", None), ("城西党小组", None), ("城南党小组", None)],
         brand="yinfa-yuhui", heads=False, roster=False, founded=None,
         places=["老干部活动室", "行政楼一楼老年活动中心"],
         style="retired", dept_head=None,
         spec=["老专家带教", "社区健康咨询", "院史资料整理", "老党员讲党史",
               "银发志愿服务", "老年健身活动"]),
]

# transfers during a year: (in, out) — checked against the counts below
TRANSFERS = {
    ("fuer", 2025): (1, 0), ("zhenjiu-tuina", 2025): (1, 0), ("xingzheng", 2025): (1, 0),
    ("houqin", 2025): (0, 1), ("lituixiu", 2024): (2, 0), ("lituixiu", 2025): (1, 1),
}

POSTS5 = ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"]
POSTS3 = ["书记", "组织委员", "宣传委员"]


class Person:
    def __init__(self, name, gender, birth_year, joined, gaozhi, active_from=None, active_to=None):
        self.name = name
        self.gender = gender
        self.birth_year = birth_year
        self.joined = joined            # date admitted (政治生日)
        self.gaozhi = gaozhi
        self.active_from = active_from  # date the member came to this branch (None: before 2024)
        self.active_to = active_to      # date the member left (None: still here)
        self.post = None
        self.group = None
        self.leaves = []                # (start, end, reason) longer absences

    def active(self, x: dt.date) -> bool:
        if self.joined > x:
            return False
        if self.active_from and self.active_from > x:
            return False
        if self.active_to and self.active_to <= x:
            return False
        return True

    def status(self, x: dt.date) -> str:
        return "预备" if x < add_years(self.joined, 1) else "正式"

    def on_leave(self, x: dt.date):
        for a, b, r in self.leaves:
            if a <= x <= b:
                return r
        return None


class Branch:
    def __init__(self, spec):
        self.__dict__.update(spec)
        self.people: list[Person] = []
        self.admissions: dict[int, int] = {}   # year -> number admitted (probationary)

    def count_at(self, x: dt.date):
        """The member_counts entry (full, probationary) in force at a date."""
        return [v for k, v in sorted(self.counts_by_date.items()) if k <= x][-1]

    def expected(self, x: dt.date) -> int:
        """应到: the members on the day, before the day's admissions. Not count_at: the typed
        counts change only on 1 January, so a member who left in July would still be expected
        until the year's end (members.py writes the real dates, and `check` warns when more
        are expected than the records have members)."""
        return sum(1 for p in self.active(x) if p.joined < x)

    def active(self, x: dt.date) -> list[Person]:
        return [p for p in self.people if p.active(x)]

    @property
    def secretary_p(self) -> Person:
        return self.people[0]

    @property
    def committee_p(self) -> list[Person]:
        return [p for p in self.people if p.post]

    def by_post(self, post):
        for p in self.people:
            if p.post == post:
                return p
        return None

    @property
    def recorder_p(self) -> Person:
        return self.by_post("组织委员") or self.people[1]

    def group_members(self, gname, x):
        return [p for p in self.active(x) if p.group == gname]


def birth_for(style: str, status_young=False) -> int:
    if style == "retired":
        return RNG.randint(1938, 1962)
    if status_young:
        return RNG.randint(1992, 2000)
    return RNG.choice([RNG.randint(1966, 1980), RNG.randint(1978, 1990), RNG.randint(1985, 1997)])


def old_join_date(birth_year: int, latest: dt.date) -> dt.date:
    lo = dt.date(max(birth_year + 20, 1982), 1, 1)
    hi = latest
    if lo >= hi:
        lo = hi - dt.timedelta(days=400)
    span = (hi - lo).days
    x = lo + dt.timedelta(days=RNG.randrange(span))
    # admissions happen at branch meetings: move to a working day
    while not (x.weekday() < 5):
        x -= dt.timedelta(days=1)
    return x


def build_branches() -> list[Branch]:
    branches = []
    for spec in BRANCH_SPECS:
        b = Branch(spec)
        if b.founded and b.founded.year == 2024:
            b.counts_by_date = {b.founded: b.counts[2024], d("2025-01-01"): b.counts[2025],
                                d("2026-01-01"): b.counts[2026]}
        else:
            b.counts_by_date = {dt.date(y, 1, 1): c for y, c in sorted(b.counts.items())}
        gaozhi_rate = {"clinical": 0.6, "medtech": 0.45, "nursing": 0.25, "admin": 0.35,
                       "retired": 0.4}[b.style]
        retired = b.style == "retired"
        start = b.founded if (b.founded and b.founded.year == 2024) else d("2024-01-01")

        def person(name=None, young=False, joined=None, **kw):
            g = "f" if RNG.random() < b.female else "m"
            nm = reserve(name) if name else new_name(g, old=retired)
            by = birth_for(b.style, young)
            j = joined or old_join_date(by, d("2022-10-31"))
            return Person(nm, g, by, j, RNG.random() < gaozhi_rate, **kw)

        full0, prob0 = b.counts[2024]
        names = ([b.secretary] if spec.get("secretary") else []) + spec.get("fixed", [])
        for i in range(full0):
            p = person(names[i] if i < len(names) else None)
            if b.id == "zhiweibing":
                p.active_from = b.founded
            b.people.append(p)
        for i in range(prob0):  # admitted during 2023
            j = pick(workdays(2023, RNG.randint(3, 11), 8, 26))
            b.people.append(person(young=True, joined=j))
        # later admissions are dated when the schedule is known (see admit_members)
        for y in (2024, 2025):
            nxt = b.counts[y + 1]
            cur = b.counts[y]
            tin, tout = TRANSFERS.get((b.id, y), (0, 0))
            admitted = nxt[1]
            assert cur[0] + cur[1] + tin - tout == nxt[0], (b.id, y)
            b.admissions[y] = admitted
            for _ in range(tin):
                x = pick(workdays(y, RNG.randint(2, 11)))
                b.people.append(person(active_from=x))
            for _ in range(tout):
                cands = [p for p in b.people[6:] if p.active_to is None and p.active(d(f"{y}-01-02"))]
                leaver = cands[-1]
                leaver.active_to = pick(workdays(y, RNG.randint(3, 11)))
        # committee
        posts = POSTS5 if b.committee == 5 else POSTS3 if b.committee == 3 else []
        for p, post in zip(b.people, posts):
            p.post = post
        # groups: committee members spread over groups, then round robin
        if b.groups:
            gnames = [g for g, _ in b.groups]
            for i, p in enumerate(b.people):
                p.group = gnames[i % len(gnames)]
            b.group_leaders = {}
            for g in gnames:
                members = [p for p in b.people if p.group == g and p.active(start)]
                cands = [p for p in members if p.post not in ("书记",)]
                if b.id == "neike-yi" and g == "心血管内科党小组":
                    leader = next(p for p in b.people if p.name == "许文")
                    leader.group = g
                else:
                    leader = cands[0] if RNG.random() < 0.5 else cands[min(len(cands) - 1, 2)]
                b.group_leaders[g] = leader
        branches.append(b)
    return branches


# --------------------------------------------------------------------------------------------
# deliberate gaps (also written to GAPS.md)
# --------------------------------------------------------------------------------------------

MISSING_MONTHLY = [  # (branch, kind, year, month)
    ("houqin", "主题党日", 2024, 8),
    ("waike", "主题党日", 2025, 5),
    ("yiji-er", "主题党日", 2025, 10),
    ("guke", "主题党日", 2026, 3),
    ("fuer", "支部委员会", 2024, 2),
    ("yiji-yi", "支部委员会", 2025, 7),
]
MISSING_QUARTERLY = [  # (branch, kind, year, quarter)
    ("xingzheng", "支部党员大会", 2025, 3),
    ("jizhen", "党课", 2024, 3),
]
LOW_ATTENDANCE = [  # (branch, kind, year, month, present share)
    ("huli", "主题党日", 2024, 7, 0.72),
    ("jizhen", "主题党日", 2024, 12, 0.70),
    ("lituixiu", "支部党员大会", 2025, 1, 0.74),
    ("waike", "党小组会", 2025, 8, 0.70),
    ("fuer", "主题党日", 2026, 2, 0.72),
]

KIND_SLUG = {
    "支部党员大会": "dangyuan-dahui", "支部委员会": "zhiweihui", "党小组会": "xiaozuhui",
    "党课": "dangke", "主题党日": "zhuti-dangri", "组织生活会": "zuzhi-shenghuohui",
    "民主评议党员": "minzhu-pingyi", "谈心谈话": "tanxin-tanhua", "志愿服务": "zhiyuan-fuwu",
    "义诊": "yizhen", "结对共建": "jiedui-gongjian", "其他": "qita",
}


class Slot:
    def __init__(self, branch, kind, date, **extra):
        self.branch = branch
        self.kind = kind
        self.date = date
        self.extra = extra


def nth_weekday(y, m, weekday, n):
    first = dt.date(y, m, 1)
    off = (weekday - first.weekday()) % 7
    x = first + dt.timedelta(days=off + 7 * (n - 1))
    while not is_workday(x):
        x += dt.timedelta(days=1)
        if x.month != m:
            return pick(workdays(y, m, 10, 28))
    return x


def month_active(b, y, m):
    if b.founded and dt.date(y, m, days_in_month(y, m)) < b.founded:
        return False
    return True


def schedule(branches):
    slots: list[Slot] = []
    missing_m = {(br, k, y, m) for br, k, y, m in MISSING_MONTHLY}
    missing_q = {(br, k, y, q) for br, k, y, q in MISSING_QUARTERLY}
    low_forced = {(br, k, y): m for br, k, y, m, _ in LOW_ATTENDANCE if k == "支部党员大会"}
    for b in branches:
        wd = RNG.choice([1, 2, 3, 3, 4])
        nth = RNG.choice([2, 3, 3])
        month_dates = {}
        for y, m in month_iter():
            if not month_active(b, y, m):
                continue
            if b.founded and (y, m) == (b.founded.year, b.founded.month):
                zt = nth_weekday(y, m, wd, 3)
            elif (y, m) == LAST_MONTH and RNG.random() < 0.35:
                zt = nth_weekday(y, m, wd, 4)   # the current month: some branches meet after today
            else:
                zt = nth_weekday(y, m, wd, nth)
            taken = {zt}
            month_dates[(y, m)] = zt
            if (b.id, "主题党日", y, m) not in missing_m and zt <= LAST_RECORD_DAY:
                slots.append(Slot(b, "主题党日", zt))
            if b.committee:
                cands = [x for x in workdays(y, m, 1, zt.day - 2)] or [x for x in workdays(y, m) if x not in taken]
                zw = pick(cands)
                taken.add(zw)
                if (b.id, "支部委员会", y, m) not in missing_m and zw <= LAST_RECORD_DAY:
                    slots.append(Slot(b, "支部委员会", zw))
            if b.groups:
                cands = [x for x in workdays(y, m, zt.day + 2, 28) if x not in taken] or \
                        [x for x in workdays(y, m) if x not in taken]
                g = b.groups[(y * 12 + m) % len(b.groups)][0]
                xz = pick(cands)
                if xz <= LAST_RECORD_DAY:
                    slots.append(Slot(b, "党小组会", xz, group=g))
        # quarterly meetings
        for y in (2024, 2025, 2026):
            for q in (1, 2, 3, 4):
                # 2026 Q4 keeps December: meetings dated after the last record day are dropped
                # below, which leaves the quarter "not yet due" rather than missed.
                months = [m for m in range(3 * q - 2, 3 * q + 1) if month_active(b, y, m)]
                if not months:
                    continue
                special = None
                if b.term.year == y and quarter_of(b.term.month) == q:
                    md = b.term
                    special = "founding" if b.founded == b.term else "election"
                elif (b.id, "支部党员大会", y) in low_forced and quarter_of(low_forced[(b.id, "支部党员大会", y)]) == q:
                    md = pick(workdays(y, low_forced[(b.id, "支部党员大会", y)], 8, 24))
                elif b.roster and y == 2025 and q == 4 and b.admissions.get(2025):
                    md = pick(workdays(2025, 12, 1, 24))
                else:
                    weights = [1, 1, 2] if q == 1 else [1, 1, 1]
                    mm = RNG.choices(range(3 * q - 2, 3 * q + 1), weights=weights)[0]
                    if not month_active(b, y, mm):
                        mm = months[-1]
                    md = pick([x for x in workdays(y, mm, 3, 27) if x != month_dates.get((y, mm))])
                if (b.id, "支部党员大会", y, q) not in missing_q and md <= LAST_RECORD_DAY:
                    slots.append(Slot(b, "支部党员大会", md, special=special, quarter=q))
                # 党课
                mm = pick(months)
                zt = month_dates.get((y, mm))
                if zt and RNG.random() < 0.5 and not (b.id, "主题党日", y, mm) in missing_m:
                    kd = zt
                else:
                    kd = pick([x for x in workdays(y, mm, 3, 27) if x != md])
                if (b.id, "党课", y, q) not in missing_q and kd <= LAST_RECORD_DAY:
                    slots.append(Slot(b, "党课", kd, quarter=q))
        # yearly: 组织生活会 + 民主评议党员 (not in 2026: December not reached)
        for y in (2024, 2025):
            x = pick([w for w in workdays(y, 11, 20, 30) + workdays(y, 12, 1, 28)
                      if w not in month_dates.values()])
            slots.append(Slot(b, "组织生活会", x))
            slots.append(Slot(b, "民主评议党员", x))
        # 谈心谈话 1–2 a year
        for y in (2024, 2025, 2026):
            n = RNG.choice([1, 1, 2])
            lo = b.founded.month if (b.founded and b.founded.year == y) else 1
            hi = 11 if y == 2026 else 12
            ms = sorted(RNG.sample(range(lo, hi + 1), n))
            for m in ms:
                x = pick(workdays(y, m, 2, 27))
                if x <= LAST_RECORD_DAY:
                    slots.append(Slot(b, "谈心谈话", x))
    return slots


# --------------------------------------------------------------------------------------------
# monthly themes (院党委的主题党日安排) — our own wording
# --------------------------------------------------------------------------------------------
# titles: short theme phrases; study: what was studied or done (full sentences);
# topics: 议题 candidates.

THEMES = {
    (2024, 1): dict(
        titles=["新年立新志 岗位当先锋", "改善就医感受从我做起", "学习中央经济工作会议精神"],
        study=["大家集中学习了中央经济工作会议关于保障和改善民生、深化医药卫生体制改革的论述，重点讨论了公立医院如何把“以人民健康为中心”落到门诊和病房的日常工作中。",
               "支部结合医院改善就医感受专项行动，逐个环节梳理了患者反映较多的候诊时间长、检查预约难、出院手续繁等问题。",
               "每名党员在支部学习园地写下了新一年的岗位承诺，承诺内容在科室公示栏同步张贴，接受群众监督。"],
        topics=["学习中央经济工作会议精神", "梳理改善就医感受问题清单", "党员新年岗位承诺", "部署节前安全检查"]),
    (2024, 2): dict(
        titles=["廉洁过节 平安过年", "春节坚守岗位 护佑万家团圆"],
        study=["支部传达了院纪委关于春节期间廉洁自律的提醒，逐条学习了节日期间不得收受患者及家属礼品礼金、不得违规组织宴请等要求。",
               "会上通报了近期卫生健康系统查处的几起节日期间违纪典型案例，大家围绕案例谈认识、谈警醒。",
               "支部对春节期间的排班进行了复核，党员带头认领除夕、初一等重点时段的值班岗位。"],
        topics=["学习节日廉洁自律要求", "典型案例警示教育", "春节值班安排", "走访慰问困难党员"]),
    (2024, 3): dict(
        titles=["学雷锋 践初心 暖民心", "学习全国两会精神"],
        study=["大家学习了全国两会期间关于卫生健康和中医药发展的有关内容，交流了对“促进中医药传承创新发展”的理解。",
               "围绕学雷锋纪念日，支部回顾了本院几代医务人员扎根基层、义务出诊的故事，讨论如何让志愿服务常态化。",
               "支部组织党员学习了《政府工作报告》中关于深化医药卫生体制改革、提高基层医疗服务能力的相关表述。"],
        topics=["学习全国两会精神", "部署学雷锋志愿服务", "讨论支部年度重点工作", "党员志愿服务认领"]),
    (2024, 4): dict(
        titles=["党纪学习教育 读原文学条例", "学纪知纪 明纪守纪"],
        study=["按照院党委党纪学习教育安排，支部逐章研读了新修订的《中国共产党纪律处分条例》，重点学习了组织纪律、廉洁纪律和群众纪律部分。",
               "大家对照条例中与医疗工作关系密切的条款，结合收受回扣、违规开具检查、泄露患者信息等情形逐一讨论，明确了哪些是不能碰的红线。",
               "支部书记以“纪律是管党治党的戒尺”为题作了导学，并为每名党员发放了条例学习手册。"],
        topics=["研读《中国共产党纪律处分条例》", "制定支部党纪学习教育计划", "党员读书班安排", "交流学习体会"]),
    (2024, 5): dict(
        titles=["以案说纪 警钟长鸣", "党纪学习教育 以案促改"],
        study=["支部组织观看了医疗领域违纪违法案件警示教育片，片中几名当事人从医学专家到阶下囚的经历让大家深受触动。",
               "结合党纪学习教育，大家围绕“身边事教育身边人”进行讨论，梳理了药品耗材使用、检查开单、外出会议等环节中的廉洁风险点。",
               "支部邀请院纪检监察室同志就《纪律处分条例》中的典型情形作了解读，并现场回答了党员提出的问题。"],
        topics=["观看警示教育片", "梳理岗位廉洁风险点", "以案促改讨论", "签订廉洁从业承诺书"]),
    (2024, 6): dict(
        titles=["知敬畏 存戒惧 守底线", "党纪学习教育 交流研讨"],
        study=["支部开展党纪学习教育专题研讨，每名党员围绕“学了什么、悟到什么、改了什么”作简短发言。",
               "大家对照条例查找自身在执行制度、遵守纪律方面存在的不足，形成个人问题清单并明确整改时限。",
               "支部书记结合科室实际，就党员如何在诊疗活动中守纪律、讲规矩作了专题辅导。"],
        topics=["党纪学习教育专题研讨", "查摆问题形成清单", "迎“七一”活动安排", "推荐优秀党员人选"]),
    (2024, 7): dict(
        titles=["庆“七一” 重温入党誓词", "不忘入党初心 过好政治生日"],
        study=["在党的生日到来之际，支部全体党员面向党旗重温入党誓词，为本月入党纪念日的党员过“政治生日”，赠送入党志愿书复印件和组织寄语。",
               "几名老党员讲述了自己入党时的情景和多年来在临床一线的经历，年轻党员深受感染。",
               "支部通报了院党委“七一”表彰结果，号召全体党员向身边的优秀党员学习。"],
        topics=["重温入党誓词", "为党员过政治生日", "学习院党委“七一”表彰精神", "交流入党初心"]),
    (2024, 8): dict(
        titles=["学习二十届三中全会精神", "医师节里话担当"],
        study=["支部集中学习了党的二十届三中全会公报，重点学习了关于深化医药卫生体制改革、促进医疗医保医药协同发展的部署。",
               "结合第七个中国医师节，大家分享了从医路上最难忘的一件事，讨论新时代医务人员应当具备的职业精神。",
               "支部领学了全会《决定》中关于健全支持创新药和医疗器械发展机制、完善中医药传承创新发展机制的论述。"],
        topics=["学习三中全会公报", "医师节座谈", "讨论学习体会", "安排全会精神专题学习"]),
    (2024, 9): dict(
        titles=["学全会精神 谋改革发展", "深化医改 我们怎么做"],
        study=["支部围绕三中全会《决定》开展专题学习，结合科室实际讨论了在分级诊疗、医保支付方式改革背景下科室发展的思路。",
               "大家对照全会提出的改革任务，梳理本科室在服务流程、学科建设、人才培养方面的短板，提出了改进建议。",
               "支部组织观看了全会精神专题辅导视频，并就“改革为了谁、改革靠什么”进行了讨论。"],
        topics=["三中全会精神专题学习", "结合科室实际谈改革", "征集改进建议", "部署国庆期间工作"]),
    (2024, 10): dict(
        titles=["礼赞新中国成立75周年", "九九重阳 敬老爱老"],
        study=["在新中国成立75周年之际，支部组织党员观看纪录片，回顾新中国卫生健康事业的发展历程。",
               "结合重阳节，支部讨论了老年患者就医中的“数字鸿沟”问题，研究在挂号、缴费、取报告等环节为老年人提供帮助的具体办法。",
               "大家分享了医院从一家小诊所发展为三级甲等中医医院的变化，畅谈身为医院一员的自豪感。"],
        topics=["庆祝新中国成立75周年", "讨论适老化服务措施", "部署重阳节敬老活动", "学习先进典型事迹"]),
    (2024, 11): dict(
        titles=["清廉医院建设 从我做起", "纠治医疗领域不正之风"],
        study=["支部学习了医疗领域腐败问题集中整治的有关要求，通报了全院专项检查中发现的共性问题。",
               "大家围绕清廉科室建设，讨论了合理检查、合理用药、合理收费方面需要进一步规范的环节。",
               "院纪检监察室提供的廉洁风险提示被逐条宣读，党员对照提示检查了自身工作中的薄弱点。"],
        topics=["学习集中整治有关要求", "清廉科室建设讨论", "部署年终组织生活会准备", "征求群众意见"]),
    (2024, 12): dict(
        titles=["年终回眸 总结提升", "弘扬宪法精神 依法执业"],
        study=["在国家宪法日前后，支部学习了宪法有关条文和《医师法》《护士条例》等行业法律法规，讨论依法执业的具体要求。",
               "支部回顾了全年党建和业务工作，梳理了取得的成绩和存在的不足，为年度组织生活会做准备。",
               "大家围绕“这一年我为患者做了哪些实事”逐一发言，并对支部明年的工作提出建议。"],
        topics=["学习宪法和行业法规", "回顾全年工作", "组织生活会会前准备", "征求对支委班子的意见"]),
    (2025, 1): dict(
        titles=["岁末年初保安全 暖心服务迎新春", "新年新起点 谋划新作为"],
        study=["支部学习了院党委年度工作会议精神，讨论了支部新一年的工作计划和党员承诺事项。",
               "结合岁末年初安全生产要求，支部对科室消防、用电、危险化学品等进行了自查，党员带头排查隐患。",
               "大家讨论了冬季呼吸道疾病高发期的诊疗安排，党员主动承担加班和增援任务。"],
        topics=["传达院党委年度工作会议精神", "岁末年初安全检查", "讨论年度工作计划", "走访慰问安排"]),
    (2025, 2): dict(
        titles=["学党章 守党规", "开局起步 争先创优"],
        study=["支部组织党员逐章学习党章，重点学习党员的义务和权利，交流对“坚持党和人民的利益高于一切”的理解。",
               "春节假期刚过，支部回顾了节日期间坚守岗位的情况，对主动顶班的党员提出表扬。",
               "大家围绕医院新一年的重点任务，讨论本科室如何在学科建设和服务改善上开好局、起好步。"],
        topics=["学习党章", "总结节日期间工作", "讨论科室年度目标", "党员教育培训计划"]),
    (2025, 3): dict(
        titles=["深入贯彻中央八项规定精神学习教育", "学雷锋 树新风"],
        study=["按照院党委部署，支部启动深入贯彻中央八项规定精神学习教育，集中学习了中央八项规定及其实施细则。",
               "大家围绕作风建设谈认识，结合医疗工作中的接待、会议、外出学习等场景，讨论如何把规定要求落到日常。",
               "结合学雷锋纪念日，支部安排党员志愿者到门诊、社区开展便民服务，把学习成果转化为服务群众的实际行动。"],
        topics=["学习中央八项规定及其实施细则", "制定学习教育计划", "学雷锋志愿服务安排", "学习全国两会精神"]),
    (2025, 4): dict(
        titles=["学规定 转作风 优服务", "八项规定精神学习教育 集中研讨"],
        study=["支部集中研读了习近平总书记关于加强党的作风建设的重要论述，结合身边案例讨论“四风”问题的新表现。",
               "大家对照中央八项规定精神逐条自查，重点查摆在接受宴请、公务接待、学术会议等方面是否存在问题。",
               "支部邀请院纪委同志讲解作风建设有关规定，现场解答了党员关于学术交流、讲课费等方面的疑问。"],
        topics=["作风建设专题研讨", "对照规定自查", "典型案例剖析", "征集作风问题线索"]),
    (2025, 5): dict(
        titles=["查摆作风问题 立行立改", "护佑健康 青春建功"],
        study=["支部围绕学习教育开展查摆，梳理出服务态度、工作效率、落实制度等方面的问题，明确了整改责任人和时限。",
               "结合“五四”青年节和国际护士节，支部组织青年党员座谈，讨论青年医务人员如何在一线经受锻炼。",
               "大家对照群众反映的意见，研究了缩短等候时间、改进告知方式的具体措施。"],
        topics=["查摆作风问题", "制定整改清单", "青年党员座谈", "落实群众意见整改"]),
    (2025, 6): dict(
        titles=["以案为鉴 以案促改", "作风建设 常抓不懈"],
        study=["支部组织观看作风建设警示教育片，围绕片中违规吃喝、收受礼品等案例开展讨论，深刻认识“小节”背后的大问题。",
               "大家回顾了学习教育以来的整改情况，逐项核对问题清单的销号进度。",
               "支部书记就如何把作风建设的成果固化为科室制度作了部署，要求党员带头执行。"],
        topics=["警示教育", "整改落实情况通报", "建立作风建设长效机制", "迎“七一”活动安排"]),
    (2025, 7): dict(
        titles=["七一话初心 践诺在岗位", "庆祝建党104周年"],
        study=["在建党104周年之际，支部组织党员重温入党誓词，为本月入党纪念日的党员过“政治生日”。",
               "支部学习了院党委“七一”表彰决定，请获表彰的党员介绍做法，交流“先锋亮诺”的践诺情况。",
               "大家围绕“我的入党初心”开展交流，几名新党员讲述了自己向党组织靠拢的经历。"],
        topics=["重温入党誓词", "政治生日", "学习先进事迹", "先锋亮诺践诺交流"]),
    (2025, 8): dict(
        titles=["医师节 话仁心", "铭记历史 缅怀先烈"],
        study=["结合中国医师节，支部组织座谈，请资深医师讲述从医经历，讨论医德医风建设。",
               "在中国人民抗日战争胜利80周年到来之际，支部学习了抗战时期医务工作者救死扶伤的事迹。",
               "大家交流了在高温季节做好防暑降温、保障夏季诊疗秩序的做法。"],
        topics=["医师节座谈", "学习抗战时期医务工作者事迹", "夏季诊疗保障", "医德医风讨论"]),
    (2025, 9): dict(
        titles=["纪念抗战胜利80周年", "铭记历史 砥砺前行"],
        study=["支部组织党员收看纪念中国人民抗日战争暨世界反法西斯战争胜利80周年的相关报道，开展专题学习。",
               "大家参观了本地抗战纪念设施，在纪念碑前重温入党誓词，接受爱国主义教育。",
               "支部讨论了如何把伟大抗战精神转化为攻坚克难、服务群众的实际行动。"],
        topics=["纪念抗战胜利80周年专题学习", "爱国主义教育", "交流学习体会", "部署国庆中秋期间工作"]),
    (2025, 10): dict(
        titles=["喜迎国庆 敬老重阳", "学习二十届四中全会精神"],
        study=["支部组织党员学习国庆期间的重要报道，交流对国家发展成就的感受。",
               "结合重阳节，支部党员走访科室退休老党员，听取他们对科室发展的意见。",
               "在党的二十届四中全会召开后，支部第一时间组织党员学习全会公报。"],
        topics=["国庆主题学习", "重阳敬老", "学习四中全会公报", "部署四季度工作"]),
    (2025, 11): dict(
        titles=["学习贯彻党的二十届四中全会精神", "谋划“十五五” 科室怎么干"],
        study=["支部集中学习了党的二十届四中全会精神，重点学习了关于制定国民经济和社会发展第十五个五年规划的建议中有关健康中国建设的内容。",
               "大家结合医院“十五五”发展规划的编制工作，讨论本科室在学科建设、人才梯队、服务能力方面的目标。",
               "支部组织党员交流学习体会，形成了几条对医院“十五五”规划的意见建议，报院党委办公室。"],
        topics=["学习四中全会精神", "讨论“十五五”科室发展思路", "征集规划建议", "组织生活会会前准备"]),
    (2025, 12): dict(
        titles=["总结全年 谋划来年", "宪法宣传周 依法执业"],
        study=["结合国家宪法日，支部学习了宪法和《基本医疗卫生与健康促进法》有关条文。",
               "支部回顾了全年“三会一课”、主题党日和志愿服务的开展情况，对照年初计划检查完成进度。",
               "大家围绕明年支部和科室工作提出建议，支委会逐条记录。"],
        topics=["学习宪法", "回顾全年工作", "组织生活会准备", "征求意见建议"]),
    (2026, 1): dict(
        titles=["“十五五”开局之年 党员走在前", "新年新气象 争当排头兵"],
        study=["支部学习了院党委年度工作会议精神，讨论了“十五五”开局之年科室的重点任务。",
               "大家结合冬季诊疗高峰，讨论如何在保障医疗质量的前提下缩短患者等候时间。",
               "每名党员填写了年度岗位承诺书，支部统一公示。"],
        topics=["传达院党委工作会议精神", "年度岗位承诺", "冬季诊疗高峰应对", "春节走访慰问"]),
    (2026, 2): dict(
        titles=["廉洁迎春 平安守岁", "节后收心 开局起步"],
        study=["支部学习了院纪委春节廉洁提醒，重申节日期间的各项纪律要求。",
               "节后第一次主题党日，支部对春节期间坚守岗位的党员表示慰问，通报节日期间的工作情况。",
               "大家讨论了新一年党员教育培训的安排，确定了全年学习篇目。"],
        topics=["廉洁过节提醒", "节日工作情况通报", "党员教育培训计划", "年度学习篇目"]),
    (2026, 3): dict(
        titles=["学习全国两会精神", "学雷锋 送健康"],
        study=["支部学习了全国两会关于卫生健康事业发展的有关内容，讨论“十五五”时期基层医疗服务能力提升的方向。",
               "结合学雷锋纪念日，支部组织党员走进社区开展健康咨询和用药指导。",
               "大家交流了两会期间关注的民生话题，谈如何在本岗位回应群众关切。"],
        topics=["学习全国两会精神", "学雷锋志愿服务", "讨论年度重点任务", "入党积极分子培养"]),
    (2026, 4): dict(
        titles=["清廉医院建设再深化", "学党规 明底线"],
        study=["支部学习了院党委关于深化清廉医院建设的工作要点，讨论本科室廉洁风险防控措施。",
               "大家结合近期通报的医疗领域违纪案例开展警示教育，对照检查个人行为。",
               "支部领学了《中国共产党纪律处分条例》相关章节，巩固党纪学习教育成果。"],
        topics=["清廉医院建设", "警示教育", "廉洁风险点复核", "党规党纪学习"]),
    (2026, 5): dict(
        titles=["科普惠民 健康同行", "青春向党 岗位建功"],
        study=["支部讨论了健康科普工作，安排党员结合专业特长撰写科普文章、录制科普短视频。",
               "结合“五四”青年节和国际护士节，支部组织青年党员分享成长故事。",
               "大家研究了科室面向群众的健康宣教内容，确定了下半年的科普选题。"],
        topics=["健康科普工作安排", "青年党员分享", "科普选题讨论", "志愿服务安排"]),
    (2026, 6): dict(
        titles=["迎“七一” 书记讲党课", "支部建设规范化 回头看"],
        study=["支部对照规范化建设标准，检查了“三会一课”记录、党费收缴和党员档案等基础工作。",
               "大家学习了院党委关于“七一”系列活动的安排，推荐优秀党员和优秀党务工作者人选。",
               "支部就上半年工作进行了小结，查找了存在的不足。"],
        topics=["规范化建设自查", "评先评优推荐", "上半年工作小结", "“七一”活动安排"]),
    (2026, 7): dict(
        titles=["庆祝建党105周年", "政治生日 初心永恒"],
        study=["在建党105周年之际，支部全体党员重温入党誓词，为本月入党的党员过“政治生日”。",
               "支部请老党员讲述入党经历，年轻党员谈学习体会，大家共同回顾党的光辉历程。",
               "支部学习了院党委“七一”表彰决定，号召党员向先进看齐。"],
        topics=["重温入党誓词", "政治生日", "学习先进典型", "交流入党初心"]),
    (2026, 8): dict(
        titles=["医师节 守初心", "高温季节 服务不减"],
        study=["结合中国医师节，支部开展医德医风专题讨论，表扬了群众来信中点名感谢的党员医生。",
               "大家讨论了高温季节防暑和夏季常见病诊疗安排，党员带头承担加班任务。",
               "支部组织学习了医院关于改善患者就医体验的新举措。"],
        topics=["医师节座谈", "医德医风讨论", "夏季诊疗保障", "改善就医体验新举措"]),
    (2026, 9): dict(
        titles=["传承岐黄薪火", "学党章 强党性"],
        study=["支部组织党员学习中医药传承创新发展的有关政策，讨论科室名老中医经验传承工作。",
               "大家逐章重温党章，交流对党员义务的理解。",
               "支部结合教师节，向科室带教老师表达敬意，讨论进一步做好规培和进修带教。"],
        topics=["中医药传承创新学习", "重温党章", "带教工作讨论", "部署国庆期间工作"]),
    (2026, 10): dict(
        titles=["喜迎国庆 敬老重阳", "践行初心 服务群众"],
        study=["支部组织国庆主题学习，交流对国家发展的感受。",
               "结合重阳节，支部讨论了老年患者就医服务的改进措施，安排党员参与敬老义诊。",
               "大家回顾了年初岗位承诺的落实情况，相互提醒、相互督促。"],
        topics=["国庆主题学习", "重阳敬老", "承诺践诺回头看", "四季度工作安排"]),
    (2026, 11): dict(
        titles=["冬病防治 健康先行", "年度工作回头看"],
        study=["支部讨论了冬季呼吸道疾病防治和冬令膏方服务的安排，党员带头做好科普宣传。",
               "大家对照年初支部工作计划逐项检查完成情况，梳理未完成事项。",
               "支部布置了年度组织生活会和民主评议党员的准备工作。"],
        topics=["冬季疾病防治安排", "年度工作回头看", "组织生活会准备", "民主评议准备"]),
}


# --------------------------------------------------------------------------------------------
# sentence pools (our own fragments; combined at random so records do not read identical)
# --------------------------------------------------------------------------------------------

INSIGHTS = {
    "clinical": [
        "学习不能停在笔记本上，要落到每一次问诊、每一张处方上",
        "年轻医生要多向老专家请教辨证思路，把中医特色真正用到病床边",
        "查房时多花几分钟给患者讲清楚病情和用药，能减少很多误解",
        "疑难病例坚持多学科讨论，是对患者负责，也是对自己负责",
        "夜班和节假日值班，党员应当主动多扛一点",
        "合理检查、合理用药要从每一条医嘱开始把关",
        "随访电话虽然琐碎，却是患者感受最直接的环节",
        "病历书写规范是医疗质量的底线，党员要带头做好",
        "面对患者送来的红包和购物卡，态度要坚决，方式要得体",
        "中医适宜技术还可以进一步推广到门诊和社区",
        "把患者当亲人，很多矛盾在沟通中就能化解",
        "科室在缩短等候时间上还有空间，可以从细化预约时段入手",
        "要把学习体会转化成科室的一项具体改进措施",
        "诊疗规范和中医优势病种方案要定期更新，不能凭老经验办事",
        "带教进修医生时，技术要教，医德更要教",
        "外出会诊和抢救时，党员要第一时间到场",
        "科室里的年轻人压力不小，老同志要多关心、多帮一把",
    ],
    "medtech": [
        "检查报告的及时率和准确率就是医技人员对临床的承诺",
        "危急值第一时间通报临床，一分钟也不能耽误",
        "设备维护和质控看似不起眼，却直接关系诊断质量",
        "窗口服务要多一句解释，少一点生硬",
        "与临床科室多沟通，检查才能更有针对性",
        "检查检验结果互认要带头落实，尽量减少患者重复检查",
        "引进新技术要和人员培训同步推进",
        "夜间和节假日的急诊检查保障是党员应当主动承担的",
        "差错往往出在交接环节，制度要执行到每一个细节",
        "给患者解释报告时要用通俗的话，不能让人越听越糊涂",
        "辐射防护、生物安全这些事都没有小事",
        "要把群众对检查排队的意见当作改进工作的清单",
    ],
    "nursing": [
        "护理工作细节多，党员护士要在细节上做表率",
        "带教新护士，首先要带出职业精神",
        "耳穴压豆、艾灸这些中医护理技术要规范操作、讲清禁忌",
        "出院患者的延续护理还有很多事情可以做",
        "夜班人手紧张时，党员要主动顶岗",
        "跌倒、压力性损伤等护理安全问题要常抓不懈",
        "对老年患者多一份耐心，用对方听得懂的话做宣教",
        "护理文书要真实、及时，不能事后补记",
        "患者的一句感谢，往往来自我们多走的几步路",
        "科室之间互相支援，党员要第一个报名",
        "护理质量指标要每月分析，发现问题马上整改",
        "年轻护士遇到委屈，支部和护士长要及时疏导",
    ],
    "admin": [
        "职能科室的作风直接影响临床一线的感受，要少让临床跑腿",
        "每一份文件、每一笔经费都要经得起检查",
        "“马上就办、办就办好”要成为处理临床诉求的习惯",
        "采购、招标等环节要严格执行制度，主动接受监督",
        "后勤保障要想在前面，设备故障要早发现、早处置",
        "信息系统的一个小改进，能给患者省下不少排队时间",
        "到临床一线走一走，比坐在办公室更能发现问题",
        "制度出台前要多听临床意见，出台后要讲清楚、抓落实",
        "安全生产要把隐患排查做细，不留死角",
        "服务窗口是医院的脸面，态度和效率都要提升",
        "数据报送要准确及时，为院党委决策提供可靠依据",
        "节能降耗从关一盏灯、修一个水龙头做起",
    ],
    "retired": [
        "退休了，但党员的身份没有退休",
        "要多关注国家大事，用亲身经历给年轻人讲好过去的故事",
        "身体条件允许的话，愿意继续到社区为群众做健康咨询",
        "要管好自己和家人，不给组织添麻烦",
        "用手机学习平台学习，老同志也能跟上形势",
        "看到医院这些年的发展变化，心里很自豪",
        "老同志之间要多走动，谁家有困难及时告诉支部",
        "愿意把几十年积累的临床经验整理出来，留给年轻医生",
        "防诈骗知识要多学，不能让骗子钻了空子",
        "参加组织生活是老党员的本分，能来的一定来",
    ],
}

REQUIREMENTS = [
    "要把学习成效体现在医疗质量和服务水平的提升上",
    "全体党员要在急难险重任务中冲在前面",
    "严格遵守医疗行业廉洁从业有关规定，守住纪律底线",
    "要把这次学习的要求纳入下一阶段工作安排，做到学用结合",
    "每名党员都要对照学习内容查找差距，明确改进方向",
    "持续落实改善就医感受各项便民措施，让患者看得见变化",
    "多关心年轻同志的思想和生活，做好传帮带",
    "党员先锋岗要亮出身份，接受群众监督",
    "请假的同志要按要求补学，支部不落一人",
    "支部要把群众反映的问题记在账上、落实到人",
    "要把党建工作和科室业务同谋划、同推进",
    "学习要常态化，不能搞一阵风",
    "党员要在科室管理和质量改进中带头出主意、想办法",
    "要珍惜组织生活的时间，发言要讲真话、讲实话",
    "要把“以患者为中心”落实到每一个服务环节",
    "要坚持问题导向，能立即整改的马上改",
    "各党小组要跟进本月的学习内容",
    "要注意在身边群众中发现和培养入党积极分子",
]

SUMMARY_TEMPLATES = [
    "{chair}在总结时指出，{r1}；{r2}。",
    "最后，{chair}提出两点要求：一是{r1}；二是{r2}。",
    "{chair}强调，{r1}，同时{r2}。",
    "活动结束前，{chair}作了小结，要求{r1}，{r2}。",
    "{chair}对大家的发言逐一作了点评，认为本次活动准备充分、讨论深入，并要求{r1}。",
]

RITUALS = [
    "活动开始，全体党员面向党旗重温入党誓词。",
    "活动首先由宣传委员领读本月学习篇目。",
    "大家首先观看了院党委推送的专题教育片。",
    "活动前，党员按要求交纳本月党费并在签到表上签名。",
    "活动开始前，支部通报了上月主题党日议定事项的落实情况。",
    "",
    "",
]

FOLLOWUPS = [
    "党员在本月底前通过学习平台提交学习心得。",
    "宣传委员整理活动照片和学习资料，更新支部学习园地。",
    "请假党员由组织委员安排补学，并在下次活动时交流体会。",
    "组织委员做好本次活动的记录归档。",
    "支部将大家提出的意见建议汇总后，报院党委党政综合办公室。",
    "各党员结合本次学习内容，在科室晨会上作简短分享。",
    "支委会下次会议研究讨论中提出的改进措施，明确责任人。",
    "支部把本次活动情况在院内网党建专栏上报。",
    "科室把讨论形成的便民措施纳入下月质控检查内容。",
    "支部在下月主题党日通报本次议定事项的落实情况。",
]


CLINICAL_WORDS = ["值班", "科室", "诊疗", "患者", "门诊", "病房", "岗位", "排班", "临床", "晨会", "质控",
                  "医疗质量", "医务人员", "诊室", "医生", "规培", "带教", "承担"]
RETIRED_STUDY = [
    "老同志们围坐在一起，由支部书记领读了本月的学习材料，视力不好的同志由身边的党员逐段讲解。",
    "支部为不方便到会的高龄党员准备了大字版学习材料，由各党小组长送学上门。",
    "几位老党员结合自己几十年的从医和工作经历，谈了对学习内容的理解，言语朴实，感染了在座的每一个人。",
    "支部通报了医院近期的发展情况，老同志们对医院新院区建设和学科发展十分关心，提了不少建议。",
    "支部请院离退休办公室的同志介绍了老干部活动中心的新安排，并提醒大家注意防范电信诈骗。",
    "大家通过手机学习平台观看了专题辅导视频，年轻一些的老同志手把手帮助年长的同志操作。",
]
RETIRED_REQUIREMENTS = [
    "老同志要量力而行，在保重身体的前提下继续发挥余热",
    "各党小组长要经常联系行动不便的老党员，做到送学上门",
    "大家要关注国家大事，不信谣、不传谣",
    "要管好家人和身边人，保持老党员的良好形象",
    "身体条件允许的同志，可以报名参加银发志愿服务队",
    "要提高防范意识，谨防各类针对老年人的诈骗",
    "请假的同志由党小组长负责传达学习内容",
]


def study_for(b, th):
    if b.style != "retired":
        return th["study"]
    pool = [x for x in th["study"] if not any(w in x for w in CLINICAL_WORDS)]
    return pool + RETIRED_STUDY


def topics_for(b, th):
    if b.style != "retired":
        return th["topics"]
    pool = [x for x in th["topics"] if not any(w in x for w in CLINICAL_WORDS + ["排查", "安全检查", "诊疗"])]
    return pool if len(pool) >= 3 else pool + ["集中学习", "交流学习体会", "通报医院发展情况"]


def requirements(b):
    pool = RETIRED_REQUIREMENTS if b.style == "retired" else REQUIREMENTS
    return pool if b.groups else [x for x in pool if "党小组" not in x]


def followups(b):
    if b.style != "retired":
        return FOLLOWUPS
    return [x for x in FOLLOWUPS if not any(w in x for w in CLINICAL_WORDS)] + [
        "各党小组长将学习材料送到未到会的老同志家中。"]


def insight(b):
    return pick(INSIGHTS[b.style])


def reasons_pool(b):
    if b.style == "retired":
        return ["身体原因", "住院治疗", "行动不便", "外地探亲", "随子女在外地居住", "照顾生病家属"]
    if b.style == "admin":
        return ["出差", "参加上级会议", "外出培训", "事假", "病假", "现场保障任务"]
    if b.style == "medtech":
        return ["值班", "急诊检查任务", "外出培训", "病假", "事假", "参加学术会议"]
    if b.style == "nursing":
        return ["值班", "夜班后休息", "外出培训", "病假", "事假", "护理抢救任务"]
    base = ["值班", "门诊坐诊", "手术", "外出培训", "病假", "事假", "参加学术会议", "急诊抢救"]
    return base

# 支委会 topics: (议题, 决议) — month specific and general ones; {y} = year
ZW_MONTH = {
    1: [("研究制定{y}年支部工作计划", "通过{y}年支部工作计划（草案），提交支部党员大会审议"),
        ("研究全年主题党日安排", "确定全年主题党日安排表，在支部公示栏公布"),
        ("研究春节前走访慰问", "春节前由书记带队走访慰问老党员和生活困难党员")],
    2: [("研究党员教育培训计划", "确定全年党员集中学习篇目和“春训”安排"),
        ("研究节后重点工作", "节后第一周由支委分头检查科室安全和服务秩序")],
    3: [("研究入党积极分子培养考察", "为入党积极分子明确培养联系人，每季度听取一次思想汇报"),
        ("研究学雷锋志愿服务安排", "组织党员报名参加学雷锋志愿服务，名单报院党委")],
    4: [("研究专题学习教育推进计划", "按周排出学习篇目，由支委分工领学"),
        ("研究一季度工作落实情况", "对未完成事项明确责任人和完成时限")],
    5: [("研究“七一”评先评优推荐", "经支委会酝酿，推荐人选提交支部党员大会讨论"),
        ("研究上半年党费收缴核对", "党费收缴情况核对无误，按规定上缴")],
    6: [("研究“七一”系列活动安排", "七月主题党日安排重温入党誓词和政治生日活动"),
        ("研究上半年支部工作小结", "由组织委员起草上半年工作小结，下周报院党委")],
    7: [("研究下半年支部重点工作", "确定下半年三项重点工作并分解到支委"),
        ("研究防暑降温和夏季服务保障", "党员带头承担高温时段的增援任务")],
    8: [("研究医师节系列活动", "配合院里做好医师节表彰和座谈"),
        ("研究秋季党员培训安排", "组织党员参加院党委举办的专题培训")],
    9: [("研究确定发展对象", "同意将符合条件的入党积极分子列为发展对象，报院党委预审"),
        ("研究国庆中秋期间值班安排", "节日期间由支委轮流带班")],
    10: [("研究四季度工作安排", "四季度重点做好组织生活会准备和年度总结"),
         ("研究重阳敬老活动", "安排党员走访慰问科室退休老同志")],
    11: [("研究年度组织生活会准备工作", "确定会议议程，支委与党员谈心谈话做到全覆盖"),
         ("研究民主评议党员工作方案", "按个人自评、党员互评、民主测评、组织评定程序开展评议")],
    12: [("研究支部年度工作总结", "由书记牵头起草年度工作总结，下周提交院党委"),
         ("研究支部书记抓党建述职报告", "述职报告经支委会讨论修改后定稿")],
}
ZW_GENERAL = [
    ("通报本月党费收缴情况", "本月党费已按时足额收缴"),
    ("研究本月主题党日活动方案", "确定本月主题党日的主题、形式和时间，提前一周通知党员"),
    ("分析党员思想动态", "对近期工作压力较大的党员由书记安排谈心谈话"),
    ("研究意识形态工作", "加强科室工作群管理，重要信息发布前由支委审核"),
    ("研究群众意见建议的办理", "对患者意见逐条办理，办理结果在下次支委会通报"),
    ("研究党员先锋岗设置", "在门诊和病房各设一个党员先锋岗，亮牌服务"),
    ("研究入党申请人谈话安排", "由支委在一个月内与新递交入党申请书的同志谈话"),
    ("研究志愿服务安排", "本月志愿服务由党员轮流报名，确保每次不少于三人"),
]
DEPT_MATTERS = [
    "科室绩效二次分配方案调整", "大型设备购置论证", "新技术新项目准入申请",
    "年度进修人员选派", "科室排班制度调整", "科室年度预算安排", "评先评优推荐人选",
]

DAHUI_Q = {
    1: [("传达院党委年度工作会议精神", "全体党员结合岗位抓好院党委年度工作部署的落实"),
        ("审议支部年度工作计划", "审议通过支部年度工作计划")],
    2: [("讨论“七一”评先评优推荐人选", "同意支委会提出的推荐人选，报院党委"),
        ("通报专题学习教育开展情况", "继续抓好专题学习，按期完成问题整改")],
    3: [("通报上半年支部工作情况", "对照年度计划，四季度前完成全部重点任务"),
        ("学习上级重要会议精神", "各党员撰写学习体会，在下月主题党日交流")],
    4: [("通报全年工作完成情况", "同意支委会的年度工作总结"),
        ("部署年度组织生活会和民主评议党员", "按院党委通知要求开好组织生活会，做好民主评议")],
}
DAHUI_GENERAL = [
    ("通报党费收缴和使用情况", "党费收缴使用情况向全体党员公开"),
    ("讨论支部参与科室重要事项决策情况", "重要事项决策前坚持由支委会先行讨论"),
    ("交流党员承诺践诺情况", "对践诺情况在支部内公示"),
]

DANGKE_SUBJECTS = {
    2024: [
        ("以严明纪律护航医院高质量发展", ["纪律是管党治党的戒尺", "医疗领域常见的违纪情形", "怎样把纪律要求变成日常习惯"]),
        ("读懂《纪律处分条例》中的“六项纪律”", ["政治纪律和组织纪律", "廉洁纪律和群众纪律", "工作纪律和生活纪律"]),
        ("把改革精神落到科室工作中", ["三中全会对医改的部署", "科室面临的新形势", "我们能做的具体改变"]),
        ("赓续红色血脉 守护人民健康", ["党领导卫生事业的光辉历程", "医院发展中的共产党员", "新时代医务工作者的担当"]),
        ("上工治未病：从中医智慧看党员的预防意识", ["“治未病”的思想渊源", "防微杜渐的纪律启示", "把风险化解在萌芽状态"]),
        ("做党和人民信赖的好医生", ["医者仁心的时代内涵", "身边的榜样", "从细节做起"]),
    ],
    2025: [
        ("锲而不舍落实中央八项规定精神", ["八项规定出台的背景和意义", "作风问题的新表现", "医务人员的作风要求"]),
        ("作风建设永远在路上", ["作风建设与群众感受", "以案为鉴查摆问题", "建立长效机制"]),
        ("伟大抗战精神的时代价值", ["抗战时期的医疗救护", "民族精神的传承", "在本职岗位上弘扬抗战精神"]),
        ("学习二十届四中全会精神 谋划科室发展", ["全会的主要精神", "健康中国建设的新要求", "科室“十五五”思路"]),
        ("中医药人的初心与使命", ["中医药传承的历史责任", "守正创新的要求", "把中医特色用在临床"]),
        ("在平凡岗位上践行宗旨", ["全心全意为人民服务的内涵", "身边党员的故事", "从小事做起"]),
    ],
    2026: [
        ("“十五五”开局之年 党员怎么干", ["“十五五”对卫生健康事业的部署", "医院发展规划要点", "党员的岗位责任"]),
        ("从党的百年历程汲取奋进力量", ["党的历史中的卫生健康事业", "几代医务工作者的奋斗", "新征程上的使命"]),
        ("清廉医院建设与我们每个人", ["清廉医院建设的任务", "岗位廉洁风险", "守住底线的具体办法"]),
        ("传承名老中医学术经验的党性修养", ["名老中医的医德医风", "经验传承中的责任", "年轻党员的学习"]),
        ("践行以人民健康为中心的发展思想", ["发展思想的内涵", "改善就医感受的实践", "科室还能做什么"]),
    ],
}
DANGKE_STYLE = {
    "clinical": [("把患者放在心中最高位置", ["群众对医疗服务的期盼", "临床工作中的宗旨意识", "以服务改进回应期盼"])],
    "medtech": [("精准报告背后的责任担当", ["医技工作的特殊性", "质量就是生命", "服务临床、服务患者"])],
    "nursing": [("南丁格尔精神与共产党员的初心", ["护理事业的职业精神", "党员护士的表率作用", "在细节中体现温度"])],
    "admin": [("机关作风建设与服务临床", ["职能科室的角色", "作风问题的表现", "怎样当好服务员"])],
    "retired": [("老党员的初心与余热", ["回顾入党经历", "退休后党员的责任", "发挥余热的方式"])],
}
DANGKE_EXAMPLES = [
    "列举了科室近几年在抢救危重患者中党员冲锋在前的事例",
    "讲述了科室老主任几十年坚持为患者义务复诊的故事",
    "分析了近期群众意见中反映出的服务短板",
    "剖析了系统内通报的几起违规案例，提醒大家引以为戒",
    "分享了自己外出进修时看到的先进管理做法",
    "结合医院近年来的发展变化，谈了对党建引领作用的体会",
    "回顾了科室参与重大公共卫生事件应对时的经历",
]

ZUZHI_PROBLEMS = [
    "理论学习的系统性不够", "联系群众还不够深入", "服务意识有待加强",
    "发挥先锋模范作用不够充分", "对年轻同志的关心培养不够", "执行制度的刚性不足",
    "创新工作的办法不多", "落实整改的持续性不够", "党建与业务融合不够紧密",
]
CRITICISMS = [
    "在科室事务中有时怕得罪人，提意见不够大胆",
    "参加集中学习时偶尔有迟到早退现象",
    "工作节奏快，和患者沟通时有时不够耐心",
    "对新来的年轻同志关心不够",
    "学习多停留在读原文上，结合实际思考不够",
    "业务上要求严格，但对自己的学习抓得不够紧",
    "承担支部工作的主动性还可以再强一些",
]
RECTIFY = [
    "建立支部学习清单，每月由支委领学，年底前完成全部篇目",
    "落实党员联系群众制度，每名党员固定联系一名科室群众",
    "在门诊和病房设立党员先锋岗，定期评议服务质量",
    "完善年轻同志结对帮带机制，由支委牵头落实",
    "对群众反映的问题建立台账，逐项销号",
    "把本次会议查摆的问题纳入下一年度支部工作计划",
    "规范“三会一课”记录，由组织委员每月检查一次",
]

# --------------------------------------------------------------------------------------------
# hospital-wide events
# --------------------------------------------------------------------------------------------

COMMUNITIES = [
    ("东湖街道梅园社区", "梅园社区党群服务中心"), ("城南街道望江社区", "望江社区文化广场"),
    ("锦溪镇白沙村", "白沙村文化礼堂"), ("青石街道", "青石街道老年活动中心"),
    ("凤栖镇", "凤栖镇中心卫生院"), ("城北街道", "城北农贸市场东广场"),
    ("澄州市社会福利院", "澄州市社会福利院"), ("澄州高新区", "澄州高新区华科电子有限公司厂区"),
    ("柳桥镇", "柳桥镇新时代文明实践站"), ("湖滨街道滨江社区", "滨江社区卫生服务站"),
]

# (date, branch, occasion)
YIZHEN = [
    ("2024-03-05", "neike-yi", "学雷锋纪念日"), ("2024-04-20", "zhenjiu-tuina", "百名医师进社区"),
    ("2024-05-17", "neike-er", "世界高血压日"), ("2024-06-15", "fuer", "儿童健康守护"),
    ("2024-08-17", "guke", "中国医师节"), ("2024-09-21", "waike", "健康乡村行"),
    ("2024-10-11", "neike-yi", "九九重阳"), ("2024-11-16", "jizhen", "急救知识进企业"),
    ("2024-12-14", "zhiweibing", "冬令养生"),
    ("2025-03-05", "zhenjiu-tuina", "学雷锋纪念日"), ("2025-03-22", "neike-yi", "世界防治结核病日"),
    ("2025-04-19", "guke", "骨健康进社区"), ("2025-05-17", "neike-er", "世界高血压日"),
    ("2025-06-14", "fuer", "儿童健康守护"), ("2025-07-12", "zhiweibing", "三伏养生"),
    ("2025-08-19", "jizhen", "中国医师节"), ("2025-09-20", "waike", "健康乡村行"),
    ("2025-10-29", "neike-yi", "九九重阳"), ("2025-11-15", "zhenjiu-tuina", "联合国糖尿病日"),
    ("2025-12-06", "fuer", "冬季儿童保健"), ("2025-12-20", "zhiweibing", "冬令养生"),
    ("2026-03-05", "neike-er", "学雷锋纪念日"), ("2026-03-21", "guke", "骨健康进社区"),
    ("2026-04-18", "zhenjiu-tuina", "百名医师进社区"), ("2026-05-16", "neike-yi", "世界高血压日"),
    ("2026-06-13", "fuer", "儿童健康守护"), ("2026-07-18", "zhiweibing", "三伏养生"),
    ("2026-08-19", "waike", "中国医师节"), ("2026-09-19", "jizhen", "急救知识进校园"),
    ("2026-10-18", "neike-yi", "九九重阳"), ("2026-11-14", "zhiweibing", "冬令养生"),
]

# (date, branch, what)
JIEDUI = [
    ("2024-10-24", "guke", "qianyue"), ("2024-12-12", "guke", "chafang"),
    ("2025-03-27", "guke", "dangke"), ("2025-07-10", "waike", "bangfu"),
    ("2025-11-06", "guke", "zhuti"),
    ("2026-04-23", "guke", "zhuti"), ("2026-09-17", "huli", "huli"),
]

# (date, branch, what)
ZHIYUAN = [
    ("2024-03-08", "huli", "daoyi"), ("2024-04-16", "xingzheng", "xianxue"),
    ("2024-06-26", "yaoji", "jindu"), ("2024-09-10", "lituixiu", "zixun"),
    ("2024-10-16", "houqin", "wenming"), ("2024-11-20", "xingzheng", "xianxue"),
    ("2024-12-05", "yiji-er", "xueye"),
    ("2025-03-05", "huli", "daoyi"), ("2025-04-22", "xingzheng", "xianxue"),
    ("2025-05-12", "huli", "hushi"), ("2025-06-26", "yaoji", "jindu"),
    ("2025-09-09", "lituixiu", "zixun"), ("2025-09-16", "yaoji", "xiaoyuan"),
    ("2025-10-21", "houqin", "xiaofang"), ("2025-11-19", "xingzheng", "xianxue"),
    ("2025-12-05", "yiji-yi", "zhiyuanzhe"),
    ("2026-03-05", "huli", "daoyi"), ("2026-04-21", "xingzheng", "xianxue"),
    ("2026-05-12", "huli", "hushi"), ("2026-06-26", "yaoji", "jindu"),
    ("2026-09-15", "lituixiu", "zixun"), ("2026-10-20", "houqin", "wenming"),
    ("2026-11-18", "xingzheng", "xianxue"),
]

ZHIYUAN_KINDS = {
    "daoyi": dict(title="学雷锋门诊导医志愿服务", place="门诊楼一楼大厅",
                  text="党员志愿者身穿红马甲在门诊大厅、自助机区域和各楼层候诊区开展导医服务，帮助老年患者预约挂号、自助缴费和打印报告，为行动不便的患者提供轮椅和陪同检查。",
                  numbers="全天共引导患者{a}人次，协助自助机操作{b}人次，发放便民服务卡{c}张",
                  tags=["志愿服务", "学雷锋"]),
    "xianxue": dict(title="无偿献血志愿服务", place="行政楼前广场献血车",
                    text="支部联合院工会组织无偿献血活动，党员带头报名、带头献血，并在现场协助做好登记、引导和献血后的休息观察。",
                    numbers="当天共有{a}名职工参加献血，其中党员{b}名，献血总量{c}毫升",
                    tags=["志愿服务", "无偿献血"]),
    "jindu": dict(title="国际禁毒日合理用药宣传", place="门诊楼一楼大厅",
                  text="药学党员在门诊大厅设立咨询台，围绕麻醉药品和精神药品的规范使用、家庭过期药品处置、中成药合理使用等内容开展宣传。",
                  numbers="现场解答用药咨询{a}人次，回收家庭过期药品{b}盒，发放宣传折页{c}份",
                  tags=["志愿服务", "合理用药"]),
    "zixun": dict(title="老党员社区健康咨询", place="东湖街道梅园社区党群服务中心",
                  text="离退休支部组织身体条件较好的老专家走进社区，为居民提供慢病用药、中医养生和康复锻炼等方面的咨询，部分老专家还现场示范了八段锦。",
                  numbers="老专家们共接待居民咨询{a}人次，测量血压{b}人次，发放养生手册{c}本",
                  tags=["志愿服务", "银发余晖"]),
    "wenming": dict(title="文明城市创建志愿服务", place="医院周边道路及公交站点",
                    text="后勤党员志愿者对医院周边的非机动车停放、公交站点秩序和院区环境卫生进行整治，劝导乱停乱放，清理小广告。",
                    numbers="共规范停放非机动车{a}辆，清理小广告{b}处，劝导不文明行为{c}次",
                    tags=["志愿服务", "文明创建"]),
    "xiaofang": dict(title="消防安全进病区志愿服务", place="住院部各病区",
                     text="后勤党员志愿者逐层检查病区消防通道、灭火器和应急照明，并为值班医护人员讲解初期火灾扑救和病人疏散要点。",
                     numbers="共检查病区{a}个，整改隐患{b}处，培训医护人员{c}人次",
                     tags=["志愿服务", "安全生产"]),
    "xueye": dict(title="国际志愿者日检验知识科普", place="门诊楼二楼采血中心",
                  text="检验科党员在采血中心为候检群众讲解空腹抽血、留取标本的注意事项，并协助老年人完成自助取单。",
                  numbers="现场服务群众{a}人次，发放检验须知{b}份，协助自助取单{c}人次",
                  tags=["志愿服务", "健康宣教"]),
    "hushi": dict(title="国际护士节健康宣教", place="门诊楼一楼大厅",
                  text="护理党员在门诊大厅开展健康宣教，现场演示穴位按摩、艾灸等中医护理方法，为慢病患者讲解居家护理要点。",
                  numbers="共接待群众{a}人次，演示中医护理技术{b}场次，发放护理手册{c}份",
                  tags=["志愿服务", "健康宣教"]),
    "xiaoyuan": dict(title="中医药文化进校园", place="澄州市实验小学",
                     text="药学党员带着中药标本走进小学课堂，通过辨认药材、制作香囊等方式，向学生介绍中医药文化知识。",
                     numbers="共为{a}名学生上课，展示中药标本{b}种，制作中药香囊{c}个",
                     tags=["志愿服务", "中医药文化"]),
    "zhiyuanzhe": dict(title="国际志愿者日便民检查服务", place="门诊楼一楼大厅",
                       text="医技党员在门诊大厅为群众讲解各类检查的预约方式和检查前准备，协助患者通过手机完成检查预约和报告查询。",
                       numbers="共服务群众{a}人次，协助线上预约{b}人次，发放检查须知{c}份",
                       tags=["志愿服务", "健康宣教"]),
}

JIEDUI_KINDS = {
    "qianyue": dict(title=f"与{PARTNER}党支部签订结对共建协议",
                    text=f"当天，两院党支部在{PARTNER}举行结对共建签约仪式。双方通报了各自党建和业务情况，围绕组织共建、业务帮扶、人才共育、资源共享等内容签订了为期三年的共建协议。",
                    more="签约后，我院骨伤科专家随同对方医生查房，就两例老年骨折患者的手术方案和中医康复提出了建议。"),
    "chafang": dict(title=f"与{PARTNER}党支部开展联合主题党日和业务帮扶",
                    text="两院党员共同学习了党的二十届三中全会精神，交流了支部规范化建设的做法。我院支部赠送了“三会一课”记录规范和主题党日活动模板。",
                    more="随后，我院专家在对方病区开展联合查房和小夹板外固定技术示范，对方十余名医护人员参加。"),
    "dangke": dict(title=f"与{PARTNER}党支部联合上党课",
                   text="两院党支部联合举办党课，我院支部书记以“以党建联建促进骨伤诊疗同质化”为题授课，介绍了公立中医医院在学科建设、质量控制方面的经验。",
                   more="课后双方围绕骨伤科病历质控和术后康复随访进行了座谈，约定下一步开展护理质控互查。"),
    "bangfu": dict(title=f"赴{PARTNER}开展结对共建业务帮扶",
                   text=f"外科党支部党员专家赴{PARTNER}开展围手术期管理专题培训，讲解加速康复外科理念和中医药在术后康复中的应用。",
                   more="培训后，专家们参与了对方的疑难病例讨论，并就手术室感控流程提出了改进建议。"),
    "zhuti": dict(title=f"与{PARTNER}党支部开展结对共建联合主题党日",
                  text="两院党员共同重温入党誓词，交流了一年来结对共建的进展情况，回顾了联合查房、远程会诊和人员进修等合作成果。",
                  more="双方商定下一阶段在骨质疏松防治宣教、基层义诊等方面继续联合开展活动。"),
    "huli": dict(title=f"与{PARTNER}开展护理质控结对帮扶",
                 text=f"护理党支部组织护理质控专家赴{PARTNER}，对其病区护理文书、压力性损伤防控和中医护理技术操作进行了现场指导。",
                 more="专家组反馈了发现的问题，并向对方赠送了我院中医护理技术操作规范和护理质控检查表。"),
}


# --------------------------------------------------------------------------------------------
# members admitted during the period, longer absences
# --------------------------------------------------------------------------------------------

def admit_members(branches, slots):
    by_branch = {}
    for s in slots:
        if s.kind == "支部党员大会":
            by_branch.setdefault(s.branch.id, []).append(s)
    for b in branches:
        meetings = sorted(by_branch.get(b.id, []), key=lambda s: s.date)
        for y in (2024, 2025):
            n = b.admissions.get(y, 0)
            if not n:
                continue
            cands = [s for s in meetings if s.date.year == y and not s.extra.get("special")]
            if b.roster and y == 2025:
                cands = [s for s in cands if s.date >= d("2025-11-23")]
            if len(cands) >= n:
                chosen = sorted(RNG.sample(cands, n), key=lambda s: s.date)
            else:  # several admitted at the same meeting
                chosen = [cands[-1]] * n
            for s in chosen:
                g = "f" if RNG.random() < b.female else "m"
                young = RNG.random() < 0.7
                by = birth_for(b.style, True) if young else RNG.randint(1983, 1989)
                p = Person(new_name(g), g, by, s.date, RNG.random() < (0.4 if young else 0.8))
                if b.groups:
                    p.group = b.groups[len(b.people) % len(b.groups)][0]
                b.people.append(p)
                s.extra.setdefault("admit", []).append(p)
        # 转正: first branch meeting on or after the first anniversary
        for p in b.people:
            if p.joined >= d("2023-01-01"):
                ann = add_years(p.joined, 1)
                later = [s for s in meetings if s.date >= ann]
                if later and later[0].date <= ann + dt.timedelta(days=120):
                    later[0].extra.setdefault("confirm", []).append(p)


LEAVE_REASONS = [("外出进修", 3), ("下沉基层医疗帮扶", 3), ("病假", 2), ("产假", 4)]


def assign_leaves(branches):
    for b in branches:
        if b.count_at(d("2025-06-01"))[0] < 12:
            continue
        for y in (2024, 2025, 2026):
            if RNG.random() < 0.25:
                continue
            leaders = set(getattr(b, "group_leaders", {}).values())
            cands = [p for p in b.people if not p.post and p not in leaders
                     and p.active(dt.date(y, 1, 2)) and p.joined < d("2023-01-01")]
            p = pick(cands)
            if b.style == "retired":
                reason, n = pick([("住院治疗", 2), ("随子女在外地居住", 3)])
            else:
                reason, n = pick(LEAVE_REASONS)
                if reason == "产假" and (p.gender != "f" or p.birth_year < 1984):
                    reason, n = "外出进修", 3
            start_m = RNG.randint(1, 12 - n if y < 2026 else 10 - n)
            end_m = start_m + n - 1
            p.leaves.append((dt.date(y, start_m, 1), dt.date(y, end_m, days_in_month(y, end_m)), reason))


# --------------------------------------------------------------------------------------------
# attendance
# --------------------------------------------------------------------------------------------

def choose_absentees(b, date, audience, expected, protect, low_share=None, forced=None):
    """Return a list of (Person, reason); len == expected - present."""
    forced = forced or []
    eligible = [p for p in audience if p.name not in protect]
    mandatory = [p for p, _ in forced] + [p for p in eligible if p.on_leave(date)]
    if low_share is not None:
        present = int(expected * low_share)
        n_abs = expected - present
    else:
        cap = (expected * 2) // 10
        k = RNG.choices([0, 1, 2, 3, 4, 5], weights=[28, 30, 20, 11, 7, 4])[0]
        if b.style == "retired":
            k += RNG.choice([1, 2, 3])
        n_abs = min(max(k, len(mandatory)), cap)
    n_abs = min(n_abs, len(eligible))
    chosen = mandatory[:n_abs]
    others = [p for p in eligible if p not in chosen]
    chosen += RNG.sample(others, n_abs - len(chosen))
    pool = reasons_pool(b)
    out = []
    for p in sorted(chosen, key=lambda p: b.people.index(p)):
        r = dict((q.name, why) for q, why in forced).get(p.name) or p.on_leave(date) or pick(pool)
        out.append((p, r))
    return out


REASON_PROSE = {"病假": "生病", "事假": "家中有事", "产假": "休产假", "身体原因": "身体原因",
                "夜班后休息": "夜班后休息"}


def absent_clause(absentees, everyone="全体党员到会"):
    if not absentees:
        return "，" + everyone
    by_reason = {}
    for p, r in absentees:
        by_reason.setdefault(r, []).append(p.name)
    parts = [f"{join_names(ns)}因{REASON_PROSE.get(r, r)}" for r, ns in by_reason.items()]
    return "，" + "，".join(parts) + "请假"


# --------------------------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------------------------

STARTS = {
    "clinical": ["12:10", "12:20", "17:30", "17:40"],
    "medtech": ["12:15", "16:30", "17:20"],
    "nursing": ["14:00", "15:00", "16:00"],
    "admin": ["14:30", "15:00", "16:00"],
    "retired": ["09:00", "09:30"],
}
DURATIONS = {
    "主题党日": (70, 100), "支部委员会": (30, 50), "党小组会": (40, 60), "支部党员大会": (60, 90),
    "党课": (60, 90), "组织生活会": (120, 170), "民主评议党员": (40, 60), "谈心谈话": (90, 150),
}


def hhmm_add(t, minutes):
    h, m = map(int, t.split(":"))
    tot = h * 60 + m + minutes
    return f"{tot // 60:02d}:{tot % 60:02d}"


# (branch id, date) -> [(start, end)] in minutes: what a branch has already booked that day,
# so that two of its activities never overlap (`dangjian check` warns `overlap`).
BOOKED = {}


def minutes(t):
    h, m = map(int, t.split(":"))
    return h * 60 + m


def book(b, date, start, end):
    """Books start-end for the branch on that day. An activity that would overlap one booked
    before is moved, keeping its length: to end 10 minutes before the day's first one when that
    is closer to its planned start (and not before 08:00), else to start 10 minutes after the
    day's last one. Moving consumes no randomness, so every other record stays as it was."""
    s, e = minutes(start), minutes(end)
    taken = BOOKED.setdefault((b.id, date), [])
    if any(s < te and ts < e for ts, te in taken):
        after = max(te for _, te in taken) + 10
        before = min(ts for ts, _ in taken) - 10 - (e - s)
        s, e = (before, before + e - s) if before >= 8 * 60 and s - before < after - s else (after, after + e - s)
    taken.append((s, e))
    return f"{s // 60:02d}:{s % 60:02d}", f"{e // 60:02d}:{e % 60:02d}"


def time_for(b, kind, start=None, date=None):
    if start is None:
        if kind in ("组织生活会", "谈心谈话"):
            start = "09:00" if b.style == "retired" else "14:00"
        else:
            start = pick(STARTS[b.style])
    lo, hi = DURATIONS[kind]
    if start.startswith("12") and kind != "组织生活会":
        hi = min(hi, 80)
        lo = min(lo, hi)
    dur = RNG.randrange(lo, hi + 1, 5) if hi > lo else lo
    if date is None:
        return start, hhmm_add(start, dur)
    return book(b, date, start, hhmm_add(start, dur))


def tod(start):
    h = int(start.split(":")[0])
    return "上午" if h < 12 else "中午" if h < 14 else "下午" if h < 17 else "傍晚"


class Record:
    def __init__(self, b, kind, date):
        self.branch = b
        self.kind = kind
        self.date = date
        self.fm = {}
        self.paras = []       # required paragraphs
        self.optional = []    # paragraphs that may be dropped to fit the length
        self.section = None   # (heading, [items])
        self.attachments = []
        self.path = None
        self.meta = {}        # numbers that annual figures are computed from


def assemble_body(r: Record) -> str:
    """Required paragraphs, plus optional ones (pos, text) while the body stays short enough."""
    def text(ps):
        out = "\n\n".join(ps)
        if r.section:
            h, items = r.section
            out += f"\n\n## {h}\n\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1))
        return out

    slots = [[p] for p in r.paras] + [[]]   # slots[i] holds paragraph i, optional ones go before it
    for pos, extra in r.optional:
        if not extra:
            continue
        i = len(r.paras) if pos is None else pos if pos >= 0 else len(r.paras) + pos
        trial = [list(x) for x in slots]
        trial[i].insert(0, extra) if i < len(r.paras) else trial[i].append(extra)
        flat = [p for x in trial for p in x]
        if cjk_len(text(flat)) <= 560 and len(flat) <= 5:
            slots = trial
    paras = [p for x in slots for p in x]
    body = text(paras)
    while cjk_len(body) > 600 and r.section and len(r.section[1]) > 1:
        r.section = (r.section[0], r.section[1][:-1])
        body = text(paras)
    assert 150 <= cjk_len(body) <= 600, (r.branch.id, r.kind, r.date, cjk_len(body), body)
    return body


def two_speakers(b, date, exclude):
    cands = [p for p in b.active(date) if p.name not in exclude]
    return RNG.sample(cands, 2)


def theme_for(date):
    return THEMES[(date.year, date.month)]


def liaison(branches):
    names = list(LEADER_TITLES)
    return {b.id: names[i % len(names)] for i, b in enumerate(branches)}


def base_fm(r, title, place, start_end, chair, recorder, expected, absentees):
    b = r.branch
    r.fm.update(dict(title=title, branch=b.id, kind=r.kind, date=r.date,
                     time=f"{start_end[0]}-{start_end[1]}", place=place,
                     chair=chair.name if isinstance(chair, Person) else chair,
                     recorder=recorder.name if isinstance(recorder, Person) else recorder,
                     expected=expected, present=expected - len(absentees)))
    if absentees:
        r.fm["absentees"] = [{"name": p.name, "reason": why} for p, why in absentees]


def chair_and_recorder(b, date, allow_swap=True):
    sec = b.secretary_p
    rec = b.recorder_p if b.committee else b.people[1]
    if allow_swap and b.committee and RNG.random() < 0.04:
        sub = b.by_post("副书记") or b.by_post("组织委员")
        rec2 = b.by_post("宣传委员") if sub.post == "组织委员" else rec
        return sub, rec2, sec
    return sec, rec, None


def low_share_for(b, kind, date):
    for br, k, y, m, share in LOW_ATTENDANCE:
        if br == b.id and k == kind and (date.year, date.month) == (y, m):
            return share
    return None

TAGS_BY_MONTH = {
    (2024, 3): ["学雷锋"], (2024, 4): ["党纪学习教育"], (2024, 5): ["党纪学习教育", "警示教育"],
    (2024, 6): ["党纪学习教育"], (2024, 7): ["政治生日"], (2024, 8): ["三中全会精神"],
    (2024, 9): ["三中全会精神"], (2024, 11): ["清廉医院"], (2025, 3): ["八项规定精神学习教育"],
    (2025, 4): ["八项规定精神学习教育"], (2025, 5): ["八项规定精神学习教育"],
    (2025, 6): ["八项规定精神学习教育", "警示教育"], (2025, 7): ["政治生日"],
    (2025, 9): ["爱国主义教育"], (2025, 11): ["四中全会精神"], (2026, 4): ["清廉医院"],
    (2026, 5): ["健康科普"], (2026, 7): ["政治生日"],
}

LOW_NOTES = {
    "huli": "受病区收治任务重、暑期护士轮休和外出培训集中影响，本次活动到会人数偏少，支部将对未到会党员逐一补课。",
    "jizhen": "受流感高峰期急诊量激增影响，多名党员在抢救室和病区坚守，本次活动到会人数偏少，支部将分批为未到会党员补课。",
    "lituixiu": "时值寒潮，不少老同志身体欠佳，本次会议到会人数偏少。会后，各党小组长将会议精神逐一电话传达给未到会的老党员。",
    "waike": "本月正值暑期手术高峰，部分党员在手术室和病区值守，未能到会，党小组将通过线上方式为他们补课。",
    "fuer": "受春节前后排班调整和产科分娩高峰影响，本次活动到会人数偏少，支部将在下次活动前为未到会党员补课。",
}

OPEN_ZT = [
    "{date}{tod}，{bshort}在{place}开展{m}月主题党日活动，{chair}主持，应到党员{exp}名，实到{pre}名{abs}。",
    "本月主题党日以“{theme}”为题，于{date}{tod}在{place}举行。活动由{chair}主持，应到{exp}人，实到{pre}人{abs}。",
    "{date}，{bshort}党员集中到{place}，开展“{theme}”主题党日活动。{chair}主持活动，应到党员{exp}名，实到{pre}名{abs}。",
    "按照院党委本月主题党日安排，{bshort}于{date}{tod}在{place}组织活动，{chair}主持，应到党员{exp}名，实到{pre}名{abs}。",
]
EXCH = [
    "交流发言中，{n1}结合{spec}谈体会，认为{i1}；{n2}则提出，{i2}。",
    "在交流环节，{n1}说，{i1}。{n2}接着谈到，{i2}。",
    "{n1}、{n2}等同志先后发言。{n1}表示{i1}；{n2}认为{i2}。",
    "讨论中，{n1}从{spec}谈起，觉得{i1}；{n2}补充说，{i2}。",
]
DISC = ["结合科室实际逐一发表了意见", "对有关细节提出了修改建议", "进行了充分讨论",
        "一致表示同意", "对时间安排作了调整", "补充了具体措施"]


def exchange_para(b, date, exclude):
    n1, n2 = two_speakers(b, date, exclude)
    i1 = insight(b)
    i2 = pick([x for x in INSIGHTS[b.style] if x != i1])
    return pick(EXCH).format(n1=n1.name, n2=n2.name, spec=pick(b.spec), i1=i1, i2=i2)


def summary_para(chair, b):
    r1, r2 = RNG.sample(requirements(b), 2)
    return pick(SUMMARY_TEMPLATES).format(chair=chair.name if isinstance(chair, Person) else chair, r1=r1, r2=r2)


def swap_forced(b, sec_absent, expected):
    if sec_absent and (expected * 2) // 10 >= 1:
        return [(sec_absent, pick(["出差", "外出培训", "参加上级会议"]))]
    return None


def build_zhuti(b, date, ctx):
    r = Record(b, "主题党日", date)
    th = theme_for(date)
    theme = pick(th["titles"])
    chair, rec, sec_absent = chair_and_recorder(b, date)
    expected = b.expected(date)
    forced = swap_forced(b, sec_absent, expected)
    if sec_absent and not forced:
        chair, rec = b.secretary_p, (b.recorder_p if b.committee else b.people[1])
    start, end = time_for(b, r.kind, date=r.date)
    place = pick(b.places)
    absentees = choose_absentees(b, date, b.active(date), expected, {chair.name, rec.name},
                                 low_share_for(b, r.kind, date), forced)
    title = f"“{theme}”主题党日" if " " in theme else f"{theme}主题党日"
    brand = None
    if brand_for(b, date) and RNG.random() < 0.15:
        brand = b.brand
        title += f"暨“{BRAND_NAMES[b.brand]}”品牌活动"
    base_fm(r, title, place, (start, end), chair, rec, expected, absentees)
    topics = RNG.sample(topics_for(b, th), RNG.choice([2, 3]))
    if RNG.random() < 0.4:
        topics.append(f"讨论{pick(b.spec)}中的改进措施")
    r.fm["topics"] = topics
    tags = list(TAGS_BY_MONTH.get((date.year, date.month), []))
    if brand:
        tags.append("品牌建设")
    if tags:
        r.fm["tags"] = tags
    if brand:
        r.fm["brand"] = brand
    pre = expected - len(absentees)
    opening = pick(OPEN_ZT).format(date=cn_date(date), tod=tod(start), bshort=b.short, place=place,
                                   m=date.month, chair=chair.name, exp=expected, pre=pre,
                                   theme=theme, abs=absent_clause(absentees))
    ritual = pick(RITUALS)
    studies = RNG.sample(study_for(b, th), 2)
    r.paras = [opening + ritual, studies[0], exchange_para(b, date, {p.name for p, _ in absentees} | {chair.name}),
               summary_para(chair, b)]
    r.optional = [(2, studies[1])]
    if brand:
        r.optional.insert(0, (2, f"活动中，支部结合“{BRAND_NAMES[b.brand]}”品牌建设，安排党员围绕“{BRAND_SLOGANS[b.brand]}”交流了本季度品牌项目的推进情况。"))
    items = RNG.sample(followups(b), 2)
    if absentees and RNG.random() < 0.6:
        items[0] = f"对请假的{join_names([p.name for p, _ in absentees][:3])}{'等同志' if len(absentees) > 3 else ''}，由{rec.name}负责安排补学。"
        if "补学" in items[1]:
            items[1] = pick([x for x in followups(b) if "补学" not in x])
    r.section = ("后续安排", items)
    if low_share_for(b, r.kind, date):
        r.paras.insert(1, LOW_NOTES[b.id])
    return r


def build_zhiweihui(b, date, ctx):
    r = Record(b, "支部委员会", date)
    committee = [p for p in b.committee_p if p.active(date)]
    chair, rec, sec_absent = chair_and_recorder(b, date, allow_swap=len(committee) >= 5)
    expected = len(committee)
    forced = swap_forced(b, sec_absent, expected)
    if sec_absent and not forced:
        chair, rec = b.secretary_p, b.recorder_p
    absentees = choose_absentees(b, date, committee, expected, {chair.name, rec.name}, None, forced)
    start, end = time_for(b, r.kind, date=r.date)
    place = pick(b.places)
    y = date.year
    pairs = [(t.format(y=y), dcs.format(y=y)) for t, dcs in RNG.sample(ZW_MONTH[date.month], 1)]
    pairs += RNG.sample(ZW_GENERAL, RNG.choice([1, 1, 2]))
    if b.style != "retired" and RNG.random() < 0.3:
        mt = pick(DEPT_MATTERS)
        pairs.append((f"研究科室{mt}事项", f"支部同意科室关于{mt}的意见，提交科务会审议后公示"))
    for p, when in ctx["reviews"].get((b.id, date), []):
        pairs.insert(0, (f"审查发展对象{p.name}的入党材料",
                         f"同意将{p.name}同志提交{cn_date(when)}支部党员大会讨论"))
    extra = ctx["term_topics"].get((b.id, date.year, date.month))
    if extra:
        pairs.insert(0, extra)
    pairs = pairs[:4]
    base_fm(r, f"{date.month}月支委会：{pairs[0][0]}", place, (start, end), chair, rec, expected, absentees)
    r.fm["topics"] = [t for t, _ in pairs]
    pre = expected - len(absentees)
    p1 = (f"{cn_date(date)}{tod(start)}，{b.short}在{place}召开{date.month}月支部委员会会议，"
          f"{chair.name}主持，应到支委{expected}名，实到{pre}名{absent_clause(absentees, '支委全部到会')}。")
    lines = [f"会议共研究了{'两' if len(pairs) == 2 else cn_small(len(pairs))}项议题。"]
    for t, _ in pairs[:2]:
        who = pick([p for p in committee if p not in [a for a, _ in absentees]])
        noun = t[2:] if t.startswith("研究") else t
        lines.append(f"关于{noun}，{who.name}作了说明，支委们{pick(DISC)}。")
    r.paras = [p1, "".join(lines)]
    r.optional = [(None, f"{chair.name}要求，{pick(requirements(b))}。")]
    r.section = ("会议决议", [dcs + "。" for _, dcs in pairs])
    return r


def build_xiaozuhui(b, date, ctx, group):
    r = Record(b, "党小组会", date)
    members = b.group_members(group, date)
    leader = b.group_leaders[group]
    recs = [p for p in members if p is not leader and not p.on_leave(date)]
    rec = recs[0] if RNG.random() < 0.7 else recs[1]
    expected = len(members)
    absentees = choose_absentees(b, date, members, expected, {leader.name, rec.name},
                                 low_share_for(b, r.kind, date))
    start, end = time_for(b, r.kind, date=r.date)
    place = pick(b.places)
    th = theme_for(date)
    topic = pick(topics_for(b, th))
    base_fm(r, f"{group}会议：{topic}", place, (start, end), leader, rec, expected, absentees)
    topics = [topic] + RNG.sample([t for t in topics_for(b, th) if t != topic], 1)
    if RNG.random() < 0.3:
        topics.append("收集党员和群众意见")
    r.fm["topics"] = topics
    pre = expected - len(absentees)
    p1 = (f"{cn_date(date)}{tod(start)}，{group}在{place}召开党小组会，党小组长{leader.name}主持，"
          f"应到{expected}人，实到{pre}人{absent_clause(absentees)}。")
    absent_names = {p.name for p, _ in absentees}
    speakers = [p for p in members if p.name not in absent_names and p is not leader]
    n1, n2 = RNG.sample(speakers, 2)
    i1 = insight(b)
    talk = f"{n1.name}谈到，{i1}。{n2.name}表示，{pick([x for x in INSIGHTS[b.style] if x != i1])}。"
    study = pick(study_for(b, th))
    if study.startswith("支部"):
        study = "党小组" + study[2:]
    req = pick(requirements(b))
    req = req[2:] if req.startswith("支部要") else req
    r.paras = [p1, study, talk]
    r.optional = [(None, f"最后，{leader.name}要求小组成员{req}。")]
    r.section = ("后续安排", RNG.sample(followups(b), RNG.choice([1, 2])))
    if low_share_for(b, r.kind, date):
        r.paras.insert(1, LOW_NOTES[b.id])
    return r


def build_dahui(b, date, ctx, special=None, quarter=None, admit=(), confirm=()):
    r = Record(b, "支部党员大会", date)
    chair, rec, sec_absent = chair_and_recorder(b, date, allow_swap=not (special or admit or confirm))
    expected = b.expected(date)
    forced = swap_forced(b, sec_absent, expected)
    if sec_absent and not forced:
        chair, rec = b.secretary_p, (b.recorder_p if b.committee else b.people[1])
    audience = [p for p in b.active(date) if p not in admit]
    protect = {chair.name, rec.name} | {p.name for p in confirm}
    low = low_share_for(b, r.kind, date)
    if special:
        low = None
    absentees = choose_absentees(b, date, audience, expected, protect, low, forced)
    if special:  # elections need a full house: keep at most 10 %
        absentees = absentees[: expected // 10]
    start, end = time_for(b, r.kind, date=r.date)
    place = pick(b.places)
    pre = expected - len(absentees)
    q = quarter or quarter_of(date.month)
    guests = []
    if special == "founding":
        title = f"{b.name}成立大会暨第一次党员大会"
        topics = ["宣读院党委关于成立党支部的通知", "选举支部书记", "研究支部近期工作"]
        leader = ctx["liaison"][b.id]
        guests = [f"{leader}（{LEADER_TITLES[leader]}）", "方明哲（组织人事科科长）"]
        body1 = (f"{cn_date(date)}{tod(start)}，{b.name}成立大会暨第一次党员大会在{place}召开，"
                 f"应到党员{expected}名，实到{pre}名{absent_clause(absentees)}。{leader}到会指导。")
        body2 = (f"会上宣读了院党委《关于成立治未病中心党支部及有关事项的通知》（澄中医党〔2024〕3号）。"
                 f"因正式党员不足七名，支部不设委员会。会议以无记名投票方式选举{b.secretary_p.name}为支部书记，"
                 f"全票当选，结果报院党委审批。")
        body3 = (f"{leader}在讲话中希望新支部把党建工作与治未病服务紧密结合起来，"
                 f"在健康管理、中医体质辨识和慢病预防中发挥党员作用。{b.secretary_p.name}代表支部作了表态发言。")
        r.paras = [body1, body2, body3]
        r.section = ("会议决议", ["选举产生支部书记，报院党委审批。",
                                 "由书记牵头在一个月内制定支部年度工作计划和主题党日安排。",
                                 "支部党员分别与本中心群众结对，收集服务改进意见。"])
    elif special == "election":
        title = f"{b.short}换届选举党员大会"
        topics = ["听取和审议上届支部委员会工作报告", "选举产生新一届支部委员会", "新一届支委会分工"]
        leader = ctx["liaison"][b.id]
        guests = [f"{leader}（{LEADER_TITLES[leader]}）"]
        committee = [p for p in b.committee_p]
        voters = pre - sum(1 for p in b.active(date) if p.status(date) == "预备" and p not in [a for a, _ in absentees])
        body1 = (f"{cn_date(date)}{tod(start)}，{b.name}在{place}召开换届选举党员大会，"
                 f"应到党员{expected}名，实到{pre}名{absent_clause(absentees)}，到会人数符合规定。"
                 f"{leader}到会指导。")
        body2 = (f"大会听取并审议了上届支部委员会工作报告，回顾了任期内支部在组织建设、党员教育和服务群众方面的工作。"
                 f"经院党委批复同意，本次选举采取无记名投票、差额选举的办法，发出选票{voters}张，收回{voters}张，全部有效。"
                 f"{join_names([p.name for p in committee])}当选为新一届支部委员会委员。")
        posts = "，".join(f"{p.name}任{p.post}" for p in committee[1:])
        body3 = (f"随后召开的新一届支部委员会第一次会议选举{committee[0].name}为支部书记，{posts}。"
                 f"{leader}在讲话中对新一届支委会提出了履职要求。")
        r.paras = [body1, body2, body3]
        r.section = ("会议决议", ["选举结果报院党委审批。",
                                 "新一届支委会在一个月内完成工作交接，制定任期工作目标。"])
    else:
        pairs = list(DAHUI_Q[q])
        if RNG.random() < 0.3:
            pairs.append(pick(DAHUI_GENERAL))
        lines, front = [], []
        for p in admit:
            intro = [x.name for x in RNG.sample([x for x in b.active(date) if x.status(date) == "正式" and x not in [a for a, _ in absentees] and x.name not in (chair.name, rec.name)], 2)]
            front.append((f"讨论接收{p.name}同志为预备党员", f"同意接收{p.name}同志为中共预备党员，报院党委审批"))
            lines.append(f"会议讨论了发展对象{p.name}同志的入党申请。{p.name}汇报了对党的认识和个人情况，"
                         f"入党介绍人{intro[0]}、{intro[1]}介绍了培养考察情况，{rec.name}代表支委会报告了审查意见。"
                         f"经有表决权的正式党员举手表决，一致同意接收{p.name}同志为中共预备党员。")
        for p in confirm:
            front.append((f"讨论{p.name}同志预备党员转正", f"同意{p.name}同志按期转为中共正式党员，报院党委审批"))
            lines.append(f"会议讨论了预备党员{p.name}同志的转正申请。{p.name}汇报了预备期的表现，"
                         f"支委会和入党介绍人发表了意见。经表决，一致同意{p.name}同志按期转正。")
        pairs = (front + pairs)[:4]
        title = f"第{CN_NUM[q]}季度支部党员大会：{pairs[0][0]}"
        topics = [t for t, _ in pairs]
        body1 = (f"{cn_date(date)}{tod(start)}，{b.short}在{place}召开第{CN_NUM[q]}季度支部党员大会，{chair.name}主持。"
                 f"应到党员{expected}名，实到{pre}名{absent_clause(absentees)}，到会人数超过应到会人数的半数。")
        if not lines:
            t0 = pairs[0][0]
            lines.append(f"会议首先{t0}。{chair.name}结合{pick(b.spec)}等工作作了说明，与会党员进行了讨论。")
        r.paras = [body1, "".join(lines[:2]), summary_para(chair, b)]
        r.optional = [(-1, exchange_para(b, date, {p.name for p, _ in absentees} | {p.name for p in admit} | {chair.name}))]
        r.section = ("会议决议", [dc + "。" for _, dc in pairs])
        if low and b.id in LOW_NOTES:
            r.paras.insert(1, LOW_NOTES[b.id])
    base_fm(r, title, place, (start, end), chair, rec, expected, absentees)
    if guests:
        r.fm["guests"] = guests
    r.fm["topics"] = topics
    if special == "election":
        r.fm["tags"] = ["换届选举"]
    if admit:
        r.fm["tags"] = ["发展党员"]
    return r


def build_dangke(b, date, ctx, quarter):
    r = Record(b, "党课", date)
    sec = b.secretary_p
    if quarter == 1 or not b.committee or (b.founded and (date.year, quarter) == (b.founded.year, quarter_of(b.founded.month))):
        lecturer = sec
    else:
        lecturer = pick([p for p in b.committee_p if p.active(date)])
    if lecturer is sec and b.committee:
        chair = b.by_post("副书记") or b.by_post("组织委员")
    else:
        chair = sec
    rec = b.by_post("宣传委员") or b.recorder_p if b.committee else b.people[1]
    if rec is chair or rec is lecturer:
        rec = next(p for p in [b.recorder_p, b.by_post("宣传委员"), b.by_post("纪检委员"), b.people[1]]
                   if p and p is not chair and p is not lecturer)
    expected = b.expected(date)
    absentees = choose_absentees(b, date, b.active(date), expected, {chair.name, rec.name, lecturer.name})
    start, end = time_for(b, r.kind, date=r.date)
    place = pick(b.places)
    pool = DANGKE_SUBJECTS[date.year] + DANGKE_STYLE[b.style]
    used = ctx["subjects_used"].setdefault(b.id, set())
    cands = [x for x in pool if x[0] not in used] or pool
    subject, points = pick(cands)
    used.add(subject)
    role = "支部书记" if lecturer is sec else f"支部{lecturer.post}"
    base_fm(r, f"党课：{subject}", place, (start, end), chair, rec, expected, absentees)
    r.fm["lecturer"] = lecturer.name
    r.fm["subject"] = subject
    r.fm["topics"] = [f"{role}讲授党课", "交流学习体会"] + (["布置课后学习任务"] if RNG.random() < 0.4 else [])
    pre = expected - len(absentees)
    p1 = (f"{cn_date(date)}{tod(start)}，{b.short}在{place}开展第{CN_NUM[quarter]}季度党课，"
          f"由{role}{lecturer.name}以“{subject}”为题授课，{chair.name}主持，应到党员{expected}名，"
          f"实到{pre}名{absent_clause(absentees)}。")
    p2 = (f"{lecturer.name}从{points[0]}、{points[1]}、{points[2]}三个方面展开讲授，"
          f"{pick(DANGKE_EXAMPLES)}。")
    p3 = f"授课中，{lecturer.name}还结合{pick(b.spec)}的实际，与大家讨论了党员在岗位上应当怎样做。"
    absent_names = {p.name for p, _ in absentees} | {lecturer.name, chair.name}
    n1 = pick([p for p in b.active(date) if p.name not in absent_names])
    p4 = f"课后，{n1.name}谈了听课体会，表示{insight(b)}。{chair.name}对本次党课作了小结。"
    r.paras = [p1, p2, p4]
    r.optional = [(2, p3)]
    r.section = ("后续安排", [pick(["党课讲稿和课件上传支部学习园地，供请假党员补学。",
                                    "党课讲稿报院党委党政综合办公室备案。",
                                    "请党员围绕本次党课内容撰写学习体会。"]),
                              pick(followups(b))])
    return r


def build_zuzhi(b, date, ctx, start):
    r = Record(b, "组织生活会", date)
    chair, rec = b.secretary_p, (b.recorder_p if b.committee else b.people[1])
    expected = b.expected(date)
    absentees = choose_absentees(b, date, b.active(date), expected, {chair.name, rec.name})
    absentees = absentees[: max(0, expected // 10)]
    start, end = time_for(b, r.kind, start, r.date)
    place = pick(b.places)
    leader = ctx["liaison"][b.id]
    y = date.year
    focus = {2024: "巩固党纪学习教育成果", 2025: "深入贯彻中央八项规定精神"}[y]
    base_fm(r, f"{y}年度组织生活会", place, (start, end), chair, rec, expected, absentees)
    r.fm["guests"] = [f"{leader}（{LEADER_TITLES[leader]}）"]
    r.fm["topics"] = ["通报上年度组织生活会整改情况", "支委会对照检查", "党员开展批评和自我批评", "民主评议党员"]
    r.fm["tags"] = ["组织生活会"]
    pre = expected - len(absentees)
    k = RNG.randint(6, 15)
    probs = RNG.sample(ZUZHI_PROBLEMS, 3)
    n1, n2 = two_speakers(b, date, {p.name for p, _ in absentees} | {chair.name})
    p1 = (f"{cn_date(date)}{tod(start)}，{b.short}在{place}召开{y}年度组织生活会，会议以“{focus}”为主题，"
          f"{chair.name}主持，{leader}到会指导。应到党员{expected}名，实到{pre}名{absent_clause(absentees)}。")
    p2 = (f"会前，支部通过座谈和问卷征求党员群众意见建议{k}条，支委之间、支委与党员之间开展了谈心谈话，"
          f"{chair.name}代表支委会起草了对照检查材料。")
    p3 = (f"会上，{chair.name}通报了上年度组织生活会整改落实情况，代表支委会作对照检查，查摆出{probs[0]}、"
          f"{probs[1]}、{probs[2]}等问题。随后党员逐一发言，开展批评和自我批评。{n1.name}向{n2.name}提出，"
          f"{pick(CRITICISMS)}；{n2.name}表示虚心接受、认真改进。")
    p4 = f"{leader}在点评中肯定了会议准备充分、查摆问题具体，要求支部把整改清单落到实处，做到件件有回音。"
    r.paras = [p1, p2, p3, p4]
    r.section = ("会议决议", [x + "。" for x in RNG.sample(RECTIFY, 3)])
    return r, end


def build_pingyi(b, date, ctx, start, zuzhi):
    """Held right after the 组织生活会: same room, same people."""
    r = Record(b, "民主评议党员", date)
    chair, rec = b.secretary_p, (b.recorder_p if b.committee else b.people[1])
    expected = zuzhi.fm["expected"]
    names = {a["name"] for a in zuzhi.fm.get("absentees", [])}
    reasons = {a["name"]: a["reason"] for a in zuzhi.fm.get("absentees", [])}
    absentees = [(p, reasons[p.name]) for p in b.people if p.name in names]
    start, end = time_for(b, r.kind, start, r.date)
    place = zuzhi.fm["place"]
    y = date.year
    pre = expected - len(absentees)
    good = max(1, round(expected * RNG.uniform(0.18, 0.28)))
    base_fm(r, f"{y}年度民主评议党员", place, (start, end), chair, rec, expected, absentees)
    r.fm["topics"] = ["党员个人自评", "党员互评", "民主测评", "支部评定等次"]
    r.fm["tags"] = ["民主评议"]
    p1 = (f"组织生活会后，{b.short}接着开展{y}年度民主评议党员工作，{chair.name}主持，"
          f"应到党员{expected}名，实到{pre}名{absent_clause(absentees)}。")
    p2 = ("评议按照个人自评、党员互评、民主测评、组织评定的程序进行。参评党员逐一对照合格党员标准，"
          "从政治表现、履职尽责、遵守纪律、服务群众等方面作自我评价，与会党员填写民主测评表。")
    tail = "请假党员的测评表由本人会后补填。" if absentees else ""
    p3 = (f"支委会综合测评结果和党员日常表现，评定优秀等次党员{good}名，其余党员均为合格等次，"
          f"无基本合格和不合格党员。{tail}")
    r.paras = [p1, p2, p3]
    r.section = ("后续安排", ["评议结果在支部内公示五个工作日，无异议后报院党委。",
                              "对测评中群众意见相对集中的党员，由书记进行提醒谈话。"])
    return r


def build_tanxin(b, date, ctx):
    r = Record(b, "谈心谈话", date)
    sec = b.secretary_p
    rec = b.recorder_p if b.committee else b.people[1]
    talkers = [p for p in b.active(date) if p is not sec and p is not rec and not p.on_leave(date)]
    n = min(len(talkers), RNG.randint(4, 8))
    who = RNG.sample(talkers, n)
    start, end = time_for(b, r.kind, date=r.date)
    place = pick(b.places + ["支部书记办公室"])
    base_fm(r, pick(["支部书记与党员谈心谈话", "支部书记集中谈心谈话", "书记谈心谈话：听心声、解难题"]),
            place, (start, end), sec, rec, n, [])
    focus = RNG.sample(["思想动态", "工作压力", "职业发展", "家庭困难", "对支部工作的意见", "对科室管理的建议"], 3)
    r.fm["topics"] = [f"了解党员{x}" for x in focus[:2]] + ["收集意见建议"]
    p1 = (f"{cn_date(date)}，支部书记{sec.name}在{place}与{join_names([p.name for p in who])}等{n}名党员"
          f"逐一开展谈心谈话，{rec.name}记录。")
    k = RNG.randint(3, 9)
    p2 = (f"谈话围绕{focus[0]}、{focus[1]}和{focus[2]}展开。{sec.name}结合每个人的岗位和近期工作，"
          f"既肯定成绩，也坦诚指出不足，鼓励大家在{pick(b.spec)}等工作中多担当。")
    p3 = (f"谈话中党员共提出意见建议{k}条，主要集中在{pick(['排班和休息安排', '进修学习机会', '科室设备更新', '年轻同志培养'])}"
          f"和{pick(['患者沟通', '信息系统操作', '学习形式', '绩效考核'])}等方面。")
    r.paras = [p1, p2, p3]
    r.section = ("后续安排", ["意见建议提交支委会逐条研究，能解决的本月内解决。",
                              pick(["对家庭有困难的党员，支部将报院工会申请帮扶。",
                                    "对有进修意愿的同志，支部向科室提出推荐意见。",
                                    "谈话情况记入支部谈心谈话台账。"])])
    return r


ILLS = {
    "neike-yi": ["高血压", "冠心病", "慢性咳嗽", "心悸失眠"],
    "neike-er": ["胃肠不适", "糖尿病", "慢性肾病", "脂肪肝"],
    "waike": ["痔疮", "腹股沟疝", "胆结石", "术后康复"],
    "fuer": ["月经不调", "儿童反复感冒", "小儿积食", "产后调理"],
    "zhenjiu-tuina": ["颈肩腰腿痛", "失眠", "面瘫", "中风后康复"],
    "guke": ["骨质疏松", "膝关节疼痛", "腰椎间盘突出", "老年人防跌倒"],
    "jizhen": ["心肺复苏", "外伤止血包扎", "中暑急救", "气道异物梗阻"],
    "zhiweibing": ["体质调理", "亚健康", "冬令进补", "四季养生"],
}


def brand_for(b, date):
    return b.brand if b.brand and BRANDS[b.brand]["started"] <= date else None


def team(b, date, n):
    cands = [p for p in b.active(date) if not p.on_leave(date)]
    lead = b.secretary_p
    others = [p for p in cands if p is not lead]
    return [lead] + RNG.sample(others, min(n - 1, len(others)))


def build_yizhen(b, date, ctx, occasion):
    r = Record(b, "义诊", date)
    comm, place = pick(COMMUNITIES)
    size = min(RNG.randint(5, 9), len(b.active(date)))
    members = team(b, date, size)
    chair, rec = members[0], members[1]
    absentees = []
    if size >= 5 and RNG.random() < 0.3:
        a = members[-1]
        absentees = [(a, pick(["临时手术", "急诊抢救", "门诊加号"]))]
    weekend = date.weekday() >= 5
    start, end = ("08:30", "11:30") if weekend or RNG.random() < 0.6 else ("14:00", "16:30")
    start, end = book(b, date, start, end)
    title = f"“{occasion}”义诊走进{comm}"
    base_fm(r, title, place, (start, end), chair, rec, size, absentees)
    r.fm["topics"] = ["专家义诊咨询", "中医体质辨识", "健康知识宣教"]
    r.fm["tags"] = ["义诊", "健康宣教"]
    if brand_for(b, date):
        r.fm["brand"] = b.brand
    present = [p for p in members if p not in [a for a, _ in absentees]]
    n = RNG.randint(80, 260)
    k = RNG.randint(20, 70)
    m = RNG.randrange(200, 600, 10)
    brand_clause = f"，这是支部“{BRAND_NAMES[b.brand]}”品牌的系列活动之一" if brand_for(b, date) else ""
    p1 = (f"{cn_date(date)}{tod(start)}，{b.short}组织{len(present)}名党员医务人员来到{place}，"
          f"开展“{occasion}”主题义诊{brand_clause}。{chair.name}带队，{join_names([p.name for p in present[1:4]])}等参加。"
          + (f"原定参加的{absentees[0][0].name}因{absentees[0][1]}未能前往。" if absentees else ""))
    p2 = (f"义诊现场设置了专家咨询、中医体质辨识、血压血糖测量等服务台，党员专家为群众解读检查报告，"
          f"并围绕{join_names(RNG.sample(ILLS[b.id], 2))}等问题给出了个性化建议。")
    p3 = f"活动共接诊群众{n}人次，开展中医体质辨识{k}人次，发放健康宣传资料{m}份。"
    p4 = pick(["一位七十多岁的老人拿着体质辨识报告说，在家门口就能找专家看病，省了不少来回奔波。",
               "不少居民是听说中医院专家要来，专门带着病历和药盒提前排队的。",
               "社区工作人员表示，希望这样的义诊能固定下来，每季度来一次。"])
    r.paras = [p1, p2, p3]
    r.optional = [(None, p4)]
    r.section = ("后续安排", [f"对义诊中发现的{RNG.randint(3, 12)}名需要进一步检查的群众，已登记联系方式并协助预约门诊。",
                              pick(["活动照片和服务数据报院党委党政综合办公室。",
                                    "与社区商定下次义诊时间，建立常态化联系机制。"])])
    return r


def build_jiedui(b, date, ctx, what):
    r = Record(b, "结对共建", date)
    info = JIEDUI_KINDS[what]
    size = min(RNG.randint(5, 8), len(b.active(date)))
    members = team(b, date, size)
    chair, rec = members[0], (b.recorder_p if b.recorder_p in members else members[1])
    at_partner = what in ("qianyue", "chafang", "bangfu", "huli")
    place = f"{PARTNER}会议室" if at_partner else pick(b.places)
    start, end = "14:00", hhmm_add("14:00", RNG.randrange(120, 181, 10))
    start, end = book(b, date, start, end)
    base_fm(r, info["title"], place, (start, end), chair, rec, size, [])
    guests = [f"{PARTNER_SECRETARY}（{PARTNER_BRANCH}书记）"]
    if what == "qianyue":
        guests.insert(0, f"{LEADERS['fushuji']}（{LEADER_TITLES[LEADERS['fushuji']]}）")
    r.fm["guests"] = guests
    r.fm["topics"] = ["通报双方党建和业务情况", "商定共建事项", "开展业务帮扶"]
    r.fm["tags"] = ["结对共建"]
    if brand_for(b, date):
        r.fm["brand"] = b.brand
    p1 = (f"{cn_date(date)}{tod(start)}，{b.short}{size}名党员与{PARTNER_BRANCH}开展结对共建活动，"
          f"{chair.name}带队，{PARTNER_BRANCH}书记{PARTNER_SECRETARY}参加。")
    r.paras = [p1, info["text"], info["more"]]
    r.optional = [(None, f"{PARTNER_SECRETARY}表示，结对共建让民营医院的党员和医护人员开阔了眼界，希望双方在人才培养和质量管理方面继续深化合作。")]
    r.section = ("后续安排", ["双方各指定一名联络员，按季度沟通共建事项。",
                              pick(["下季度安排对方医护人员来院进修学习。",
                                    "共建情况纳入支部年度工作总结。",
                                    "联合开展一次基层义诊活动。"])])
    return r


def build_zhiyuan(b, date, ctx, what):
    r = Record(b, "志愿服务", date)
    info = ZHIYUAN_KINDS[what]
    size = min(RNG.randint(5, 10), len(b.active(date)))
    members = team(b, date, size)
    chair, rec = members[0], members[1]
    start, end = pick([("08:00", "11:30"), ("08:30", "11:00"), ("14:00", "16:30")])
    start, end = book(b, date, start, end)
    base_fm(r, info["title"], info["place"], (start, end), chair, rec, size, [])
    r.fm["topics"] = ["党员志愿服务"] + (["健康宣教"] if "健康宣教" in info["tags"] else ["便民服务"])
    r.fm["tags"] = info["tags"]
    if brand_for(b, date) and what in ("jindu", "zixun", "hushi", "xiaoyuan", "daoyi"):
        r.fm["brand"] = b.brand
    a, bb, c = RNG.randint(40, 180), RNG.randint(8, 40), RNG.randrange(100, 400, 10)
    if what == "xianxue":
        a = RNG.randint(28, 46)
        bb = RNG.randint(12, a - 8)
        c = a * pick([200, 300, 300, 400])
        r.meta = {"donors": a, "volume": c}
    p1 = f"{cn_date(date)}{tod(start)}，{b.short}组织{size}名党员在{info['place']}开展{info['title']}。{chair.name}带队。"
    p3 = info["numbers"].format(a=a, b=bb, c=c) + "。"
    r.paras = [p1, info["text"], p3]
    r.optional = [(None, pick(["活动结束后，志愿者们进行了简短交流，大家表示这样的服务要常态化坚持下去。",
                        "不少群众向身穿红马甲的党员志愿者竖起大拇指。",
                        "参加活动的年轻党员说，离开诊室走到群众中间，更能体会到服务的意义。"]))]
    r.section = ("后续安排", [pick(["志愿服务时长计入党员志愿服务记录。", "活动情况在院内网党建专栏报道。"]),
                              pick(["下次活动由党员轮流报名参加。", "将群众提出的问题转交相关科室处理。"])])
    return r


# --------------------------------------------------------------------------------------------
# brand projects (一支部一品牌)
# --------------------------------------------------------------------------------------------

BRANDS = {
    "xinmai-xianfeng": dict(
        name="心脉先锋", branch="neike-yi", slogan="守护心肺健康，党员冲在前",
        meaning="“心”指心血管，“脉”指气血运行，也指党员与群众血脉相连；“先锋”是对每名党员的要求：抢救在前、随访在前、科普在前。",
        started=d("2021-07-01"),
        goals=["胸痛患者从进门到球囊扩张时间稳定在90分钟以内", "慢性心衰和慢阻肺患者出院随访率达到95%以上",
               "每名党员每年至少开展一次社区健康讲座"],
        measures=["党员担任胸痛中心各环节质控员", "建立心衰、慢阻肺患者中西医结合随访档案",
                  "“心脉讲堂”每月进社区一次", "党员医师与基层卫生院医生结对带教"],
        plan={2024: ["完善胸痛中心流程，开展季度演练", "启动心衰患者居家随访小程序试点", "社区讲座不少于10场"],
              2025: ["心脏康复门诊常态化运行", "慢阻肺冬病夏治服务扩展到两个社区", "与三家卫生院建立转诊通道"],
              2026: ["形成心衰中西医结合随访规范", "品牌经验在全院推广", "参评市级优秀党建品牌"]},
        milestones=[("2021-07-01", "品牌在七一主题党日上正式发布"), ("2022-05-18", "“心脉讲堂”首场社区讲座开讲"),
                    ("2023-11-09", "胸痛中心通过区域胸痛中心认证复核"), ("2024-06-20", "心衰患者居家随访试点启动"),
                    ("2025-09-25", "心脏康复门诊全年服务突破两千人次")],
        honours=[("2022-06-28", "院级优秀党建品牌", "院级"), ("2024-06-27", "澄州市卫生健康系统优秀党建品牌", "市级")],
        body=["“心脉先锋”是内科第一党支部立足心血管和呼吸专科特点打造的党建品牌。支部把党员身份亮在胸痛中心的每一个关键岗位上，从急诊接诊、心电图传输到导管室启动，每个环节都有一名党员负责质量追踪。",
              "品牌创建以来，支部坚持“抢救在前、随访在前、科普在前”。针对心衰和慢阻肺患者反复住院的问题，党员医师牵头建立中西医结合随访档案，出院后第一周、第一个月和第三个月分别电话随访，发现病情变化及时调整方案。",
              "“心脉讲堂”是品牌的另一张名片。党员医生利用周末走进社区、企业和养老机构，讲解胸痛早期识别、家庭急救和冬病夏治等知识，很多居民通过讲堂第一次知道了“胸痛要打120、不要自己扛”。",
              "下一步，支部将把随访经验整理成规范，在全院推广，并继续深化与基层卫生院的结对带教，让更多心肺疾病患者在家门口得到规范治疗。"]),
    "qihuang-humiao": dict(
        name="岐黄护苗", branch="fuer", slogan="岐黄守护，伴苗成长",
        meaning="以中医药特色守护妇女儿童健康，把党员的责任落在孕产期保健、小儿推拿和儿童常见病中医调护上。",
        started=d("2022-03-08"),
        goals=["小儿推拿门诊年服务量稳步增长", "每年开展“岐黄护苗”进校园、进幼儿园活动不少于6场",
               "孕产妇中医保健指导覆盖全部建档孕妇"],
        measures=["党员牵头编写儿童常见病中医调护手册", "开设孕期中医保健课堂", "与辖区幼儿园结对开展健康讲座"],
        plan={2024: ["编印儿童常见病中医调护手册", "开展进幼儿园活动6场"],
              2025: ["开设孕期中医保健课堂", "儿童哮喘中医调护门诊试运行"],
              2026: ["总结儿童哮喘调护经验", "进校园活动扩展到城乡结合部学校"]},
        milestones=[("2022-03-08", "品牌创建启动"), ("2023-06-01", "首场“岐黄护苗”进幼儿园活动"),
                    ("2024-09-10", "《儿童常见病中医调护手册》印发"), ("2025-04-15", "孕期中医保健课堂开课")],
        honours=[("2024-06-27", "院级优秀党建品牌", "院级")],
        body=["妇儿党支部的党员大多是妇产科和儿科的骨干医生、护士。支部把“岐黄护苗”作为品牌，意在用中医药的方法守护妈妈和孩子的健康。",
              "支部党员利用业余时间编写了儿童常见病中医调护手册，把小儿推拿、饮食调理和穴位保健写成家长看得懂的图文，在门诊和幼儿园免费发放。孕期中医保健课堂则由党员医生和助产士轮流授课，讲解孕期饮食、情志调摄和产后康复。",
              "品牌创建让党员在服务中找到了位置，也带动了科室业务发展。支部将继续把品牌活动和儿童哮喘、生长发育等专病门诊建设结合起来。"]),
    "yinzhen-nuanxin": dict(
        name="银针暖心", branch="zhenjiu-tuina", slogan="一根银针，一片丹心",
        meaning="以针灸推拿技术为载体，党员带头把中医适宜技术送进社区和乡村，让群众在家门口感受中医药的温度。",
        started=d("2020-10-15"),
        goals=["每年培训基层医生掌握中医适宜技术不少于30人次", "社区针灸推拿义诊每季度不少于1次",
               "康复患者居家训练指导覆盖全部出院患者"],
        measures=["党员专家下沉社区卫生服务中心坐诊", "举办中医适宜技术培训班", "录制居家康复训练视频"],
        plan={2024: ["适宜技术培训班两期", "社区义诊4次"], 2025: ["录制居家康复训练视频10集", "建立基层带教点2个"],
              2026: ["带教点扩展到4个", "总结适宜技术推广经验"]},
        milestones=[("2020-10-15", "品牌创建启动"), ("2022-12-20", "首个基层带教点挂牌"),
                    ("2024-04-20", "“银针暖心”社区服务站揭牌"), ("2025-08-30", "居家康复训练视频上线")],
        honours=[("2023-06-28", "院级优秀党建品牌", "院级"), ("2025-06-26", "澄州市卫生健康系统先锋党支部", "市级")],
        body=["针灸推拿党支部的“银针暖心”品牌，起步于党员专家每月一次的社区义诊。群众最常见的颈肩腰腿痛、中风后遗症，往往要反复治疗，来回跑医院很不方便。",
              "支部于是把重心放在“教会基层、方便群众”上：党员专家在社区卫生服务中心挂牌带教，手把手教基层医生针刺、艾灸和推拿手法；针对出院的康复患者，支部录制了居家训练视频，患者和家属扫码就能看。",
              "几年来，品牌从一个义诊活动，逐步变成了覆盖培训、带教、康复随访的服务体系，也成为年轻党员锻炼成长的平台。"]),
    "zhenggu-renxin": dict(
        name="正骨仁心", branch="guke", slogan="手法传承，仁心正骨",
        meaning="传承中医正骨手法，以党建联建带动民营医院骨伤专科发展，让群众享受同质化的骨伤诊疗服务。",
        started=d("2021-04-12"),
        goals=["每年举办正骨手法传承培训不少于2期", f"与{PARTNER}结对共建每年不少于2次",
               "老年髋部骨折患者48小时内手术率稳步提高"],
        measures=["名老中医正骨手法师带徒", f"与{PARTNER}开展联合查房和技术帮扶", "建立老年髋部骨折绿色通道"],
        plan={2024: [f"与{PARTNER}签订结对共建协议", "正骨手法传承培训两期"],
              2025: ["开展联合党课和联合查房", "老年髋部骨折绿色通道全流程质控"],
              2026: ["共建协议中期评估", "小夹板外固定技术推广到基层"]},
        milestones=[("2021-04-12", "品牌创建启动，名老中医工作室师带徒结对"), ("2024-10-24", f"与{PARTNER}党支部签订结对共建协议"),
                    ("2025-03-27", "两院党支部首次联合上党课"), ("2026-04-23", "结对共建中期交流")],
        honours=[("2023-06-28", "院级优秀党建品牌", "院级"), ("2025-12-18", "澄州市公立医院与民营医院党建联建优秀案例", "市级")],
        body=["骨伤科是医院的传统优势学科，几代名老中医留下了独具特色的正骨手法和小夹板外固定技术。“正骨仁心”品牌的第一层含义，就是把这些手法原原本本地传下去。支部组织年轻党员医师与名老中医结成师徒，每周跟诊、每月考核。",
              f"品牌的第二层含义是“仁心”。2024年起，支部与{PARTNER}党支部结对共建，把公立中医医院的规范和经验带到民营医院：联合查房、联合党课、护理质控互查，帮助对方提升骨伤诊疗和党建工作的规范化水平。",
              "在院内，支部推动建立老年髋部骨折绿色通道，党员医生牵头多学科协作，尽量缩短术前等待时间。品牌建设与学科发展同步推进，是支部最大的体会。"]),
    "shengming-lvdao": dict(
        name="生命绿道", branch="jizhen", slogan="分秒必争，生命至上",
        meaning="以急危重症救治为中心，党员在预检分诊、抢救和院内转运的每一个环节把关，为患者打通生命的绿色通道。",
        started=d("2021-09-01"),
        goals=["急危重症患者抢救成功率保持在较高水平", "院内转运不良事件持续下降", "每年开展急救知识普及不少于8场"],
        measures=["党员先锋岗覆盖预检分诊和抢救室", "每季度开展联合急救演练", "急救知识进企业、进学校"],
        plan={2024: ["完成三大中心联合演练4次", "急救知识普及8场"], 2025: ["建立危重患者转运核查表", "培训社区急救员100名"],
              2026: ["重症患者中医药早期干预方案试行", "急救培训覆盖辖区中小学"]},
        milestones=[("2021-09-01", "品牌创建启动"), ("2023-03-15", "急诊党员先锋岗全覆盖"),
                    ("2024-11-16", "急救知识进企业活动启动"), ("2025-10-10", "危重患者转运核查表全院推行")],
        honours=[("2022-06-28", "院级先进基层党组织", "院级"), ("2024-06-27", "澄州市卫生健康系统先锋党支部", "市级")],
        body=["急诊重症党支部的党员常说，急诊的每一分钟都是患者的生命。“生命绿道”品牌由此而来。",
              "支部在预检分诊台、抢救室和重症监护室设立党员先锋岗，党员带头承担夜班和节假日值守。针对危重患者院内转运风险，支部党员牵头制定转运核查表，把设备、药品、人员的核对细化到每一项。",
              "品牌还向院外延伸：党员医护人员走进企业和学校，教群众心肺复苏和自动体外除颤器的使用。支部希望，每一位学会急救的群众，都能成为生命绿道的一段。"]),
    "weibing-xianxing": dict(
        name="未病先行", branch="zhiweibing", slogan="治未病，党员先行",
        meaning="发挥中医“治未病”优势，党员带头把健康管理和中医养生知识送到群众身边，做群众健康的“守门人”。",
        started=d("2025-03-01"),
        goals=["每年开展中医体质辨识进社区不少于6场", "三伏贴、三九贴服务规范化", "建立重点人群健康管理档案"],
        measures=["党员牵头制定体质辨识服务规范", "“节气养生课堂”每个节气一讲", "与社区合作开展慢病风险评估"],
        plan={2025: ["品牌创建启动，制定服务规范", "节气养生课堂开讲"], 2026: ["建立重点人群健康档案", "体质辨识进社区6场"]},
        milestones=[("2024-07-01", "治未病中心党支部成立"), ("2025-03-01", "品牌创建启动"),
                    ("2025-07-12", "三伏养生义诊暨节气养生课堂首讲")],
        honours=[],
        body=["治未病中心党支部成立于2024年7月，是全院最年轻、人数最少的党支部。支部成立后，党员们商量的第一件事，就是怎样让“治未病”的理念走出诊室。",
              "2025年3月，支部启动“未病先行”品牌创建。党员牵头制定了中医体质辨识服务规范，开设“节气养生课堂”，每逢节气由党员医师讲解饮食起居和穴位保健，三伏、三九期间则组织义诊和敷贴指导。",
              "支部人虽少，但分工明确：书记抓统筹，党员各包一个合作社区。品牌创建刚刚起步，支部将在实践中不断完善。"]),
    "bencao-jiangxin": dict(
        name="本草匠心", branch="yaoji", slogan="药香守初心，匠心护安全",
        meaning="以工匠精神守护中药质量和用药安全，党员在饮片验收、处方审核、临床药学服务中当标杆。",
        started=d("2020-06-30"),
        goals=["中药饮片验收合格率100%", "处方前置审核覆盖全部门诊处方", "每年开展合理用药宣传不少于6场"],
        measures=["党员担任饮片验收和处方审核质控员", "临床药师随党员医师查房", "“本草课堂”进社区、进校园"],
        plan={2024: ["处方前置审核系统上线", "合理用药宣传6场"], 2025: ["中药文化进校园", "代煎代配服务流程优化"],
              2026: ["院内制剂质量提升", "总结处方审核经验"]},
        milestones=[("2020-06-30", "品牌创建启动"), ("2022-09-01", "中药饮片验收党员质控岗设立"),
                    ("2024-05-15", "处方前置审核系统上线"), ("2025-09-16", "“本草课堂”首次走进小学")],
        honours=[("2021-06-28", "院级优秀党建品牌", "院级"), ("2023-06-27", "澄州市卫生健康系统先锋党支部", "市级"),
                 ("2025-06-25", "全省卫生健康系统优秀党建案例", "省级")],
        body=["药剂党支部的党员分布在中药房、西药房、临床药学和制剂室。“本草匠心”品牌，就是要求每个人像工匠一样对待每一味药、每一张处方。",
              "在中药饮片验收环节，党员质控员坚持逐批查验性状、气味和水分，不合格的一律退货；处方前置审核系统上线后，党员药师带头审方，把不合理处方拦在调配之前。",
              "品牌的另一半在窗口之外。支部党员每年在禁毒日、世界家庭医生日等节点走进社区和学校，开展“本草课堂”，讲解合理用药和中药文化。孩子们捧着自己做的中药香囊，是支部党员最喜欢的照片。"]),
    "xinglin-huhang": dict(
        name="杏林护航", branch="huli", slogan="杏林有爱，护航健康",
        meaning="以中医护理特色为依托，党员护士在优质护理、延续护理和护理质量管理中发挥先锋作用。",
        started=d("2019-05-12"),
        goals=["中医护理技术规范操作合格率保持在较高水平", "出院患者延续护理服务覆盖主要病区",
               "每个病区设立党员护理先锋岗"],
        measures=["党员护士牵头中医护理技术培训和考核", "开设护理专科门诊", "建立出院患者延续护理档案"],
        plan={2024: ["中医护理技术全员考核", "延续护理覆盖6个病区"], 2025: ["护理专科门诊增至4个", "护理质控结对帮扶民营医院"],
              2026: ["延续护理覆盖全部病区", "总结中医护理适宜技术推广经验"]},
        milestones=[("2019-05-12", "品牌在国际护士节发布"), ("2022-10-20", "首批党员护理先锋岗挂牌"),
                    ("2024-03-08", "学雷锋门诊导医服务常态化"), ("2026-09-17", f"赴{PARTNER}开展护理质控帮扶")],
        honours=[("2021-06-28", "院级优秀党建品牌", "院级"), ("2023-05-11", "澄州市巾帼文明岗", "市级")],
        body=["护理党支部是全院党员人数最多的支部之一，党员护士分布在各个病区和门急诊。“杏林护航”品牌，把党员的作用落在护理质量和患者体验上。",
              "支部在每个病区设立党员护理先锋岗，党员护士带头开展耳穴压豆、艾灸、中药熏洗等中医护理技术，并承担新护士的带教和考核。针对出院患者回家后缺少指导的问题，支部推动建立延续护理档案，由党员护士电话随访、上门指导。",
              "每年学雷锋纪念日和国际护士节，党员护士都会走上门诊大厅开展导医和健康宣教。品牌创建几年来，支部先后有多名党员获评院级优秀护士。"]),
    "yinfa-yuhui": dict(
        name="银发余晖", branch="lituixiu", slogan="退休不褪色，余热映初心",
        meaning="组织离退休老党员发挥专业特长和政治优势，在健康咨询、传帮带和院史传承中继续作贡献。",
        started=d("2019-10-07"),
        goals=["每年组织老专家社区健康咨询不少于3次", "老党员为青年职工讲党史、讲院史每年不少于2场",
               "走访慰问高龄、患病老党员全覆盖"],
        measures=["按居住区域设立党小组，就近开展活动", "组织老专家参与社区咨询和临床带教", "整理院史资料和老专家口述历史"],
        plan={2024: ["老专家社区健康咨询3次", "完成院史口述访谈10人"], 2025: ["为新职工讲院史", "高龄党员走访全覆盖"],
              2026: ["院史资料汇编", "银发志愿服务队扩充"]},
        milestones=[("2019-10-07", "品牌在重阳节启动"), ("2021-06-30", "老党员讲党史宣讲团成立"),
                    ("2024-09-10", "老专家社区健康咨询常态化"), ("2025-12-26", "院史口述访谈完成")],
        honours=[("2022-06-28", "院级优秀党建品牌", "院级"), ("2024-10-11", "澄州市老干部工作示范点", "市级")],
        body=["离退休党支部的老同志，很多是医院的创业者和老专家。“银发余晖”品牌，是支部为老党员搭建的继续发挥作用的平台。",
              "支部按居住区域设立城东、城西、城南三个党小组，方便老同志就近参加组织生活。身体条件好的老专家组成银发志愿服务队，定期到社区开展健康咨询；部分老专家还回到科室参加疑难病例讨论，为年轻医生答疑解惑。",
              "近两年，支部组织老党员讲党史、讲院史，开展口述历史访谈，留下了许多珍贵的资料。老同志们说，退休了，党员的身份不会退休。"]),
}
BRAND_NAMES = {k: v["name"] for k, v in BRANDS.items()}
BRAND_SLOGANS = {k: v["slogan"] for k, v in BRANDS.items()}


# --------------------------------------------------------------------------------------------
# building all activity records
# --------------------------------------------------------------------------------------------

def event_slots(branches):
    by_id = {b.id: b for b in branches}
    out = []
    for ds, bid, occ in YIZHEN:
        out.append(Slot(by_id[bid], "义诊", d(ds), occasion=occ))
    for ds, bid, what in JIEDUI:
        out.append(Slot(by_id[bid], "结对共建", d(ds), what=what))
    for ds, bid, what in ZHIYUAN:
        out.append(Slot(by_id[bid], "志愿服务", d(ds), what=what))
    for s in out:
        assert s.date <= LAST_RECORD_DAY and month_active(s.branch, s.date.year, s.date.month)
    return out


def term_topics(branches):
    t = {}
    t[("houqin", 2026, 6)] = ("研究支部换届准备工作", "支部任期将于8月届满，向院党委提交换届请示，同步酝酿新一届支委人选")
    t[("houqin", 2026, 9)] = ("研究换届工作推进情况", "因拟任支委人选岗位调整，换届尚未完成，向院党委说明情况并尽快推进")
    t[("houqin", 2026, 11)] = ("研究换届选举筹备", "待院党委批复后召开换届选举党员大会")
    t[("guke", 2026, 10)] = ("研究支部换届准备工作", "支部任期将于2027年3月届满，提前向院党委报告并做好换届准备")
    return t


def build_records(branches, slots):
    BOOKED.clear()
    ctx = {"liaison": liaison(branches), "subjects_used": {}, "reviews": {}, "term_topics": term_topics(branches)}
    # 支委会 that reviewed a candidate: the last one before the admitting meeting
    zw_by_branch = {}
    for s in slots:
        if s.kind == "支部委员会":
            zw_by_branch.setdefault(s.branch.id, []).append(s.date)
    for s in slots:
        for p in s.extra.get("admit", []):
            before = [x for x in sorted(zw_by_branch.get(s.branch.id, [])) if x < s.date]
            if before:
                ctx["reviews"].setdefault((s.branch.id, before[-1]), []).append((p, s.date))
    # de-duplicate reviews (several admitted at once)
    for k, v in ctx["reviews"].items():
        seen, out = set(), []
        for p, when in v:
            if p.name not in seen:
                seen.add(p.name)
                out.append((p, when))
        ctx["reviews"][k] = out

    order = {k: i for i, k in enumerate(KIND_SLUG)}
    slots = sorted(slots, key=lambda s: (s.date, s.branch.id, order[s.kind]))
    records = []
    zuzhi_end = {}
    for s in slots:
        b, x, e = s.branch, s.date, s.extra
        if s.kind == "主题党日":
            r = build_zhuti(b, x, ctx)
        elif s.kind == "支部委员会":
            r = build_zhiweihui(b, x, ctx)
        elif s.kind == "党小组会":
            r = build_xiaozuhui(b, x, ctx, e["group"])
        elif s.kind == "支部党员大会":
            admit = list(dict.fromkeys(e.get("admit", [])))
            r = build_dahui(b, x, ctx, e.get("special"), e.get("quarter"), admit, e.get("confirm", []))
        elif s.kind == "党课":
            r = build_dangke(b, x, ctx, e["quarter"])
        elif s.kind == "组织生活会":
            r, end = build_zuzhi(b, x, ctx, None)
            zuzhi_end[(b.id, x)] = (end, r)
        elif s.kind == "民主评议党员":
            r = build_pingyi(b, x, ctx, *zuzhi_end[(b.id, x)])
        elif s.kind == "谈心谈话":
            r = build_tanxin(b, x, ctx)
        elif s.kind == "义诊":
            r = build_yizhen(b, x, ctx, e["occasion"])
        elif s.kind == "结对共建":
            r = build_jiedui(b, x, ctx, e["what"])
        elif s.kind == "志愿服务":
            r = build_zhiyuan(b, x, ctx, e["what"])
        else:
            raise ValueError(s.kind)
        records.append(r)
    # file names
    used = set()
    for r in records:
        stem = f"{r.date.isoformat()}-{r.branch.id}-{KIND_SLUG[r.kind]}"
        name, k = stem, 2
        while name in used:
            name = f"{stem}-{k}"
            k += 1
        used.add(name)
        r.path = f"activities/{r.date.year}/{name}.md"
    return records


def render_activity(r: Record) -> str:
    order = ["title", "branch", "kind", "date", "time", "place", "chair", "recorder", "expected",
             "present", "absentees", "guests", "lecturer", "subject", "topics", "tags", "brand",
             "attachments"]
    fm = dict(r.fm)
    if r.attachments:
        fm["attachments"] = r.attachments
    unknown = set(fm) - set(order)
    assert not unknown, unknown
    lines = ["+++"] + toml_lines({k: fm[k] for k in order if k in fm}) + ["+++"]
    return "\n".join(lines) + "\n" + assemble_body(r) + "\n"


# --------------------------------------------------------------------------------------------
# branches as TOML
# --------------------------------------------------------------------------------------------

def committee_since(b: Branch) -> dt.date:
    return add_years(b.term, -3)


def render_branch(b: Branch) -> str:
    top = {"name": b.name, "short_name": b.short, "category": b.category}
    # the order of BRANCH_SPECS within the category: 内一 before 内二 (ids sort the other way)
    top["order"] = [s["id"] for s in BRANCH_SPECS if s["category"] == b.category].index(b.id) + 1
    top["department"] = b.department
    if b.founded:
        top["founded"] = b.founded
    if b.brand:
        top["brand"] = b.brand
    out = toml_lines(top)
    out += ["", "[secretary]"] + toml_lines({"name": b.secretary_p.name, "heads_department": b.heads})
    out += ["", "[term]"] + toml_lines({"start": b.term})
    if b.committee:
        # the branch had a committee before the current term too (the listed members are the
        # current ones); without `since` the tool would take the term start and skip earlier months
        out += ["", "[committee]"] + toml_lines({"since": committee_since(b)})
        for p in b.committee_p:
            out += ["", "[[committee.members]]"] + toml_lines({"name": p.name, "post": p.post})
    for g, since in b.groups:
        row = {"name": g, "leader": b.group_leaders[g].name}
        if since:
            row["since"] = since
        out += toml_table_array("groups", [row])
    out += toml_table_array("member_counts", [
        {"date": k, "full": v[0], "probationary": v[1]} for k, v in sorted(b.counts_by_date.items())])
    if b.roster:
        rows = []
        for p in b.active(AS_OF):
            rows.append({"name": p.name, "status": p.status(AS_OF), "joined": p.joined,
                         "birth_year": p.birth_year, "gaozhi": p.gaozhi})
        out += toml_table_array("members", rows)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# small PNG files written by hand (zlib + struct)
# --------------------------------------------------------------------------------------------

def png_bytes(width, height, pixel_rows, alpha):
    raw = b"".join(b"\x00" + bytes(row) for row in pixel_rows)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def star_points(cx, cy, r_out, r_in):
    pts = []
    for i in range(10):
        ang = -math.pi / 2 + i * math.pi / 5
        r = r_out if i % 2 == 0 else r_in
        pts.append((cx + r * math.cos(ang), cy + r * math.sin(ang)))
    return pts


def inside_polygon(x, y, pts):
    inside = False
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def seal_png(size=400):
    """A red seal: outer ring, inner thin ring and a five-pointed star; transparent background."""
    c = size / 2
    star = star_points(c, c, size * 0.2, size * 0.08)
    sub = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            hits = 0
            for dx, dy in sub:
                px, py = x + dx, y + dy
                r = math.hypot(px - c, py - c)
                if (size * 0.435 <= r <= size * 0.475) or (size * 0.405 <= r <= size * 0.412):
                    hits += 1
                elif abs(px - c) <= size * 0.2 and abs(py - c) <= size * 0.2 and inside_polygon(px, py, star):
                    hits += 1
            row += bytes((204, 17, 24, hits * 255 // 4))
        rows.append(row)
    return png_bytes(size, size, rows, True)


def photo_png(seed, width=240, height=160):
    """A tiny "photo": wall, a red banner and a row of people, with a little noise."""
    return png_bytes(width, height, photo_rows(seed, width, height), False)


def photo_jpeg(seed, width=320, height=240):
    """The same kind of "photo" as a JPEG, as cameras and phones save them."""
    return jpeg.jpeg_bytes(width, height, photo_rows(seed, width, height))


def signin_png(names, width=300, height=420):
    """A "scanned" sign-in sheet: grey paper, a ruled table with one row per member and a dark
    scrawl in the signature column of those who signed (names are not drawn: the picture
    stands for a scan, the record lists the names)."""
    rng = random.Random(len(names))
    top, left, right = 60, 24, width - 24
    row_h = (height - top - 30) // max(1, len(names))
    marks = {}
    for i, signed in enumerate(names):
        if signed:
            y0 = top + i * row_h + row_h // 2
            marks[i] = [(x, y0 + int(3 * math.sin(x / (3 + rng.random() * 3))))
                        for x in range(int(width * 0.55), int(width * 0.55) + 40 + rng.randint(0, 30))]
    ink = set()
    for pts in marks.values():
        for x, y in pts:
            ink.update({(x, y), (x, y + 1)})
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            v = 236 - (x + y) % 5
            ruled = top <= y <= top + row_h * len(names) and left <= x <= right and (
                (y - top) % row_h == 0 or x in (left, int(width * 0.2), int(width * 0.5), right))
            if ruled or (16 < y < 26 and width * 0.3 < x < width * 0.7) or (x, y) in ink:
                v = 40
            row += bytes((v, v, v - 4))
        rows.append(row)
    return png_bytes(width, height, rows, False)


def photo_rows(seed, width, height):
    rng = random.Random(seed)
    wall = (232 - rng.randint(0, 20), 226 - rng.randint(0, 20), 214 - rng.randint(0, 20))
    heads = [(int(width * (i + 0.5) / 9) + rng.randint(-4, 4), int(height * 0.62) + rng.randint(-3, 3))
             for i in range(9)]
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            if y < height * 0.1 or y > height * 0.9:
                col = (120, 96, 72)
            elif height * 0.18 < y < height * 0.34 and width * 0.12 < x < width * 0.88:
                col = (196, 24, 30)
                if height * 0.23 < y < height * 0.29 and (x // 7) % 2 == 0 and width * 0.2 < x < width * 0.8:
                    col = (250, 214, 90)
            else:
                col = wall
                for hx, hy in heads:
                    if (x - hx) ** 2 + (y - hy) ** 2 < 49:
                        col = (40, 32, 28)
                    elif abs(x - hx) < 9 and hy + 6 < y < height * 0.9:
                        col = (60, 70, 96)
            n = rng.randint(-6, 6)
            row += bytes(max(0, min(255, v + n)) for v in col)
        rows.append(row)
    return rows


def attach(records, branches):
    """Attach a few real files to activities; returns {path: bytes}."""
    files = {"attachments/seal.png": seal_png()}

    def find(bid, kind, y, m, day=None):
        for r in records:
            if r.branch.id == bid and r.kind == kind and (r.date.year, r.date.month) == (y, m) \
                    and (day is None or r.date.day == day):
                return r
        raise LookupError((bid, kind, y, m))

    r = find("huli", "主题党日", 2024, 9)
    p = "attachments/2024/huli-zhuti-dangri.png"
    files[p] = photo_png(1)
    r.attachments.append({"path": p, "caption": "护理党支部主题党日活动现场", "kind": "照片"})

    r = find("guke", "结对共建", 2024, 10, 24)
    p = "attachments/2024/guke-jiedui-qianyue.png"
    files[p] = photo_png(2)
    r.attachments.append({"path": p, "caption": f"与{PARTNER}党支部签订结对共建协议", "kind": "照片"})

    r = find("yaoji", "志愿服务", 2025, 6, 26)
    p = "attachments/2025/yaoji-jindu-xuanchuan.png"
    files[p] = photo_png(3)
    r.attachments.append({"path": p, "caption": "药学党员在门诊大厅开展合理用药宣传", "kind": "照片"})

    r = find("yaoji", "主题党日", 2025, 3)
    p = "attachments/2025/yaoji-qiandao.txt"
    b = r.branch
    absent = {a["name"]: a["reason"] for a in r.fm.get("absentees", [])}
    lines = [f"{b.name}主题党日签到表", "",
             f"日期：{cn_full(r.date)}　时间：{r.fm['time']}　地点：{r.fm['place']}",
             f"主题：{r.fm['title']}", f"应到：{r.fm['expected']}人　实到：{r.fm['present']}人", "",
             "序号　姓名　　签到"]
    for i, m in enumerate(b.active(r.date), 1):
        mark = f"请假（{absent[m.name]}）" if m.name in absent else "已签到"
        lines.append(f"{i:>2}　　{m.name.ljust(4, '　')}{mark}")
    lines += ["", f"记录人：{r.fm['recorder']}"]
    files[p] = ("\n".join(lines) + "\n").encode("utf-8")
    r.attachments.append({"path": p, "caption": "主题党日签到表", "kind": "签到表"})
    assert len(b.active(r.date)) == r.fm["expected"], "sign-in sheet must list every expected member"
    # The same 主题党日 with its photos (JPEG, as phones save them) and the scanned sheet: the
    # record book prints them after the record.
    p = "attachments/2025/yaoji-qiandao-saomiao.png"
    files[p] = signin_png([m.name not in absent for m in b.active(r.date)])
    r.attachments.append({"path": p, "caption": "主题党日签到表（扫描件）", "kind": "签到表"})
    for i, caption in enumerate(["党员重温入党誓词", "支部书记领学文件精神"], 1):
        p = f"attachments/2025/yaoji-zhuti-dangri-{i}.jpg"
        files[p] = photo_jpeg(10 + i)
        r.attachments.append({"path": p, "caption": caption, "kind": "照片"})
    return files


def write(path: Path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def render_brand(bid: str) -> str:
    x = BRANDS[bid]
    top = {"name": x["name"], "branch": x["branch"], "slogan": x["slogan"], "meaning": x["meaning"],
           "started": x["started"], "goals": x["goals"], "measures": x["measures"]}
    out = ["+++"] + toml_lines(top)
    out += toml_table_array("plan", [{"year": y, "items": items} for y, items in sorted(x["plan"].items())])
    out += toml_table_array("milestones", [{"date": d(ds), "text": t} for ds, t in x["milestones"]])
    out += toml_table_array("honours", [{"date": d(ds), "title": t, "level": lv} for ds, t, lv in x["honours"]])
    out += ["+++"]
    return "\n".join(out) + "\n" + "\n\n".join(x["body"]) + "\n"


# --------------------------------------------------------------------------------------------
# annual figures and summaries
# --------------------------------------------------------------------------------------------

def annual_figures(year, branches, records):
    admitted = [p for b in branches for p in b.people if p.joined.year == year and p.joined >= d("2024-01-01")]
    blood = [r for r in records if r.kind == "志愿服务" and r.date.year == year and "无偿献血" in r.fm["tags"]]
    donors = sum(r.meta["donors"] for r in blood)
    volume = sum(r.meta["volume"] for r in blood)
    elections = sum(1 for r in records if r.date.year == year and "换届选举" in r.fm.get("tags", []))
    transfers = sum(v[0] for (bid, y), v in TRANSFERS.items() if y == year)
    manual = {
        2024: dict(activists=23, applicants=17, centre_group_study=12, leader_lectures=11, party_training=268,
                   quiz=241, banners=186, thank_letters=74, red_envelopes=121, red_envelope_amount=238600,
                   risk_points=96, charity_donors=843, charity_amount=104560, culture_events=24, lecturers=186,
                   young_cadres_ratio=16.2, gaozhi_ratio=46.3, masters_recruited=31, cadre_training=27,
                   dangwu_ratio=0.52, kepu=112, complaints=47),
        2025: dict(activists=26, applicants=21, centre_group_study=13, leader_lectures=12, party_training=281,
                   quiz=255, banners=203, thank_letters=81, red_envelopes=109, red_envelope_amount=215400,
                   risk_points=104, charity_donors=867, charity_amount=109230, culture_events=31, lecturers=203,
                   young_cadres_ratio=17.5, gaozhi_ratio=47.1, masters_recruited=35, cadre_training=30,
                   dangwu_ratio=0.55, kepu=126, complaints=38),
    }[year]
    quiz_label = {2024: "参加党纪知识测试的党员", 2025: "参加中央八项规定精神知识测试的党员"}[year]
    F = lambda i, label, unit, group, value, **how: {"id": i, "label": label, "unit": unit, "group": group,
                                                     **how, "value": value}
    figs = [
        F("new_members", "发展党员", "名", "组织建设", len(admitted)),
        F("new_members_young", "其中35周岁及以下", "名", "组织建设", sum(1 for p in admitted if year - p.birth_year <= 35)),
        F("new_members_gaozhi", "其中高知人才", "名", "组织建设", sum(1 for p in admitted if p.gaozhi)),
        F("activists", "确定入党积极分子", "名", "组织建设", manual["activists"]),
        F("applicants", "递交入党申请书", "名", "组织建设", manual["applicants"]),
        F("transfers_in", "党员组织关系转入", "名", "组织建设", transfers),
        F("branch_elections", "完成换届选举的党支部", "个", "组织建设", elections),
    ]
    if year == 2024:
        figs.append(F("new_branches", "新成立党支部", "个", "组织建设", 1))
    figs += [
        F("centre_group_study", "党委理论学习中心组集中学习", "次", "思想建设", manual["centre_group_study"]),
        F("leader_lectures", "党委委员到联系支部讲党课", "次", "思想建设", manual["leader_lectures"]),
        F("party_training", "党员参加集中培训", "人次", "思想建设", manual["party_training"]),
        F("quiz_participants", quiz_label, "名", "思想建设", manual["quiz"]),
        F("risk_points", "梳理廉洁风险点", "项", "清廉建设", manual["risk_points"]),
        F("banners", "收到锦旗", "面", "清廉建设", manual["banners"]),
        F("thank_letters", "收到感谢信", "封", "清廉建设", manual["thank_letters"]),
        F("red_envelopes", "拒收退还红包", "人次", "清廉建设", manual["red_envelopes"]),
        F("red_envelope_amount", "退还红包金额", "元", "清廉建设", manual["red_envelope_amount"], display="grouped"),
        F("blood_donors", "职工无偿献血", "人次", "服务群众", donors),
        F("blood_volume", "献血量", "毫升", "服务群众", volume),
        F("charity_donors", "参加“慈善一日捐”职工", "人", "服务群众", manual["charity_donors"]),
        F("charity_amount", "“慈善一日捐”捐款", "元", "服务群众", manual["charity_amount"], display="wan"),
        # fewer is better: the annual page colours its decrease as good news
        F("complaints", "有效投诉", "件", "服务群众", manual["complaints"], better="lower"),
        F("culture_events", "中医药文化“五进”活动", "场次", "服务群众", manual["culture_events"]),
        F("lecturers", "中医药文化讲师团注册讲师", "名", "服务群众", manual["lecturers"]),
        F("young_cadres_ratio", "35岁左右及以下中层干部占比", "%", "人才队伍", manual["young_cadres_ratio"]),
        F("gaozhi_ratio", "高知党员占高知群体比例", "%", "人才队伍", manual["gaozhi_ratio"]),
        F("masters_recruited", "招录硕士及以上研究生", "名", "人才队伍", manual["masters_recruited"]),
        F("cadre_training", "中层干部脱产培训", "人次", "人才队伍", manual["cadre_training"]),
        F("dangwu_ratio", "专职党务干部占在编职工比例", "%", "人才队伍", manual["dangwu_ratio"]),
    ]
    targets = [
        {"id": "yizhen", "label": "专题义诊", "unit": "场", "group": "服务群众", "target": 10, "kinds": ["义诊"]},
        {"id": "jiedui", "label": "与民营医院结对共建活动", "unit": "次", "group": "组织建设", "target": 2,
         "kinds": ["结对共建"]},
        {"id": "kepu", "label": "健康科普作品", "unit": "篇", "group": "服务群众", "target": 100,
         "value": manual["kepu"]},
    ]
    return figs, targets


def render_annual_toml(year, figs, targets, note=None):
    out = [f"# {year}年度党建工作数据" + (f"（{note}）" if note else "")]
    out += toml_table_array("figures", figs)
    out += toml_table_array("targets", targets)
    return "\n".join(out).lstrip("\n") + "\n"


def annual_2026(records):
    blood = [r for r in records if r.kind == "志愿服务" and r.date.year == 2026 and "无偿献血" in r.fm["tags"]]
    figs = [
        {"id": "new_members", "label": "发展党员（截至11月）", "unit": "名", "group": "组织建设", "value": 8},
        {"id": "activists", "label": "确定入党积极分子（截至11月）", "unit": "名", "group": "组织建设", "value": 19},
        {"id": "blood_donors", "label": "职工无偿献血", "unit": "人次", "group": "服务群众",
         "value": sum(r.meta["donors"] for r in blood)},
    ]
    targets = [
        {"id": "yizhen", "label": "专题义诊", "unit": "场", "group": "服务群众", "target": 10, "kinds": ["义诊"]},
        {"id": "jiedui", "label": "与民营医院结对共建活动", "unit": "次", "group": "组织建设", "target": 2,
         "kinds": ["结对共建"]},
        {"id": "kepu", "label": "健康科普作品（截至11月）", "unit": "篇", "group": "服务群众", "target": 100, "value": 87},
    ]
    return figs, targets

# Annual summaries: plain strings (not str.format) so that {{ … }} stays as written.
ANNUAL_MD = {
    2024: dict(title="2024年党建工作总结", subtitle="中共澄州市中医院委员会", date=d("2024-12-31"), body="""\
2024年，院党委坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届二中、三中全会精神，扎实开展党纪学习教育，启动“三强三优”行动，全院{{ stats.branches }}党支部、{{ stats.members }}党员在医院改革发展和服务群众中发挥了战斗堡垒和先锋模范作用。

# 坚持政治引领，筑牢思想根基

## 抓实理论武装

院党委严格落实“第一议题”制度，党委理论学习中心组全年开展集中学习{{ centre_group_study }}，围绕全会精神、卫生健康和中医药工作的重要论述开展专题研讨。党委委员到联系支部讲党课{{ leader_lectures }}，各支部书记每年第一季度带头讲党课，形成了领导带头学、支部跟进学的格局。

## 扎实开展党纪学习教育

4月至7月，院党委以学习《中国共产党纪律处分条例》为重点开展党纪学习教育，组织读书班、警示教育和专题研讨，{{ quiz_participants }}参加了党纪知识测试。各支部结合医疗服务中的廉洁风险开展“以案说纪”，把纪律要求落到诊疗行为上。

## 学习贯彻党的二十届三中全会精神

全会召开后，院党委第一时间组织传达学习，各支部通过主题党日、党课等形式开展专题学习，结合医院实际讨论深化医药卫生体制改革、完善中医药传承创新发展机制的具体举措，形成意见建议报院党委。

# 夯实组织基础，提升支部建设质量

## 规范开展组织生活

院党委把“三会一课”、主题党日、组织生活会和民主评议党员等制度执行情况纳入支部考核。全年各支部在平台登记的组织生活和支部活动记录{{ stats.activities }}，平均参会率{{ stats.attendance_rate }}。对个别支部出现的月度主题党日缺漏、参会率偏低等问题，院党委及时提醒，督促补课整改。

## 完成支部集中换届

院党委严格落实任期制度，按程序指导{{ branch_elections }}党支部完成换届选举，选优配强支部班子；结合学科发展需要新成立党支部{{ new_branches }}，即治未病中心党支部。全院党支部书记由科室负责人担任的比例保持在85%以上。

## 把好党员发展质量关

坚持把业务骨干培养成党员、把党员培养成业务骨干。全年发展党员{{ new_members }}，其中35周岁及以下{{ new_members_young }}、高知人才{{ new_members_gaozhi }}；确定入党积极分子{{ activists }}，{{ applicants }}同志递交了入党申请书；接收党员组织关系转入{{ transfers_in }}。

## 深化“一支部一品牌”建设

各支部立足专业特点打造党建品牌，“心脉先锋”“本草匠心”“杏林护航”等品牌持续深化，骨伤科党支部“正骨仁心”品牌与澄州仁济骨伤医院党支部签订结对共建协议，党建联建由点到面推开。

# 锻造干部人才队伍

## 优化中层干部结构

院党委注重在重点任务中发现和使用年轻干部，35岁左右及以下中层干部占比达到{{ young_cadres_ratio }}；组织中层干部参加脱产培训{{ cadre_training }}，提升管理能力。

## 加强人才引育

围绕重点学科补齐人才短板，全年招录硕士及以上研究生{{ masters_recruited }}；高知党员占高知群体比例为{{ gaozhi_ratio }}，政治引领和政治吸纳工作取得实效。专职党务干部占在编职工比例为{{ dangwu_ratio }}，党务工作力量得到充实。

# 深化清廉医院建设

## 筑牢廉洁风险防线

院党委聚焦药品耗材采购、基建项目、人事招聘等关键环节，梳理廉洁风险点{{ risk_points }}，逐项明确防控措施，配合做好医疗领域腐败问题集中整治工作。

## 涵养清廉医院文化

广大医务人员坚守廉洁底线，全年收到锦旗{{ banners }}、感谢信{{ thank_letters }}，拒收退还红包{{ red_envelopes }}，金额{{ red_envelope_amount }}。清廉文化走进科室、走进病房，“身边人讲身边事”成为常态。

# 服务群众，凝聚奋进力量

## 党员服务走进基层

各临床支部深入社区、乡村和企业开展专题义诊{{ yizhen }}，与澄州仁济骨伤医院开展结对共建活动{{ jiedui }}，党员医务人员创作健康科普作品{{ kepu }}。义诊场次未达到年初确定的目标，主要是下半年部分支部活动安排不够均衡，2025年将把任务分解到支部、按季度通报。

## 积极履行社会责任

职工参加无偿献血{{ blood_donors }}，献血量{{ blood_volume }}；{{ charity_donors }}参加“慈善一日捐”，捐款{{ charity_amount }}。中医药文化讲师团注册讲师{{ lecturers }}，开展中医药文化“五进”活动{{ culture_events }}。

# 2025年工作思路

## 深化理论武装

巩固党纪学习教育成果，按上级部署开展深入贯彻中央八项规定精神学习教育，推动作风建设常态化长效化。

## 提升支部建设质量

持续推进“三强三优”行动，落实支部换届提醒机制，抓好组织生活质量和参会率，对发现的问题实行清单管理。

## 推动党建业务融合

深化“一支部一品牌”和党建联建，义诊、科普等服务群众目标任务分解到支部，按季度通报进展。
"""),
    2025: dict(title="2025年党建工作总结", subtitle="中共澄州市中医院委员会", date=d("2025-12-30"), body="""\
2025年，院党委深入学习贯彻党的二十届三中、四中全会精神，扎实开展深入贯彻中央八项规定精神学习教育，持续推进“三强三优”行动，全院{{ stats.branches }}党支部、{{ stats.members }}党员立足岗位、担当作为，为医院高质量发展提供了坚强保证。

# 坚持政治引领，筑牢思想根基

## 抓实理论学习

党委理论学习中心组开展集中学习{{ centre_group_study }}，党委委员到联系支部讲党课{{ leader_lectures }}。党员参加集中培训{{ party_training }}，实现“春训”全覆盖。

## 开展八项规定精神学习教育

3月至7月，院党委按照上级部署开展深入贯彻中央八项规定精神学习教育，坚持学查改一体推进，{{ quiz_participants }}参加了知识测试。各支部对照规定开展自查，对发现的问题建立清单、逐项销号。

## 学习贯彻党的二十届四中全会精神

全会召开后，院党委及时组织传达学习，各支部围绕“十五五”时期医院和科室发展开展讨论，收集的意见建议纳入医院“十五五”发展规划编制工作。

# 夯实组织基础，提升支部建设质量

## 规范组织生活

全年各支部登记组织生活和支部活动{{ stats.activities }}，平均参会率{{ stats.attendance_rate }}。院党委每季度通报各支部“三会一课”落实情况，对未按期召开的会议督促补开、对参会率偏低的会议督促补课。

## 按期完成支部换届

院党委指导{{ branch_elections }}党支部按期完成换届选举，对任期即将届满的支部提前六个月发出提醒。

## 把好党员发展质量关

全年发展党员{{ new_members }}，其中35周岁及以下{{ new_members_young }}、高知人才{{ new_members_gaozhi }}；确定入党积极分子{{ activists }}，{{ applicants }}同志递交入党申请书，接收党员组织关系转入{{ transfers_in }}。

## 深化党建品牌建设

治未病中心党支部启动“未病先行”品牌创建，药剂党支部“本草匠心”品牌获评全省卫生健康系统优秀党建案例，骨伤科党支部与澄州仁济骨伤医院党支部的结对共建入选全市党建联建优秀案例。

# 锻造干部人才队伍

## 优化干部队伍结构

35岁左右及以下中层干部占比达到{{ young_cadres_ratio }}，组织中层干部脱产培训{{ cadre_training }}。高知党员占高知群体比例为{{ gaozhi_ratio }}。

## 加强人才和党务队伍建设

全年招录硕士及以上研究生{{ masters_recruited }}，专职党务干部占在编职工比例为{{ dangwu_ratio }}。

# 深化清廉医院建设

## 强化风险防控

动态更新廉洁风险点{{ risk_points }}，对重点岗位人员开展廉政谈话，配合完成群众身边不正之风和腐败问题集中整治各项任务。

## 弘扬清风正气

全年收到锦旗{{ banners }}、感谢信{{ thank_letters }}，拒收退还红包{{ red_envelopes }}，金额{{ red_envelope_amount }}。

# 服务群众，凝聚奋进力量

## 党员服务群众

全年开展专题义诊{{ yizhen }}，结对共建活动{{ jiedui }}，健康科普作品{{ kepu }}，各项目标任务全部完成。

## 履行社会责任

职工参加无偿献血{{ blood_donors }}，献血量{{ blood_volume }}；{{ charity_donors }}参加“慈善一日捐”，捐款{{ charity_amount }}。中医药文化讲师团注册讲师增至{{ lecturers }}，开展“五进”活动{{ culture_events }}。

---

2026年党建工作思路

2026年是“十五五”开局之年。院党委将围绕医院发展规划，把党建工作放在全局中谋划，重点抓好以下工作。

# 谋好“十五五”开局

把学习贯彻党的二十届四中全会精神与医院“十五五”规划实施结合起来，推动党建工作与中心工作同谋划、同推进。

# 抓好支部换届和规范化建设

对2026年任期届满的党支部提前部署换届工作，持续抓好“三会一课”质量和参会率。

# 深化党建联建和服务群众

巩固与澄州仁济骨伤医院的结对共建成果，义诊、科普目标任务分解到支部，按季度通报。
"""),
    # Written in late November, before the year ends (the as-of date is 2026-11-22): the figures
    # are those of the records so far, the 组织生活会 of December are still to come.
    2026: dict(title="2026年党建工作总结", subtitle="中共澄州市中医院委员会", date=d("2026-11-20"), body="""\
2026年是“十五五”开局之年，也是中国共产党成立105周年。院党委以学习贯彻党的二十届四中全会精神为主线，把党建工作要求写进医院“十五五”规划的实施方案，继续推进“三强三优”行动。全院{{ stats.branches }}党支部、{{ stats.members }}党员在门诊、病房和社区一线各尽其责，全年工作总体按计划推进，现将截至11月下旬的情况总结如下。

# 坚持政治引领，筑牢思想根基

## 以全会精神统一思想

院党委把四中全会精神的学习同医院规划的落地结合起来，各支部结合本科室的学科定位讨论“十五五”期间要办成的几件实事，讨论形成的意见由院办汇总，列入年度重点工作清单跟踪落实。全年各支部开展主题党日{{ stats.kind.主题党日 }}、党课{{ stats.kind.党课 }}，支部书记结合科室工作讲党课，党委委员到联系支部参加组织生活。

## 纪念建党105周年

“七一”前后，各支部为当年入党的同志过“政治生日”，组织党员重温入党誓词，第二季度支部党员大会讨论推荐了“七一”评先评优人选。离退休党支部组织老党员讲述行医从业经历，把医院的好传统讲给年轻党员听。

# 夯实组织基础，提升支部建设质量

## 抓实“三会一课”

截至11月下旬，各支部登记组织生活和支部活动{{ stats.activities }}，平均参会率{{ stats.attendance_rate }}。院党委每季度通报一次落实情况。骨伤科党支部3月主题党日未按期开展、妇儿党支部2月主题党日到会人数偏少，院党委已分别提醒，两个支部查找了排班和计划安排上的原因，对未到会党员进行了补课。

## 做好支部换届工作

后勤党支部任期已于8月届满，支委会已着手换届选举的筹备，报院党委批复后召开党员大会进行选举；骨伤科党支部任期明年3月届满，院党委已提前发出提醒，请支部及早做好准备。

## 严把党员发展和教育管理关

坚持把政治标准放在首位，严格落实发展党员各个环节的要求。今年以来发展党员{{ stats.new_members }}，其中35周岁及以下{{ stats.new_members_young }}、高知人才{{ stats.new_members_gaozhi }}；{{ stats.confirmed }}预备党员经支部党员大会讨论转为正式党员；确定入党积极分子{{ stats.new_activists }}，{{ stats.applications }}同志递交了入党申请书。目前全院有发展对象{{ stats.candidates }}、入党积极分子{{ stats.activists }}、预备党员{{ stats.probationary }}。个别预备党员预备期已满尚未讨论转正，院党委已督促所在支部尽快召开党员大会，今后转正时间由支部提前一个月列入计划。

# 锻造干部人才队伍

## 做好高知群体的政治引领

院党委委员每人联系若干名学科带头人和青年骨干，在评先推优、进修培养中听取他们的意见，全院高知党员现有{{ stats.gaozhi_members }}。院党委注重在学科骨干和青年医务人员中发现、培养入党积极分子，把业务骨干培养成党员的工作不断线。

# 深化清廉医院建设

## 把纪律要求落到诊疗环节

4月，多数支部以“清廉医院建设再深化”为题开展主题党日，对照药品耗材使用、检查检验开单等环节查找风险，修订完善科室内部管理制度。院纪委对新提任中层干部和重点岗位人员开展廉政谈话，把廉洁要求讲在前面。

# 服务群众，凝聚奋进力量

## 党员服务走进社区

截至11月下旬，开展专题义诊{{ yizhen }}、与澄州仁济骨伤医院结对共建活动{{ jiedui }}，均已达到年度目标；各支部组织志愿服务{{ stats.kind.志愿服务 }}。党员医务人员创作健康科普作品{{ kepu }}，距年度目标还差一些，12月将围绕冬季养生和慢病管理集中推出一批。

## 履行社会责任

职工参加无偿献血{{ blood_donors }}。“未病先行”品牌把体质辨识和节气养生课堂办进社区，“杏林护航”品牌到澄州仁济骨伤医院开展护理质控帮扶，党建联建的内容从结对交流延伸到业务帮扶。

# 下一步工作打算

## 开好组织生活会

12月，各支部召开年度组织生活会和民主评议党员，院党委委员到联系支部指导；问题清单和整改措施报院党委备案，明年一季度组织回头看。

## 完成支部换届

年内完成后勤党支部换届，明年一季度前完成骨伤科党支部换届，选优配强支部班子。

## 做好党员发展计划

根据各支部入党积极分子和发展对象的培养情况，制定2027年发展党员计划，转正、培养考察的时间节点提前列入支部计划，按期办理。
"""),
}


def render_annual_md(year):
    x = ANNUAL_MD[year]
    fm = toml_lines({"title": x["title"], "subtitle": x["subtitle"], "date": x["date"]})
    return "+++\n" + "\n".join(fm) + "\n+++\n" + x["body"]


# --------------------------------------------------------------------------------------------
# notices
# --------------------------------------------------------------------------------------------

NOTICES = [
    dict(year=2024, number=1, format="文件", title="中共澄州市中医院委员会关于印发2024年党建工作要点的通知",
         date=d("2024-02-26"), body="""\
各党支部要对照本要点，结合科室实际制定本支部年度工作计划，于3月15日前报党政综合办公室。2024年全院党建工作要点如下。

# 加强政治建设

## 落实“第一议题”制度

党委会议、党委理论学习中心组学习把习近平总书记最新重要讲话和重要指示批示精神作为第一议题，及时研究贯彻落实举措。各支部每月主题党日安排集中学习，确保学习内容及时传达到每名党员。

## 开展党纪学习教育

按照上级统一部署开展党纪学习教育，以学习《中国共产党纪律处分条例》为重点，组织读书班、警示教育和专题研讨，引导党员干部学纪、知纪、明纪、守纪。

# 加强组织建设

## 规范组织生活

严格执行“三会一课”、主题党日、组织生活会、民主评议党员和谈心谈话制度，组织生活参会率一般不低于80%，会议记录及时录入党建工作平台。

## 做好支部换届

2024年任期届满的党支部要在届满前向院党委提出换届请示，按程序完成选举。院党委根据学科调整情况优化支部设置，适时成立治未病中心党支部。

## 加强党员发展和管理

坚持标准、保证质量，注重在青年骨干和高知群体中发展党员。做好流动党员和组织关系转接工作，为党员过好“政治生日”。

# 推动党建与业务融合

## 深化“一支部一品牌”

各支部结合专业特点完善品牌建设方案，明确年度目标和举措，年底开展品牌展示交流。

## 做实服务群众

全年开展专题义诊不少于10场，健康科普作品不少于100篇；骨伤科党支部牵头探索与民营医院结对共建。

# 加强清廉医院建设

## 压实责任

落实党委主体责任、书记第一责任人责任和班子成员“一岗双责”，每季度研究一次党风廉政建设工作。

## 抓好风险防控

聚焦采购、基建、人事、财务等关键环节更新廉洁风险点，配合开展医疗领域腐败问题集中整治。
"""),
    dict(year=2024, number=2, format="文件", title="中共澄州市中医院委员会关于开展“三强三优”行动的通知",
         date=d("2024-04-10"), print_date=d("2024-04-11"),
         attachments=[{"title": "“三强三优”行动计划清单", "checklist": "sanqiang-sanyou"}], body="""\
为深入学习贯彻党的二十大精神，落实新时代党的建设总要求和新时代党的组织路线，进一步提升医院基层党建工作质量，推动党建工作与医院中心工作深度融合，院党委决定，自2024年4月起在全院开展“三强三优”行动，即组织强、干部强、党员强，服务优、作风优、业绩优。现将有关事项通知如下。

# 总体要求

## 指导思想

坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，认真落实公立医院党委领导下的院长负责制，以增强基层党组织政治功能和组织功能为重点，以“三会一课”等基本制度落实为抓手，推动党建工作由“有形覆盖”向“有效覆盖”转变，为医院高质量发展提供坚强组织保证。

## 工作目标

用三年左右时间，全院党支部设置更加科学合理，组织生活更加规范严肃，支部班子更加坚强有力，党员队伍结构更加优化，党建品牌更加鲜明，服务群众成效更加明显。行动分年度推进：2024年重在打基础、补短板，2025年重在提质量、见成效，2026年重在树品牌、建机制。院党委将结合年度考核，选树一批先锋党支部、优秀党建品牌和优秀共产党员。

## 基本原则

坚持问题导向，从支部设置、组织生活、换届、党员管理中的具体问题入手，能改的马上改；坚持分类指导，临床、医技、护理、行政后勤和离退休支部结合各自特点确定工作重点，不搞一刀切；坚持融合发展，把行动成效体现在医疗质量、患者体验和学科建设上，防止党建和业务“两张皮”；坚持数据说话，清单任务能从党建工作平台记录中核验的，一律以记录为准。

# 主要任务

## 建强战斗堡垒型组织

### 优化党支部设置

坚持支部建在科室上，按照规模适度、便于管理的原则动态调整党支部设置，党支部正式党员一般不少于3人、不超过50人。支部书记原则上由科室负责人担任，全院比例不低于85%；非科室负责人担任书记的，纳入中层正职干部管理。

### 严格组织生活

各支部每月召开支委会和党小组会，每月开展一次主题党日，每季度召开一次支部党员大会、上一次党课，每年召开一次组织生活会并开展民主评议党员。组织生活参会率一般不低于80%，不得出现党员连续6个月以上无正当理由不参加组织生活的情况。会议记录统一录入党建工作平台，做到要素齐全、记录规范。

### 发挥党小组作用

党员人数较多、分布在多个病区或科室的支部，要按照便于活动、便于管理的原则设立党小组，党小组长由支委会提名、支部党员大会通过。党小组每月至少开展一次学习或活动，组织党员交流工作体会、收集群众意见，把组织生活延伸到病区和班组。离退休支部可按居住区域设立党小组，方便老同志就近参加活动。

### 规范党费收缴和管理

各支部每月按时收缴党费，做到应交尽交、足额交纳，党费收缴情况每半年向党员公开一次。党员因外出进修、下沉帮扶等原因不能按时交纳的，可以委托他人代交或事后补交，支部要做好登记。院党委每年对党费收缴、使用和管理情况开展一次检查。

### 规范按期换届

严格执行支部任期制度，院党委在支部任期届满前6个月发出换届提醒。确需延期换届的，须书面请示院党委，说明理由和期限。换届选举结果及时报院党委审批。

### 推进党建业务融合

健全支部参与科室重要事项决策机制，科室绩效分配、设备购置、评先评优等重要事项，事先听取支部意见并形成记录。各支部按照“一支部一品牌”要求，打造内涵清晰、特色鲜明的党建品牌；深化与民营医院的党建联建，每年开展结对共建活动不少于2次、专题义诊不少于10场。

### 加强阵地和平台建设

各支部要用好党员活动室、党建宣传栏等阵地，及时公开支部工作计划、党费收缴和评议结果等事项。全院统一使用党建工作平台记录“三会一课”、主题党日和支部活动，支委会每月核对一次记录，院党委据此按月生成支部组织生活落实情况，做到底数清、情况明。

## 建设担当作为型干部队伍

### 选优配强班子

优化中层干部的年龄、学历和专业结构，注重选用年轻干部，35岁左右及以下中层干部占比不低于15%。落实领导人员任期制和任期目标责任制，加强考核结果运用。

### 推进铸魂强基

新入职人员岗前教育不少于一周；中层以上干部每年按不少于20%的比例参加脱产培训；院党委每年举办支部书记和党务干部专题培训不少于1期，支部书记每年参加轮训。

### 加强党务干部队伍

按照不少于在编职工总数0.5%的比例配备专职党务干部，把党性强、业务精、作风好的骨干选到支部书记岗位上，落实支部书记相关待遇。

## 培育先锋模范型党员

### 把好党员入口关

坚持把业务骨干培养成党员、把党员培养成业务骨干，加大在青年医务人员和高知群体中发展党员的力度，高知党员占高知群体比例力争达到45%以上。严格执行发展党员工作程序，做到成熟一个、发展一个。

### 严格教育管理

实施党员积分管理，把参加组织生活、完成组织交办任务、服务群众和遵守纪律等情况纳入积分，积分结果作为评先评优的重要依据。党员每年至少参加一次集中培训，因工作原因未能参加的由支部安排补训。落实流动党员动态管理，外出进修、下沉帮扶的党员由支部指定专人保持联系。推行党员承诺践诺，年初亮诺、年中践诺、年底评诺。常态化开展纪法教育和警示教育，深化清廉医院建设，引导党员在诊疗活动中守住廉洁底线。

### 关心关爱党员

支部为党员过“政治生日”，在党员入党纪念日所在月份的主题党日上重温入党誓词、赠送组织寄语；支部书记每年与每名党员至少谈心谈话一次，及时掌握党员的思想、工作和生活情况，对遇到困难的党员帮助协调解决；在春节、“七一”等节点走访慰问老党员、因病致困党员和生活困难党员，让党员切实感受到组织的温暖。

# 实施步骤

## 动员部署阶段（2024年4月至5月）

院党委召开动员会，各支部对照行动计划清单开展自查，梳理短板弱项，制定本支部实施方案，于5月31日前报党政综合办公室。

## 全面推进阶段（2024年6月至2025年12月）

各支部按清单逐项推进，院党委每季度通报“三会一课”、参会率、换届和目标任务完成情况，对发现的问题建立台账、限期整改。

## 总结提升阶段（2026年）

院党委对行动开展情况进行总体评估，总结推广好经验、好做法，形成长效工作机制。

# 工作要求

## 压实工作责任

院党委书记履行第一责任人职责，班子成员落实“一岗双责”，联系支部的党委委员每年到联系支部指导工作、讲党课不少于1次。各支部书记是本支部行动的直接责任人。联系支部的党委委员每季度至少参加一次联系支部的组织生活，帮助支部分析问题、推动整改。

## 强化督查考核

行动开展情况纳入支部年度考核和支部书记抓党建述职评议。对工作推进有力、成效明显的支部予以表扬；对组织生活长期不规范、问题整改不到位的支部，院党委将约谈支部书记。

## 强化工作保障

院党委按规定落实党建工作经费，保障支部开展活动、党员教育培训和党建品牌建设的需要。党政综合办公室负责行动的日常协调和督促检查，组织人事科、医务科、纪检监察室等职能科室按照清单分工承担相应任务，形成齐抓共管的工作格局。

## 注重宣传引导

各支部要及时报送工作动态和典型经验，院党委通过院内网、微信公众号等平台进行宣传，营造比学赶超的良好氛围。行动中涌现的先进支部和优秀党员，由院党委在“七一”前后集中表彰。

各支部实施方案及联系人请于5月31日前报党政综合办公室。
"""),
    dict(year=2024, number=3, format="文件", title="中共澄州市中医院委员会关于成立治未病中心党支部及有关事项的通知",
         date=d("2024-06-20"), recipients=["各党支部", "治未病中心"], body="""\
为适应医院学科发展需要，加强治未病中心党的建设，经2024年6月18日院党委会议研究，决定成立治未病中心党支部。现将有关事项通知如下。

# 隶属关系

治未病中心党支部隶属院党委领导，自2024年7月1日起开展工作。治未病中心、健康管理中心党员的组织关系转入该支部。

# 组织设置

该支部现有正式党员5名，按规定不设支部委员会，设书记1名，由支部党员大会选举产生，报院党委审批。

# 工作要求

支部成立后，要在一个月内制定年度工作计划，按规定开展“三会一课”和主题党日活动，结合治未病服务特点开展党建工作。
"""),
    dict(year=2024, number=4, format="信函", title="中共澄州市中医院委员会关于商请开展党建结对共建的函",
         date=d("2024-09-05"), recipients=["澄州仁济骨伤医院党支部"], seal=True, body="""\
为深化公立医院与民营医院党建联建，发挥公立中医医院在党建工作和专科建设方面的带动作用，经院党委研究，我院骨伤科党支部拟与贵院党支部开展结对共建。现将有关事项函商如下。

# 共建内容

## 组织共建

双方支部每年联合开展主题党日或党课不少于2次，相互交流“三会一课”、党员教育管理等方面的做法。

## 业务帮扶

我院骨伤科选派党员专家定期到贵院开展联合查房、疑难病例讨论和中医正骨、小夹板外固定等技术指导。

## 人才共育

贵院医护人员可按程序来我院进修学习，双方联合开展护理质控互查和基层义诊。

# 共建期限

共建期限暂定三年，自协议签订之日起计算。

如贵院同意，请于9月底前函复，以便商定签约时间。
"""),
    # Run-in items (`### 标题。` + its paragraph = one paragraph "1.标题。正文") numbered on
    # across the three （一）（二）（三） sections, and bold lead-ins written `**……。**正文`.
    dict(year=2024, number=5, format="文件", title="中共澄州市中医院委员会关于开展党支部规范化建设提升活动的通知",
         date=d("2024-10-15"), numbering="continuous", body="""\
为进一步夯实基层党建基础，推动各党支部把党的组织制度落到病区、落到班组，院党委决定，自2024年11月至2025年10月在全院开展党支部规范化建设提升活动。现将有关事项通知如下。

# 活动目标

通过一年时间，使每个党支部的设置与科室布局相适应，组织生活按计划开展、按要求记录，支部工作台账完整可查，党员活动阵地用得起来，支部在科室重要事项中的作用看得见、说得清。

# 重点任务

## 规范组织设置

### 理顺支部隶属关系。

结合新院区启用和科室调整，逐一核对每名党员的组织关系和所在支部，做到党员随科室走、支部随科室建。跨院区工作的科室，以党员日常工作地点确定所在党小组。

### 配齐配强支部委员。

支部委员出现空缺的，要在三个月内按程序补选。支委会分工明确到人，组织委员负责组织生活计划和记录，宣传委员负责学习安排和宣传报道。

### 建好用好党小组。

党员人数较多的支部按病区或班组设立党小组，党小组长原则上由党员骨干担任，每月带领组内党员开展一次学习交流。

## 规范组织生活

### 提高“三会一课”质量。

支部党员大会、支委会、党小组会和党课要事先确定主题，会前通知到每名党员，会后一周内把记录录入党建工作平台，做到时间、地点、参会人员和议题要素齐全。

### 开好组织生活会。

会前广泛征求科室职工和患者意见，支委之间、党员之间逐一谈心谈话；会上批评和自我批评要联系岗位实际，提出的问题要有整改措施和完成时限。

### 用活主题党日。

主题党日可与义诊、健康宣讲和志愿服务结合开展，每次活动明确一名支委负责，活动照片和签到表随记录一并归档。

## 规范基础保障

### 完善支部工作台账。

各支部建立党员名册、组织生活记录、党费收缴和发展党员四本台账，由支部书记每季度审核一次，党政综合办公室每半年抽查一次。

### 建好党员活动阵地。

利用科室示教室、会议室设立党员活动角，配备学习资料和公开栏，做到有场所、有标识、有制度、有活动。

### 落实党务公开。

支部年度工作计划、党费收缴情况、民主评议结果和发展党员情况等事项，在支部公开栏或党建工作平台及时公开，接受党员监督。

# 工作要求

**加强组织领导。**各支部书记是活动的第一责任人，要把各项任务分解到支委和党小组，每季度在支委会上听取一次进展情况。

**注重工作实效。**活动不另起炉灶、不增加额外报表，能从党建工作平台记录中反映的工作，不再要求支部另行报送材料。

各支部活动开展情况请于2025年10月31日前报党政综合办公室。
"""),
    dict(year=2025, number=1, format="文件", title="中共澄州市中医院委员会关于印发2024年党建工作总结的通知",
         date=d("2025-01-20"), attachments=[{"title": "2024年党建工作总结", "annual": 2024}], body="""\
《2024年党建工作总结》已经院党委会议审议通过，现印发给你们。各支部要对照总结查找本支部在组织生活、换届、党员发展和服务群众等方面的差距，结合2025年工作计划认真抓好整改落实。
"""),
    dict(year=2025, number=2, format="文件", title="中共澄州市中医院委员会关于2024年度党组织书记抓基层党建工作述职评议情况的报告",
         date=d("2025-03-14"), recipients=[UPPER_ORGAN], upward=True, signer=LEADERS["shuji"], cc=[],
         # 份号, 密级 and 紧急程度 (GB/T 9704 7.2.1–7.2.3): the evaluations of named secretaries.
         copy_number=3, secrecy="秘密", secrecy_period="1年", urgency="加急", body="""\
根据市卫生健康委党委关于开展2024年度党组织书记抓基层党建工作述职评议考核的通知要求，院党委于2025年2月下旬组织召开了支部书记抓党建述职评议会。现将有关情况报告如下。

# 基本情况

院党委下设15个党支部。述职评议会由院党委书记主持，15名支部书记逐一现场述职，院党委委员、部分党员和群众代表共42人参加评议。评议结果为：好等次6个、较好等次8个、一般等次1个，无差等次。

# 主要成效

## 组织生活更加规范

各支部按要求开展“三会一课”和主题党日，记录统一录入党建工作平台，院党委按季度通报落实情况。

## 支部班子建设加强

2024年共有9个党支部按期完成换届，新成立治未病中心党支部，支部书记由科室负责人担任的比例保持在85%以上。

## 服务群众成效明显

各支部开展义诊、志愿服务和结对共建，骨伤科党支部与澄州仁济骨伤医院党支部签订了结对共建协议。

# 存在问题

一是个别支部组织生活存在月度缺漏，个别会议参会率低于80%；二是部分支部品牌建设与业务结合不够紧密；三是专题义诊场次未完成年度目标。

# 下一步打算

院党委将把述职评议中发现的问题纳入2025年“三强三优”行动清单，实行销号管理，并对评为一般等次的支部书记进行约谈。

特此报告。
"""),
    dict(year=2025, number=3, format="信函", title="中共澄州市中医院委员会关于商请支持开展中医药文化进校园活动的函",
         date=d("2025-08-28"), recipients=["澄州市实验小学"], seal=True,
         note="联系人：党政综合办公室林晓岚，联系电话：医院总机转6601", body="""\
为弘扬中医药文化，增强青少年健康意识，我院药剂党支部拟于2025年9月中旬到贵校开展“本草课堂”中医药文化进校园活动。现将有关事项函商如下。

# 活动内容

由药学党员向学生介绍常见中药材的辨识方法，讲解中医药与日常生活的关系，并指导学生制作中药香囊。

# 需要贵校支持的事项

请贵校安排一个班级、一间教室和一节课的时间，并指定一名老师负责联络。活动所需材料由我院准备。

以上事项妥否，盼复。
"""),
    # A 函 of the separate series [notices.series.han] (代字 澄中医党函): its 2026 register
    # starts at 10 (site.toml first_number), 1–9 having been issued before it was kept here.
    dict(series="han", year=2026, number=10, format="信函",
         title="中共澄州市中医院委员会关于联合开展“七一”主题党日活动的函",
         date=d("2026-06-10"), recipients=["澄州仁济骨伤医院党支部"], seal=True,
         note="联系人：骨伤科党支部宣传委员周亦然，联系电话：医院总机转6625", body="""\
我院骨伤科党支部与贵院党支部结对共建已近两年，双方在联合查房、进修带教和基层义诊中配合默契。为庆祝中国共产党成立105周年，进一步推动结对共建走深走实，经院党委研究，拟与贵院党支部联合开展“七一”主题党日活动。现将有关事项函商如下。

# 活动安排

## 时间地点

拟定于2026年6月下旬的一个周五下午，在我院门诊楼六楼党员活动室举行，时长约两个半小时。

## 活动内容

双方党员共同重温入党誓词，由两个支部书记分别讲授一堂微党课，交流一年来结对共建的体会；随后组织党员专家到社区开展骨伤康复义诊和健康咨询。

# 需要贵院支持的事项

请贵院党支部确定参加活动的党员名单，并推荐一名党员参与微党课交流，于6月20日前告知我院骨伤科党支部。

以上事项妥否，请函复。
"""),
    # Without 署名 and 成文日期 (signature = false): the document ends with its 版记, as offices
    # print a working arrangement sent down by the 党建办.
    dict(year=2026, number=1, format="文件", signature=False,
         title="关于在各党支部推行“支部联科室、党员联病区”工作机制的通知",
         date=d("2026-02-27"), print_date=d("2026-03-02"), body="""\
为把党支部的组织优势转化为科室管理和病区服务的实际成效，院党委决定自2026年3月起在全院各党支部推行“支部联科室、党员联病区”工作机制。现将有关事项通知如下。

# 主要内容

## 支部联科室

每个党支部联系一至两个业务科室或职能部门，支部书记每季度至少参加一次联系科室的科务会，听取科室在医疗质量、患者满意度和人才培养方面的意见，形成问题清单并跟踪办结。

## 党员联病区

每名在职党员联系一个病区或门诊单元，每月至少到联系病区走访一次，协助做好患者回访、健康宣教和陪护管理，发现问题及时向支部报告。

# 工作要求

## 加强统筹

各党支部要在3月15日前确定联系对象，报党建办备案。联系情况作为支部书记述职评议和党员民主评议的内容之一。

## 注重实效

联系工作要与“三会一课”和主题党日结合开展，不另设会议，不增加科室负担，切实防止走过场。
"""),
    # 印发 (issue 16 item 3): the summary and the next year's 思路, printed after the notice as
    # a document of two parts (the narrative's `---`), not as an 附件.
    dict(year=2025, number=4, format="文件",
         title="中共澄州市中医院委员会关于印发2025年党建工作总结及2026年党建工作思路的通知",
         date=d("2025-12-30"), issues={"annual": 2025}, body="""\
《2025年党建工作总结及2026年党建工作思路》已经院党委会议审议通过，现印发给你们，请结合本支部实际认真贯彻落实。
"""),
    dict(year=2025, number=5, format="文件", title="中共澄州市中医院委员会关于印发《2026年党建工作要点》的通知",
         date=d("2025-12-31"), print_date=d("2026-01-04"),
         issues={"title": "2026年党建工作要点", "file": "attachments/2025/2026-dangjian-yaodian.md"}, body="""\
《2026年党建工作要点》已经院党委会议研究同意，现印发给你们，请结合实际认真抓好落实。
"""),
]

YAODIAN_2026_FILE = "attachments/2025/2026-dangjian-yaodian.md"
# The plan that notice 〔2025〕5号 issues: a Markdown file of its own, read into the notice's
# document after its signature.
YAODIAN_2026 = """\
2026年全院党建工作的总体要求是：以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十届四中全会精神，落实党委领导下的院长负责制，以“三强三优”行动为抓手，推动党建工作与医院“十五五”规划同部署、同落实，为医院高质量发展提供坚强保证。

# 加强政治建设

## 坚持“第一议题”制度

党委会议、党委理论学习中心组学习继续把习近平总书记最新重要讲话和重要指示批示精神作为第一议题，建立学习贯彻落实台账，每季度对账销号。

## 抓好党委理论学习中心组学习

全年安排专题学习不少于12次，其中专题研讨不少于4次；党委委员每年到联系支部讲党课不少于1次，支部书记每年第一季度讲党课。

# 加强基层组织建设

## 提高组织生活质量

各支部每月开展主题党日，结合科室业务确定学习和实践内容，组织生活参会率不低于85%。院党委每季度通报“三会一课”落实情况，对连续两个季度排名靠后的支部开展约谈。

## 做好支部换届

对2026年任期届满的5个党支部提前六个月提醒，指导支部做好候选人酝酿、选举和报批工作，确保按期换届率达到100%。

## 严格党员发展和教育管理

坚持把政治标准放在首位，全年计划发展党员8名，其中35周岁及以下不少于一半。开展党员“春训”，党员参训率不低于95%。

# 推动党建与业务融合

## 深化支部品牌建设

各支部对照“一支部一品牌”要求修订品牌创建方案，院党委年底组织品牌展示交流，择优推荐参加上级评选。

## 扎实服务群众

全年开展专题义诊不少于12场，健康科普作品不少于120篇，结对共建活动不少于3次，义诊和科普任务分解到支部，按季度通报。

# 加强清廉医院建设

## 压实管党治党责任

院党委每季度专题研究党风廉政建设，班子成员落实“一岗双责”，对分管领域开展廉政谈话。

## 加强重点领域监督

围绕药品耗材采购、基建项目和招标采购等环节更新廉洁风险点，对发现的问题建立清单，限期整改。
"""


def render_notice(n) -> str:
    fm = {"number": n["number"], "format": n["format"], "title": n["title"], "date": n["date"]}
    for k in ("recipients", "issuer", "seal", "upward", "signer", "note", "cc", "print_office", "print_date",
              "copy_number", "secrecy", "secrecy_period", "urgency", "numbering", "signature"):
        if k in n:
            fm[k] = n[k]
    out = ["+++"] + toml_lines(fm)
    if "issues" in n:
        out += ["", "[issues]"] + toml_lines(n["issues"])
    out += toml_table_array("attachments", n.get("attachments", []))
    out += ["+++"]
    return "\n".join(out) + "\n" + n["body"]


# --------------------------------------------------------------------------------------------
# checklist
# --------------------------------------------------------------------------------------------

ZH = "党政综合办公室"
RS = "组织人事科"
BR = "各党支部"

CHECKLIST = dict(title="“三强三优”行动计划清单", year=2024, categories=[
    ("战斗堡垒型组织", [
        ("优化党支部设置", [
            ("a1", "动态调整党支部设置，党支部正式党员不少于3人、不超过50人。", 3, [ZH], "branch_size"),
            ("a2", "党支部书记原则上由科室负责人担任，担任比例不低于85%。", 3, [ZH], "secretary_heads_department"),
        ]),
        ("严格组织生活", [
            ("a3", "规范开展“三会一课”和主题党日，组织生活参会率一般不低于80%。", 2, [BR], "attendance"),
            ("a4", "不存在连续6个月以上无正当理由不参加组织生活的党员。", 2, [BR], "absence_streak"),
            ("a5", "每年召开组织生活会并开展民主评议党员，资料齐全。", 2, [BR], "organisation_life"),
            ("a6", "联系支部的党委委员和支部书记每年讲党课不少于1次。", 2, [ZH, BR], None),
        ]),
        ("规范按期换届", [
            ("a7", "严格执行支部任期制度，按期换届，届满前6个月提醒。", 3, [ZH, BR], "term"),
        ]),
        ("推进党建业务融合", [
            ("a8", "党委领导下的院长负责制运行规范，党委会、院长办公会议事清单符合要求。", 3, [ZH], None),
            ("a9", "支部参与科室绩效分配、设备购置、评先评优等重要事项决策，并有记录。", 2, [BR], None),
            ("a10", "在上级组织的党建工作评比展示中取得良好成绩。", 8, [ZH, RS, "医务科"], None),
        ]),
        ("深化党建联建和品牌建设", [
            ("a11", "每年与民营医院开展结对共建活动不少于2次。", 2, [ZH, "骨伤科党支部"], "targets.jiedui"),
            ("a12", "每年开展专题义诊不少于10场。", 3, ["医务科", BR], "targets.yizhen"),
            ("a13", "按照“一支部一品牌”要求创建特色鲜明的党建品牌。", 5, [BR], "brand"),
        ]),
    ]),
    ("担当作为型干部", [
        ("选优配强班子", [
            ("b1", "优化中层干部结构，35岁左右及以下中层干部占比不低于15%。", 3, [RS], None),
            ("b2", "落实领导人员任期制和任期目标责任制，考核结果有效运用。", 5, [RS], None),
        ]),
        ("推进铸魂强基", [
            ("b3", "高质量开展党纪学习教育和深入贯彻中央八项规定精神学习教育。", 5, [ZH], None),
            ("b4", "新入职人员岗前教育不少于一周，中层以上干部每年按不少于20%的比例参加脱产培训。", 3, [RS], None),
            ("b5", "院党委每年举办支部书记和党务干部专题培训不少于1期，支部书记参加轮训。", 4, [ZH], None),
        ]),
        ("加强党务干部队伍", [
            ("b6", "专职党务干部按不少于在编职工总数0.5%的比例配备。", 3, [RS], None),
            ("b7", "落实支部书记待遇，非科室负责人担任书记的纳入中层正职干部管理。", 3, [RS], None),
        ]),
        ("储备年轻干部人才", [
            ("b8", "实施青年人才培养计划，按要求选派年轻干部进修挂职。", 4, [RS], None),
        ]),
    ]),
    ("先锋模范型党员", [
        ("把好党员入口关", [
            ("c1", "完成年度党员发展计划。", 2, [ZH], None),
            ("c2", "高知党员占高知群体比例力争达到45%以上。", 3, [ZH], None),
            ("c3", "严格执行发展党员工作程序，材料规范完整。", 3, [BR], None),
        ]),
        ("严格教育管理", [
            ("c4", "实施党员积分管理，规范不合格党员教育转化。", 3, [BR], None),
            ("c5", "深化清廉医院建设，常态化开展纪法教育和警示教育。", 5, ["纪检监察室"], None),
        ]),
        ("抓实常态教育", [
            ("c6", "党员每年至少参加一次集中培训。", 4, [BR], None),
            ("c7", "加强流动党员动态管理，推行党员承诺践诺。", 4, [BR], None),
        ]),
        ("关心关爱党员", [
            ("c8", "支部为党员过“政治生日”。", 2, [BR], None),
            ("c9", "支部书记每年与每名党员至少谈心谈话一次。", 2, [BR], None),
            ("c10", "在春节、“七一”等节点走访慰问老党员和生活困难党员。", 2, [ZH], None),
        ]),
    ]),
])

SCORES = {
    2024: {
        "a6": (2, "党委委员到联系支部讲党课11次，15名支部书记均讲授党课"),
        "a8": (3, "议事规则和议事清单已修订，党委会前沟通制度执行到位"),
        "a9": (1, "多数支部有参与科室重要事项决策的记录，个别支部记录不全"),
        "a10": (6, "获市卫生健康系统优秀党建品牌1个、先锋党支部1个"),
        "b1": (3, "35岁左右及以下中层干部占比16.2%"),
        "b2": (4, "完成领导人员年度考核，任期目标责任书尚未全覆盖"),
        "b3": (5, "党纪学习教育按计划完成，241名党员参加知识测试"),
        "b4": (3, "新职工岗前教育6天；中层干部脱产培训27人次"),
        "b5": (3, "举办党务干部培训1期，2名支部书记未参加轮训"),
        "b6": (3, "专职党务干部占比0.52%"),
        "b7": (3, "2名非科室负责人书记已纳入中层正职管理"),
        "b8": (3, "选派年轻干部进修挂职5人，培养计划尚在完善"),
        "c1": (2, "完成年度发展计划，发展党员{new_members}名"),
        "c2": (3, "高知党员占高知群体比例46.3%"),
        "c3": (3, "发展党员材料经预审全部合格"),
        "c4": (2, "积分管理已在12个支部实施"),
        "c5": (5, "开展警示教育9场，梳理廉洁风险点96项"),
        "c6": (4, "党员集中培训268人次，实现全覆盖"),
        "c7": (3, "流动党员台账已建立，承诺践诺公示尚不规范"),
        "c8": (2, "各支部七月主题党日为党员过政治生日"),
        "c9": (2, "支部书记谈心谈话覆盖全体党员"),
        "c10": (2, "春节、七一走访慰问老党员和困难党员43人次"),
    },
    2025: {
        "a6": (2, "党委委员到联系支部讲党课12次，支部书记第一季度均讲授党课"),
        "a8": (3, "党委会、院长办公会议事清单执行规范"),
        "a9": (2, "各支部均有参与科室重要事项决策的记录"),
        "a10": (7, "“本草匠心”获评全省优秀党建案例，结对共建入选全市优秀案例"),
        "b1": (3, "35岁左右及以下中层干部占比17.5%"),
        "b2": (5, "任期目标责任书实现全覆盖"),
        "b3": (5, "深入贯彻中央八项规定精神学习教育按期完成，255名党员参加知识测试"),
        "b4": (3, "新职工岗前教育7天；中层干部脱产培训30人次"),
        "b5": (4, "举办党务干部培训2期，支部书记轮训全覆盖"),
        "b6": (3, "专职党务干部占比0.55%"),
        "b7": (3, "非科室负责人书记待遇落实到位"),
        "b8": (4, "青年人才培养计划实施，选派年轻干部进修挂职7人"),
        "c1": (2, "完成年度发展计划，发展党员{new_members}名"),
        "c2": (3, "高知党员占高知群体比例47.1%"),
        "c3": (3, "发展党员程序规范，材料完整"),
        "c4": (3, "积分管理覆盖全部支部"),
        "c5": (5, "开展警示教育11场，动态更新廉洁风险点104项"),
        "c6": (4, "党员集中培训281人次"),
        "c7": (4, "流动党员动态管理和承诺践诺公示规范"),
        "c8": (2, "各支部为党员过政治生日"),
        "c9": (2, "支部书记谈心谈话覆盖全体党员"),
        "c10": (2, "走访慰问老党员和困难党员47人次"),
    },
}


def render_checklist(computed: dict) -> str:
    """computed: {year: {figure id: value}} fills {placeholders} in the evidence notes."""
    c = CHECKLIST
    out = toml_lines({"title": c["title"], "year": c["year"]})
    rule_items = set()
    for cname, groups in c["categories"]:
        cpts = sum(p for _, items in groups for _, _, p, _, _ in items)
        out += ["", "[[categories]]"] + toml_lines({"name": cname, "points": cpts})
        for gname, items in groups:
            out += ["", "[[categories.groups]]"] + toml_lines({"name": gname, "points": sum(i[2] for i in items)})
            for iid, text, pts, deps, rule in items:
                row = {"id": iid, "text": text, "points": pts, "departments": deps}
                if rule:
                    row["rule"] = rule
                    rule_items.add(iid)
                out += ["", "[[categories.groups.items]]"] + toml_lines(row)
    points = {i[0]: i[2] for _, gs in c["categories"] for _, items in gs for i in items}
    for y, sc in sorted(SCORES.items()):
        out += ["", f"[scores.{y}]"]
        for iid, (score, ev) in sorted(sc.items(), key=lambda kv: list(points).index(kv[0])):
            assert iid not in rule_items and score <= points[iid], iid
            ev = ev.format(**computed[y])
            out.append(f"{iid} = {toml_value({'score': score, 'evidence': ev})}")
    assert set(SCORES[2024]) == set(points) - rule_items
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# GAPS.md — what the records deliberately lack, so tests can assert it
# --------------------------------------------------------------------------------------------

def render_gaps(branches, records) -> str:
    byid = {b.id: b for b in branches}
    L = ["# Deliberate gaps in the demo records", "",
         "Written by `tools/demo/generate.py` (do not edit by hand; re-run the generator).",
         f"As-of date: {AS_OF.isoformat()} (records end on {LAST_RECORD_DAY.isoformat()}). "
         "Term length 3 years, reminder window 6 months, attendance threshold 80 %.", "",
         "Everything not listed here is complete: every branch has, in every month from January 2024 "
         "(治未病 from its founding) through October 2026, one 主题党日, one 支部委员会 (branches with a "
         "committee) and one 党小组会 (branches with 党小组); in every quarter from 2024 Q1 through 2026 Q3 one "
         "支部党员大会 and one 党课; in 2024 and 2025 one 组织生活会 and one 民主评议党员 (same day).", "",
         "## Missed monthly meetings", "", "| branch | kind | month |", "| --- | --- | --- |"]
    for br, k, y, m in sorted(MISSING_MONTHLY, key=lambda x: (x[2], x[3], x[0])):
        L.append(f"| {br} | {k} | {y}-{m:02d} |")
    L += ["", "## Missed quarterly meetings", "", "| branch | kind | quarter |", "| --- | --- | --- |"]
    for br, k, y, q in MISSING_QUARTERLY:
        L.append(f"| {br} | {k} | {y}-Q{q} |")
    L += ["", "## Low attendance (present / expected < 80 %)", "",
          "| file | branch | kind | present | expected | rate |", "| --- | --- | --- | --- | --- | --- |"]
    lows = sorted((r for r in records if r.fm["present"] * 5 < r.fm["expected"] * 4), key=lambda r: r.path)
    for r in lows:
        L.append(f"| content/{r.path} | {r.branch.id} | {r.kind} | {r.fm['present']} | {r.fm['expected']} | "
                 f"{100 * r.fm['present'] / r.fm['expected']:.1f} % |")
    assert len(lows) == len(LOW_ATTENDANCE)
    allp = sum(r.fm["present"] for r in records)
    alle = sum(r.fm["expected"] for r in records)
    L += ["", f"All other records have present / expected ≥ 80 %. Over all {len(records)} records: "
          f"present {allp} / expected {alle} = {100 * allp / alle:.1f} %.", ""]
    # not yet due
    nov = {r.branch.id for r in records if r.kind == "主题党日" and (r.date.year, r.date.month) == LAST_MONTH}
    q4 = lambda k: sorted({r.branch.id for r in records if r.kind == k and r.date >= d("2026-10-01")})
    L += ["## Not yet due (must not be reported as missed)", "",
          f"- 2026-11 is the current month. 主题党日 held so far: {', '.join(sorted(nov))}; "
          f"not yet: {', '.join(sorted(set(byid) - nov))}. 支委会/党小组会 of November likewise partial.",
          f"- 2026-Q4: 支部党员大会 held so far by {', '.join(q4('支部党员大会'))}; "
          f"党课 by {', '.join(q4('党课'))}. The others are not yet due.",
          "- 2026 组织生活会 / 民主评议党员: none yet (held in November/December; December not reached).",
          "- zhiweibing was founded 2024-07-01: nothing before July 2024 is due.", ""]
    L += ["## Terms (换届)", "", "No branch sets `[term] end`; the last day of a term is the day before the third "
          "anniversary of its start (as `dangjian check` prints it). Branches with a committee set "
          "`[committee] since` to the start of the previous term, so 支委会 months before the current term "
          "are judged too.", "",
          "| branch | term start | last day of term | status on as-of date |", "| --- | --- | --- | --- |"]
    for b in sorted(branches, key=lambda b: b.term):
        last = add_years(b.term, 3) - dt.timedelta(days=1)
        status = ("overdue (no new term)" if last < AS_OF else
                  "due within 6 months" if last <= AS_OF.replace(year=AS_OF.year + 1, month=5) else "ok")
        L.append(f"| {b.id} | {b.term.isoformat()} | {last.isoformat()} | {status} |")
    L += ["", "Exactly one branch is overdue (houqin) and exactly one ends within six months (guke); all other "
          "terms end after 2027-06-01.", ""]
    heads = [b.id for b in branches if b.heads]
    L += ["## Branch structure", "",
          f"- Secretary heads the department in {len(heads)} of {len(branches)} branches "
          f"({100 * len(heads) / len(branches):.1f} %); not: "
          f"{', '.join(b.id for b in branches if not b.heads)}.",
          "- Branch sizes (正式党员) are between "
          f"{min(c[0] for b in branches for c in b.counts_by_date.values())} and "
          f"{max(c[0] for b in branches for c in b.counts_by_date.values())}; all within 3–50.",
          "- zhiweibing has fewer than 7 正式党员: no committee, no 党小组.",
          "- Branches with 党小组: " + ", ".join(b.id for b in branches if b.groups) + ".",
          "- Rosters (`[[members]]`) only for: " + ", ".join(b.id for b in branches if b.roster)
          + "; their absentee names all come from the roster.",
          "- Branches with a brand: " + ", ".join(f"{b.id} → {b.brand}" for b in branches if b.brand) + ".", ""]
    L += ["## Absence streaks", "",
          "No member is absent from organisational life for more than 6 consecutive months. The longest "
          "planned absences (外出进修, 产假, 病假, 下沉基层医疗帮扶, 住院治疗 …) last at most 4 calendar months.", ""]
    L += ["## Targets (counted from records)", "", "| year | yizhen (target 10, 义诊) | jiedui (target 2, 结对共建) |",
          "| --- | --- | --- |"]
    for y in (2024, 2025, 2026):
        yz = sum(1 for r in records if r.kind == "义诊" and r.date.year == y)
        jd = sum(1 for r in records if r.kind == "结对共建" and r.date.year == y)
        L.append(f"| {y}{' (to 11-21)' if y == 2026 else ''} | {yz}{' (missed)' if yz < 10 else ''} | {jd} |")
    L += ["", "kepu (target 100) has a manual value: 2024 112, 2025 126, 2026 87 (to date).", ""]
    kinds = {}
    for r in records:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    L += ["## Record counts", "", "| kind | records |", "| --- | --- |"]
    for k in KIND_SLUG:
        if k in kinds:
            L.append(f"| {k} | {kinds[k]} |")
    L.append(f"| total | {len(records)} |")
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------

def main():
    for name in GENERATED_DIRS:
        shutil.rmtree(CONTENT / name, ignore_errors=True)
    branches = build_branches()
    slots = schedule(branches) + event_slots(branches)
    admit_members(branches, slots)
    assign_leaves(branches)
    records = build_records(branches, slots)
    files = attach(records, branches)

    out = {}
    for b in branches:
        out[f"branches/{b.id}.toml"] = render_branch(b)
    for r in records:
        out[r.path] = render_activity(r)
    for bid in BRANDS:
        out[f"brands/{bid}.md"] = render_brand(bid)
    computed = {}
    for y in (2024, 2025):
        figs, targets = annual_figures(y, branches, records)
        computed[y] = {f["id"]: f["value"] for f in figs}
        out[f"annual/{y}.toml"] = render_annual_toml(y, figs, targets)
        out[f"annual/{y}.md"] = render_annual_md(y)
    figs, targets = annual_2026(records)
    out["annual/2026.toml"] = render_annual_toml(2026, figs, targets, "截至11月，年度目标")
    out["annual/2026.md"] = render_annual_md(2026)
    for n in NOTICES:
        # a separate series ([notices.series.<id>]) has a folder of its own
        folder = f"{n['series']}/{n['year']}" if "series" in n else f"{n['year']}"
        out[f"notices/{folder}/{n['number']}.md"] = render_notice(n)
    out[YAODIAN_2026_FILE] = YAODIAN_2026
    out["checklists/sanqiang-sanyou.toml"] = render_checklist(computed)
    # figures that the notices and evidence notes quote in plain text
    assert computed[2024]["branch_elections"] == 9 and computed[2024]["young_cadres_ratio"] == 16.2
    out.update(files)
    for rel in sorted(out):
        write(CONTENT / rel, out[rel])
    write(GAPS_FILE, render_gaps(branches, records))
    print(f"wrote {len(out)} files under {CONTENT.relative_to(ROOT)}/ and {GAPS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
