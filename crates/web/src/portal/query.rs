//! The portal's search parameters, read from the raw query string so that any input — too
//! long, malformed, unknown — gets a Chinese 400 page instead of the framework's English one.

use chrono::NaiveDate;
use fazhi_store::portal::{DecisionKind, DecisionQuery, MAX_MATCHES, PublicUnit};

use super::PortalError;

/// Results on a page.
pub const PAGE_SIZE: usize = 20;
/// The deepest page: [`MAX_MATCHES`] results.
pub const MAX_PAGE: usize = MAX_MATCHES / PAGE_SIZE;
/// The longest search text, in characters.
const MAX_TEXT: usize = 50;

/// The form as typed, shown again above the results.
#[derive(Debug, Clone, Default)]
pub struct SearchForm {
    pub q: String,
    pub kind: String,
    pub org: String,
    pub from: String,
    pub to: String,
    pub page: usize,
}

impl SearchForm {
    /// Reads the query string (unknown parameters are ignored; a parameter given twice keeps
    /// its last value).
    pub fn parse(raw: Option<&str>) -> Result<Self, PortalError> {
        let mut form = SearchForm {
            page: 1,
            ..SearchForm::default()
        };
        let raw = raw.unwrap_or("");
        if raw.len() > 2_000 {
            return Err(PortalError::bad_request("查询条件过长"));
        }
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim().to_owned();
            match key.as_ref() {
                "q" => form.q = value,
                "kind" => form.kind = value,
                "org" => form.org = value,
                "from" => form.from = value,
                "to" => form.to = value,
                "page" => form.page = page_number(&value)?,
                _ => {}
            }
        }
        Ok(form)
    }

    /// The store's query, checked: the text's length, the kind, a known unit, real dates in
    /// order.
    pub fn query(&self, units: &[PublicUnit]) -> Result<DecisionQuery, PortalError> {
        let length = self.q.chars().count();
        if length > MAX_TEXT {
            return Err(PortalError::bad_request(format!(
                "检索词过长:{length} 个字,最多 {MAX_TEXT} 个字"
            )));
        }
        let text = fazhi_store::portal::normalize(&self.q);
        if text.chars().count() == 1 {
            return Err(PortalError::bad_request(
                "检索词至少需要两个字(名称的一部分、统一社会信用代码或文书号)",
            ));
        }
        let kind =
            match self.kind.as_str() {
                "" => None,
                code => Some(DecisionKind::from_code(code).ok_or_else(|| {
                    PortalError::bad_request("类型应为「行政许可」或「行政处罚」")
                })?),
            };
        let org = match self.org.as_str() {
            "" => None,
            code if units.iter().any(|u| u.code == code) => Some(code.to_owned()),
            _ => return Err(PortalError::bad_request("没有这个决定机关,请从列表中选择")),
        };
        let from = date(&self.from, "决定日期自")?;
        let to = date(&self.to, "决定日期至")?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(PortalError::bad_request("起始日期晚于截止日期"));
        }
        Ok(DecisionQuery {
            text,
            kind,
            org,
            from,
            to,
            offset: (self.page - 1) * PAGE_SIZE,
            limit: PAGE_SIZE,
        })
    }

    /// This search at another page (`page` 0: the CSV download).
    pub fn link(&self, base: &str, page: usize) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("q", &self.q),
            ("kind", &self.kind),
            ("org", &self.org),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.is_empty() {
                out.append_pair(key, value);
            }
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        let query = out.finish();
        if query.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{query}")
        }
    }
}

fn page_number(value: &str) -> Result<usize, PortalError> {
    match value.parse::<usize>() {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        _ => Err(PortalError::bad_request(format!(
            "页码应为 1—{MAX_PAGE} 之间的整数(最多显示前 {MAX_MATCHES} 条,请增加查询条件)"
        ))),
    }
}

fn date(value: &str, label: &str) -> Result<Option<NaiveDate>, PortalError> {
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            PortalError::bad_request(format!(
                "{label}「{value}」不是有效日期,应为 年-月-日,如 2024-03-15"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_parameters_are_refused_in_chinese() {
        assert!(SearchForm::parse(Some("page=0")).is_err());
        assert!(SearchForm::parse(Some("page=51")).is_err());
        assert!(SearchForm::parse(Some("page=abc")).is_err());
        let units = [PublicUnit {
            code: "520200".into(),
            name: "六盘水市".into(),
            kind: "city".into(),
        }];
        let query = |raw: &str| SearchForm::parse(Some(raw)).unwrap().query(&units);
        assert!(query("q=%E5%85%AC").is_err(), "one character");
        assert!(query(&format!("q={}", "a".repeat(51))).is_err());
        assert!(query("kind=other").is_err());
        assert!(query("org=999999").is_err());
        assert!(query("from=2024-13-01").is_err());
        assert!(query("from=2024-05-01&to=2024-04-01").is_err());
        let ok = query("q=+%E5%85%AC+%E5%8F%B8+&org=520200&page=3&x=%ZZ").unwrap();
        assert_eq!((ok.text.as_str(), ok.offset), ("公司", 40));
    }

    #[test]
    fn links_keep_the_search_and_drop_empty_fields() {
        let form = SearchForm::parse(Some("q=%E5%85%AC%E5%8F%B8&kind=penalty")).unwrap();
        assert_eq!(
            form.link("/gongshi/decisions", 2),
            "/gongshi/decisions?q=%E5%85%AC%E5%8F%B8&kind=penalty&page=2"
        );
        assert_eq!(SearchForm::default().link("/x", 1), "/x");
    }
}
