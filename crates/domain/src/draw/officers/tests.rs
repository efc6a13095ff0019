use super::*;

fn object(unit: &str, number: &str) -> Drawn {
    Drawn {
        id: 1,
        unit: unit.into(),
        number: number.into(),
        lot: String::new(),
        officers: Vec::new(),
    }
}

fn pool() -> Vec<Officer> {
    let mut all = Vec::new();
    for (unit, n) in [("scj-1", 3), ("scj-2", 3), ("scj-3", 2)] {
        for i in 0..n {
            all.push(Officer {
                certificate_no: format!("{unit}-{i}"),
                unit: unit.into(),
            });
        }
    }
    all
}

fn objects() -> Vec<Drawn> {
    (0..6)
        .map(|i| object(["scj-1", "scj-2", "scj-3"][i % 3], &format!("9152000{i}")))
        .collect()
}

#[test]
fn the_officers_are_the_two_smallest_lots_and_a_rerun_sends_the_same() {
    let mut first = objects();
    send_officers("seed", &mut first, &pool(), &Avoidance::default()).unwrap();
    let mut again = objects();
    send_officers("seed", &mut again, &pool(), &Avoidance::default()).unwrap();
    assert_eq!(first, again);
    for o in &first {
        let mut lots: Vec<(String, String)> = pool()
            .iter()
            .map(|p| {
                (
                    officer_lot("seed", &o.number, &p.certificate_no),
                    p.certificate_no.clone(),
                )
            })
            .collect();
        lots.sort();
        let expected: Vec<String> = lots.into_iter().take(2).map(|(_, c)| c).collect();
        assert_eq!(o.officers, expected, "{}", o.number);
    }
    // Another seed sends other officers to at least one object.
    let mut other = objects();
    send_officers("other seed", &mut other, &pool(), &Avoidance::default()).unwrap();
    assert_ne!(first, other);
}

#[test]
fn cross_check_sends_no_officer_of_the_objects_own_unit() {
    let avoid = Avoidance {
        cross_check: true,
        ..Avoidance::default()
    };
    let mut drawn = objects();
    send_officers("seed", &mut drawn, &pool(), &avoid).unwrap();
    for o in &drawn {
        assert_eq!(o.officers.len(), 2);
        for c in &o.officers {
            assert!(
                !c.starts_with(&format!("{}-", o.unit)),
                "{c} sent to {}",
                o.unit
            );
        }
    }
}

#[test]
fn an_officer_sent_to_an_object_before_is_not_sent_again() {
    let mut before = objects();
    send_officers("seed", &mut before, &pool(), &Avoidance::default()).unwrap();
    let earlier: BTreeSet<(String, String)> = before
        .iter()
        .flat_map(|o| o.officers.iter().map(|c| (o.number.clone(), c.clone())))
        .collect();
    let mut after = objects();
    let avoid = Avoidance {
        cross_check: false,
        earlier: earlier.clone(),
    };
    send_officers("seed", &mut after, &pool(), &avoid).unwrap();
    for o in &after {
        for c in &o.officers {
            assert!(
                !earlier.contains(&(o.number.clone(), c.clone())),
                "{c} again at {}",
                o.number
            );
        }
    }
}

#[test]
fn too_few_officers_after_avoidance_is_refused_naming_the_object() {
    // scj-3's object under cross-check, with only scj-3's two officers and one other.
    let pool: Vec<Officer> = pool()
        .into_iter()
        .filter(|o| o.unit == "scj-3" || o.certificate_no == "scj-1-0")
        .collect();
    let mut drawn = vec![object("scj-3", "915200099")];
    let avoid = Avoidance {
        cross_check: true,
        ..Avoidance::default()
    };
    let err = send_officers("seed", &mut drawn, &pool, &avoid).unwrap_err();
    assert!(err.to_string().contains("915200099"), "{err}");
    assert!(err.to_string().contains("只有1名"), "{err}");
}

#[test]
fn the_pool_digest_ignores_order_but_not_content() {
    let mut p = pool();
    let d = pool_digest(&p);
    p.reverse();
    assert_eq!(pool_digest(&p), d);
    p.pop();
    assert_ne!(pool_digest(&p), d);
}
