//! Synthetic corpus for the benchmarks (`bench/run.sh`): a valid dangjian site of a given size
//! and the same activities as a plain Hugo site, so that both generators can be timed side by
//! side on the same pages.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --activities 100000 --out /tmp/corpus-100k
//! ```
//!
//! writes `<out>/site` (site.toml + content/: branches, activities, brands, notices, annual data
//! and summaries, one checklist; passes `dangjian check` with rule warnings only) and
//! `<out>/hugo` (config.toml, content/activities/<year>/<slug>.md with the same titles, bodies
//! and dates, notices, brands, branch term pages, and a minimal theme in layouts/).
//!
//! Sizes: `--activities demo` (1,763 activities, 15 branches, 3 years — the demo's shape) or any
//! number; branches scale with the size (one per ~333 activities: 30 at 10k, 300 at 100k, 900 at
//! 300k), 10 years (2016–2025). Deterministic: a fixed seed and an own PRNG, so the same
//! arguments write byte-identical files. Every text is assembled from the phrase pools below
//! (written for this generator); paragraphs are 200–800 characters.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, Weekday};

const DEMO_ACTIVITIES: usize = 1763;
const LAST_YEAR: i32 = 2025;
const DEFAULT_SEED: u64 = 0x6461_6e67_6a69_616e; // "dangjian"

const USAGE: &str =
    "usage: gen_corpus --activities N|demo --out DIR [--years Y] [--branches B] [--seed S]

Writes DIR/site (a dangjian site) and DIR/hugo (the same activities as a Hugo site).
Existing DIR/site and DIR/hugo are replaced; nothing else in DIR is touched.";

// ------------------------------------------------------------------------------------ PRNG ---

/// SplitMix64: tiny, fast, and the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.below(s.len())]
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// `k` distinct indices of `0..n`, in drawing order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        idx.truncate(k);
        idx
    }
}

// ------------------------------------------------------------------------------ phrase pools ---

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "萧", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁",
    "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾",
    "夏", "付", "方", "邹", "熊", "白", "孟", "秦", "邱", "侯", "江", "尹", "薛", "闫", "段", "雷",
    "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵", "万", "覃", "武", "钱", "戴", "严",
];
const GIVEN: &[&str] = &[
    "晓明", "建军", "丽华", "志勇", "海燕", "文静", "国栋", "玉兰", "春生", "秀梅", "立新", "红霞",
    "晨曦", "子涵", "思远", "雨桐", "浩宇", "欣怡", "俊峰", "雅琴", "明轩", "佳琪", "振华", "慧敏",
    "伟", "芳", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "超", "霞", "平", "刚",
    "桂英", "永强", "学文", "淑芬", "嘉怡", "一鸣", "梓萱", "天佑", "若溪", "承泽", "宏图", "婉清",
    "书瑶", "景行", "亦舟", "清源", "安琪", "向阳", "铭远", "素云", "宇航", "诗雨", "怀远", "家豪",
];

/// (department, pinyin slug, category).
const DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("心血管内科", "xinxueguan", "临床"),
    ("呼吸内科", "huxi", "临床"),
    ("消化内科", "xiaohua", "临床"),
    ("神经内科", "shenjing", "临床"),
    ("内分泌科", "neifenmi", "临床"),
    ("肾病科", "shenbing", "临床"),
    ("肿瘤科", "zhongliu", "临床"),
    ("老年病科", "laonian", "临床"),
    ("普外科", "puwai", "临床"),
    ("骨伤科", "gushang", "临床"),
    ("泌尿外科", "miniao", "临床"),
    ("神经外科", "shenwai", "临床"),
    ("妇科", "fuke", "临床"),
    ("产科", "chanke", "临床"),
    ("儿科", "erke", "临床"),
    ("眼科", "yanke", "临床"),
    ("耳鼻喉科", "erbihou", "临床"),
    ("皮肤科", "pifu", "临床"),
    ("针灸科", "zhenjiu", "临床"),
    ("推拿科", "tuina", "临床"),
    ("康复医学科", "kangfu", "临床"),
    ("急诊科", "jizhen", "临床"),
    ("重症医学科", "zhongzheng", "临床"),
    ("麻醉科", "mazui", "临床"),
    ("治未病中心", "zhiweibing", "临床"),
    ("检验科", "jianyan", "医技"),
    ("放射科", "fangshe", "医技"),
    ("超声医学科", "chaosheng", "医技"),
    ("病理科", "bingli", "医技"),
    ("药剂科", "yaoji", "医技"),
    ("中药房", "zhongyaofang", "医技"),
    ("功能检查科", "gongneng", "医技"),
    ("护理部", "hulibu", "护理"),
    ("门诊护理单元", "menzhen-huli", "护理"),
    ("病区护理单元", "bingqu-huli", "护理"),
    ("党政办公室", "dangzheng", "行政后勤"),
    ("医务科", "yiwu", "行政后勤"),
    ("财务科", "caiwu", "行政后勤"),
    ("总务科", "zongwu", "行政后勤"),
    ("信息中心", "xinxi", "行政后勤"),
    ("保卫科", "baowei", "行政后勤"),
    ("离退休人员", "lituixiu", "离退休"),
];

/// (name, slug) — the built-in activity kinds used here.
const KINDS: &[(&str, &str)] = &[
    ("主题党日", "zhuti-dangri"),        // 0
    ("支部委员会", "zhiweihui"),         // 1
    ("支部党员大会", "dangyuan-dahui"),  // 2
    ("党课", "dangke"),                  // 3
    ("组织生活会", "zuzhi-shenghuohui"), // 4
    ("民主评议党员", "minzhu-pingyi"),   // 5
    ("志愿服务", "zhiyuan-fuwu"),        // 6
    ("义诊", "yizhen"),                  // 7
    ("谈心谈话", "tanxin-tanhua"),       // 8
    ("结对共建", "jiedui-gongjian"),     // 9
];
const EXTRA_KINDS: &[usize] = &[6, 7, 8, 9];

