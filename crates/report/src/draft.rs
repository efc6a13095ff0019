//! 起草 — fills the outline with the catalog's report sentences and the computed values.
//! A figure with no data is left out of the text and listed as a gap; never printed as 0.

use std::collections::BTreeMap;

use fazhi_catalog::{Catalog, Indicator, IndicatorSet, IndicatorValue, Kind, YoyUnit};

use crate::model::{Block, Gap, Report, Section, Slot, Span, Table};
use crate::numbers::{self, LargeCounts};
use crate::outline::{OPENING_SLOT, Outline, OutlineSection};

/// What the draft needs besides the values.
#[derive(Debug, Clone)]
pub struct DraftContext {
    /// 发文机关, e.g. 六盘水市人民政府.
    pub author: String,
    pub year: i32,
    /// 主送机关; the outline's default when `None`.
    pub addressee: Option<String>,
    /// 成文日期 as printed, e.g. 2025年1月15日.
    pub date: String,
    pub large_counts: LargeCounts,
    /// Saved narrative per slot key.
    pub narratives: BTreeMap<String, String>,
}

/// Drafts the report of `values` (one org unit and year).
pub fn draft(
    catalog: &Catalog,
    outline: &Outline,
    values: &IndicatorSet,
    ctx: &DraftContext,
) -> Report {
    let fill = |text: &str| {
        text.replace("{author}", &ctx.author)
            .replace("{year}", &ctx.year.to_string())
            .replace("{next_year}", &(ctx.year + 1).to_string())
    };
    let drafter = Drafter {
        catalog,
        outline,
        values,
        ctx,
    };
    let mut gaps = Vec::new();
    let opening = Slot {
        key: OPENING_SLOT.to_owned(),
        hint: "开篇段落".to_owned(),
        text: Some(
            ctx.narratives
                .get(OPENING_SLOT)
                .filter(|t| !t.trim().is_empty())
                .cloned()
                .unwrap_or_else(|| fill(&outline.opening)),
        ),
    };
    let mut sections = vec![Section {
        level: 0,
        heading: String::new(),
        blocks: vec![Block::Slot(opening)],
    }];
    for part in &outline.sections {
        let slot_text = ctx
            .narratives
            .get(&part.key)
            .filter(|t| !t.trim().is_empty());
        if part.optional && slot_text.is_none() {
            continue;
        }
        sections.extend(drafter.part(part, &fill, &mut gaps));
    }
    Report {
        number: None,
        title: fill(&outline.title),
        addressee: ctx
            .addressee
            .clone()
            .unwrap_or_else(|| outline.addressee.clone()),
        sections,
        closing: outline.closing.clone(),
        signature: ctx.author.clone(),
        date: ctx.date.clone(),
        gaps,
        appendix: summary_table(catalog, values, ctx),
    }
}

/// The inputs of one draft.
struct Drafter<'a> {
    catalog: &'a Catalog,
    outline: &'a Outline,
    values: &'a IndicatorSet,
    ctx: &'a DraftContext,
}

