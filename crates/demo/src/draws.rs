//! The demo city's 案卷评查 draw: five case files of each enforcement unit from the report year,
//! drawn with a seed source written as an example (a real campaign names a value published
//! after its parameters are fixed), so that `/draws` and `fazhi draw verify` show a draw, and
//! every drawn file scored against the example standard.

use fazhi_domain::draw::DrawSpec;
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_store::{NewDraw, ScopedStore};

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
