//! 返回列表 — the way back from a record (and from its edit and delete pages) to the register
//! list it was opened from, with that list's filters and page. The list's query string travels
//! as one `back` parameter; it is read as form pairs and written anew, so it can only ever be a
//! query string of `/registers/{key}`: no other path, site or markup passes through it.

/// Longer `back` values are dropped (a list's filters fit easily).
const MAX_BACK: usize = 4096;

/// The query string of the list to return to (without the one-time `msg`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListReturn {
    query: String,
}

impl ListReturn {
    /// From a query string: a list's own, or a `back` parameter's value.
    pub fn new(query: &str) -> Self {
        if query.len() > MAX_BACK {
            return Self::default();
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                form_urlencoded::parse(query.as_bytes())
                    .filter(|(k, v)| !matches!(k.as_ref(), "msg" | "back") && !v.is_empty()),
            )
            .finish();
        Self { query }
    }

    /// The list's query string, for a hidden `back` field of a form.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// `?back=…` to add to the URL of a record or its edit page (empty without filters).
    pub fn suffix(&self) -> String {
        match self.query.is_empty() {
            true => String::new(),
            false => format!("?{}", self.param()),
        }
    }

    /// `back=…` (the list's query encoded as one parameter).
    pub fn param(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("back", &self.query)
            .finish()
    }

    /// The list itself: `/registers/{key}?…`.
    pub fn list_url(&self, key: &str) -> String {
        match self.query.is_empty() {
            true => format!("/registers/{key}"),
            false => format!("/registers/{key}?{}", self.query),
        }
    }

    /// The list with a message shown above it (after a deletion).
    pub fn list_url_with(&self, key: &str, msg: &str) -> String {
        let msg = form_urlencoded::Serializer::new(String::new())
            .append_pair("msg", msg)
            .finish();
        match self.query.is_empty() {
            true => format!("/registers/{key}?{msg}"),
            false => format!("/registers/{key}?{}&{msg}", self.query),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ListReturn;

    #[test]
    fn keeps_the_filters_and_drops_the_message() {
        let back = ListReturn::new(
            "org=520201&q=%E5%85%AD%E6%9E%9D&page=3&msg=%E5%B7%B2%E4%BF%9D%E5%AD%98&due=",
        );
        assert_eq!(back.query(), "org=520201&q=%E5%85%AD%E6%9E%9D&page=3");
        assert_eq!(
            back.list_url("mediations"),
            "/registers/mediations?org=520201&q=%E5%85%AD%E6%9E%9D&page=3"
        );
        assert_eq!(
            ListReturn::new(back.query()).suffix(),
            format!("?{}", back.param())
        );
        assert_eq!(
            ListReturn::new("").list_url("mediations"),
            "/registers/mediations"
        );
        assert_eq!(ListReturn::new("").suffix(), "");
    }

    #[test]
    fn cannot_lead_elsewhere() {
        for hostile in [
            "//evil.example/x",
            "https://evil.example/",
            "\"><script>alert(1)</script>",
            "/registers/other?x=1",
        ] {
            let url = ListReturn::new(hostile).list_url("mediations");
            assert!(url.starts_with("/registers/mediations"), "{url}");
            assert!(
                !url.contains("//") && !url.contains('<') && !url.contains('"'),
                "{url}"
            );
        }
        assert_eq!(ListReturn::new(&"a=1&".repeat(2000)).query(), "");
    }
}
