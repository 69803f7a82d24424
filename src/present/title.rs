//! Breaking a 2号 title into balanced lines (GB/T 9704 7.3.1: "回行时，要做到词意完整，排列对称，
//! 长短适宜，间距恰当", a trapezoid or a diamond).
//!
//! Without a dictionary the breaker cannot know every word, so it balances line lengths and
//! prefers the places where official titles are usually broken: before 关于, after the verb
//! that follows it (开展, 印发 …), before an opening quote; it never starts a line with closing
//! punctuation, never ends one with opening punctuation, and never splits a number.

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
/// Verbs and markers after which a title line may well end.
const AFTER: &[&str] = &[
    "关于",
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

/// Words of official titles that a line break must not split (a small dictionary: the
/// breaker balances lengths, these keep the common words whole).
const WORDS: &[&str] = &[
    "中国共产党",
    "党组织",
    "党支部",
    "党委",
    "委员会",
    "党员",
    "党建",
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
    "年度",
    "主题",
    "教育",
    "学习",
    "管理",
    "开展",
    "关于",
    "印发",
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
];

/// Extra lines cost this much, so that a title takes one more line only to keep a word whole
/// or to break at a much better place.
const EXTRA_LINE: f64 = 15.0;
/// Splitting a known word.
const SPLIT_WORD: f64 = 15.0;

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

fn allowed(chars: &[char], i: usize) -> bool {
    let (a, b) = (chars[i - 1], chars[i]);
    if CLOSING.contains(b) || OPENING.contains(a) {
        return false;
    }
    !(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric())
}

/// How good a place `i` is for a line break (its cost is subtracted). Looks only at the few
/// characters around `i`, so that all of them together take time linear in the title.
fn bonus(chars: &[char], i: usize) -> f64 {
    let mut score = 0.0;
    if starts_with(chars, i, "关于") {
        score += 20.0;
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
    if splits_word(chars, i) {
        score -= SPLIT_WORD;
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
    // points: 0, the allowed breaks, the end; the bonus of each break, computed once.
    let mut points = vec![0];
    points.extend((1..chars.len()).filter(|&i| allowed(&chars, i)));
    points.push(chars.len());
    let bonuses: Vec<f64> = points
        .iter()
        .enumerate()
        .map(|(j, &p)| {
            if j == 0 || j == points.len() - 1 {
                0.0
            } else {
                bonus(&chars, p)
            }
        })
        .collect();
    let fewest = (total / line_em).ceil() as usize;
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
    // Nothing fits the rules (a very long word): let the typesetter wrap it.
    vec![chars.iter().collect()]
}

/// The best `n - 1` cuts by dynamic programming over the allowed breaks: squared deviation
/// from the mean line length, minus the bonuses of the chosen breaks.
fn best(
    prefix: &[f64],
    points: &[usize],
    bonuses: &[f64],
    n: usize,
    line_em: f64,
) -> Option<(f64, Vec<usize>)> {
    let end = *points.last()?;
    let mean = prefix[end] / n as f64;
    let m = points.len();
    // dp[k][j]: best cost of k lines ending at points[j].
    let mut dp = vec![vec![f64::INFINITY; m]; n + 1];
    let mut from = vec![vec![0usize; m]; n + 1];
    dp[0][0] = 0.0;
    for k in 1..=n {
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
                let total = dp[k - 1][i] + (w - mean).powi(2) - bonuses[j];
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
}
