use proptest::prelude::*;

use super::*;

#[test]
fn published_credit_codes_are_valid() {
    // 华为技术有限公司 and 重庆市荣昌区统计局 (LEGAL-RULES.md §3.1 worked examples).
    for code in ["914403001922038216", "11500226753092798P"] {
        assert!(CreditCode::parse(code).is_ok(), "{code}");
    }
}

#[test]
fn wrong_check_character_is_rejected_with_expected_value() {
    let err = CreditCode::parse("91310115MA1G4L1WXK").unwrap_err();
    assert_eq!(
        err.to_string(),
        "「统一社会信用代码」校验位错误:应为 7,实为 K"
    );
}

#[test]
fn credit_code_rejects_bad_length_and_charset() {
    assert!(CreditCode::parse("91440300192203821").is_err());
    assert!(CreditCode::parse("9144030019220382166").is_err());
    let err = CreditCode::parse("9I4403001922038216").unwrap_err();
    assert!(err.to_string().contains("第2位"), "{err}");
    assert!(CreditCode::parse("91AB03001922038216").is_err());
}

#[test]
fn credit_code_is_case_insensitive_on_input() {
    let code = CreditCode::parse("11500226753092798p").unwrap();
    assert_eq!(code.as_str(), "11500226753092798P");
}

#[test]
fn region_codes_and_levels() {
    assert_eq!(
        RegionCode::parse("520000").unwrap().level(),
        RegionLevel::Province
    );
    assert_eq!(
        RegionCode::parse("520200").unwrap().level(),
        RegionLevel::Prefecture
    );
    assert_eq!(
        RegionCode::parse("520201").unwrap().level(),
        RegionLevel::County
    );
    let city = RegionCode::parse("520200").unwrap();
    assert!(city.contains(&RegionCode::parse("520221").unwrap()));
    assert!(!city.contains(&RegionCode::parse("520301").unwrap()));
}

#[test]
fn bad_region_codes_are_rejected() {
    for bad in [
        "52020",
        "5202001",
        "52020a",
        "990200",
        "520012",
        "",
        "５２０２００",
    ] {
        assert!(RegionCode::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn published_citizen_ids_are_valid() {
    for id in ["11010519491231002X", "440524188001010014"] {
        assert!(CitizenId::parse(id).is_ok(), "{id}");
    }
    assert!(CitizenId::parse("110105194912310021").is_err());
    assert!(CitizenId::parse("110105194913310029").is_err(), "month 13");
}

#[test]
fn citizen_id_debug_is_masked() {
    let id = CitizenId::parse("11010519491231002X").unwrap();
    assert_eq!(format!("{id:?}"), "CitizenId(1101**********002X)");
}

fn credit_strategy() -> impl Strategy<Value = CreditCode> {
    let ch = prop::sample::select(CREDIT_CHARSET.to_vec());
    (
        prop::collection::vec(ch.clone(), 2),
        "[0-9]{6}",
        prop::collection::vec(ch, 9),
    )
        .prop_map(|(head, region, body)| {
            let first17 = format!(
                "{}{}{}",
                String::from_utf8(head).unwrap(),
                region,
                String::from_utf8(body).unwrap()
            );
            CreditCode::with_check_char(&first17).unwrap()
        })
}

proptest! {
    #[test]
    fn every_single_character_corruption_of_a_credit_code_is_detected(
        code in credit_strategy(), pos in 0usize..18, replacement in any::<char>()
    ) {
        let original = code.as_str();
        let mut chars: Vec<char> = original.chars().collect();
        prop_assume!(!chars[pos].eq_ignore_ascii_case(&replacement));
        chars[pos] = replacement;
        let corrupted: String = chars.into_iter().collect();
        prop_assert!(CreditCode::parse(&corrupted).is_err(), "{} -> {}", original, corrupted);
    }

    #[test]
    fn every_single_digit_corruption_of_a_citizen_id_is_detected(
        first17 in "[1-6][0-9]{5}(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}",
        pos in 0usize..18, digit in 0u8..10
    ) {
        let id = CitizenId::with_check_char(&first17).unwrap();
        let mut bytes = id.as_str().as_bytes().to_vec();
        let replacement = b'0' + digit;
        prop_assume!(bytes[pos] != replacement);
        bytes[pos] = replacement;
        let corrupted = String::from_utf8(bytes).unwrap();
        prop_assert!(CitizenId::parse(&corrupted).is_err(), "{}", corrupted);
    }

    #[test]
    fn region_code_parse_never_panics(text in "\\PC{0,10}") {
        let _ = RegionCode::parse(&text);
        let _ = CreditCode::parse(&text);
        let _ = CitizenId::parse(&text);
    }

    #[test]
    fn valid_region_codes_round_trip(p in prop::sample::select(PROVINCES.to_vec()), c in 1u32..99, d in 0u32..99) {
        let text = format!("{}{c:02}{d:02}", p.0);
        let code = RegionCode::parse(&text).unwrap();
        prop_assert_eq!(code.as_str(), text.as_str());
        prop_assert_eq!(code.province_name(), p.1);
    }
}

#[test]
fn a_region_names_its_province() {
    assert_eq!(
        RegionCode::parse("140100").unwrap().province_name(),
        "山西省"
    );
    assert_eq!(
        RegionCode::parse("630100").unwrap().province_name(),
        "青海省"
    );
    assert_eq!(
        RegionCode::parse("520201").unwrap().province_name(),
        "贵州省"
    );
}

#[test]
fn citizen_ids_are_masked_in_lists_and_credit_codes_are_not() {
    let id = CitizenId::with_check_char("52010219900307123").unwrap();
    let masked = mask_citizen_id(id.as_str());
    assert_eq!(masked, format!("5201**********{}", &id.as_str()[14..]));
    assert_eq!(masked.chars().count(), 18);
    // Lower-case x and surrounding blanks read as the same id.
    let with_x = (0..1000)
        .filter_map(|seq| CitizenId::with_check_char(&format!("11010519491231{seq:03}")).ok())
        .find(|id| id.as_str().ends_with('X'))
        .unwrap();
    let lower = format!(" {} ", with_x.as_str().to_ascii_lowercase());
    assert_eq!(
        mask_citizen_id(&lower),
        format!("1101**********{}", &with_x.as_str()[14..])
    );
    // Credit codes stay as they are: with letters, and all digits (华为's).
    for code in ["11500226753092798P", "914403001922038216"] {
        assert_eq!(mask_citizen_id(code), code);
    }
    // Neither a valid citizen id (wrong check digit, impossible birth date) nor other text.
    let other = if id.as_str().ends_with('0') { '1' } else { '0' };
    let wrong_check = format!("{}{other}", &id.as_str()[..17]);
    assert_eq!(mask_citizen_id(&wrong_check), wrong_check);
    assert_eq!(mask_citizen_id("520102199013071234"), "520102199013071234");
    assert_eq!(mask_citizen_id("六枝调〔2024〕1号"), "六枝调〔2024〕1号");
    assert_eq!(mask_citizen_id(""), "");
}