const THEMES: &[&str] = &[
    "重温入党誓词，坚定理想信念",
    "学习党章党规，增强纪律意识",
    "弘扬伟大建党精神",
    "践行以人民健康为中心的发展思想",
    "加强医德医风建设",
    "推进清廉医院建设",
    "改善患者就医体验",
    "落实医疗质量安全核心制度",
    "传承精华、守正创新，发展中医药事业",
    "学习身边的优秀共产党员",
    "做好秋冬季呼吸道传染病防治",
    "提升急危重症救治能力",
    "深化党建与业务融合",
    "开展警示教育，筑牢廉洁防线",
    "弘扬新时代医疗卫生职业精神",
    "加强青年医务人员培养",
    "学习《中国共产党支部工作条例（试行）》",
    "推进分级诊疗和医联体建设",
    "做好老年患者的连续照护",
    "践行初心使命，争当服务先锋",
    "优化门诊服务流程",
    "加强院感防控",
    "推动合理用药",
    "落实安全生产责任",
];
const AGENDAS: &[&str] = &[
    "支部年度工作计划",
    "党员先锋岗设置",
    "发展党员工作",
    "入党积极分子培养考察",
    "党费收缴情况",
    "主题党日活动安排",
    "群众意见建议的办理",
    "志愿服务排班",
    "科室医疗质量问题整改",
    "支部品牌建设推进",
    "谈心谈话安排",
    "组织生活会准备工作",
    "民主评议党员工作方案",
    "下沉基层帮扶人员推荐",
    "支部学习计划",
    "困难党员走访慰问",
];
const SUBJECTS: &[&str] = &[
    "坚守初心，做人民健康的守护者",
    "从党史中汲取干事创业的力量",
    "严守纪律规矩，永葆清正廉洁",
    "新时代医务工作者的责任与担当",
    "以高质量党建引领科室高质量发展",
    "中医药文化中的仁心仁术",
    "把支部建在学科上",
    "做一名合格的共产党员",
    "从一份病历看医疗质量",
    "服务群众无小事",
];
const COMMUNITIES: &[&str] = &[
    "青石街道",
    "河西社区",
    "东湖社区",
    "柳林镇",
    "南门社区",
    "白沙乡",
    "望江社区",
    "桃源村",
    "城北老年公寓",
    "新港工业园",
    "梨花村",
    "北关社区",
];
const PARTNERS: &[&str] = &[
    "青石街道社区卫生服务中心党支部",
    "柳林镇卫生院党支部",
    "白沙乡中心卫生院党支部",
    "市第二中学党支部",
    "河西社区党委",
    "新港工业园区党委",
    "城北派出所党支部",
];
const REASONS: &[&str] = &[
    "值班",
    "外出进修",
    "手术",
    "病假",
    "事假",
    "下乡帮扶",
    "参加培训",
    "产假",
];
const TAGS: &[&str] = &[
    "理论学习",
    "警示教育",
    "健康宣教",
    "政治生日",
    "先锋岗",
    "困难帮扶",
    "医德医风",
    "读书活动",
];
const TIMES: &[&str] = &[
    "08:30-10:00",
    "14:00-15:30",
    "14:30-16:00",
    "15:00-16:30",
    "16:30-17:30",
];
const COMMITTEE_TIMES: &[&str] = &["12:30-13:10", "17:30-18:20", "17:40-18:30"];

