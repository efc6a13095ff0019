//! The demo city's 案卷评查 draw: five case files of each enforcement unit from the report year,
//! drawn with a seed source written as an example (a real campaign names a value published
//! after its parameters are fixed), so that `/draws` and `fazhi draw verify` show a draw, and
//! every drawn file scored against the example standard.

use fazhi_domain::draw::DrawSpec;
use fazhi_domain::register::double_random::INSPECTION_OBJECTS;
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_store::{InspectionTask, NewDraw, ScopedStore};

use crate::error::{Result, store as store_err};

/// Draws the report year's case files for review across the city.
pub async fn case_file_review(store: &ScopedStore, city: &str, year: i32) -> Result<()> {
    let draw = NewDraw {
        register: &ENFORCEMENT_CASES,
        under: city.to_owned(),
        year,
        spec: DrawSpec {
            campaign: format!("{year}年度行政执法案卷评查(示范)"),
            seed_source: format!("示例:{}年3月3日福彩3D开奖号码 385", year + 1),
            per_unit: 5,
        },
        cross_check: false,
    };
    let draw = store
        .run_draw(draw)
        .await
        .map_err(store_err("案卷评查随机抽取失败"))?;
    // Every drawn file scored: the deductions are read off the file's lot (a hex digit picks
    // one of these), so most files are 优秀, some 合格, a few 不合格.
    const SHEETS: [&[&str]; 16] = [
        &[],
        &[],
        &[],
        &[],
        &[],
        &["F3"],
        &["F1"],
        &["C1"],
        &["F1", "F3"],
        &["C5"],
        &["F2", "C6"],
        &["C2"],
        &["C3", "F4"],
        &["C4", "C8"],
        &["C2", "C3", "C7"],
        &["V2"],
    ];
    for x in &draw.drawn {
        let digit = x
            .lot
            .chars()
            .next()
            .and_then(|c| c.to_digit(16))
            .unwrap_or(0);
        let ticked = SHEETS[digit as usize % SHEETS.len()];
        store
            .score_case(draw.id, x.id, ticked, "")
            .await
            .map_err(store_err("案卷评查评分失败"))?;
    }
    Ok(())
}

/// The 双随机 draw of next year's first round: three objects of each 市场监管 unit from its
/// 名录库, two certificate holders sent to each by cross-check (no officer of the object's own
/// unit), and the inspections handed out for a day a month ahead, awaiting their results.
pub async fn double_random(store: &ScopedStore, city: &str, year: i32) -> Result<()> {
    let draw = NewDraw {
        register: &INSPECTION_OBJECTS,
        under: city.to_owned(),
        year: year + 1,
        spec: DrawSpec {
            campaign: format!("{}年第一批双随机抽查(示范)", year + 1),
            seed_source: format!("示例:{}年1月5日福彩3D开奖号码 617", year + 1),
            per_unit: 3,
        },
        cross_check: true,
    };
    let draw = store
        .run_draw(draw)
        .await
        .map_err(store_err("双随机随机抽取失败"))?;
    let planned = fazhi_store::clock::beijing_today() + chrono::Days::new(30);
    let task = InspectionTask {
        matter: "企业公示信息检查".to_owned(),
        planned_date: planned.format("%Y-%m-%d").to_string(),
    };
    let outcome = store
        .register_inspections(draw.id, &task)
        .await
        .map_err(store_err("双随机抽查任务生成失败"))?;
    if !outcome.committed {
        return Err(crate::error::DemoError::Generated(format!(
            "双随机抽查任务未写入:{:?}",
            outcome.problems.first()
        )));
    }
    Ok(())
}
