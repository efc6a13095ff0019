//! PLACEHOLDER until the indicator engine (issue 6) merges: an indicator set with no values.
//! Removed at that merge; nothing may rely on it beyond compiling the annual-report code.

use fazhi_catalog::IndicatorSet;

use crate::{ScopedStore, StoreError};

impl ScopedStore {
    /// The indicator values of `org_code`'s subtree for `period` (placeholder: none).
    pub async fn indicator_set(
        &self,
        org_code: &str,
        period: &str,
    ) -> Result<IndicatorSet, StoreError> {
        let org = self.get_org(org_code).await?;
        Ok(IndicatorSet {
            org: org.code,
            org_name: org.name,
            period: period.to_owned(),
            ..Default::default()
        })
    }
}
