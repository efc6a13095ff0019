use super::*;

fn units() -> UnitTable {
    UnitTable::new(fazhi_catalog::Catalog::embedded().expect("catalog").units())
}

/// (value, qualifier, unit) of every statistic found in `text`.
fn found(text: &str) -> Vec<(f64, &'static str, String)> {
    scan(text, &units(), true)
        .into_iter()
        .map(|c| {
            (
                c.value,
                c.qualifier,
                text[c.unit_span.0..c.unit_span.1].to_string(),
            )
        })
        .collect()
}

fn values(text: &str) -> Vec<f64> {
    found(text).into_iter().map(|f| f.0).collect()
}

#[test]
fn counts_rates_magnitudes_and_qualifiers() {
    assert_eq!(
        found("开展各类宣传培训1.8万余次"),
        vec![(18_000.0, "余", "次".into())]
    );
    assert_eq!(found("调解成功率为97.73%"), vec![(97.73, "", "%".into())]);
    assert_eq!(
        found("交易额65.22亿元"),
        vec![(6_522_000_000.0, "", "元".into())]
    );
    assert_eq!(
        found("粉丝突破108万，"),
        vec![(1_080_000.0, "超", "".into())]
    );
    assert_eq!(
        found("播放量超10亿次"),
        vec![(1_000_000_000.0, "超", "次".into())]
    );
    assert_eq!(
        found("高于全省90.6个百分点"),
        vec![(90.6, "", "百分点".into())]
    );
    assert_eq!(found("压减15%以上"), vec![(15.0, "以上", "%".into())]);
    assert_eq!(
        found("公开1,530,501件"),
        vec![(1_530_501.0, "", "件".into())]
    );
    assert_eq!(values("开展会前学法13次23件"), vec![13.0, 23.0]);
    assert_eq!(values("全市共建立人民调解委员会2018个"), vec![2018.0]);
}

#[test]
fn chinese_numerals_and_ranks() {
    assert_eq!(
        found("在西南医科大学等六所高校"),
        vec![(6.0, "", "所".into())]
    );
    assert_eq!(found("服务六十余家企业"), vec![(60.0, "余", "家".into())]);
    assert_eq!(found("以第一名成绩荣获"), vec![(1.0, "", "名".into())]);
    assert_eq!(found("位居全省第二位"), vec![(2.0, "", "位".into())]);
    assert_eq!(found("居全省第5位"), vec![(5.0, "", "位".into())]);
}

#[test]
fn ranges_are_two_statistics() {
    let c = scan("压缩至3-5个事项", &units(), true);
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].value, c[0].value_max), (3.0, Some(5.0)));
    assert_eq!((c[1].value, c[1].value_max), (5.0, None));
    assert_eq!(values("审批周期缩短2—4个月"), vec![2.0, 4.0]);
    assert_eq!(values("覆盖率提高10%~20%"), vec![10.0, 20.0]);
    assert_eq!(values("每户补贴1至2万元"), vec![10_000.0, 20_000.0]);
}

#[test]
fn time_results_and_spans() {
    assert_eq!(
        found("项目审批平均用时12.5天"),
        vec![(12.5, "", "天".into())]
    );
    assert_eq!(
        found("登记时限由原来的15个工作日缩短为2个工作日"),
        vec![(15.0, "", "个工作日".into()), (2.0, "", "个工作日".into())]
    );
    assert_eq!(
        found("不动产登记1小时内办结"),
        vec![(1.0, "", "小时".into())]
    );
    assert_eq!(
        found("累计压缩审批时限800多个工作日"),
        vec![(800.0, "多", "个工作日".into())]
    );
    for span in [
        "连续9年获评",
        "提前3个月完成任务",
        "建成10分钟便民圈",
        "停工2年",
        "2025年",
    ] {
        assert_eq!(values(span), Vec::<f64>::new(), "{span}");
    }
}

#[test]
fn new_units() {
    assert_eq!(found("梳理出8大类事项"), vec![(8.0, "", "大类".into())]);
    assert_eq!(found("开展抽查15批次"), vec![(15.0, "", "批次".into())]);
    assert_eq!(found("开展评查3轮次"), vec![(3.0, "", "轮次".into())]);
    assert_eq!(found("权重提高到2倍"), vec![(2.0, "", "倍".into())]);
}

#[test]
fn adjacent_figures_are_split() {
    assert_eq!(values("举办讲座9场次3.5万人次"), vec![9.0, 35_000.0]);
    assert_eq!(values("督察了3市5县11个部门"), vec![3.0, 5.0, 11.0]);
    assert_eq!(values("培训12批次340人"), vec![12.0, 340.0]);
}

