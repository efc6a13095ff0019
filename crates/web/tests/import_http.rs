//! Import and export pages over HTTP on both backends: template download, an upload with a bad
//! row (errors listed, file offered back, nothing written), a good upload, export of the list,
//! scope of the importing clerk, and the 填报值 page.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, start};
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