/// Who: the subject of a sentence.
const WHO: &[&str] = &[
    "支部书记",
    "组织委员",
    "宣传委员",
    "纪检委员",
    "青年委员",
    "与会党员",
    "几位青年党员",
    "老党员代表",
    "科室主任",
    "护士长",
    "党小组长",
    "两名预备党员",
    "入党积极分子代表",
    "列席的科室骨干",
    "一线值班的党员医生",
    "党员护士",
    "返聘的老专家",
    "规培医师中的党员",
    "刚下沉基层回来的党员",
    "窗口岗位的党员",
];
/// What they did: the predicate of a sentence.
const DID: &[&str] = &[
    "结合本科室近期的诊疗工作谈了学习体会",
    "围绕缩短患者候诊时间提出了改进意见",
    "对照岗位职责查找了自身在服务意识方面的不足",
    "回顾了上一阶段支部工作计划的落实情况",
    "传达了院党委近期工作部署的主要内容",
    "通报了本月科室医疗质量检查中发现的问题",
    "就如何做好夜班交接提出了几条具体办法",
    "分享了参加基层医疗帮扶的所见所感",
    "讲述了自己参与一次急危重症抢救的经历",
    "建议把患者满意度调查的结果拿到支部会上讨论",
    "梳理了患者和家属反映比较集中的几类问题",
    "提出要把合理用药的要求落实到每一张处方",
    "就医德医风建设谈了自己的认识",
    "对新入职人员的带教工作提出了要求",
    "建议支部与社区卫生服务中心加强日常联系",
    "谈到了中医特色技术在慢病管理中的作用",
    "对支部开展志愿服务的形式提出了新想法",
    "结合典型案例剖析了违反廉洁从业规定的危害",
    "提出要加强院感防控各个环节的自查",
    "交流了利用业余时间学习新业务的做法",
    "就病历书写质量存在的共性问题作了提醒",
    "介绍了科室开展新技术新项目的进展",
    "说明了本季度党费收缴和使用的情况",
    "对下一步的学习安排提出了建议",
    "围绕支部品牌建设谈了思路和打算",
    "讲解了发展党员工作的程序和要求",
    "谈了自己对以病人为中心的理解",
    "提出科室要多为行动不便的老年患者想办法",
    "汇报了入党以来的思想和工作情况",
    "表示要在急难险重任务面前主动站出来",
    "建议把健康宣教做到门诊候诊区",
    "对照党章党规检视了自身的差距",
    "回忆了自己入党时的情景和当时的心情",
    "建议定期开展应急演练，提高多学科协同处置能力",
    "提出要用好线上随访平台，做好出院患者的延续服务",
    "介绍了对口帮扶卫生院在人员和设备上的实际困难",
    "讲到要把节约意识落实到耗材管理的每一个环节",
    "对照上次会议确定的事项逐项说明了办理结果",
    "建议在病区设立党员责任床，让患者找得到人",
    "结合一起医疗纠纷的处理过程谈了医患沟通的体会",
    "提出要加强对护理员和保洁人员的培训和关心",
    "就如何把学习成果转化为工作成效谈了想法",
];
/// How the meeting responded (optional tail of a sentence).
const TAIL: &[&str] = &[
    "，得到了大家的认同",
    "，引起了与会人员的共鸣",
    "，大家围绕这一问题展开了讨论",
    "，支部书记当场作了回应",
    "，几位同志作了补充",
    "，会场气氛热烈",
    "，大家认为很有针对性",
    "，支委会将专题研究落实",
];
/// Statements that stand on their own.
const STATEMENTS: &[&str] = &[
    "会议认为，{theme}是当前支部工作的重点，必须抓紧抓实、久久为功。",
    "支部要求每名党员把学习成果转化为做好本职工作的实际行动。",
    "大家一致表示，要以更加饱满的精神状态投入到日常诊疗和服务工作中。",
    "会上还通报了{m}月份{dept}的门诊量、住院量和患者满意度情况。",
    "与会人员逐条对照问题清单，明确了整改责任人和完成时限。",
    "这次活动形式简朴、内容充实，党员们普遍反映收获很大。",
    "支部书记在总结时指出，支部的战斗力来自每一名党员的日常表现。",
    "针对讨论中提出的问题，支委会当场确定了分工，能马上改的立即改。",
    "会议强调，{dept}作为临床一线，更要把党员的先锋作用体现在岗位上。",
    "大家还就如何带动身边群众共同参与支部活动交换了意见。",
    "会议要求党小组在下月前把学习情况和意见建议汇总报支委会。",
    "这是支部今年第{n}次集中学习，参学党员都作了学习笔记。",
    "部分因值班未能到会的党员，会后由党小组长负责补学。",
    "会议最后，全体党员重温了入党誓词，现场气氛庄重。",
    "支部将把这次活动的情况整理成简报，报院党委备案。",
    "党员们认为，支部活动只有和科室的实际问题结合起来，才有生命力。",
    "支部书记提醒大家，既要埋头干事，也要注意总结，把好的做法固定下来。",
    "会议对近期在工作中表现突出的党员进行了通报表扬。",
    "与会人员还观看了一段专题片，片中的先进事迹让大家深受触动。",
    "大家认为，{theme}不能停留在口头上，要落到每一个服务细节里。",
    "支委们对照职责分工，就下一阶段的重点任务作了具体安排。",
    "会议还研究了{m}月份的志愿服务排班，确保每个周末都有党员在岗。",
    "讨论中，有同志坦诚地谈到了自己在工作中的畏难情绪，大家帮他出主意、想办法。",
    "活动结束后，党员们又回到各自岗位，不少人直接去了病房。",
];
const RESOLUTIONS: &[&str] = &[
    "各党小组在两周内完成本次学习内容的讨论，讨论记录报支委会。",
    "在门诊和病房各设一个党员先锋岗，亮牌服务。",
    "对本次会议收集的意见建议逐条办理，下次会议通报办理结果。",
    "由组织委员牵头，整理支部党员的学习笔记和心得体会。",
    "下月主题党日安排到社区开展健康咨询。",
    "党员带头落实首诊负责制，杜绝推诿患者。",
    "支部委员每人联系两名青年医务人员，每季度至少谈心一次。",
    "对照问题清单逐项整改，整改情况在科室内公示。",
    "同意将一名入党积极分子列为发展对象，按程序报院党委预审。",
    "党费按时足额收缴，收缴情况在支部公示栏公布。",
];
const NOTICE_SENTENCES: &[&str] = &[
    "各党支部要高度重视，把这项工作列入本支部年度工作计划，明确责任人和完成时限。",
    "支部书记是第一责任人，要亲自部署、亲自推动，确保各项要求落到实处。",
    "要坚持问题导向，结合科室实际找准切入点，不搞形式、不走过场。",
    "各支部要在规定时间内将工作开展情况形成书面材料，报党政办公室。",
    "院党委将把这项工作的落实情况纳入年度党支部工作考核。",
    "要注重发挥党员的先锋模范作用，带动身边群众共同参与。",
    "要把这项工作与医疗质量提升、患者服务改善结合起来，做到两促进、两不误。",
    "各支部要及时总结经验做法，好的经验要在全院推广交流。",
    "对工作推进不力、敷衍应付的支部，院党委将进行约谈提醒。",
    "要严格落实中央八项规定精神，活动安排务求节俭、务求实效。",
    "各支部在开展活动时要做好记录，会议记录和签到表及时录入党建工作平台。",
    "有关工作中遇到的问题，请及时与党政办公室联系。",
    "要统筹安排好工作时间，确保临床一线诊疗工作不受影响。",
    "各支部要加强对青年党员和入党积极分子的教育引导，帮助他们尽快成长。",
    "要把学习教育同解决群众急难愁盼问题结合起来，让患者有实实在在的获得感。",
    "党员领导干部要带头参加所在支部的活动，带头讲党课、带头查摆问题。",
];
const NOTICE_SUBJECTS: &[&str] = &[
    "印发年度党建工作要点",
    "开展主题党日活动",
    "做好党员发展工作",
    "召开年度组织生活会和开展民主评议党员",
    "开展党风廉政建设宣传教育月活动",
    "做好党费收缴工作",
    "表彰先进党支部和优秀共产党员",
    "开展“一支部一品牌”展示交流",
    "开展志愿服务和义诊活动",
    "做好党支部换届选举工作",
    "加强党员日常教育管理",
    "开展警示教育",
];
const NOTICE_HEADINGS: &[&str] = &[
    "总体要求",
    "主要任务",
    "工作安排",
    "有关要求",
    "时间安排",
    "组织保障",
];
const BRAND_FIRST: &[&str] = &[
    "仁心", "杏林", "岐黄", "本草", "银针", "暖阳", "青松", "星火", "守护", "初心", "匠心", "清风",
];
const BRAND_SECOND: &[&str] = &[
    "先锋",
    "护航",
    "驿站",
    "工作室",
    "讲堂",
    "行动",
    "同行",
    "港湾",
];
const BRAND_SENTENCES: &[&str] = &[
    "品牌立足科室专业特点，把党员身份亮在每一个关键岗位上。",
    "支部坚持把党建工作和业务工作一起谋划、一起部署、一起考核。",
    "党员医生利用周末走进社区和学校，开展健康讲座和义诊咨询。",
    "品牌创建以来，科室患者满意度稳步提升，群众口碑越来越好。",
    "支部建立了党员责任区制度，每名党员联系若干病床和若干名青年同事。",
    "针对慢病患者反复住院的问题，党员牵头建立了出院随访档案。",
    "支部把青年医务人员的成长作为品牌建设的重要内容，实行导师带教。",
    "品牌活动坚持小切口、常态化，不搞一阵风，不追求场面。",
    "下一步，支部将把品牌创建中形成的好做法整理成规范，在全院推广。",
    "支部还与基层医疗机构开展结对共建，把优质服务送到群众家门口。",
    "品牌的口号简洁好记，已经成为科室党员和群众共同的行动约定。",
    "每年年底，支部对照品牌建设方案逐项检查，查找差距，完善举措。",
];

// -------------------------------------------------------------------------------- the model ---

