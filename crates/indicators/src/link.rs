//! 数据钻取 — the register list, pre-filtered to the records behind a computed figure.

use crate::period::Period;
use crate::plan::{Measure, Plan};

/// `/registers/{key}?org=…&from=…&to=…&date=…&f.<field>=…` for a computed indicator, with
/// `&sum=<field>` when it adds up an amount or number (the list then shows their 合计);
/// `None` for reported values and rates (link their parts instead).
pub fn drill_down(plan: &Plan, key: &str, org_code: &str, period: Period) -> Option<String> {
    let loc = plan.locate(key)?;
    let mut url = format!(
        "/registers/{}?org={}&from={}&to={}&date={}",
        loc.register.def.key,
        org_code,
        period.first_day(),
        period.last_day(),
        loc.group.date.key
    );
    for filter in &loc.column.filters {
        let (name, value) = filter.to_param();
        url.push('&');
        url.push_str(&name);
        url.push('=');
        url.push_str(&value);
    }
    if let Measure::Sum { field, .. } = loc.column.measure {
        url.push_str("&sum=");
        url.push_str(field.key);
    }
    Some(url)
}
