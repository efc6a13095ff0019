//! Import and export pages over HTTP on both backends: template download, an upload with a bad
//! row (errors listed, file offered back, nothing written), a good upload, export of the list,
//! scope of the importing clerk, and the 填报值 page.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, page_text, start};
use fazhi_store::testing::TestDb;
use reqwest::StatusCode;

const HEADER: &str = "单位代码,案件编号,执法类别*,当事人名称*,当事人类型*,立案日期*,办理状态*";

fn multipart(
    csrf: &str,
    org: &str,
    file_name: &str,
    file: &[u8],
    dry_run: bool,
) -> (String, Vec<u8>) {
    let boundary = "fazhi-test-boundary-7f3a";
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    field("csrf", csrf);
    field("org", org);
    if dry_run {
        field("dry_run", "1");
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    client: &reqwest::Client,
    base: &str,
    csrf: &str,
    csv: &str,
) -> (StatusCode, String) {
    upload_as(client, base, csrf, "520200", csv).await
}

async fn upload_as(
    client: &reqwest::Client,
    base: &str,
    csrf: &str,
    org: &str,
    csv: &str,
) -> (StatusCode, String) {
    let (content_type, body) = multipart(csrf, org, "cases.csv", csv.as_bytes(), false);
    let res = client
        .post(format!("{base}/registers/enforcement-cases/import"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

fazhi_store::test_each_backend!(import_pages, import_pages_on);

async fn import_pages_on(db: TestDb) {
    let server = start(&db).await;
    let base = &server.base;
    let (admin, csrf) = api_login(&server, "admin").await;

    let template = admin
        .get(format!("{base}/registers/enforcement-cases/template"))
        .send()
        .await
        .unwrap();
    assert_eq!(template.status(), StatusCode::OK);
    assert!(
        template.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''")
    );
    assert!(
        template.bytes().await.unwrap().starts_with(b"PK"),
        "an xlsx"
    );

    let list = admin
        .get(format!("{base}/registers/enforcement-cases"))
        .send()
        .await
        .unwrap();
    let html = list.text().await.unwrap();
    assert!(
        html.contains("下载模板")
            && html.contains("/registers/enforcement-cases/import")
            && html.contains("导出(当前筛选)")
    );

    // A bad row: listed with row and column, the file offered back, nothing written.
    let bad = format!(
        "{HEADER}\n520200,WEB-1,许可,甲,法人,2024-03-05,办理中\n520200,WEB-2,罚没,乙,法人,2024-03-06,办理中\n"
    );
    let (status, page) = upload(&admin, base, &csrf, &bad).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}: {page}",
        db.label
    );
    assert!(page.contains("导入失败,未写入任何数据"), "{page}");
    assert!(
        page.contains("<td>3</td><td>执法类别*</td><td>罚没</td>"),
        "{page}"
    );
    let token = page
        .split("/imports/errors/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("error file link")
        .to_owned();
    let back = admin
        .get(format!("{base}/imports/errors/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), StatusCode::OK);
    assert!(back.bytes().await.unwrap().starts_with(b"PK"));
    let list = admin
        .get(format!("{base}/registers/enforcement-cases"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("共 0 条"), "nothing written");

    // Missing CSRF is refused.
    let (status, _) = upload(&admin, base, "wrong", &bad).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Good rows are written; export gives them back.
    let good = format!(
        "{HEADER}\n520200,WEB-1,许可,甲,法人,2024-03-05,办理中\n520201,WEB-2,检查,乙,法人,2024/3/6,办理中\n"
    );
    let (status, page) = upload(&admin, base, &csrf, &good).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("导入成功:共 2 行,新增 2,更新 0,未变 0"),
        "{page}"
    );
    let export = admin
        .get(format!(
            "{base}/registers/enforcement-cases/export?format=csv&org=520201"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    let text = export.text().await.unwrap();
    assert!(
        text.starts_with('\u{FEFF}') && text.contains("WEB-2") && !text.contains("WEB-1"),
        "{text}"
    );

    // A clerk of 钟山区 cannot import into the city.
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let city_row = format!("{HEADER}\n520200,WEB-3,许可,丙,法人,2024-03-05,办理中\n");
    let (status, page) = upload_as(&clerk, base, &clerk_csrf, "520201", &city_row).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("不在您的数据范围内"), "{page}");

    // 填报值: enter a value for a unit and period, read it back.
    let form = [
        ("csrf", csrf.as_str()),
        ("org", "520201"),
        ("period", "2024年"),
        ("value.ranking.business_env", "3"),
        ("note.ranking.business_env", "全省第三"),
    ];
    let res = admin
        .post(format!("{base}/reported"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let page = admin
        .get(format!("{base}/reported?org=520201&period=2024"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("value=\"3\"") && page.contains("全省第三"),
        "{page}"
    );
    let bad_value = [
        ("csrf", csrf.as_str()),
        ("org", "520201"),
        ("period", "2024"),
        ("value.ranking.business_env", "三"),
    ];
    let res = admin
        .post(format!("{base}/reported"))
        .form(&bad_value)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("应为数字"));
}

/// Uploads `file` (named `name`) to register `key`'s import page; `(org, csrf)`: the default
/// unit and the session's token.
async fn upload_file(
    client: &reqwest::Client,
    base: &str,
    (org, csrf): (&str, &str),
    key: &str,
    name: &str,
    file: &str,
) -> (StatusCode, String) {
    let (content_type, body) = multipart(csrf, org, name, file.as_bytes(), false);
    let res = client
        .post(format!("{base}/registers/{key}/import"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The text of `name` inside the xlsx `bytes`.
fn xlsx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

const RECON_HEADER: &str = "单位代码,案号,申请人,被申请人,被申请复议的行政行为,收到申请日期,受理情况,受理决定日期,审理程序,关联执法案件";

fn recon_row(no: &str, link: &str) -> String {
    format!("520201,{no},甲公司,钟山区某局,行政处罚决定,2024-05-06,受理,2024-05-10,普通程序,{link}")
}

fazhi_store::test_each_backend!(unknown_indicator_in_chinese, unknown_indicator_on);

/// A 填报值 file naming no catalog indicator is refused in a clerk's words: the indicator's
/// Chinese name is asked for, no catalog key is shown (issue 25).
async fn unknown_indicator_on(db: TestDb) {
    let server = start(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let file = "单位代码,期间,指标,数值\n520201,2024,法治宣传活动次数X,12\n";
    let (status, page) = upload_file(
        &admin,
        &server.base,
        ("520200", &csrf),
        "reported-values",
        "v.csv",
        file,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.label);
    let shown = common::visible(&page);
    assert!(shown.contains("应为指标的中文名称"), "{shown}");
    assert!(
        common::dotted_key(&shown).is_none(),
        "a catalog key shown: {shown}"
    );
}

fazhi_store::test_each_backend!(import_links_error_file_and_batch, import_links_on);

async fn import_links_on(db: TestDb) {
    let server = start(&db).await;
    let base = &server.base;
    let label = db.label;
    let (admin, csrf) = api_login(&server, "admin").await;
    let cases = format!(
        "{HEADER}\n520201,WEB-1,许可,甲,法人,2024-03-05,办理中\n520203,WEB-9,许可,乙,法人,2024-03-06,办理中\n"
    );
    let (status, page) = upload_file(
        &admin,
        base,
        ("520200", &csrf),
        "enforcement-cases",
        "c.csv",
        &cases,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{label}: {page}");

    // The success message links to the batch's page, which lists and links the records.
    let link = page
        .split("href=\"/imports/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the imported records");
    assert!(page.contains("查看本次导入的记录"), "{page}");
    let batch = page_text(&admin, &format!("{base}/imports/{link}")).await;
    assert!(
        batch.contains("c.csv") && batch.contains("新增 2") && batch.contains(">WEB-1</a>"),
        "{label}: {batch}"
    );
    assert!(
        batch.contains("href=\"/registers/enforcement-cases/"),
        "{batch}"
    );
    let missing = admin
        .get(format!("{base}/imports/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // The city's batch is not the county clerk's to read.
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let hidden = clerk
        .get(format!("{base}/imports/{link}"))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND, "{label}");

    // A link field takes the case number; one outside the clerk's county is unknown to them.
    let file = format!(
        "{RECON_HEADER}\n{}\n{}\n",
        recon_row("复〔2024〕1号", "WEB-1"),
        recon_row("复〔2024〕2号", "WEB-9")
    );
    let (status, page) = upload_file(
        &clerk,
        base,
        ("520201", &clerk_csrf),
        "reconsiderations",
        "r.csv",
        &file,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {page}");
    assert!(
        page.contains("<td>3</td><td>关联执法案件</td><td>WEB-9</td><td>没有对应的行政执法案件"),
        "{label}: {page}"
    );
    let file = format!("{RECON_HEADER}\n{}\n", recon_row("复〔2024〕1号", "WEB-1"));
    let (status, page) = upload_file(
        &clerk,
        base,
        ("520201", &clerk_csrf),
        "reconsiderations",
        "r.csv",
        &file,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{label}: {page}");

    // The export writes the number, and the record page and edit form show it.
    let export = page_text(
        &clerk,
        &format!("{base}/registers/reconsiderations/export?format=csv"),
    )
    .await;
    assert!(export.contains(",WEB-1"), "{label}: {export}");
    let list = page_text(&clerk, &format!("{base}/registers/reconsiderations")).await;
    let id = list
        .split("href=\"/registers/reconsiderations/")
        .filter_map(|rest| rest.split(['"', '?']).next())
        .find(|s| s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty())
        .expect("the record's link")
        .to_owned();
    let edit = page_text(
        &clerk,
        &format!("{base}/registers/reconsiderations/{id}/edit"),
    )
    .await;
    assert!(edit.contains("value=\"WEB-1\""), "{label}: {edit}");

    // The web form takes the number too, and names what is expected when it is unknown.
    let form = |no: &'static str, link: &'static str| {
        vec![
            ("csrf", clerk_csrf.clone()),
            ("org", "520201".to_owned()),
            ("case_no", no.to_owned()),
            ("applicant", "丙".to_owned()),
            ("respondent", "钟山区某局".to_owned()),
            ("act_challenged", "行政处罚决定".to_owned()),
            ("received_date", "2024-05-06".to_owned()),
            ("enforcement_case_id", link.to_owned()),
        ]
    };
    let res = clerk
        .post(format!("{base}/registers/reconsiderations"))
        .form(&form("复〔2024〕3号", "WEB-9"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("没有对应的行政执法案件") && html.contains("WEB-9"),
        "{html}"
    );
    let res = clerk
        .post(format!("{base}/registers/reconsiderations"))
        .form(&form("复〔2024〕3号", "WEB-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");

    // The error file of a bad upload keeps the template's drop-downs and 说明 sheet and marks
    // the bad cell with its problem.
    let bad = format!("{HEADER}\n520201,WEB-3,罚没,丙,法人,2024-03-05,办理中\n");
    let (status, page) = upload_file(
        &admin,
        base,
        ("520200", &csrf),
        "enforcement-cases",
        "b.csv",
        &bad,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let token = page
        .split("/imports/errors/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("error file link");
    let bytes = admin
        .get(format!("{base}/imports/errors/{token}"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let workbook = xlsx_part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("name=\"行政执法案件\"") && workbook.contains("name=\"说明\""));
    assert!(
        xlsx_part(&bytes, "xl/worksheets/sheet1.xml").contains("<dataValidation type=\"list\"")
    );
    let notes = xlsx_part(&bytes, "xl/comments1.xml");
    assert!(notes.contains("罚没") && notes.contains("应为"), "{notes}");
}