struct Branch {
    id: String,
    name: String,
    short_name: String,
    dept: &'static str,
    category: &'static str,
    secretary: String,
    /// (name, post); the secretary first.
    committee: Vec<(String, &'static str)>,
    /// Everyone else, for absentee lists.
    others: Vec<String>,
    /// (full, probationary) per year, index 0 = first year.
    counts: Vec<(u32, u32)>,
    term_start: NaiveDate,
    places: Vec<String>,
    brand: Option<String>,
}

struct Plan {
    activities: usize,
    branches: usize,
    years: Vec<i32>,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Plan, String> {
    let mut args = std::env::args().skip(1);
    let (mut activities, mut out, mut years, mut branches, mut seed) =
        (None, None, None, None, DEFAULT_SEED);
    let mut demo = false;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--activities" => {
                let v = value()?;
                if v == "demo" {
                    demo = true;
                    activities = Some(DEMO_ACTIVITIES);
                } else {
                    activities = Some(parse_count(&v)?);
                }
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--years" => years = Some(parse_count(&value()?)?),
            "--branches" => branches = Some(parse_count(&value()?)?),
            "--seed" => seed = value()?.parse().map_err(|_| "bad --seed")?,
            "-h" | "--help" => return Err(String::new()),
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let activities = activities.ok_or("--activities is required")?;
    let out = out.ok_or("--out is required")?;
    if activities == 0 {
        return Err("--activities must be at least 1".into());
    }
    let years = years.unwrap_or(if demo { 3 } else { 10 }).clamp(1, 50);
    let branches = branches
        .unwrap_or(if demo { 15 } else { (activities / 333).max(15) })
        .max(1);
    let first = LAST_YEAR - years as i32 + 1;
    Ok(Plan {
        activities,
        branches,
        years: (first..=LAST_YEAR).collect(),
        seed,
        out,
    })
}

/// `100000`, `100_000`, `100k`.
fn parse_count(s: &str) -> Result<usize, String> {
    let t = s.replace('_', "").to_ascii_lowercase();
    let (num, mult) = match t.strip_suffix('k') {
        Some(n) => (n, 1000),
        None => (t.as_str(), 1),
    };
    num.parse::<usize>()
        .map(|n| n * mult)
        .map_err(|_| format!("not a count: {s}"))
}

fn main() -> ExitCode {
    let plan = match parse_args() {
        Ok(p) => p,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen_corpus: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(if e.is_empty() { 0 } else { 2 });
        }
    };
    match generate(&plan) {
        Ok(stats) => {
            eprintln!(
                "gen_corpus: {} activities, {} branches, {} brands, {} notices, years {}–{} \
                 → {}/site and {}/hugo ({:.1} MB of activity text)",
                stats.activities,
                plan.branches,
                stats.brands,
                stats.notices,
                plan.years[0],
                plan.years[plan.years.len() - 1],
                plan.out.display(),
                plan.out.display(),
                stats.body_bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Default)]
struct Stats {
    activities: usize,
    brands: usize,
    notices: usize,
    body_bytes: u64,
}

/// Replaces `dir` only when it is absent, empty or one of ours (a marker file inside).
fn fresh_dir(dir: &Path, marker: &str) -> io::Result<()> {
    if dir.exists() {
        let ours = dir.join(marker).exists() || fs::read_dir(dir)?.next().is_none();
        if !ours {
            return Err(io::Error::other(format!(
                "{} exists and does not look generated (no {marker}); not touching it",
                dir.display()
            )));
        }
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn generate(plan: &Plan) -> io::Result<Stats> {
    let site = plan.out.join("site");
    let hugo = plan.out.join("hugo");
    fresh_dir(&site, "site.toml")?;
    fresh_dir(&hugo, "config.toml")?;
    let mut rng = Rng(plan.seed);
    let mut stats = Stats::default();

    let branches = make_branches(&mut rng, plan);
    write_site_toml(&site, plan)?;
    write_hugo_skeleton(&hugo, plan)?;
    for b in &branches {
        write(
            &site.join(format!("content/branches/{}.toml", b.id)),
            &branch_toml(b, plan),
        )?;
        write(
            &hugo.join(format!("content/branches/{}/_index.md", b.id)),
            &format!("+++\ntitle = {}\n+++\n", q(&b.name)),
        )?;
        if let Some(brand) = &b.brand {
            let (fm, body) = brand_md(&mut rng, b, plan);
            write(
                &site.join(format!("content/brands/{brand}.md")),
                &format!("+++\n{fm}+++\n{body}"),
            )?;
            write(
                &hugo.join(format!("content/brands/{brand}.md")),
                &format!("+++\n{fm}date = {}-01-01\n+++\n{body}", plan.years[0]),
            )?;
            stats.brands += 1;
        }
    }

    // Activities: distributed evenly over branch × year cells, the remainder to the first cells.
    let cells = branches.len() * plan.years.len();
    let base = plan.activities / cells;
    let extra = plan.activities % cells;
    let mut cell = 0;
    for (yi, &year) in plan.years.iter().enumerate() {
        let dir_site = site.join(format!("content/activities/{year}"));
        let dir_hugo = hugo.join(format!("content/activities/{year}"));
        fs::create_dir_all(&dir_site)?;
        fs::create_dir_all(&dir_hugo)?;
        write(
            &dir_hugo.join("_index.md"),
            &format!("+++\ntitle = \"{year}年支部活动\"\ndate = {year}-12-31\n+++\n"),
        )?;
        for b in &branches {
            let k = base + usize::from(cell < extra);
            cell += 1;
            let mut used: HashSet<String> = HashSet::new();
            let mut nth_study = 0;
            for (kind, month) in schedule(&mut rng, k) {
                let date = pick_day(&mut rng, year, month);
                let mut stem = format!("{date}-{}-{}", b.id, KINDS[kind].1);
                let mut n = 2;
                while !used.insert(stem.clone()) {
                    stem = format!("{date}-{}-{}-{n}", b.id, KINDS[kind].1);
                    n += 1;
                }
                if kind == 0 || kind == 3 {
                    nth_study += 1;
                }
                let a = activity(&mut rng, b, yi, kind, date, nth_study);
                stats.body_bytes += a.body.len() as u64;
                fs::write(
                    dir_site.join(format!("{stem}.md")),
                    format!("+++\n{}+++\n{}", a.front, a.body),
                )?;
                fs::write(
                    dir_hugo.join(format!("{stem}.md")),
                    format!(
                        "+++\n{}branch_name = {}\nactivity_kind = {}\nbranches = [{}]\nkinds = [{}]\n+++\n{}",
                        a.hugo_front,
                        q(&b.name),
                        q(KINDS[kind].0),
                        q(&b.id),
                        q(KINDS[kind].0),
                        a.body
                    ),
                )?;
                stats.activities += 1;
            }
        }
    }

    stats.notices = write_notices(&mut rng, plan, &site, &hugo)?;
    write_annual(&mut rng, plan, &site)?;
    write_checklist(plan, &site)?;
    Ok(stats)
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn q_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", parts.join(", "))
}

fn person(rng: &mut Rng, taken: &mut HashSet<String>) -> String {
    loop {
        let n = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        if taken.insert(n.clone()) {
            return n;
        }
    }
}

const CN_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 12 → 十二, 40 → 四十, 105 → 一百零五.
fn cn_number(n: usize) -> String {
    match n {
        0..=9 => CN_DIGITS[n].to_owned(),
        10..=19 => format!("十{}", if n > 10 { CN_DIGITS[n - 10] } else { "" }),
        20..=99 => format!(
            "{}十{}",
            CN_DIGITS[n / 10],
            if !n.is_multiple_of(10) {
                CN_DIGITS[n % 10]
            } else {
                ""
            }
        ),
        _ => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", CN_DIGITS[rest]),
                10..=19 => format!("一{}", cn_number(rest)),
                _ => cn_number(rest),
            };
            format!("{}百{tail}", cn_number(n / 100))
        }
    }
}

fn make_branches(rng: &mut Rng, plan: &Plan) -> Vec<Branch> {
    let mut seen_dept = vec![0usize; DEPARTMENTS.len()];
    let last = *plan.years.last().unwrap_or(&LAST_YEAR);
    (0..plan.branches)
        .map(|i| {
            let d = i % DEPARTMENTS.len();
            seen_dept[d] += 1;
            let (dept, slug, category) = DEPARTMENTS[d];
            let nth = seen_dept[d];
            let many = plan.branches > DEPARTMENTS.len();
            let (id, name, short_name) = if many {
                (
                    format!("{slug}-{nth}"),
                    format!("{dept}第{}党支部", cn_number(nth)),
                    format!("{dept}{}支", cn_number(nth)),
                )
            } else {
                (
                    slug.to_owned(),
                    format!("{dept}党支部"),
                    format!("{dept}支部"),
                )
            };
            // Names are unique within a branch (the pools give 6,144 of them), not across a
            // system of hundreds of branches.
            let mut taken = HashSet::new();
            let secretary = person(rng, &mut taken);
            let mut committee = vec![(secretary.clone(), "书记")];
            let posts = ["组织委员", "宣传委员", "纪检委员", "青年委员"];
            let size = rng.range(3, 5);
            for post in posts.iter().take(size - 1) {
                committee.push((person(rng, &mut taken), *post));
            }
            let full0 = rng.range(12, 40) as u32;
            let mut full = full0;
            let counts: Vec<(u32, u32)> = plan
                .years
                .iter()
                .map(|_| {
                    full = (full as i64 + rng.range(0, 4) as i64 - 1).clamp(8, 48) as u32;
                    (full, rng.range(0, 2) as u32)
                })
                .collect();
            let max_members = counts.iter().map(|c| c.0 + c.1).max().unwrap_or(full0) as usize;
            let others = (0..max_members.saturating_sub(committee.len()) + 2)
                .map(|_| person(rng, &mut taken))
                .collect();
            // Terms of three years, the current one started within the last three years.
            let term_start = NaiveDate::from_ymd_opt(last - rng.range(0, 2) as i32, 1, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(rng.range(0, 360) as u64)))
                .expect("valid date");
            let floor = rng.range(2, 12);
            let places = vec![
                format!("{dept}示教室"),
                format!("{dept}会议室"),
                format!("门诊楼{floor}楼会议室"),
                "党员活动室".to_owned(),
            ];
            let brand = (i % 3 == 0).then(|| format!("{id}-pinpai"));
            Branch {
                id,
                name,
                short_name,
                dept,
                category,
                secretary,
                committee,
                others,
                counts,
                term_start,
                places,
                brand,
            }
        })
        .collect()
}

fn branch_toml(b: &Branch, plan: &Plan) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "name = {}", q(&b.name));
    let _ = writeln!(s, "short_name = {}", q(&b.short_name));
    let _ = writeln!(s, "category = {}", q(b.category));
    let _ = writeln!(s, "department = {}", q(b.dept));
    if let Some(brand) = &b.brand {
        let _ = writeln!(s, "brand = {}", q(brand));
    }
    let _ = writeln!(
        s,
        "\n[secretary]\nname = {}\nheads_department = {}",
        q(&b.secretary),
        b.category != "离退休"
    );
    let _ = writeln!(s, "\n[term]\nstart = {}", b.term_start);
    let _ = writeln!(s, "\n[committee]\nsince = {}-01-01", plan.years[0] - 1);
    for (name, post) in &b.committee {
        let _ = writeln!(
            s,
            "\n[[committee.members]]\nname = {}\npost = {}",
            q(name),
            q(post)
        );
    }
    for (year, (full, prob)) in plan.years.iter().zip(&b.counts) {
        let _ = writeln!(
            s,
            "\n[[member_counts]]\ndate = {year}-01-01\nfull = {full}\nprobationary = {prob}"
        );
    }
    s
}

