//! The demo city's 案卷评查 draw: five case files of each enforcement unit from the report year,
//! drawn with a seed source written as an example (a real campaign names a value published
//! after its parameters are fixed), so that `/draws` and `fazhi draw verify` show a draw.

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
    store
        .run_draw(draw)
        .await
        .map_err(store_err("案卷评查随机抽取失败"))?;
    Ok(())
}
