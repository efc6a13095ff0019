//! 个案叙述 — sentences that tell the story of one case (在办理一起消费纠纷时, 当事人张某,
//! 该案): the figures after the mark are details of that case (the shops a buyer visited, the
//! sum refunded), not statistics of the report.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::classify::finders;
use crate::layout::Place;
use crate::scan::Candidate;

/// Nouns that make 一起 a case's classifier (一起纠纷), not "together" (一起开展).
const CASE_NOUNS: [&str; 9] = [
    "纠纷", "案件", "案", "争议", "事件", "矛盾", "投诉", "信访", "事故",
];
/// Chars read after 一起 for its noun.
const NOUN_WINDOW: usize = 20;
/// Words just before a case's 一起: handling verbs, 了, 如, 其中.
/// (在一起 is "together", so 在 alone is not among them.)
const BEFORE_ONE_CASE: [&str; 16] = [
    "办理", "处理", "调解", "调处", "化解", "审结", "审理", "查处", "受理", "发生", "涉及", "成功",
    "妥善", "了", "如", "中",
];
/// A case named again: 该案, 此案, 本案, 该起, 该纠纷.
const CASE_AGAIN: [&str; 5] = ["该案", "此案", "本案", "该起", "该纠纷"];
/// What follows 某 when it is not an anonymised party (某些, 某种, 某项 …).
const NOT_A_PARTY: [char; 12] = [
    '些', '种', '项', '个', '一', '类', '方', '段', '时', '日', '年', '月',
];

static ONE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("一起"));
static AGAIN: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| finders(&CASE_AGAIN));

/// Byte offset in `sentence` from which its figures are details of a single case: a case
/// counted as 一起 after a handling verb (or at the sentence's start), a case named again (该案),
/// or an anonymised party (张某, 某公司). `None` when the sentence tells no case.
pub(crate) fn story_start(sentence: &str) -> Option<usize> {
    let one = ONE
        .find_iter(sentence.as_bytes())
        .find(|&at| one_case_at(sentence, at));
    let again = AGAIN
        .iter()
        .filter_map(|f| f.find(sentence.as_bytes()))
        .min();
    let party = sentence.match_indices('某').map(|(at, _)| at).find(|&at| {
        let next = sentence[at + '某'.len_utf8()..].chars().next();
        !next.is_some_and(|c| NOT_A_PARTY.contains(&c))
    });
    [one, again, party].into_iter().flatten().min()
}

/// Whether the 一起 at byte `at` counts one case: a case noun follows it closely, and a
/// handling verb, 了, 如 or 其中 (a comma may follow it) stands before it, or nothing does
/// (the sentence's start). At a clause start 一起 is as often "together" (，一起开展…).
fn one_case_at(sentence: &str, at: usize) -> bool {
    let head = sentence[..at].trim();
    let head = head.strip_suffix('，').unwrap_or(head);
    if !head.is_empty() && !BEFORE_ONE_CASE.iter().any(|w| head.ends_with(w)) {
        return false;
    }
    let after = &sentence[at + "一起".len()..];
    let window_end = after
        .char_indices()
        .nth(NOUN_WINDOW)
        .map_or(after.len(), |(i, _)| i);
    let window = &after[..window_end];
    CASE_NOUNS.iter().any(|n| window.contains(n))
}

/// The candidates (and their places) that are not details of a single case's story.
pub(crate) fn without_case_details(
    text: &str,
    cands: Vec<Candidate>,
    places: Vec<Place>,
) -> (Vec<Candidate>, Vec<Place>) {
    let mut story: Option<((usize, usize), Option<usize>)> = None;
    let mut keep = Vec::with_capacity(cands.len());
    for (c, p) in cands.iter().zip(&places) {
        let (s, e) = p.sentence;
        let from = match story {
            Some((span, from)) if span == p.sentence => from,
            _ => {
                let from = text.get(s..e).and_then(story_start).map(|at| s + at);
                story = Some((p.sentence, from));
                from
            }
        };
        keep.push(from.is_none_or(|f| c.start < f));
    }
    if keep.iter().all(|&k| k) {
        return (cands, places);
    }
    cands
        .into_iter()
        .zip(places)
        .zip(keep)
        .filter_map(|(cp, k)| k.then_some(cp))
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail_from(sentence: &str) -> Option<&str> {
        story_start(sentence).map(|at| &sentence[at..])
    }

    #[test]
    fn a_case_counted_as_one_starts_a_story() {
        let s = "在办理一起劳动争议时，申请人先后找过5家单位。";
        assert_eq!(
            detail_from(s),
            Some("一起劳动争议时，申请人先后找过5家单位。")
        );
        let s = "其中，一起涉及40户村民的土地纠纷历时3个月化解。";
        assert!(detail_from(s).is_some_and(|d| d.starts_with("一起涉及")));
    }

    #[test]
    fn together_is_not_a_case() {
        assert_eq!(story_start("与公安部门一起开展矛盾纠纷排查200次。"), None);
        assert_eq!(story_start("团结在一起，化解信访积案30件。"), None);
        assert_eq!(story_start("部门联动，一起开展矛盾纠纷排查200次。"), None);
        assert_eq!(story_start("全年共办理行政复议案件80件，办结75件。"), None);
    }

    #[test]
    fn a_case_named_again_or_an_anonymised_party_starts_a_story() {
        let s = "经调解，该案当事人获赔2.5万元。";
        assert!(detail_from(s).is_some_and(|d| d.starts_with("该案")));
        let s = "王某因装修与3家公司发生纠纷。";
        assert!(detail_from(s).is_some_and(|d| d.starts_with("某因")));
        let s = "某物业公司拖欠9名保安工资。";
        assert_eq!(story_start(s), Some(0));
    }

    #[test]
    fn some_kinds_are_not_parties() {
        assert_eq!(story_start("针对某些领域执法检查12次。"), None);
        assert_eq!(story_start("对某类案件开展评查15件。"), None);
    }
}