impl Drafter<'_> {
    /// A level-1 part and its level-2 parts.
    fn part(
        &self,
        part: &OutlineSection,
        fill: &dyn Fn(&str) -> String,
        gaps: &mut Vec<Gap>,
    ) -> Vec<Section> {
        let heading = fill(&part.heading);
        let mut out = vec![Section {
            level: 1,
            heading: heading.clone(),
            blocks: Vec::new(),
        }];
        if part.subs.is_empty() {
            out[0].blocks = self.blocks((&part.key, &part.hint), &part.families, &heading, gaps);
        }
        for (i, sub) in part.subs.iter().enumerate() {
            let sub_heading = format!("（{}）{}", chinese_ordinal(i + 1), fill(&sub.heading));
            let blocks = self.blocks((&sub.key, &sub.hint), &sub.families, &sub_heading, gaps);
            out.push(Section {
                level: 2,
                heading: sub_heading,
                blocks,
            });
        }
        out
    }

    /// The slot, then one paragraph per family with data, opened by the family's 领起语.
    fn blocks(
        &self,
        (slot_key, hint): (&str, &str),
        families: &[String],
        heading: &str,
        gaps: &mut Vec<Gap>,
    ) -> Vec<Block> {
        let mut blocks = vec![Block::Slot(Slot {
            key: slot_key.to_owned(),
            hint: hint.to_owned(),
            text: self.ctx.narratives.get(slot_key).cloned(),
        })];
        for family in families {
            let mut sentences: Vec<Vec<Span>> = Vec::new();
            for indicator in self
                .catalog
                .indicators()
                .iter()
                .filter(|i| family_of(i) == family)
            {
                match statement(self.catalog, indicator, self.values, self.ctx.large_counts) {
                    Some(spans) => sentences.push(spans),
                    None if !indicator.is_yoy() => gaps.push(Gap {
                        key: indicator.key.clone(),
                        name: indicator.name.clone(),
                        section: heading.to_owned(),
                    }),
                    None => {}
                }
            }
            if !sentences.is_empty() {
                let lead = self
                    .outline
                    .leads
                    .get(family)
                    .map(String::as_str)
                    .unwrap_or("");
                blocks.push(Block::Paragraph(join_sentences(lead, sentences)));
            }
        }
        blocks
    }
}

fn family_of(indicator: &Indicator) -> &str {
    indicator.key.split('.').next().unwrap_or_default()
}

/// The sentence of one indicator with its 同比, or `None` when it has nothing to say.
fn statement(
    catalog: &Catalog,
    indicator: &Indicator,
    values: &IndicatorSet,
    large: LargeCounts,
) -> Option<Vec<Span>> {
    if let Some(base) = &indicator.change_of {
        // A 同比 key speaks only when its base did not already carry the change.
        let base_has_yoy = values.indicators.get(base).is_some_and(|v| v.yoy.is_some());
        if base_has_yoy {
            return None;
        }
        let change = values.value(&indicator.key)?;
        return Some(fill_sentence(
            indicator,
            &numbers::decimal(change.abs(), 2),
            Some(change),
        ));
    }
    let value = values.indicators.get(&indicator.key)?;
    let number = value.value?;
    // A qualified figure (1.8万余) was published rounded: print it rounded in 万.
    let text = match &value.qualifier {
        Some(q) if number >= 10_000.0 => format!("{}万{q}", numbers::decimal(number / 10_000.0, 2)),
        Some(q) => format!("{}{q}", figure_text(indicator, number, large)),
        None => figure_text(indicator, number, large),
    };
    let mut spans = fill_sentence(indicator, &text, None);
    spans.extend(yoy_spans(catalog, indicator, value));
    Some(spans)
}

/// The number as printed for the indicator's kind.
fn figure_text(indicator: &Indicator, number: f64, large: LargeCounts) -> String {
    match indicator.kind {
        Kind::Rate => numbers::rate(number),
        Kind::Amount => numbers::amount(number),
        Kind::Count => numbers::count(number, large),
        Kind::Reported if indicator.unit == "%" || indicator.unit == "百分点" => {
            numbers::rate(number)
        }
        Kind::Reported => numbers::count(number, large),
    }
}

/// The catalog sentence split at `{value}`, with `{direction}` from the sign of `change`.
fn fill_sentence(indicator: &Indicator, number: &str, change: Option<f64>) -> Vec<Span> {
    let direction = match change {
        Some(c) if c < 0.0 => "下降",
        _ => "增长",
    };
    let sentence = indicator.sentence.replace("{direction}", direction);
    let (before, after) = sentence
        .split_once("{value}")
        .unwrap_or((sentence.as_str(), ""));
    let mut spans = Vec::new();
    if !before.is_empty() {
        spans.push(Span::Text(before.to_owned()));
    }
    spans.push(Span::Figure {
        key: indicator.key.clone(),
        text: number.to_owned(),
    });
    if !after.is_empty() {
        spans.push(Span::Text(after.to_owned()));
    }
    spans
}

