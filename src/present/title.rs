//! Breaking a 2号 title into balanced lines (GB/T 9704 7.3.1: "回行时，要做到词意完整，排列对称，
//! 长短适宜，间距恰当", a trapezoid or a diamond).
//!
//! Where a line may end comes from ICU's word segmenter (its Chinese dictionary is the one
//! Pagefind already brings), corrected for the vocabulary of party documents, which that
//! dictionary splits badly (委员|会, 印|发, 党组|织, 市中|医院): a line never ends inside a
//! word, a number with its unit (2025年, 第三季度, 15名), a quoted term or a book title that fits
//! on a line, and never starts with closing or ends with opening punctuation. Among those
//! places the breaker balances the lines, a little shorter on top (上短下长), and prefers
//! the places where official titles are usually broken: before 关于, after the verb that
//! follows it (开展, 印发 …), before an opening quote. Only a title with no such places left
//! (one very long book title) is broken inside a pair, and then inside a word.

use icu_segmenter::WordSegmenter;

/// Title characters per line: 156 mm at 22pt is 20.1 em.
pub const LINE_EM: f64 = 20.0;

/// The longest title a record may have (read and checked by the reader).
pub use crate::reader::MAX_TITLE_CHARS as MAX_CHARS;

/// Latin letters and digits are proportional and a little over half an em in the 小标宋
/// substitutes; counting them as 0.6 em keeps a line that fits here fitting in the PDF.
fn width(c: char) -> f64 {
    if c.is_ascii() { 0.6 } else { 1.0 }
}

const CLOSING: &str = "，。、；：？！”’）》〕」』…—·%";
const OPENING: &str = "“‘（《〔「『";
/// Pairs whose inside is one term: a quoted name, a book title, a parenthesis.
const PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('（', '）'),
    ('〔', '〕'),
    ('「', '」'),
    ('『', '』'),
];
/// One-character words a line may end or start beside (the dictionary leaves other single
/// characters where it does not know the word they belong to: 治|未|病, 述|职).
const FUNCTION_WORDS: &str = "的和及与并暨或";
/// Characters of a number: a number and the unit after it are one word (2025年, 第三季度).
const NUMERALS: &str = "0123456789〇零一二三四五六七八九十百千万两第";
/// Verbs and markers after which a title line may well end.
const AFTER: &[&str] = &[
    "开展",
    "成立",
    "印发",
    "做好",
    "加强",
    "召开",
    "举办",
    "表彰",
    "公布",
    "调整",
    "推荐",
    "转发",
    "下达",
    "商请",
    "报送",
    "组织",
    "实施",
    "进一步",
    "支持",
    "命名",
    "确定",
];

/// Words of party documents that the segmenter's dictionary splits or glues wrongly; a line
/// never ends inside one.
const WORDS: &[&str] = &[
    "中国共产党",
    "共产党员",
    "党组织",
    "党支部",
    "党总支",
    "党委",
    "委员会",
    "纪委",
    "党员",
    "党建",
    "党费",
    "党日",
    "党课",
    "党风廉政",
    "中心组",
    "工作",
    "书记",
    "基层",
    "述职",
    "评议",
    "情况",
    "通知",
    "报告",
    "意见",
    "方案",
    "计划",
    "要点",
    "总结",
    "活动",
    "行动",
    "建设",
    "医院",
    "中医院",
    "人民医院",
    "卫生院",
    "年度",
    "季度",
    "主题",
    "教育",
    "学习",
    "管理",
    "开展",
    "关于",
    "印发",
    "转发",
    "实施",
    "支部",
    "中心",
    "单位",
    "商请",
    "结对",
    "共建",
    "规定",
    "办法",
    "制度",
    "考核",
    "评选",
    "表彰",
    "先进",
    "优秀",
    "文化",
    "进一步",
    "加强",
    "做好",
    "召开",
    "举办",
    "成立",
    "常态化",
    "制度化",
    "专项",
    "检查",
    "整改",
    "民主生活会",
    "组织生活会",
    "三会一课",
    "公立医院",
    "党的",
];

/// Extra lines cost this much, so that a title takes one more line only to keep a word whole
/// or to break at a much better place.
const EXTRA_LINE: f64 = 40.0;
/// Splitting a known word (only ever done when nothing else fits).
const SPLIT_WORD: f64 = 15.0;
/// Breaking inside a book title that would fit on a line (and is longer than half a
/// line: a shorter one is never broken while anything else fits): "关于印发 / 《…》 / 的通知"
/// is worse than "关于印发《…… / ……》的通知", which is how offices break such titles.
const INSIDE_FITTING_PAIR: f64 = 25.0;
/// Breaking inside a book title too long for one line.
const INSIDE_LONG_PAIR: f64 = 10.0;
/// How much shorter (in em) each line aims to be than the one under it: 上短下长.
const SLOPE: f64 = 1.0;