/// The (kind, month) slots of `k` activities of one branch in one year, most important first,
/// so that a small `k` keeps the meetings the rules ask for.
fn schedule(rng: &mut Rng, k: usize) -> Vec<(usize, u32)> {
    let mut slots: Vec<(usize, u32)> = Vec::with_capacity(k.max(34));
    slots.extend((1..=12).map(|m| (0, m)));
    slots.extend((1..=12).map(|m| (1, m)));
    for q in 0..4u32 {
        slots.push((2, q * 3 + 1 + rng.below(3) as u32));
        slots.push((3, q * 3 + 1 + rng.below(3) as u32));
    }
    slots.push((4, 1 + rng.below(2) as u32));
    slots.push((5, 1 + rng.below(2) as u32));
    let mut i = 0;
    while slots.len() < k {
        slots.push((EXTRA_KINDS[i % EXTRA_KINDS.len()], rng.range(1, 12) as u32));
        i += 1;
    }
    slots.truncate(k);
    slots
}

/// A working day (Monday–Friday) in the month.
fn pick_day(rng: &mut Rng, year: i32, month: u32) -> NaiveDate {
    loop {
        let d = NaiveDate::from_ymd_opt(year, month, rng.range(1, 28) as u32).expect("valid");
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return d;
        }
    }
}

