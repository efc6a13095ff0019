use super::*;

fn example(rule: usize, keys: &[Option<&str>], lead: &str) -> KeyExample {
    let words = Words {
        lead,
        after: "",
        unit: "件",
    };
    let choices = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let evidence = Evidence {
                rule: i == rule,
                ..Evidence::default()
            };
            KeyChoice::new(*k, evidence, &words)
        })
        .collect();
    KeyExample {
        start: 0,
        end: 1,
        value: 1.0,
        rule,
        choices,
    }
}

#[test]
fn untrained_model_keeps_the_rules_choice() {
    let model = KeyModel::from_tsv("# empty\n").expect("empty model");
    let ex = example(1, &[None, Some("a.x"), Some("a.y")], "办理了");
    assert_eq!(model.choose(&ex), 1);
}

#[test]
fn training_learns_words_that_point_to_a_key() {
    let keys = [None, Some("a.x"), Some("a.y")];
    let data: Vec<KeyExample> = (0..20)
        .map(|i| {
            let lead = if i % 2 == 0 { "保留了" } else { "清理了" };
            example(1, &keys, lead)
        })
        .collect();
    let pairs: Vec<(&KeyExample, usize)> = data
        .iter()
        .enumerate()
        .map(|(i, ex)| (ex, if i % 2 == 0 { 2 } else { 1 }))
        .collect();
    let model = KeyModel::train(&pairs, Training::default());
    assert_eq!(model.choose(&example(1, &keys, "共保留了")), 2);
    assert_eq!(model.choose(&example(1, &keys, "共清理了")), 1);
    let again = KeyModel::from_tsv(&model.to_tsv()).expect("round trip");
    assert_eq!(again.choose(&example(1, &keys, "共保留了")), 2);
}

#[test]
fn malformed_weights_are_an_error() {
    assert_eq!(
        KeyModel::from_tsv("12\tx\n"),
        Err(crate::TextError::KeyModel { line: 1 })
    );
}

#[test]
fn word_windows_count_chars() {
    assert_eq!(last_chars("共办理各类案件", 3), "类案件");
    assert_eq!(last_chars("案件", 5), "案件");
    assert_eq!(first_chars("件以上，其中", 2), "件以");
    assert_eq!(first_chars("", 2), "");
}
