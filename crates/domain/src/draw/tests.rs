use super::*;

fn spec(per_unit: usize) -> DrawSpec {
    DrawSpec {
        campaign: "2025年度行政执法案卷评查".into(),
        seed_source: "2025年3月3日福彩3D开奖号码 385".into(),
        per_unit,
    }
}

fn population() -> Vec<Candidate> {
    let mut all = Vec::new();
    for (unit, n) in [("520200-scj", 40), ("520200-gaj", 25), ("520201", 3)] {
        for i in 0..n {
            all.push(Candidate {
                id: all.len() as i64 + 1,
                unit: unit.into(),
                number: format!("{unit}罚〔2024〕{i}号"),
            });
        }
    }
    all
}

#[test]
fn the_seed_and_lots_are_plain_sha256() {
    // Written out so that anyone can check it with any SHA-256 tool.
    let s = spec(5);
    let expected = hex::encode(Sha256::digest(
        "fazhi-draw-v1\n2025年度行政执法案卷评查\n2025年3月3日福彩3D开奖号码 385".as_bytes(),
    ));
    assert_eq!(s.seed(), expected);
    assert_eq!(
        lot("ab", "x"),
        hex::encode(Sha256::digest("ab\nx".as_bytes()))
    );
}

#[test]
fn a_rerun_draws_the_same_and_a_changed_parameter_does_not() {
    let pop = population();
    let first = draw(&spec(5), &pop).unwrap();
    let mut shuffled = pop.clone();
    shuffled.reverse();
    let again = draw(&spec(5), &shuffled).unwrap();
    assert_eq!(first, again, "the population's order does not matter");
    assert_eq!(
        first.drawn.len(),
        5 + 5 + 3,
        "a small unit gives all it has"
    );
    assert_eq!(first.population, 68);
    let other = draw(
        &DrawSpec {
            seed_source: "2025年3月3日福彩3D开奖号码 386".into(),
            ..spec(5)
        },
        &pop,
    )
    .unwrap();
    assert_ne!(first.seed, other.seed);
    assert_ne!(first.drawn, other.drawn);
    // Within a unit, the smallest lots.
    let scj: Vec<&Drawn> = first
        .drawn
        .iter()
        .filter(|d| d.unit == "520200-scj")
        .collect();
    let mut all_lots: Vec<String> = pop
        .iter()
        .filter(|c| c.unit == "520200-scj")
        .map(|c| lot(&first.seed, &c.number))
        .collect();
    all_lots.sort();
    assert_eq!(
        scj.iter().map(|d| d.lot.clone()).collect::<Vec<_>>(),
        all_lots[..5]
    );
}

#[test]
fn a_changed_population_changes_its_digest() {
    let pop = population();
    let mut fewer = pop.clone();
    fewer.pop();
    assert_ne!(population_digest(&pop), population_digest(&fewer));
}

#[test]
fn bad_draws_are_refused_in_chinese() {
    let err = draw(&spec(5), &[]).unwrap_err().to_string();
    assert!(err.contains("没有可抽取的记录"), "{err}");
    let err = draw(&spec(0), &population()).unwrap_err().to_string();
    assert!(err.contains("每单位抽取件数"), "{err}");
    let err = draw(&spec(50), &population()).unwrap_err().to_string();
    assert!(err.contains("超过了每个单位的记录数"), "{err}");
    let err = draw(
        &DrawSpec {
            seed_source: "  ".into(),
            ..spec(5)
        },
        &population(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("随机种子来源"), "{err}");
}
