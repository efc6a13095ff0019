//! The parts of the OpenAPI document that come from data rather than annotations: one path
//! pair and one record schema (and one input schema) per register, generated from its
//! [`RegisterDef`]; and the document-wide rules — OpenAPI 3.1, every response described, every
//! error body an `ErrorBody`, the session cookie and the `X-CSRF-Token` header on writes.

use fazhi_domain::register::{FieldDef, FieldKind, RegisterDef};
use serde_json::{Map, Value, json};

const ERROR: &str = "#/components/schemas/ErrorBody";

/// `enforcement-cases` → `EnforcementCases`.
fn schema_name(def: &RegisterDef) -> String {
    def.key
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

fn nullable(mut schema: Value, kind: &str) -> Value {
    schema["type"] = json!([kind, "null"]);
    schema
}

/// A field as `record_json` writes it.
fn output_field(field: &FieldDef) -> Value {
    let described = json!({"title": field.label, "description": field.help});
    match field.kind {
        FieldKind::Date => {
            let mut s = nullable(described, "string");
            s["format"] = json!("date");
            s
        }
        FieldKind::Amount => {
            let mut s = nullable(described, "string");
            s["description"] = json!(format!("{}(元,精确到分的十进制文本)", field.help));
            s
        }
        FieldKind::Integer { min, max } => {
            let mut s = nullable(described, "integer");
            s["minimum"] = json!(min);
            s["maximum"] = json!(max);
            s
        }
        FieldKind::Link => nullable(described, "integer"),
        FieldKind::Bool => nullable(described, "boolean"),
        FieldKind::Enum(options) => {
            let mut s = described;
            let mut codes: Vec<Value> = options.iter().map(|o| json!(o.code)).collect();
            codes.push(Value::Null);
            s["enum"] = Value::Array(codes);
            s["description"] = json!(enum_text(field));
            s
        }
        _ => nullable(described, "string"),
    }
}

fn enum_text(field: &FieldDef) -> String {
    let options: Vec<String> = field
        .options()
        .iter()
        .map(|o| format!("{} = {}", o.code, o.label))
        .collect();
    format!("{} 取值:{}", field.help, options.join(";"))
}

/// A field as the API accepts it: the text a clerk types (dates in the usual forms, amounts in
/// 元, enum codes or labels, 是/否) or the JSON value of the output.
fn input_field(field: &FieldDef) -> Value {
    let mut s = json!({"title": field.label, "description": field.help});
    let mut types: Vec<&str> = input_types(field).to_vec();
    if !field.required {
        types.push("null");
    }
    s["type"] = json!(types);
    match field.kind {
        FieldKind::Integer { min, max } => {
            s["minimum"] = json!(min);
            s["maximum"] = json!(max);
        }
        FieldKind::Enum(_) | FieldKind::EnumSet(_) => {
            s["items"] = json!({"type": "string"});
            s["description"] = json!(enum_text(field));
        }
        _ => {}
    }
    s
}

/// The JSON types a field's input takes — the one rule behind both the input schema and the
/// check of request bodies ([`body_problems`]).
fn input_types(field: &FieldDef) -> &'static [&'static str] {
    match field.kind {
        FieldKind::Integer { .. } | FieldKind::Link => &["integer", "string"],
        FieldKind::Bool => &["boolean", "string"],
        FieldKind::Amount => &["number", "string"],
        FieldKind::Enum(_) | FieldKind::EnumSet(_) => &["string", "array"],
        _ => &["string"],
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What in a request body the schema forbids, in Chinese: a member of the wrong JSON type
/// (an object where text is expected, a list for a field that is not a choice, list items
/// that are not text). Unknown members are left to [`RegisterDef::parse`].
pub fn body_problems(def: &RegisterDef, body: &Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, value) in body {
        let (label, types): (&str, &[&str]) = match def.field(key) {
            Some(field) => (field.label, input_types(field)),
            None if key == "org" => (def.org_label, &["string"]),
            None => continue,
        };
        let kind = type_of(value);
        let fits = kind == "null"
            || types.contains(&kind)
            || (kind == "integer" && types.contains(&"number"));
        let items_ok = value
            .as_array()
            .is_none_or(|items| items.iter().all(Value::is_string));
        if !fits || !items_ok {
            problems.push(format!(
                "「{label}」({key})的 JSON 类型不对:应为 {}",
                types.join(" 或 ")
            ));
        }
    }
    problems
}

fn record_schema(def: &RegisterDef) -> Value {
    let mut properties = Map::new();
    properties.insert("id".into(), json!({"type": "integer"}));
    properties.insert(
        "org".into(),
        json!({"type": "string", "title": def.org_label}),
    );
    properties.insert("org_name".into(), json!({"type": "string"}));
    for field in def.fields {
        properties.insert(field.key.into(), output_field(field));
    }
    properties.insert(
        "derived".into(),
        json!({"type": "array", "items": {"type": "object",
            "properties": {"label": {"type": "string"}, "value": {"type": "string"}, "note": {"type": "string"}},
            "required": ["label", "value", "note"]}}),
    );
    let required: Vec<&str> = ["id", "org", "org_name", "derived"]
        .into_iter()
        .chain(def.fields.iter().map(|f| f.key))
        .collect();
    json!({"type": "object", "title": def.label, "properties": properties, "required": required})
}

/// The request body of a create (`org` required) or an update (`org` optional: the record
/// keeps its unit).
fn input_schema(def: &RegisterDef, org_required: bool) -> Value {
    let mut properties = Map::new();
    let org_types = if org_required {
        json!("string")
    } else {
        json!(["string", "null"])
    };
    properties.insert(
        "org".into(),
        json!({"type": org_types, "title": def.org_label,
            "description": "单位代码(修改时可省略:记录留在原单位)"}),
    );
    for field in def.fields {
        properties.insert(field.key.into(), input_field(field));
    }
    let required: Vec<&str> = org_required
        .then_some("org")
        .into_iter()
        .chain(def.fields.iter().filter(|f| f.required).map(|f| f.key))
        .collect();
    json!({"type": "object", "title": format!("{}(录入)", def.label),
        "properties": properties, "required": required})
}

fn error(description: &str) -> Value {
    json!({"description": description,
        "content": {"application/json": {"schema": {"$ref": ERROR}}}})
}

fn body(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

/// A query value that is empty (no filter, as a form sends it) or one of `codes` (plain
/// identifiers: no pattern characters in them).
fn one_of(codes: &[&str]) -> Value {
    json!({"type": "string", "pattern": format!("^({})?$", codes.join("|"))})
}

fn list_parameters(def: &RegisterDef) -> Value {
    let q = |name: &str, description: &str, schema: Value| {
        json!({"name": name, "in": "query", "required": false,
            "description": description, "schema": schema})
    };
    let dates: Vec<&str> = def
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Date)
        .map(|f| f.key)
        .collect();
    let statuses: Vec<&str> = def
        .status_field
        .and_then(|k| def.field(k))
        .map(|f| f.options().iter().map(|o| o.code).collect())
        .unwrap_or_default();
    // Dates as clerks write them: 2024-03-05, 2024/3/5, 2024年3月5日.
    let date =
        json!({"type": "string", "description": "日期,如 2024-03-05、2024/3/5 或 2024年3月5日"});
    let within = json!({"type": "integer", "minimum": 0,
        "maximum": crate::record_filter::MAX_WITHIN});
    json!([
        q(
            "org",
            "单位代码:只列出该单位及其下级的记录",
            json!({"type": "string"})
        ),
        q(
            "unit_only",
            "1:只列出 org 单位本级的记录,不含下级",
            one_of(&["1"])
        ),
        q("from", "起始日期(含)", date.clone()),
        q("to", "截止日期(含)", date),
        q(
            "date",
            "from/to 所按的日期字段(空 = 登记簿的期间字段)",
            one_of(&dates)
        ),
        q("q", "关键词", json!({"type": "string"})),
        q("status", "办理状态代码(空 = 不限)", one_of(&statuses)),
        q(
            "due",
            "overdue:法定期限已过;soon:within 个工作日内到期;provisional:届满日在放假安排尚未载入的年度(暂估)(空 = 不限)",
            one_of(&["overdue", "soon", "provisional"])
        ),
        q("within", "due=soon 的工作日数,默认 5", within),
        q(
            "reverse",
            "1:倒序。默认最新的在前(按期间字段;有 q 时按录入先后);有 due 时默认最早到期的在前,倒序则最晚到期的在前",
            one_of(&["1"])
        ),
        q(
            "limit",
            "每页条数(1–1000)",
            json!({"type": "integer", "minimum": 1, "maximum": 1000})
        ),
        q(
            "offset",
            "跳过的条数",
            json!({"type": "integer", "minimum": 0, "maximum": i64::MAX})
        ),
        q(
            "count",
            "exact:精确计数;空 = 至多计数 10000 条,有 q 时 1000 条(更多时 total 为 10001 或 1001,total_exact 为 false)",
            one_of(&["exact"])
        ),
    ])
}

/// Adds the registers' paths and schemas to `doc`, in place of the generic register paths.
pub fn add_registers(doc: &mut Value, registers: &[&'static RegisterDef]) {
    if let Some(paths) = doc["paths"].as_object_mut() {
        paths.remove("/api/v1/{register}");
        paths.remove("/api/v1/{register}/{id}");
    }
    for def in registers {
        let name = schema_name(def);
        let record = json!({"$ref": format!("#/components/schemas/{name}")});
        let input = json!({"$ref": format!("#/components/schemas/{name}Input")});
        let change = json!({"$ref": format!("#/components/schemas/{name}Update")});
        doc["components"]["schemas"][&name] = record_schema(def);
        doc["components"]["schemas"][format!("{name}Input")] = input_schema(def, true);
        doc["components"]["schemas"][format!("{name}Update")] = input_schema(def, false);
        let page = json!({"type": "object", "required": ["total", "total_exact", "items"],
            "properties": {"total": {"type": "integer"}, "total_exact": {"type": "boolean"},
                "items": {"type": "array", "items": record}}});
        let id =
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
        let request = json!({"required": true, "content": {"application/json": {"schema": input}}});
        let update = json!({"required": true, "content": {"application/json": {"schema": change}}});
        doc["paths"][format!("/api/v1/{}", def.key)] = json!({
            "get": {"tags": [def.label], "summary": format!("{}列表", def.label),
                "operationId": format!("list{name}"), "parameters": list_parameters(def),
                "responses": {"200": body("记录列表", page), "422": error("筛选参数无效")}},
            "post": {"tags": [def.label], "summary": format!("新增{}", def.label),
                "operationId": format!("create{name}"), "requestBody": request,
                "responses": {"201": body("新增的记录", record.clone()),
                    "404": error("单位不存在或不在数据范围内"), "409": error("编号已存在"),
                    "422": error("字段有误(errors 列出每个字段的问题)")}},
        });
        doc["paths"][format!("/api/v1/{}/{{id}}", def.key)] = json!({
            "get": {"tags": [def.label], "operationId": format!("get{name}"), "parameters": id,
                "responses": {"200": body("记录", record.clone()), "404": error("不存在或不在数据范围内")}},
            "put": {"tags": [def.label], "operationId": format!("update{name}"), "parameters": id,
                "requestBody": update,
                "responses": {"200": body("修改后的记录", record), "404": error("不存在或不在数据范围内"),
                    "422": error("字段有误")}},
            "delete": {"tags": [def.label], "operationId": format!("delete{name}"), "parameters": id,
                "responses": {"204": {"description": "已删除(最后状态留在审计日志中)"},
                    "404": error("不存在或不在数据范围内")}},
        });
    }
}

/// The rules every operation follows: described responses, the session and CSRF header, and
/// the errors any request may meet (401 not logged in, 403 CSRF or role).
pub fn apply_rules(doc: &mut Value) {
    doc["openapi"] = json!("3.1.0");
    doc["components"]["securitySchemes"] = json!({"session": {"type": "apiKey", "in": "cookie",
        "name": "fazhi_session", "description": "POST /api/v1/login 设置的会话 Cookie"}});
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !matches!(method.as_str(), "get" | "post" | "put" | "delete" | "patch") {
                continue;
            }
            let public = path == "/api/v1/login";
            fix_parameters(path, op);
            let responses = &mut op["responses"];
            if let Some(map) = responses.as_object_mut() {
                for (_, response) in map.iter_mut() {
                    if response.get("description").is_none() {
                        response["description"] = json!("成功");
                    }
                }
            }
            // Requests the framework refuses before a handler runs (a path segment or query
            // value of the wrong type) get a plain-text 400.
            let mut default = error("其他错误(中文说明)");
            default["content"]["text/plain"] = json!({"schema": {"type": "string"}});
            responses["default"] = default;
            if public {
                op["security"] = json!([]);
                continue;
            }
            responses["401"] = error("未登录或会话已过期");
            if method != "get" {
                responses["403"] = error("无权操作或缺少 X-CSRF-Token");
                op["security"] = json!([{"session": []}]);
                let header = json!({"name": "X-CSRF-Token", "in": "header", "required": true,
                    "description": "登录响应中的 csrf_token", "schema": {"type": "string"}});
                match op["parameters"].as_array_mut() {
                    Some(list) => list.push(header),
                    None => op["parameters"] = json!([header]),
                }
            } else {
                op["security"] = json!([{"session": []}]);
            }
        }
    }
}

/// Parameters declared `in: path` that the path does not name are query parameters.
fn fix_parameters(path: &str, op: &mut Value) {
    // `get_mut`, not indexing: indexing a missing key would insert a `null`.
    let Some(list) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for p in list {
        let name = p["name"].as_str().unwrap_or_default().to_owned();
        if p["in"] == "path" && !path.contains(&format!("{{{name}}}")) {
            p["in"] = json!("query");
            p["required"] = json!(false);
        }
    }
}