#[test]
fn chinese_counts_with_two_and_more() {
    assert_eq!(found("成立两支服务队"), vec![(2.0, "", "支".into())]);
    assert_eq!(found("派出三个工作组"), vec![(3.0, "", "个".into())]);
    assert_eq!(found("召开两次专题会"), vec![(2.0, "", "次".into())]);
    assert_eq!(found("惠及近万名群众"), vec![(10_000.0, "近", "名".into())]);
    assert_eq!(found("接待万余人次"), vec![(10_000.0, "余", "人次".into())]);
    assert_eq!(found("调阅二百馀份卷宗"), vec![(200.0, "余", "份".into())]);
    for slogan in ["做到“两个维护”", "“三个不放过”原则", "区县两级", "万人空巷"]
    {
        assert_eq!(values(slogan), Vec::<f64>::new(), "{slogan}");
    }
}

#[test]
fn qualifiers_with_magnitudes() {
    assert_eq!(found("服务约2.5万人"), vec![(25_000.0, "约", "人".into())]);
    assert_eq!(found("惠及近3万户"), vec![(30_000.0, "近", "户".into())]);
    assert_eq!(found("受理1万多件"), vec![(10_000.0, "多", "件".into())]);
    assert_eq!(found("调阅900餘份"), vec![(900.0, "余", "份".into())]);
}

#[test]
fn numbers_cut_off_at_the_end_are_not_reported() {
    assert_eq!(values("共减少审批事项41"), Vec::<f64>::new());
    assert_eq!(values("挽回损失6.2万"), Vec::<f64>::new());
    assert_eq!(values("粉丝突破108万，"), vec![1_080_000.0]);
    // A piece of a longer text: what follows the piece may hold the unit.
    let piece: Vec<f64> = scan("挽回损失6.2万", &units(), false)
        .iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(piece, vec![62_000.0]);
}

#[test]
fn marks_on_an_earlier_line_do_not_reach_a_number() {
    // An unclosed title, quotation or 届 on the line before does not hold this line's figures.
    assert_eq!(values("印发《实施方案\n办理案件30件"), vec![30.0]);
    assert_eq!(values("开展“回头看\n5次"), vec![5.0]);
    assert_eq!(values("市九届\n召开会议3次"), vec![3.0]);
    assert_eq!(values("印发《实施方案办理案件30件"), Vec::<f64>::new());
}

#[test]
fn names_in_titles_are_not_statistics() {
    assert_eq!(
        values("印发《关于优化营商环境的30条措施》"),
        Vec::<f64>::new()
    );
    assert_eq!(values("市九届人大三次会议"), Vec::<f64>::new());
    assert_eq!(
        values("省委九届二次、三次、四次全会精神"),
        Vec::<f64>::new()
    );
}

#[test]
fn non_statistics_are_skipped() {
    for text in [
        "2024年，我市",
        "二〇二四年",
        "《法治政府建设实施纲要(2021-2025年)》",
        "(乐府办发〔2024〕3号)",
        "2025年1月15日",
        "1.深入学习贯彻习近平法治思想",
        "构建了“1+10+30”的市县一体化信用平台",
        "“一窗通办‘2+2’”改革",
        "12345投诉等发现的问题",
        "“12348”法律服务热线",
        "结合“12·4”国家宪法日",
        "积极参加第二批全省法治政府建设示范创建活动",
        "第七轮赤水河流域",
        "市七届人大四次会议",
        "荣获一等奖",
        "三大平台、五大领域、六大行动、十大重点行业、三项制度、法律七进",
        "市县两级、三级",
        "连续五年",
        "“0证明城市”",
        "提升行政执法质量三年行动",
        "“十个清零”行动，守住了“五个不发生”工作底线",
        "房地产新十条",
        "百场消防培训进乡",
        "二十届三中全会、二十大、十四五",
        "一个领域一支队伍",
        "“四连升”",
        "七日双公示",
        "2024市本级",
    ] {
        assert_eq!(values(text), Vec::<f64>::new(), "{text}");
    }
}

#[test]
fn top_of_a_ranking_is_not_a_count() {
    assert_eq!(values("有3个镇进入全市考核前10名。"), vec![3.0]);
    assert_eq!(values("位列全省前5位，跻身前50强"), Vec::<f64>::new());
    assert_eq!(values("排名第2位"), vec![2.0]);
    // 前 ending a word: 目前 and 此前 are not a ranking.
    assert_eq!(values("目前12名调解员在岗"), vec![12.0]);
    assert_eq!(values("此前8位专家已到场"), vec![8.0]);
}

#[test]
fn the_numeral_pre_check_keeps_every_numeral_and_only_them() {
    let mut utf8 = [0u8; 4];
    for c in (0..=0x2FFFF).filter_map(char::from_u32) {
        let bytes = c.encode_utf8(&mut utf8).as_bytes();
        assert_eq!(
            numeral_at(bytes, 0),
            NUMERALS.contains(&c),
            "{c} U+{:04X}",
            c as u32
        );
    }
}
