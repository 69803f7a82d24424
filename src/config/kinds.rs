use crate::diagnostics::Code;
use crate::reader::Fields;

/// The configured activity kinds, in display order, each with the ASCII slug used in URLs.
#[derive(Debug, Clone)]
pub struct ActivityKinds {
    list: Vec<(String, String)>,
}

/// Built-in kinds, from 《中国共产党支部工作条例（试行）》 and the seeds' practice.
pub(super) const BUILTIN_KINDS: &[(&str, &str)] = &[
    ("支部党员大会", "dangyuan-dahui"),
    ("支部委员会", "zhiweihui"),
    ("党小组会", "xiaozuhui"),
    ("党课", "dangke"),
    ("主题党日", "zhuti-dangri"),
    ("组织生活会", "zuzhi-shenghuohui"),
    ("民主评议党员", "minzhu-pingyi"),
    ("谈心谈话", "tanxin-tanhua"),
    ("志愿服务", "zhiyuan-fuwu"),
    ("义诊", "yizhen"),
    ("结对共建", "jiedui-gongjian"),
    ("其他", "qita"),
];

/// The colours of the built-in kinds, in their order (支部党员大会 first, 其他 last), then one
/// for the kinds outside the list (其他类型), because the stacked chart of activities per
/// branch shows up to thirteen kinds side by side and a shared colour would make two kinds one.
///
/// Chosen so that (checked by the tests below):
/// - any two differ by CIEDE2000 ΔE₀₀ ≥ 15 (ΔE₀₀ ≈ 2 is the smallest difference people see
///   between neighbouring patches; 10 is the usual mark for "clearly different colours", and
///   15 leaves room for a projector's or a cheap screen's washed-out colours), and
/// - neighbours in this order (neighbouring segments of a stacked bar) differ in CIE L* by at
///   least 15, dark and light in turn, so that a greyscale print still separates each segment
///   from the next. Thirteen greys that all differ by a readable step do not exist (L* spans
///   about 100, and printed greys closer than ΔL* ≈ 8 merge), so which kind a grey segment is
///   is read from the legend order and from the data table printed beside every chart.
///
/// The charts write value labels on a segment in white or near-black, whichever contrasts more.
pub(super) const KIND_PALETTE: [&str; 13] = [
    "#c8102e", "#e69f00", "#1f4e79", "#f4a6b8", "#2e7d32", "#b5c93a", "#6a3d9a", "#7fc8e8",
    "#8d5524", "#c9b3e6", "#00838f", "#9e9e9e", "#4d4d4d",
];

/// The slug used for kinds outside the list (they are a warning, not an error).
pub(super) const OTHER_SLUG: &str = "qita";

impl Default for ActivityKinds {
    fn default() -> Self {
        ActivityKinds {
            list: BUILTIN_KINDS
                .iter()
                .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
                .collect(),
        }
    }
}

impl ActivityKinds {
    pub(super) fn read(t: &mut Fields<'_, '_>) -> Self {
        let mut list: Vec<(String, String)> = Vec::new();
        for (key, value) in t.entries() {
            let Some(slug) = t.entry_str(&key.value, value) else {
                continue;
            };
            if !crate::reader::is_slug(&slug.value) {
                t.sink
                    .report_at(
                        Code::InvalidValue,
                        slug.pos,
                        format!(
                            "活动类型“{}”的标识“{}”不是合法的 ASCII 标识",
                            key.value, slug.value
                        ),
                    )
                    .hint("只用小写字母、数字和连字符，如 \"zhuti-dangri\"");
                continue;
            }
            if let Some((other, _)) = list.iter().find(|(_, s)| *s == slug.value) {
                t.sink.report_at(
                    Code::DuplicateId,
                    slug.pos,
                    format!(
                        "活动类型“{}”与“{other}”使用了相同的标识“{}”",
                        key.value, slug.value
                    ),
                );
                continue;
            }
            list.push((key.value, slug.value));
        }
        // TOML tables do not keep their order; the display order follows the built-in list,
        // then the site's own kinds by name.
        list.sort_by_key(|(name, _)| {
            (
                BUILTIN_KINDS
                    .iter()
                    .position(|(b, _)| b == name)
                    .unwrap_or(usize::MAX),
                name.clone(),
            )
        });
        ActivityKinds { list }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.list.iter().any(|(n, _)| n == name)
    }