/// How freely a title may break. The breaker tries the strictest level that finds lines.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Level {
    /// Between words, outside every quoted term and book title of up to half a line.
    Words,
    /// Between words, inside short quotes and book titles too.
    InsidePairs,
    /// Between any two characters that punctuation rules allow.
    Anywhere,
}

/// Whether `chars[at..]` starts with `word`.
fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    let mut rest = chars.get(at..).unwrap_or_default().iter();
    word.chars().all(|c| rest.next() == Some(&c))
}

/// Whether `chars[..end]` ends with `word`.
fn ends_with(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with(chars, end - n, word)
}

fn splits_word(chars: &[char], i: usize) -> bool {
    WORDS.iter().any(|w| {
        let n = w.chars().count();
        (1..n).any(|k| i >= k && starts_with(chars, i - k, w))
    })
}

/// Punctuation that may not end or start a line, and digits or Latin letters that belong
/// together.
fn punctuation_allows(chars: &[char], i: usize) -> bool {
    let (a, b) = (chars[i - 1], chars[i]);
    if CLOSING.contains(b) || OPENING.contains(a) {
        return false;
    }
    !(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

/// The segmenter's words as character ranges.
fn segments(chars: &[char]) -> Vec<(usize, usize)> {
    let text: String = chars.iter().collect();
    // Byte offset → character index.
    let mut index = vec![0; text.len() + 1];
    for (k, (b, _)) in text.char_indices().enumerate() {
        index[b] = k;
    }
    index[text.len()] = chars.len();
    let segmenter = WordSegmenter::new_dictionary(Default::default());
    let mut out = Vec::new();
    let mut start = 0;
    for end in segmenter.segment_str(&text).skip(1) {
        let end = index[end];
        if end > start {
            out.push((start, end));
            start = end;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

/// For every position `i` in `1..len` (a break before `chars[i]`): the strictest level at
/// which a line may end there and the penalty for doing so, or `None` where it never may.
fn break_levels(chars: &[char], prefix: &[f64], line_em: f64) -> Vec<Option<(Level, f64)>> {
    let n = chars.len();
    // Quoted terms and book titles: which positions they enclose, the penalty for a break
    // there, and whether they are short (never broken at the first level).
    let mut inside_short = vec![false; n + 1];
    let mut inside_penalty = vec![0.0f64; n + 1];
    let mut open: Vec<(char, usize)> = Vec::new();
    for (k, &c) in chars.iter().enumerate() {
        if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
            open.push((close, k));
        } else if let Some(depth) = open.iter().rposition(|(close, _)| *close == c) {
            let (_, o) = open[depth];
            open.truncate(depth);
            let w = prefix[k + 1] - prefix[o];
            // A quoted term is a name or a slogan ("支部联建·党建共建"): kept whole whenever it
            // fits on a line. A book title is kept whole up to half a line.
            let keep = if matches!(c, '”' | '’') {
                line_em
            } else {
                line_em / 2.0
            };
            for p in o + 1..=k {
                if w <= keep {
                    inside_short[p] = true;
                } else if w <= line_em {
                    inside_penalty[p] = inside_penalty[p].max(INSIDE_FITTING_PAIR);
                } else {
                    inside_penalty[p] = inside_penalty[p].max(INSIDE_LONG_PAIR);
                }
            }
        }
    }
    // Word boundaries: the segmenter's, less those beside a lone character that is not a
    // function word (a word the dictionary did not know), after a number (its unit follows)
    // and inside the words it splits.
    // The dictionary's boundaries inside the words it does not know are dropped first, so
    // that 委员|会 is one word of three characters, not a lone 会.
    let mut segs: Vec<(usize, usize)> = Vec::new();
    for (s, e) in segments(chars) {
        match segs.last_mut() {
            Some(last) if splits_word(chars, s) => last.1 = e,
            _ => segs.push((s, e)),
        }
    }
    let lone = |(s, e): (usize, usize)| {
        e - s == 1 && is_han(chars[s]) && !FUNCTION_WORDS.contains(chars[s])
    };
    let number = |(s, e): (usize, usize)| chars[s..e].iter().all(|c| NUMERALS.contains(*c));
    let mut word_break = vec![false; n + 1];
    for pair in segs.windows(2) {
        let (l, r) = (pair[0], pair[1]);
        word_break[r.0] = !lone(l) && !lone(r) && !number(l);
    }
    (0..n)
        .map(|i| {
            if i == 0 || !punctuation_allows(chars, i) {
                return None;
            }
            let split = if splits_word(chars, i) {
                SPLIT_WORD
            } else {
                0.0
            };
            Some(if !word_break[i] {
                (Level::Anywhere, split)
            } else if inside_short[i] {
                (Level::InsidePairs, 0.0)
            } else {
                (Level::Words, inside_penalty[i])
            })
        })
        .collect()
}

/// How good a place `i` is for a line break (its cost is subtracted). Looks only at the few
/// characters around `i`, so that all of them together take time linear in the title.
fn bonus(chars: &[char], i: usize) -> f64 {
    let mut score = 0.0;
    // The organ's name on a line of its own, "关于…" under it: how offices break such titles,
    // worth a less even pair of lines.
    if starts_with(chars, i, "关于") {
        score += 40.0;
    }
    if AFTER.iter().any(|w| ends_with(chars, i, w)) {
        score += 6.0;
    }
    if OPENING.contains(chars[i]) {
        score += 8.0;
    }
    if chars[i] == '的' {
        score -= 6.0;
    }
    // "关于" begins the subject: a line that ends with it reads as broken mid-phrase.
    if ends_with(chars, i, "关于") {
        score -= 30.0;
    }
    score
}

/// Splits `title` into lines of at most `line_em` em (CJK characters 1 em, ASCII 0.6 em).
/// Time and memory grow linearly with the title (a line holds a bounded number of characters,
/// so each line end is tried against a bounded number of line starts); a title longer than
/// [`MAX_CHARS`], which `check` reports, is left to the typesetter to wrap.
pub fn balance(title: &str, line_em: f64) -> Vec<String> {
    let chars: Vec<char> = title.trim().chars().collect();
    let total: f64 = chars.iter().map(|c| width(*c)).sum();
    if total <= line_em || chars.len() < 2 || chars.len() > MAX_CHARS || line_em < 1.0 {
        return vec![chars.iter().collect()];
    }
    let mut prefix = vec![0.0; chars.len() + 1];
    for (i, c) in chars.iter().enumerate() {
        prefix[i + 1] = prefix[i] + width(*c);
    }
    let levels = break_levels(&chars, &prefix, line_em);
    let fewest = (total / line_em).ceil() as usize;
    for level in [Level::Words, Level::InsidePairs, Level::Anywhere] {
        // points: 0, the breaks allowed at this level, the end; the bonus of each break.
        let mut points = vec![0];
        let mut bonuses = vec![0.0];
        for (i, l) in levels.iter().enumerate() {
            if let Some((at, penalty)) = *l
                && at <= level
            {
                points.push(i);
                bonuses.push(bonus(&chars, i) - penalty);
            }
        }
        points.push(chars.len());
        bonuses.push(0.0);
        let mut chosen: Option<(f64, Vec<usize>)> = None;
        for n in fewest..=fewest + 2 {
            if let Some((cost, cuts)) = best(&prefix, &points, &bonuses, n, line_em) {
                let cost = cost + EXTRA_LINE * (n - fewest) as f64;
                if chosen.as_ref().is_none_or(|(c, _)| cost < *c) {
                    chosen = Some((cost, cuts));
                }
            }
        }
        if let Some((_, cuts)) = chosen {
            let mut out = Vec::with_capacity(cuts.len() + 1);
            let mut start = 0;
            for cut in cuts.into_iter().chain([chars.len()]) {
                out.push(chars[start..cut].iter().collect());
                start = cut;
            }
            return out;
        }
    }
    // Nothing fits the rules (a very long run of Latin letters): let the typesetter wrap it.
    vec![chars.iter().collect()]
}

/// The best `n - 1` cuts by dynamic programming over the allowed breaks: squared deviation
/// of each line from its target (the mean, a little less on top and more below), minus the
/// bonuses of the chosen breaks.
fn best(
    prefix: &[f64],
    points: &[usize],
    bonuses: &[f64],
    n: usize,
    line_em: f64,
) -> Option<(f64, Vec<usize>)> {
    let end = *points.last()?;
    let mean = prefix[end] / n as f64;
    let target = |k: usize| mean + SLOPE * (k as f64 - (n as f64 + 1.0) / 2.0);
    let m = points.len();
    // dp[k][j]: best cost of k lines ending at points[j].
    let mut dp = vec![vec![f64::INFINITY; m]; n + 1];
    let mut from = vec![vec![0usize; m]; n + 1];
    dp[0][0] = 0.0;
    for k in 1..=n {
        let t = target(k);
        for j in 1..m {
            // Only starts within one line's width of points[j]: every character is at least
            // 0.6 em wide, so at most line_em / 0.6 of them. (Tried in ascending order, so
            // that ties go as they always did.)
            let mut lo = j;
            while lo > 0 && prefix[points[j]] - prefix[points[lo - 1]] <= line_em + 1e-9 {
                lo -= 1;
            }
            for i in lo..j {
                let w = prefix[points[j]] - prefix[points[i]];
                if !dp[k - 1][i].is_finite() {
                    continue;
                }
                let total = dp[k - 1][i] + (w - t).powi(2) - bonuses[j];
                if total < dp[k][j] {
                    dp[k][j] = total;
                    from[k][j] = i;
                }
            }
        }
    }
    if !dp[n][m - 1].is_finite() {
        return None;
    }
    let mut cuts = Vec::with_capacity(n - 1);
    let mut j = m - 1;
    for k in (1..=n).rev() {
        j = from[k][j];
        if k > 1 {
            cuts.push(points[j]);
        }
    }
    cuts.reverse();
    Some((dp[n][m - 1], cuts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_stay_on_one_line() {
        assert_eq!(balance("关于开展主题党日活动的通知", LINE_EM).len(), 1);
    }

    #[test]
    fn breaks_at_natural_places() {
        let lines = balance(
            "中共澄州市中医院委员会关于印发2024年党建工作要点的通知",
            LINE_EM,
        );
        assert_eq!(
            lines,
            ["中共澄州市中医院委员会", "关于印发2024年党建工作要点的通知"]
        );
        let lines = balance(
            "中共澄州市中医院委员会关于成立治未病中心党支部及有关事项的通知",
            LINE_EM,
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(!lines[1].starts_with('的'), "{lines:?}");
        let lines = balance(
            "中共澄州市中医院委员会关于2024年度党组织书记抓基层党建工作述职评议情况的报告",
            LINE_EM,
        );
        assert!(
            lines
                .iter()
                .all(|l| !l.ends_with("党组") && !l.ends_with('党')),
            "{lines:?}"
        );
    }

    #[test]
    fn never_splits_numbers_or_strands_punctuation() {
        for title in [
            "关于2024年度党组织书记抓基层党建工作述职评议情况和2025年工作安排的报告",
            "关于开展“三强三优”“清廉医院”“一支部一品牌”行动的通知（征求意见稿）",
        ] {
            let lines = balance(title, LINE_EM);
            assert_eq!(lines.concat(), title);
            for pair in lines.windows(2) {
                let (a, b) = (pair[0].chars().last(), pair[1].chars().next());
                assert!(
                    !(a.is_some_and(|c| c.is_ascii_digit())
                        && b.is_some_and(|c| c.is_ascii_digit())),
                    "{lines:?}"
                );
                assert!(!b.is_some_and(|c| CLOSING.contains(c)), "{lines:?}");
            }
            for l in &lines {
                assert!(l.chars().map(width).sum::<f64>() <= LINE_EM, "{lines:?}");
            }
        }
    }

    /// Titles in the style of party committees' notices, with a space wherever a line may
    /// end (written by hand, not by the breaker's rules): between words, never inside a
    /// word, a number with its unit, a quoted term, or a book title that fits on a line.
    const TITLES: &[&str] = &[
        "关于 开展 “两学一做” 学习 教育 常态化 制度化 的 通知",
        "关于 召开 2025年度 基层 党组织 书记 抓 党建 工作 述职 评议 会议 的 通知",
        "关于 印发 《澄州市 中医院 党委 理论 学习 中心组 2025年 学习 计划》 的 通知",
        "关于 转发 《关于 进一步 加强 公立 医院 党的 建设 工作 的 意见》 的 通知",
        "关于 做好 2025年 第三季度 党费 收缴 和 使用 管理 情况 报送 工作 的 通知",
        "关于 推荐 15名 优秀 共产党员 和 8个 先进 基层 党组织 的 通知",
        "关于 开展 “三会一课” 和 主题 党日 活动 情况 专项 检查 的 通知",
        "中共 澄州市 中医院 委员会 关于 成立 治未病 中心 党支部 及 有关 事项 的 通知",
        "关于 表彰 2024年度 “优秀共产党员” “优秀党务工作者” 和 “先进基层党组织” 的 决定",
        "关于 印发 《澄州市 中医院 “清廉医院” 建设 实施 方案》 的 通知",
        "关于 召开 中共 澄州市 中医院 委员会 2025年度 党员 领导 干部 民主生活会 的 通知",
        "关于 组织 开展 2025年 “七一” 系列 主题 党日 活动 的 通知",
        "关于 进一步 加强 和 规范 党支部 “三会一课” 制度 落实 的 通知",
        "关于 开展 学习 贯彻 党的 二十届 三中全会 精神 专题 培训 的 通知",
        "关于 转发 《中共 澄州市 卫生 健康 委员会 关于 做好 2025年 党员 发展 工作 的 通知》 的 通知",
        "关于 做好 2025年度 党费 收缴 使用 和 管理 工作 的 通知",
        "关于 调整 澄州市 中医院 党委 理论 学习 中心组 成员 的 通知",
        "关于 开展 “一支部一品牌” 党建 品牌 创建 评选 活动 的 通知",
        "澄州市 中医院 党委 关于 2025年 第二季度 “三会一课” 开展 情况 的 通报",
        "关于 商请 开展 “支部联建·党建共建” 结对 共建 活动 的 函",
        "关于 报送 2025年 上半年 党建 工作 总结 和 下半年 工作 计划 的 通知",
        "关于 开展 庆祝 中国共产党 成立 104周年 系列 活动 的 通知",
        "关于 召开 中共 澄州市 中医院 第十二次 党员 代表 大会 暨 换届 选举 大会 的 通知",
        "关于 印发 《2025年 全面 从严 治党 主体 责任 清单》 的 通知",
        "关于 做好 春节 期间 走访 慰问 困难 党员 和 老党员 工作 的 通知",
        "关于 开展 党员 “亮身份、作表率” 主题 实践 活动 的 通知",
        "关于对 2024年度 党建 工作 考核 结果 进行 通报 的 通知",
        "关于 公布 2025年度 党建 工作 重点 任务 分解 清单 的 通知",
        "关于 落实 《中国共产党 支部 工作 条例（试行）》 有关 要求 的 通知",
        "关于 举办 2025年 全院 党务 干部 和 党支部 书记 培训班 的 通知",
        "关于 开展 “清廉医院” 建设 专项 监督 检查 和 “回头看” 工作 的 通知",
        "关于 印发 《澄州市 中医院 党委 关于 加强 “两新” 党建 工作 的 若干 措施》 的 通知",
    ];

    #[test]
    fn real_style_titles_break_only_between_words() {
        assert!(TITLES.len() >= 30);
        for annotated in TITLES {
            let plain: String = annotated.chars().filter(|c| *c != ' ').collect();
            // Character positions where the annotation allows a line to end.
            let mut allowed = Vec::new();
            let mut k = 0;
            for c in annotated.chars() {
                if c == ' ' {
                    allowed.push(k);
                } else {
                    k += 1;
                }
            }
            let lines = balance(&plain, LINE_EM);
            assert_eq!(lines.concat(), plain);
            assert!(lines.len() >= 2, "{plain} needs two lines: {lines:?}");
            let total: f64 = plain.chars().map(width).sum();
            assert!(
                lines.len() <= (total / LINE_EM).ceil() as usize + 1,
                "{lines:?}"
            );
            let mut at = 0;
            for l in &lines[..lines.len() - 1] {
                at += l.chars().count();
                assert!(allowed.contains(&at), "{annotated}: {lines:?}");
            }
            for l in &lines {
                assert!(l.chars().map(width).sum::<f64>() <= LINE_EM, "{lines:?}");
            }
        }
    }

    #[test]
    fn the_organ_name_stands_on_its_own_line() {
        let lines = balance(
            "中共澄州市中医院委员会关于商请支持开展中医药文化进校园活动的函",
            LINE_EM,
        );
        assert_eq!(
            lines,
            [
                "中共澄州市中医院委员会",
                "关于商请支持开展中医药文化进校园活动的函"
            ]
        );
    }

    #[test]
    fn keeps_quoted_terms_and_numbers_with_units() {
        let lines = balance("关于开展“两学一做”学习教育常态化制度化的通知", LINE_EM);
        assert_eq!(lines, ["关于开展“两学一做”", "学习教育常态化制度化的通知"]);
        let lines = balance(
            "关于做好2025年第三季度党费收缴和使用管理情况报送工作的通知",
            LINE_EM,
        );
        assert!(lines[0].ends_with("第三季度党费"), "{lines:?}");
    }

    #[test]
    fn a_book_title_too_long_for_the_line_breaks_between_its_words() {
        // "关于印发 / 《…》 / 的通知" would keep it whole at the cost of a line of three
        // characters; offices break inside it, between words.
        let lines = balance("关于印发《2025年全面从严治党主体责任清单》的通知", LINE_EM);
        assert_eq!(
            lines,
            ["关于印发《2025年全面从严治党主体", "责任清单》的通知"]
        );
    }
}