/// Fills `{theme}`, `{dept}`, `{m}`, `{n}`.
fn fill(t: &str, theme: &str, dept: &str, m: u32, n: usize) -> String {
    t.replace("{theme}", theme)
        .replace("{dept}", dept)
        .replace("{m}", &m.to_string())
        .replace("{n}", &cn_number(n.max(1)))
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// One paragraph of 200–800 characters: `lead` (if any), then sentences from the pools, none
/// repeated within the paragraph.
fn paragraph(rng: &mut Rng, lead: &str, theme: &str, dept: &str, m: u32, n: usize) -> String {
    let target = rng.range(200, 800);
    let mut p = lead.to_owned();
    let mut used = HashSet::new();
    let mut tries = 0;
    while chars(&p) < target && tries < 400 {
        tries += 1;
        let s = if rng.chance(2, 5) {
            let i = rng.below(STATEMENTS.len());
            if !used.insert(("s", i)) {
                continue;
            }
            fill(STATEMENTS[i], theme, dept, m, n)
        } else {
            let i = rng.below(DID.len());
            if !used.insert(("d", i)) {
                continue;
            }
            let tail = if rng.chance(1, 3) {
                *rng.pick(TAIL)
            } else {
                ""
            };
            format!("{}{}{tail}。", rng.pick(WHO), DID[i])
        };
        if chars(&p) + chars(&s) > 800 {
            if chars(&p) >= 200 {
                break;
            }
            continue;
        }
        p.push_str(&s);
    }
    p
}

struct ActivityText {
    /// dangjian front matter (without the `+++` lines).
    front: String,
    /// Hugo front matter: the same fields minus `kind` and `branch` (Hugo reserves or would
    /// confuse them), which the caller adds under other names.
    hugo_front: String,
    body: String,
}

fn activity(
    rng: &mut Rng,
    b: &Branch,
    yi: usize,
    kind: usize,
    date: NaiveDate,
    nth_study: usize,
) -> ActivityText {
    let (kind_name, _) = KINDS[kind];
    let m = date.month();
    let year = date.year();
    let theme = *rng.pick(THEMES);
    let (full, prob) = b.counts[yi];
    let committee_meeting = kind == 1;
    let expected = if committee_meeting {
        b.committee.len() as u32
    } else {
        full + prob
    };
    let absent = match rng.below(20) {
        0..=9 => 0,
        10..=15 => 1,
        16..=18 => 2,
        _ => 3,
    }
    .min(if committee_meeting {
        // Neither the chair nor the recorder is absent; a committee rarely misses anyone.
        usize::from(rng.chance(1, 3)).min(b.committee.len() - 2)
    } else {
        b.others.len()
    })
    .min(expected.saturating_sub(1) as usize);
    let present = expected - absent as u32;
    let chair = b.secretary.clone();
    let recorder = b.committee[1].0.clone();
    let place = if matches!(kind, 6 | 7) {
        rng.pick(COMMUNITIES).to_string()
    } else if kind == 9 {
        rng.pick(PARTNERS).replace("党支部", "").replace("党委", "")
    } else {
        rng.pick(&b.places).clone()
    };
    let time = if committee_meeting {
        *rng.pick(COMMITTEE_TIMES)
    } else {
        *rng.pick(TIMES)
    };
    let n_agenda = rng.range(2, 3);
    let agenda: Vec<String> = rng
        .sample(AGENDAS.len(), n_agenda)
        .into_iter()
        .map(|i| AGENDAS[i].to_owned())
        .collect();
    let subject = *rng.pick(SUBJECTS);
    let title = match kind {
        0 => format!("{m}月主题党日：{theme}"),
        1 => format!("{m}月支委会：研究{}", agenda[0]),
        2 => format!("第{}季度支部党员大会", cn_number((m as usize - 1) / 3 + 1)),
        3 => format!("党课：{subject}"),
        4 => format!("{year}年度组织生活会"),
        5 => format!("{year}年度民主评议党员"),
        6 => format!("{place}志愿服务：{theme}"),
        7 => format!("{place}义诊活动"),
        8 => format!("{m}月谈心谈话"),
        _ => format!("与{place}结对共建"),
    };

    let mut f = String::new();
    let _ = writeln!(f, "title = {}", q(&title));
    let common_start = f.len();
    let _ = writeln!(f, "date = {date}");
    let _ = writeln!(f, "time = {}", q(time));
    let _ = writeln!(f, "place = {}", q(&place));
    let _ = writeln!(f, "chair = {}", q(&chair));
    let _ = writeln!(f, "recorder = {}", q(&recorder));
    let _ = writeln!(f, "expected = {expected}");
    let _ = writeln!(f, "present = {present}");
    if absent > 0 {
        let pool: Vec<&String> = if committee_meeting {
            b.committee[2..].iter().map(|(n, _)| n).collect()
        } else {
            b.others.iter().collect()
        };
        let list: Vec<String> = rng
            .sample(pool.len(), absent)
            .into_iter()
            .map(|i| {
                format!(
                    "{{ name = {}, reason = {} }}",
                    q(pool[i]),
                    q(rng.pick::<&str>(REASONS))
                )
            })
            .collect();
        let _ = writeln!(f, "absentees = [{}]", list.join(", "));
    }
    if kind == 4 && rng.chance(1, 2) {
        let _ = writeln!(f, "guests = [\"院党委委员\"]");
    }
    if kind == 3 {
        let _ = writeln!(f, "lecturer = {}", q(&chair));
        let _ = writeln!(f, "subject = {}", q(subject));
    }
    let _ = writeln!(f, "topics = {}", q_list(&agenda));
    if rng.chance(1, 4) {
        let _ = writeln!(f, "tags = [{}]", q(rng.pick::<&str>(TAGS)));
    }
    if let Some(brand) = &b.brand
        && matches!(kind, 0 | 6 | 7)
        && rng.chance(1, 3)
    {
        let _ = writeln!(f, "brand = {}", q(brand));
    }
    let hugo_front = format!(
        "{}branch = {}\n{}",
        &f[..common_start],
        q(&b.id),
        &f[common_start..]
    );
    let front = format!(
        "{}branch = {}\nkind = {}\n{}",
        &f[..common_start],
        q(&b.id),
        q(kind_name),
        &f[common_start..]
    );

    // Body: 1–3 paragraphs of 200–800 characters, and resolutions for meetings.
    let held = match kind {
        0 => "开展主题党日活动",
        1 => "召开支部委员会会议",
        2 => "召开支部党员大会",
        3 => "举办党课",
        4 => "召开组织生活会",
        5 => "开展民主评议党员",
        6 => "开展志愿服务",
        7 => "开展义诊",
        8 => "开展谈心谈话",
        _ => "开展结对共建活动",
    };
    let lead = format!(
        "{}月{}日，{}在{}{held}，{}主持，应到{}人，实到{}人。",
        m,
        date.day(),
        b.short_name,
        place,
        chair,
        expected,
        present
    );
    let paragraphs = match rng.below(4) {
        0 => 1,
        3 => 3,
        _ => 2,
    };
    let mut body = paragraph(rng, &lead, theme, b.dept, m, nth_study);
    body.push_str("\n\n");
    if paragraphs >= 2 {
        body.push_str("## 主要内容\n\n");
        body.push_str(&paragraph(rng, "", theme, b.dept, m, nth_study));
        body.push_str("\n\n");
    }
    if kind <= 5 {
        body.push_str("## 会议决议\n\n");
        let n_res = rng.range(2, 4);
        for (i, r) in rng.sample(RESOLUTIONS.len(), n_res).into_iter().enumerate() {
            let _ = writeln!(body, "{}. {}", i + 1, RESOLUTIONS[r]);
        }
        body.push('\n');
    }
    if paragraphs == 3 {
        body.push_str("## 后续工作\n\n");
        body.push_str(&paragraph(rng, "", theme, b.dept, m, nth_study));
        body.push('\n');
    }
    ActivityText {
        front,
        hugo_front,
        body,
    }
}

fn brand_md(rng: &mut Rng, b: &Branch, plan: &Plan) -> (String, String) {
    let name = format!("{}{}", rng.pick(BRAND_FIRST), rng.pick(BRAND_SECOND));
    let mut f = String::new();
    let _ = writeln!(f, "name = {}", q(&name));
    let _ = writeln!(f, "branch = {}", q(&b.id));
    let _ = writeln!(
        f,
        "slogan = {}",
        q(&format!("{}有党员，服务暖人心", b.dept))
    );
    let _ = writeln!(f, "started = {}-07-01", plan.years[0]);
    let goals: Vec<String> = [
        "患者满意度保持在95%以上",
        "每名党员每年至少参加四次志愿服务",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let _ = writeln!(f, "goals = {}", q_list(&goals));
    let _ = writeln!(
        f,
        "measures = {}",
        q_list(&[
            "党员先锋岗亮牌服务".to_owned(),
            "每月一次社区健康讲座".to_owned()
        ])
    );
    let body = (0..rng.range(2, 3))
        .map(|_| brand_paragraph(rng, &name))
        .collect::<Vec<_>>()
        .join("\n\n");
    (f, body + "\n")
}

fn brand_paragraph(rng: &mut Rng, name: &str) -> String {
    let target = rng.range(200, 800);
    let mut p = format!("“{name}”");
    let mut order = rng.sample(BRAND_SENTENCES.len(), BRAND_SENTENCES.len());
    while chars(&p) < target {
        let Some(i) = order.pop() else {
            order = rng.sample(BRAND_SENTENCES.len(), BRAND_SENTENCES.len());
            continue;
        };
        let s = BRAND_SENTENCES[i];
        if chars(&p) + chars(s) > 800 {
            break;
        }
        p.push_str(s);
    }
    p
}

fn notice_paragraph(rng: &mut Rng) -> String {
    let target = rng.range(200, 800);
    let mut p = String::new();
    let mut order = rng.sample(NOTICE_SENTENCES.len(), NOTICE_SENTENCES.len());
    while chars(&p) < target {
        let Some(i) = order.pop() else {
            order = rng.sample(NOTICE_SENTENCES.len(), NOTICE_SENTENCES.len());
            continue;
        };
        let s = NOTICE_SENTENCES[i];
        if chars(&p) + chars(s) > 800 {
            break;
        }
        p.push_str(s);
    }
    p
}

const ORG: &str = "中共清河市医疗集团委员会";

fn write_notices(rng: &mut Rng, plan: &Plan, site: &Path, hugo: &Path) -> io::Result<usize> {
    let per_year = (plan.branches / 10).clamp(4, 60);
    let mut total = 0;
    for &year in &plan.years {
        let mut days: Vec<NaiveDate> = (0..per_year)
            .map(|_| {
                let month = rng.range(1, 12) as u32;
                pick_day(rng, year, month)
            })
            .collect();
        days.sort();
        for (i, date) in days.into_iter().enumerate() {
            let n = i + 1;
            let subject = rng.pick(NOTICE_SUBJECTS);
            let title = format!("{ORG}关于{subject}的通知");
            let format = if rng.chance(1, 5) { "信函" } else { "文件" };
            let mut body = notice_paragraph(rng);
            body.push_str("\n\n");
            let sections = rng.range(2, 4);
            for h in rng.sample(NOTICE_HEADINGS.len(), sections) {
                let _ = write!(
                    body,
                    "# {}\n\n{}\n\n",
                    NOTICE_HEADINGS[h],
                    notice_paragraph(rng)
                );
            }
            let fm = format!(
                "number = {n}\nformat = {}\ntitle = {}\ndate = {date}\n",
                q(format),
                q(&title)
            );
            write(
                &site.join(format!("content/notices/{year}/{n}.md")),
                &format!("+++\n{fm}+++\n{body}"),
            )?;
            write(
                &hugo.join(format!("content/notices/{year}-{n}.md")),
                &format!("+++\n{fm}+++\n{body}"),
            )?;
            total += 1;
        }
    }
    Ok(total)
}

fn write_annual(rng: &mut Rng, plan: &Plan, site: &Path) -> io::Result<()> {
    for &year in &plan.years {
        let scale = plan.branches.max(1);
        let mut t = format!("# {year}年度党建工作数据\n");
        for (id, label, unit, group, value) in [
            (
                "new_members",
                "发展党员",
                "名",
                "组织建设",
                scale / 2 + rng.below(scale),
            ),
            (
                "activists",
                "确定入党积极分子",
                "名",
                "组织建设",
                scale + rng.below(scale),
            ),
            (
                "training",
                "党员集中培训",
                "人次",
                "教育管理",
                scale * 20 + rng.below(scale * 5),
            ),
        ] {
            let _ = write!(
                t,
                "\n[[figures]]\nid = {}\nlabel = {}\nunit = {}\ngroup = {}\nvalue = {value}\n",
                q(id),
                q(label),
                q(unit),
                q(group)
            );
        }
        for (id, label, unit, kind, target) in [
            ("yizhen", "义诊活动", "场", "义诊", scale / 2),
            ("zhiyuan", "志愿服务", "次", "志愿服务", scale),
        ] {
            let _ = write!(
                t,
                "\n[[targets]]\nid = {}\nlabel = {}\nunit = {}\ngroup = \"服务群众\"\ntarget = {}\nkinds = [{}]\n",
                q(id),
                q(label),
                q(unit),
                target.max(1),
                q(kind)
            );
        }
        write(&site.join(format!("content/annual/{year}.toml")), &t)?;
        let mut md = format!(
            "+++\ntitle = \"{year}年党建工作总结\"\nsubtitle = {}\ndate = {year}-12-30\n+++\n",
            q(ORG)
        );
        let _ = write!(
            md,
            "{year}年，集团党委所属{{{{ stats.branches }}}}党支部、{{{{ stats.members }}}}党员立足岗位、担当作为，\
             全年开展支部活动{{{{ stats.activities }}}}，平均参与率{{{{ stats.attendance_rate }}}}。\
             发展党员{{{{ new_members }}}}，开展义诊{{{{ yizhen }}}}、志愿服务{{{{ zhiyuan }}}}。\n\n"
        );
        for h in ["加强政治建设", "夯实基层组织", "服务人民群众"] {
            let _ = write!(md, "# {h}\n\n{}\n\n", notice_paragraph(rng));
        }
        write(&site.join(format!("content/annual/{year}.md")), &md)?;
    }
    Ok(())
}

fn write_checklist(plan: &Plan, site: &Path) -> io::Result<()> {
    let last = plan.years[plan.years.len() - 1];
    let t = format!(
        "title = \"党支部标准化规范化建设考核清单\"\nyear = {last}\n\n\
[[categories]]\nname = \"组织建设\"\npoints = 10\n\n\
[[categories.groups]]\nname = \"支部设置\"\npoints = 6\n\n\
[[categories.groups.items]]\nid = \"a1\"\ntext = \"党支部正式党员不少于3人、不超过50人。\"\npoints = 3\ndepartments = [\"党政办公室\"]\nrule = \"branch_size\"\n\n\
[[categories.groups.items]]\nid = \"a2\"\ntext = \"党支部按期换届。\"\npoints = 3\ndepartments = [\"党政办公室\"]\nrule = \"term\"\n\n\
[[categories.groups]]\nname = \"组织生活\"\npoints = 4\n\n\
[[categories.groups.items]]\nid = \"a3\"\ntext = \"组织生活参会率一般不低于80%。\"\npoints = 2\ndepartments = [\"各党支部\"]\nrule = \"attendance\"\n\n\
[[categories.groups.items]]\nid = \"a4\"\ntext = \"每年召开组织生活会。\"\npoints = 2\ndepartments = [\"各党支部\"]\nrule = \"organisation_life\"\n\n\
[[categories]]\nname = \"服务群众\"\npoints = 4\n\n\
[[categories.groups]]\nname = \"志愿服务\"\npoints = 4\n\n\
[[categories.groups.items]]\nid = \"b1\"\ntext = \"每个党支部每季度至少开展一次志愿服务。\"\npoints = 4\ndepartments = [\"各党支部\"]\n\n\
[scores.{last}]\nb1 = {{ score = 3, evidence = \"全年志愿服务记录\" }}\n"
    );
    write(&site.join("content/checklists/biaozhunhua.toml"), &t)
}

fn write_site_toml(site: &Path, plan: &Plan) -> io::Result<()> {
    let last = plan.years[plan.years.len() - 1];
    let t = format!(
        "# Synthetic benchmark site written by examples/gen_corpus.rs ({} activities, {} branches).\n\
# Every name is invented.\n\n\
[organisation]\nname = {}\nhospital = \"清河市医疗集团\"\ndoc_prefix = \"清医党\"\nrecipients = [\"各党支部\"]\n\
issuing_office = \"清河市医疗集团党委办公室\"\n\n\
[site]\ntitle = \"清河市医疗集团党建工作平台\"\nbase_url = \"https://dangjian.bench.example/\"\n\
as_of = {last}-12-31\n",
        plan.activities,
        plan.branches,
        q(ORG)
    );
    write(&site.join("site.toml"), &t)
}

// ------------------------------------------------------------------------------------ Hugo ---

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}table{border-collapse:collapse}td,th{padding:.2rem .5rem;border-bottom:1px solid #ddd}</style>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Params.org }}</footer>
</body>
</html>
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<nav class="crumbs"><a href="{{ "/" | relURL }}">首页</a>{{ with .Parent }}{{ if not .IsHome }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}</nav>
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $subs := where .Pages "Kind" "in" (slice "section" "term") }}
{{ with $subs }}<ul class="sections">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .Pages }}）</li>{{ end }}</ul>{{ end }}
{{ $rows := where .Pages "Kind" "page" }}
{{ with $rows }}
<table>
<thead><tr><th>日期</th><th>标题</th><th>支部</th><th>类型</th><th>实到/应到</th></tr></thead>
<tbody>
{{ range .ByDate.Reverse }}<tr><td>{{ .Date.Format "2006-01-02" }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.branch_name }}</td><td>{{ .Params.activity_kind }}</td><td>{{ .Params.present }}/{{ .Params.expected }}</td></tr>
{{ end }}
</tbody>
</table>
{{ end }}
{{ end }}
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<nav class="crumbs"><a href="{{ "/" | relURL }}">首页</a>{{ with .CurrentSection }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<article>
<h1>{{ .Title }}</h1>
<dl class="meta">
<dt>日期</dt><dd>{{ .Date.Format "2006年1月2日" }}{{ with .Params.time }} {{ . }}{{ end }}</dd>
{{ with .GetTerms "branches" }}<dt>支部</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd>{{ end }}
{{ with .GetTerms "kinds" }}<dt>类型</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</dd>{{ end }}
{{ with .Params.place }}<dt>地点</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.chair }}<dt>主持人</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.recorder }}<dt>记录人</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.expected }}<dt>应到/实到</dt><dd>{{ . }} / {{ $.Params.present }}</dd>{{ end }}
{{ with .Params.absentees }}<dt>缺席</dt><dd>{{ range . }}{{ .name }}（{{ .reason }}） {{ end }}</dd>{{ end }}
{{ with .Params.lecturer }}<dt>授课人</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.subject }}<dt>党课题目</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.slogan }}<dt>口号</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.number }}<dt>文号</dt><dd>{{ site.Params.docPrefix }}〔{{ $.Date.Year }}〕{{ . }}号</dd>{{ end }}
</dl>
{{ with .Params.topics }}<h2>议题</h2><ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}
{{ .Content }}
{{ with .Params.tags }}<p class="tags">{{ range . }}<span>{{ . }}</span> {{ end }}</p>{{ end }}
</article>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul class="sections">{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .RegularPagesRecursive }}）</li>{{ end }}</ul>
<h2>最新支部活动</h2>
{{ $acts := where site.RegularPages "Section" "activities" }}
<ul>{{ range first 20 $acts.ByDate.Reverse }}<li>{{ .Date.Format "2006-01-02" }} <a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.branch_name }}</li>{{ end }}</ul>
{{ end }}
"#;