    /// The slug for a kind; kinds outside the list share the "other" slug.
    pub fn slug(&self, name: &str) -> &str {
        self.list
            .iter()
            .find(|(n, _)| n == name)
            .map_or(OTHER_SLUG, |(_, s)| s.as_str())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|(n, _)| n.as_str())
    }

    /// The chart colour of a kind, the same in every chart and on every site: a built-in kind
    /// has its own; a site's own kind takes, in display order, the colours of the built-in
    /// kinds the site does not use (then they repeat); a kind outside the list (counted under
    /// 其他类型) has the last colour.
    pub fn colour(&self, name: &str) -> &'static str {
        let other = KIND_PALETTE[KIND_PALETTE.len() - 1];
        if let Some(i) = BUILTIN_KINDS.iter().position(|(b, _)| *b == name) {
            return KIND_PALETTE[i];
        }
        let Some(own) = self
            .names()
            .filter(|n| !BUILTIN_KINDS.iter().any(|(b, _)| b == n))
            .position(|n| n == name)
        else {
            return other;
        };
        let free: Vec<&'static str> = BUILTIN_KINDS
            .iter()
            .zip(KIND_PALETTE)
            .filter(|((b, _), _)| !self.contains(b))
            .map(|(_, c)| c)
            .collect();
        if free.is_empty() {
            KIND_PALETTE[1 + own % (BUILTIN_KINDS.len() - 1)]
        } else {
            free[own % free.len()]
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.list.iter().map(|(n, s)| (n.as_str(), s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CIE L*a*b* (D65) of a `#rrggbb` colour.
    fn lab(hex: &str) -> [f64; 3] {
        let h = hex.trim_start_matches('#');
        let ch = |i: usize| {
            let v = f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (ch(0), ch(2), ch(4));
        let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
        let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
        let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// CIEDE2000 colour difference (Sharma, Wu, Dalal 2005).
    fn de00([l1, a1, b1]: [f64; 3], [l2, a2, b2]: [f64; 3]) -> f64 {
        let (c1, c2) = (a1.hypot(b1), a2.hypot(b2));
        let cb7 = ((c1 + c2) / 2.0).powi(7);
        let g = 0.5 * (1.0 - (cb7 / (cb7 + 25f64.powi(7))).sqrt());
        let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
        let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
        let hue = |b: f64, a: f64| {
            if a == 0.0 && b == 0.0 {
                0.0
            } else {
                b.atan2(a).to_degrees().rem_euclid(360.0)
            }
        };
        let (h1, h2) = (hue(b1, a1p), hue(b2, a2p));
        let dl = l2 - l1;
        let dc = c2p - c1p;
        let dh = if c1p * c2p == 0.0 {
            0.0
        } else if (h2 - h1).abs() <= 180.0 {
            h2 - h1
        } else if h2 - h1 > 180.0 {
            h2 - h1 - 360.0
        } else {
            h2 - h1 + 360.0
        };
        let dhh = 2.0 * (c1p * c2p).sqrt() * (dh / 2.0).to_radians().sin();
        let lb = (l1 + l2) / 2.0;
        let cbp = (c1p + c2p) / 2.0;
        let hb = if c1p * c2p == 0.0 {
            h1 + h2
        } else if (h1 - h2).abs() <= 180.0 {
            (h1 + h2) / 2.0
        } else if h1 + h2 < 360.0 {
            (h1 + h2 + 360.0) / 2.0
        } else {
            (h1 + h2 - 360.0) / 2.0
        };
        let cos = |d: f64| d.to_radians().cos();
        let t = 1.0 - 0.17 * cos(hb - 30.0) + 0.24 * cos(2.0 * hb) + 0.32 * cos(3.0 * hb + 6.0)
            - 0.20 * cos(4.0 * hb - 63.0);
        let dtheta = 30.0 * (-((hb - 275.0) / 25.0).powi(2)).exp();
        let cbp7 = cbp.powi(7);
        let rc = 2.0 * (cbp7 / (cbp7 + 25f64.powi(7))).sqrt();
        let sl = 1.0 + 0.015 * (lb - 50.0).powi(2) / (20.0 + (lb - 50.0).powi(2)).sqrt();
        let sc = 1.0 + 0.045 * cbp;
        let sh = 1.0 + 0.015 * cbp * t;
        let rt = -(2.0 * dtheta).to_radians().sin() * rc;
        ((dl / sl).powi(2) + (dc / sc).powi(2) + (dhh / sh).powi(2) + rt * (dc / sc) * (dhh / sh))
            .sqrt()
    }

    #[test]
    fn de00_matches_the_published_test_data() {
        // Pairs 1, 7, 17 and 25 of Sharma et al.'s table: blue, a neutral pair, a large
        // lightness step and a hue step.
        let cases = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            (
                [60.2574, -34.0099, 36.2677],
                [60.4626, -34.1751, 39.4387],
                1.2644,
            ),
        ];
        for (a, b, want) in cases {
            let got = de00(a, b);
            assert!((got - want).abs() < 1e-4, "{a:?} {b:?}: {got} ≠ {want}");
            assert!((de00(b, a) - want).abs() < 1e-4);
        }
    }

    #[test]
    fn every_two_kind_colours_differ_clearly() {
        let mut closest = (f64::MAX, "", "");
        for (i, a) in KIND_PALETTE.iter().enumerate() {
            for b in &KIND_PALETTE[i + 1..] {
                let d = de00(lab(a), lab(b));
                if d < closest.0 {
                    closest = (d, a, b);
                }
            }
        }
        assert!(closest.0 >= 15.0, "{closest:?}: ΔE00 below 15");
        assert_eq!(KIND_PALETTE.len(), BUILTIN_KINDS.len() + 1);
    }

    #[test]
    fn neighbouring_kind_colours_differ_in_grey() {
        for w in KIND_PALETTE.windows(2) {
            let dl = (lab(w[0])[0] - lab(w[1])[0]).abs();
            assert!(dl >= 15.0, "{} and {}: ΔL* {dl:.1} below 15", w[0], w[1]);
        }
    }

    #[test]
    fn a_kind_keeps_its_colour_and_own_kinds_take_free_ones() {
        let all = ActivityKinds::default();
        let colours: Vec<&str> = all.names().map(|n| all.colour(n)).collect();
        assert_eq!(colours, KIND_PALETTE[..12]);
        assert_eq!(all.colour("茶话会"), "#4d4d4d");

        // A site with only two built-in kinds and two of its own: 主题党日 is still green,
        // and the own kinds take the colours of 支部党员大会 and 支部委员会, unused here.
        let few = ActivityKinds {
            list: [
                ("主题党日", "a"),
                ("党课", "b"),
                ("读书会", "c"),
                ("院史讲堂", "d"),
            ]
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
            .collect(),
        };
        assert_eq!(few.colour("主题党日"), "#2e7d32");
        assert_eq!(few.colour("读书会"), "#c8102e");
        assert_eq!(few.colour("院史讲堂"), "#e69f00");
        assert_eq!(few.colour("别的"), "#4d4d4d");
    }
}
