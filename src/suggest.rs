//! "Did you mean …?" for typos in keys and references.

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo:
/// at most one edit for short words, about a third of the length for longer ones.
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters, with adjacent transpositions counting as one edit
/// (`yaoij` → `yaoji`).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(prev2[j - 2] + 1);
            }
            cur[j] = best;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(edit_distance("yaoij", "yaoji"), 1);
        assert_eq!(did_you_mean("yaoij", ["yaoji", "huli"]), Some("yaoji"));
    }

    #[test]
    fn far_words_are_not_suggested() {
        assert_eq!(did_you_mean("zzz", ["branch", "kind"]), None);
        assert_eq!(did_you_mean("brnach", ["branch", "kind"]), Some("branch"));
    }

    #[test]
    fn chinese_names() {
        assert_eq!(
            did_you_mean("主题党曰", ["主题党日", "党课"]),
            Some("主题党日")
        );
    }
}