fn write_hugo_skeleton(hugo: &Path, plan: &Plan) -> io::Result<()> {
    let config = format!(
        "# Hugo site written by examples/gen_corpus.rs: the same activities as ../site, for\n\
# timing Hugo side by side with dangjian (bench/run.sh). {} activities, {} branches.\n\
baseURL = \"https://hugo.bench.example/\"\n\
languageCode = \"zh-cn\"\n\
defaultContentLanguage = \"zh\"\n\
title = \"清河市医疗集团党建工作平台\"\n\
hasCJKLanguage = true\n\
buildFuture = true\n\
enableRobotsTXT = false\n\
disableKinds = []\n\
# One feed of the 50 newest pages, like dangjian's feed.xml.\n\
rssLimit = 50\n\n\
[params]\norg = {}\ndocPrefix = \"清医党\"\n\n\
[taxonomies]\nbranch = \"branches\"\nkind = \"kinds\"\n\n\
[outputs]\nhome = [\"HTML\", \"RSS\"]\nsection = [\"HTML\"]\ntaxonomy = [\"HTML\"]\nterm = [\"HTML\"]\n\n\
[[menu.main]]\nname = \"党支部\"\npageRef = \"/branches\"\nweight = 1\n\n\
[[menu.main]]\nname = \"支部活动\"\npageRef = \"/activities\"\nweight = 2\n\n\
[[menu.main]]\nname = \"活动类型\"\npageRef = \"/kinds\"\nweight = 3\n\n\
[[menu.main]]\nname = \"支部品牌\"\npageRef = \"/brands\"\nweight = 4\n\n\
[[menu.main]]\nname = \"通知文件\"\npageRef = \"/notices\"\nweight = 5\n",
        plan.activities,
        plan.branches,
        q(ORG)
    );
    write(&hugo.join("config.toml"), &config)?;
    write(&hugo.join("layouts/_default/baseof.html"), HUGO_BASEOF)?;
    write(&hugo.join("layouts/_default/list.html"), HUGO_LIST)?;
    write(&hugo.join("layouts/_default/single.html"), HUGO_SINGLE)?;
    write(&hugo.join("layouts/index.html"), HUGO_INDEX)?;
    write(
        &hugo.join("content/_index.md"),
        "+++\ntitle = \"首页\"\n+++\n",
    )?;
    for (dir, title) in [
        ("activities", "支部活动"),
        ("notices", "通知文件"),
        ("brands", "支部品牌"),
        ("branches", "党支部"),
        ("kinds", "活动类型"),
    ] {
        write(
            &hugo.join(format!("content/{dir}/_index.md")),
            &format!("+++\ntitle = \"{title}\"\n+++\n"),
        )?;
    }
    Ok(())
}
