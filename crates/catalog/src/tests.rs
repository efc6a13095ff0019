use super::*;

const KEYS_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold/KEYS.md");

#[test]
fn embedded_catalog_loads() {
    let cat = Catalog::embedded().expect("the shipped catalog is valid");
    assert!(cat.indicators().len() >= 230);
    let rate = cat.get("mediation.success_rate").expect("defined");
    assert_eq!(rate.kind, Kind::Rate);
    assert_eq!(rate.numerator.as_deref(), Some("mediation.success"));
    assert_eq!(rate.denominator.as_deref(), Some("mediation.cases"));
    assert_eq!(
        cat.rate_with_numerator("mediation.success")
            .map(|i| i.key.as_str()),
        Some("mediation.success_rate")
    );
    assert_eq!(
        cat.yoy_of("mediation.cases").map(|i| i.key.as_str()),
        Some("mediation.cases_yoy")
    );
    assert_eq!(cat.core_keys().count(), 36);
    assert!(!cat.relations().is_empty());
}

#[test]
fn every_key_of_keys_md_is_defined() {
    let Ok(text) = std::fs::read_to_string(KEYS_MD) else {
        println!("skipped: {KEYS_MD} not found");
        return;
    };
    let cat = Catalog::embedded().expect("valid");
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("- `")
            && let Some((key, _)) = rest.split_once('`')
        {
            assert!(cat.contains(key), "{key} missing from indicators.toml");
        }
    }
}

fn minimal(indicator: &str) -> String {
    format!("[units]\ncount = [\"件\"]\namount = []\nrate = [\"%\"]\npoints = []\n{indicator}")
}

const ONE: &str = "[[indicator]]\nkey = \"a.b\"\nname = \"甲\"\nunit = \"件\"\nkind = \"count\"\ndefinition = \"甲\"\nsentence = \"{value}件\"\n";

#[test]
fn duplicate_keys_are_rejected() {
    let err = Catalog::from_toml(&minimal(&format!("{ONE}{ONE}"))).unwrap_err();
    assert_eq!(err, CatalogError::DuplicateKey("a.b".into()));
}

#[test]
fn unknown_unit_and_kind_are_rejected() {
    let bad_unit = ONE.replace("unit = \"件\"", "unit = \"斤\"");
    assert!(matches!(
        Catalog::from_toml(&minimal(&bad_unit)),
        Err(CatalogError::Invalid { field: "unit", .. })
    ));
    let bad_kind = ONE.replace("kind = \"count\"", "kind = \"guess\"");
    assert!(matches!(
        Catalog::from_toml(&minimal(&bad_kind)),
        Err(CatalogError::Parse(_))
    ));
}

#[test]
fn empty_name_and_dangling_reference_are_rejected() {
    let empty = ONE.replace("name = \"甲\"", "name = \" \"");
    assert!(matches!(
        Catalog::from_toml(&minimal(&empty)),
        Err(CatalogError::Invalid { field: "name", .. })
    ));
    let yoy = ONE.replace("definition", "change_of = \"x.y\"\ndefinition");
    assert!(matches!(
        Catalog::from_toml(&minimal(&yoy)),
        Err(CatalogError::UnknownKey { .. })
    ));
}

#[test]
fn compute_definition_is_typed() {
    let with = format!(
        "{ONE}[indicator.compute]\nregister = \"mediations\"\ncount = true\ndate = \"concluded_date\"\n\
         where = {{ outcome = [\"success\"], judicial_confirmation = true, agreement_amount = \"not_null\" }}\n"
    );
    let cat = Catalog::from_toml(&minimal(&with)).expect("valid");
    let compute = cat
        .get("a.b")
        .and_then(|i| i.compute.as_ref())
        .expect("kept");
    assert_eq!(compute.register, "mediations");
    assert!(compute.count);
    assert_eq!(compute.date.as_deref(), Some("concluded_date"));
    assert_eq!(
        compute.filters.get("outcome"),
        Some(&FieldTest::Codes(vec!["success".into()]))
    );
    assert_eq!(
        compute.filters.get("judicial_confirmation"),
        Some(&FieldTest::Flag(true))
    );
    assert_eq!(
        compute.filters.get("agreement_amount"),
        Some(&FieldTest::Presence(Presence::NotNull))
    );
}

#[test]
fn malformed_compute_definitions_are_rejected() {
    let unknown = format!("{ONE}[indicator.compute]\nanything = \"later\"\n");
    assert!(matches!(
        Catalog::from_toml(&minimal(&unknown)),
        Err(CatalogError::Parse(_))
    ));
    let both = format!("{ONE}[indicator.compute]\nregister = \"m\"\ncount = true\nsum = \"x\"\n");
    assert!(matches!(
        Catalog::from_toml(&minimal(&both)),
        Err(CatalogError::Invalid {
            field: "compute",
            ..
        })
    ));
    let neither = format!("{ONE}[indicator.compute]\nregister = \"m\"\n");
    assert!(matches!(
        Catalog::from_toml(&minimal(&neither)),
        Err(CatalogError::Invalid {
            field: "compute",
            ..
        })
    ));
    let empty = format!(
        "{ONE}[indicator.compute]\nregister = \"m\"\ncount = true\nwhere = {{ outcome = [] }}\n"
    );
    assert!(matches!(
        Catalog::from_toml(&minimal(&empty)),
        Err(CatalogError::Invalid {
            field: "compute",
            ..
        })
    ));
}

#[test]
fn additivity_follows_the_unit_unless_stated() {
    let cat = Catalog::embedded().expect("valid");
    let additive = |k: &str| cat.get(k).map(Indicator::is_additive);
    assert_eq!(additive("mediation.cases"), Some(true));
    assert_eq!(additive("mediation.success_rate"), Some(false));
    assert_eq!(additive("mediation.cases_yoy"), Some(false));
    assert_eq!(additive("ranking.business_env"), Some(false));
}

#[test]
fn relation_op_holds() {
    assert!(RelationOp::AtMost.holds(1.0, 2.0));
    assert!(!RelationOp::AtMost.holds(3.0, 2.0));
    assert!(RelationOp::Equal.holds(2284.0, 2284.0));
}

#[test]
fn sentence_with_alternatives_is_rejected() {
    for slash in ["/", "／"] {
        let two = ONE.replace(
            "sentence = \"{value}件\"",
            &format!("sentence = \"全年应急演练次数{slash}项数{{value}}次\""),
        );
        assert!(
            matches!(
                Catalog::from_toml(&minimal(&two)),
                Err(CatalogError::Invalid {
                    field: "sentence",
                    ..
                })
            ),
            "{slash}"
        );
    }
    let cat = Catalog::embedded().expect("valid");
    let drills = cat.get("emergency.drills").expect("defined");
    assert_eq!(drills.sentence, "全年开展应急演练{value}次");
}