/// ，同比增长36.7% / ，同比下降10.88个百分点 / ，与上年持平.
fn yoy_spans(catalog: &Catalog, indicator: &Indicator, value: &IndicatorValue) -> Vec<Span> {
    let Some(yoy) = value.yoy else {
        return Vec::new();
    };
    let change = numbers::decimal(yoy.change.abs(), 2);
    if change == "0" {
        return vec![Span::Text("，与上年持平".to_owned())];
    }
    let key = catalog
        .yoy_of(&indicator.key)
        .map(|i| i.key.clone())
        .unwrap_or_else(|| indicator.key.clone());
    let (up, down, unit) = match yoy.unit {
        YoyUnit::Percent => ("增长", "下降", "%"),
        YoyUnit::Points => ("上升", "下降", "个百分点"),
    };
    let word = if yoy.change < 0.0 { down } else { up };
    vec![
        Span::Text(format!("，同比{word}")),
        Span::Figure { key, text: change },
        Span::Text(unit.to_owned()),
    ]
}

/// The lead, then the sentences joined by ，, the repeated 全年 dropped after the first,
/// ending with 。.
fn join_sentences(lead: &str, sentences: Vec<Vec<Span>>) -> Vec<Span> {
    let mut out: Vec<Span> = vec![Span::Text(lead.to_owned())];
    for (i, mut sentence) in sentences.into_iter().enumerate() {
        if i > 0 {
            if let Some(Span::Text(first)) = sentence.first_mut()
                && let Some(rest) = first.strip_prefix("全年")
            {
                *first = rest.to_owned();
            }
            out.push(Span::Text("，".to_owned()));
        }
        out.extend(sentence);
    }
    out.push(Span::Text("。".to_owned()));
    merge_text(out)
}

/// Adjacent text spans merged, so writers see whole runs.
fn merge_text(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match (out.last_mut(), span) {
            (Some(Span::Text(prev)), Span::Text(next)) => prev.push_str(&next),
            (_, span) => out.push(span),
        }
    }
    out.retain(|s| !matches!(s, Span::Text(t) if t.is_empty()));
    out
}

/// 附表 — the core indicators with data: name, value with unit, 同比.
fn summary_table(catalog: &Catalog, values: &IndicatorSet, ctx: &DraftContext) -> Option<Table> {
    let mut rows = Vec::new();
    for indicator in catalog
        .indicators()
        .iter()
        .filter(|i| i.core && !i.is_yoy())
    {
        let Some(value) = values.indicators.get(&indicator.key) else {
            continue;
        };
        let Some(number) = value.value else {
            continue;
        };
        let yoy = value.yoy.map_or_else(String::new, |y| {
            let unit = match y.unit {
                YoyUnit::Percent => "%",
                YoyUnit::Points => "个百分点",
            };
            format!("{}{unit}", numbers::decimal(y.change, 2))
        });
        rows.push(vec![
            indicator.name.clone(),
            format!(
                "{}{}",
                figure_text(indicator, number, ctx.large_counts),
                indicator.unit
            ),
            yoy,
        ]);
    }
    (!rows.is_empty()).then(|| Table {
        caption: format!("{}年度主要指标", ctx.year),
        header: vec!["指标".into(), "数值".into(), "同比".into()],
        rows,
    })
}

/// 一, 二, … 九十九: for headings, and the names of a province demo's cities.
pub fn chinese_ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".to_owned(),
        1..=9 => DIGITS[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!("{}十{}", DIGITS[(n / 10).min(9)], DIGITS[n % 10]),
    }
}

#[cfg(test)]
mod ordinal_tests {
    use super::chinese_ordinal;

    #[test]
    fn ordinals_up_to_ninety_nine() {
        let words: Vec<String> = [1, 9, 10, 12, 20, 21, 99].map(chinese_ordinal).into();
        assert_eq!(
            words,
            ["一", "九", "十", "十二", "二十", "二十一", "九十九"]
        );
    }
}
