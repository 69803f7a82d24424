//! The workbench's routes on a copy of the demo site, driven without a socket: every page
//! answers, record text is escaped, and a save goes through to the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::visitor::Visitor;
use super::{Workbench, pages};

/// A copy of the demo's `site.toml` and `content/` in a fresh folder.
fn demo_copy(tag: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("dangjian-wb-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.expect("walk demo");
        let rel = entry.path().strip_prefix(repo).expect("inside repo");
        let to = dir.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    std::fs::copy(repo.join("site.toml"), dir.join("site.toml")).expect("copy site.toml");
    dir
}

pub(super) fn officer() -> Visitor {
    Visitor {
        name: "党建办".into(),
        email: "local@dangjian.local".into(),
        branch: None,
        csrf: "token".into(),
        local: true,
    }
}

fn app(root: &Path, who: Visitor) -> Router {
    let wb = Arc::new(Workbench {
        root: root.to_path_buf(),
        as_of: None,
        after_save: Box::new(|_| {}),
    });
    pages(wb).layer(axum::Extension(who))
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("answer");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .expect("body");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn every_page_of_the_demo_answers() {
    let root = demo_copy("pages");
    let app = app(&root, officer());
    let dump = std::env::var_os("DANGJIAN_WORKBENCH_DUMP").map(PathBuf::from);
    let mut uris: Vec<String> = vec![
        "/".into(),
        "/todo/neike-yi".into(),
        "/new/activity?branch=neike-yi&kind=%E4%B8%BB%E9%A2%98%E5%85%9A%E6%97%A5".into(),
        "/new/notice".into(),
        "/new/branch".into(),
        "/new/brand".into(),
        "/new/annual".into(),
    ];
    for kind in super::schema::RecordKind::ALL {
        uris.push(format!("/list/{}", kind.id()));
    }
    for rel in [
        "content/branches/neike-yi.toml",
        "content/annual/2025.toml",
        "content/annual/2025.md",
        "content/notices/2025/1.md",
        "content/checklists/sanqiang-sanyou.toml",
        "content/brands/bencao-jiangxin.md",
        "content/members/m0001.toml",
    ] {
        uris.push(format!(
            "/edit?path={}",
            super::html::form::url_component(rel)
        ));
    }
    let activity = std::fs::read_dir(root.join("content/activities/2025"))
        .expect("demo activities")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.contains("neike-yi"))
        .expect("an activity of neike-yi");
    uris.push(format!(
        "/edit?path={}",
        super::html::form::url_component(&format!("content/activities/2025/{activity}"))
    ));
    for (i, uri) in uris.iter().enumerate() {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert!(body.starts_with("<!DOCTYPE html>"), "{uri}");
        if let Some(d) = &dump {
            std::fs::create_dir_all(d).expect("dump dir");
            std::fs::write(d.join(format!("{i:02}.html")), &body).expect("dump");
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_path_outside_the_records_is_refused() {
    let root = demo_copy("outside");
    let app = app(&root, officer());
    for rel in [
        "site.toml",
        "content/activities/../../site.toml",
        "/etc/passwd",
    ] {
        let uri = format!("/edit?path={}", super::html::form::url_component(rel));
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{rel}");
        assert!(body.contains("不是一条记录"), "{rel}: {body}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

async fn post(app: &Router, uri: &str, pairs: &[(String, String)]) -> (StatusCode, String, String) {
    let body = serde_urlencoded_pairs(pairs);
    let res = app
        .clone()
        .oneshot(
            Request::post(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await
        .expect("answer");
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .expect("body");
    (
        status,
        location,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn serde_urlencoded_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                super::html::form::url_component(k),
                super::html::form::url_component(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The form of `rel` as the browser would post it unchanged.
fn unchanged_form(root: &Path, rel: &str) -> Vec<(String, String)> {
    let kind = super::schema::RecordKind::of_path(rel).expect("a record");
    let text = std::fs::read_to_string(root.join(rel)).expect("record");
    let doc = super::document::Document::parse(rel, &text).expect("parses");
    let mut pairs = super::values::read(kind, &doc).pairs();
    pairs.push(("_kind".into(), kind.id().into()));
    pairs.push(("_path".into(), rel.into()));
    pairs.push((
        "_version".into(),
        super::save::version_of(root, rel).as_str().to_owned(),
    ));
    pairs
}

fn first_activity(root: &Path, branch: &str) -> String {
    let name = std::fs::read_dir(root.join("content/activities/2025"))
        .expect("demo activities")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(branch))
        .min()
        .expect("an activity");
    format!("content/activities/2025/{name}")
}

#[tokio::test]
async fn a_form_saved_unchanged_leaves_every_byte_and_an_edit_changes_one_line() {
    let root = demo_copy("save");
    let app = app(&root, officer());
    for rel in [
        first_activity(&root, "neike-yi"),
        "content/branches/neike-yi.toml".to_owned(),
        "content/notices/2025/1.md".to_owned(),
        "content/notices/han/2026/10.md".to_owned(),
        // [issues] as a table of its own, with a title and a file or with a year alone.
        "content/notices/2025/4.md".to_owned(),
        "content/notices/2025/5.md".to_owned(),
        "content/annual/2025.toml".to_owned(),
        "content/members/m0001.toml".to_owned(),
    ] {
        let before = std::fs::read(root.join(&rel)).expect("record");
        let (status, location, body) = post(&app, "/save", &unchanged_form(&root, &rel)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{rel}: {body}");
        assert!(location.starts_with("/_/edit?path="), "{location}");
        assert_eq!(
            std::fs::read(root.join(&rel)).expect("record"),
            before,
            "{rel}"
        );
    }
    let rel = first_activity(&root, "neike-yi");
    let before = std::fs::read_to_string(root.join(&rel)).expect("record");
    let mut form = unchanged_form(&root, &rel);
    for (k, v) in &mut form {
        if k == "place" {
            *v = "新的会议室".into();
        }
    }
    let (status, _, body) = post(&app, "/save", &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let after = std::fs::read_to_string(root.join(&rel)).expect("record");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].1, "place = \"新的会议室\"");
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn the_issued_document_is_set_in_the_notice_form() {
    let root = demo_copy("issues");
    let app = app(&root, officer());
    // A notice without [issues] gets one from the form's fields.
    let rel = "content/notices/2025/3.md";
    let mut form = unchanged_form(&root, rel);
    form.retain(|(k, _)| !k.starts_with("issues."));
    form.push(("issues.title".into(), "2026年党建工作要点".into()));
    form.push((
        "issues.file".into(),
        "attachments/2025/2026-dangjian-yaodian.md".into(),
    ));
    let (status, _, body) = post(&app, "/save", &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let after = std::fs::read_to_string(root.join(rel)).expect("record");
    let doc = super::document::Document::parse(rel, &after).expect("parses");
    let values = super::values::read(super::schema::RecordKind::Notice, &doc);
    assert_eq!(values.get("issues.title"), "2026年党建工作要点", "{after}");
    assert_eq!(
        values.get("issues.file"),
        "attachments/2025/2026-dangjian-yaodian.md",
        "{after}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn documents_have_the_new_part_button_and_activities_do_not() {
    let root = demo_copy("parts");
    let app = app(&root, officer());
    let button = ">另起一部分</button>";
    let (status, notice) = get(&app, "/edit?path=content/notices/2025/4.md").await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    assert!(notice.contains(button), "{notice}");
    assert!(
        notice.contains("data-insert=\"&#10;&#10;---&#10;\""),
        "{notice}"
    );
    let field = notice
        .find("name=\"issues.annual\"")
        .map(|i| &notice[i..notice[i..].find('>').map_or(notice.len(), |e| i + e)])
        .unwrap_or_else(|| panic!("no issues.annual field: {notice}"));
    assert!(field.contains("2025"), "{field}");
    let (_, narrative) = get(&app, "/edit?path=content/annual/2025.md").await;
    assert!(narrative.contains(button), "{narrative}");
    let rel = first_activity(&root, "neike-yi");
    let (status, activity) = get(&app, &format!("/edit?path={rel}")).await;
    assert_eq!(status, StatusCode::OK, "{activity}");
    assert!(!activity.contains(button), "{activity}");
}

#[tokio::test]
async fn a_refused_save_shows_checks_message_and_keeps_the_typing() {
    let root = demo_copy("refused");
    let app = app(&root, officer());
    let rel = first_activity(&root, "neike-yi");
    let before = std::fs::read(root.join(&rel)).expect("record");
    let mut form = unchanged_form(&root, &rel);
    for (k, v) in &mut form {
        match k.as_str() {
            "present" => *v = "999".into(),
            "title" => *v = "<script>alert(1)</script>我打的标题".into(),
            _ => {}
        }
    }
    let (status, _, body) = post(&app, "/save", &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("没有保存。"), "{body}");
    assert!(
        body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;我打的标题\""),
        "{body}"
    );
    assert!(
        !body.contains("<script>alert"),
        "record text reached the page as markup"
    );
    assert!(
        body.contains("class=\"field has-error\""),
        "no field marked"
    );
    assert_eq!(std::fs::read(root.join(&rel)).expect("record"), before);
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_branch_account_is_refused_another_branchs_record() {
    let root = demo_copy("rights");
    let mut who = officer();
    who.branch = Some("waike".into());
    let app = app(&root, who);
    let rel = first_activity(&root, "neike-yi");
    let before = std::fs::read(root.join(&rel)).expect("record");
    let (status, _, body) = post(&app, "/save", &unchanged_form(&root, &rel)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("无权修改"));
    assert_eq!(std::fs::read(root.join(&rel)).expect("record"), before);
    let (status, _, _) = post(
        &app,
        "/save",
        &unchanged_form(&root, "content/notices/2025/1.md"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let _ = std::fs::remove_dir_all(&root);
}

/// A multipart body with one file part.
fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----dangjian-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(app: &Router, query: &str, name: &str, bytes: &[u8]) -> (StatusCode, String) {
    let (kind, body) = multipart(name, bytes);
    let res = app
        .clone()
        .oneshot(
            Request::post(format!("/upload?{query}"))
                .header("content-type", kind)
                .body(Body::from(body))
                .expect("request"),
        )
        .await
        .expect("answer");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .expect("body");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn attachments_of(root: &Path, year: &str) -> Vec<String> {
    std::fs::read_dir(root.join("content/attachments").join(year))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn uploads_are_confined_typed_and_bounded() {
    let root = demo_copy("upload");
    let app = app(&root, officer());
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let before = attachments_of(&root, "2025");

    let (status, body) = upload(&app, "year=2025&branch=neike-yi", "../../x.png", png).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, r#"{"error":"文件名不能包含路径（/、\\ 或 ..）"}"#);

    let (status, body) = upload(
        &app,
        "year=2025&branch=neike-yi",
        "x.png",
        b"<svg onload=alert(1)>",
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        body,
        r#"{"error":"只能上传 JPEG、PNG 照片或 PDF 文件（签到表可拍照或扫描成 PDF）"}"#
    );

    let mut huge = png.to_vec();
    huge.resize(super::uploads::MAX_UPLOAD + 1, 0);
    let (status, body) = upload(&app, "year=2025&branch=neike-yi", "big.png", &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("每个附件不超过 20 MB"), "{body}");
    assert_eq!(
        attachments_of(&root, "2025"),
        before,
        "a refused upload wrote a file"
    );

    let (status, body) = upload(&app, "year=2025&branch=neike-yi", "签到表.png", png).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("json");
    let path = answer["path"].as_str().expect("path");
    assert!(path.starts_with("attachments/2025/neike-yi-"), "{path}");
    assert!(path.ends_with(".png"), "{path}");
    assert_eq!(answer["caption"], "签到表");
    assert_eq!(
        std::fs::read(root.join("content").join(path)).expect("written"),
        png
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_branch_account_uploads_only_for_its_branch() {
    let root = demo_copy("upload-rights");
    let mut who = officer();
    who.branch = Some("waike".into());
    let app = app(&root, who);
    let before = attachments_of(&root, "2025");
    let (status, body) = upload(
        &app,
        "year=2025&branch=neike-yi",
        "x.png",
        b"\x89PNG\r\n\x1a\n",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body, r#"{"error":"您的账户只能为本支部的活动上传附件"}"#);
    assert_eq!(attachments_of(&root, "2025"), before);
    let _ = std::fs::remove_dir_all(&root);
}

fn git(root: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn history_restores_an_earlier_version_and_delete_is_a_commit() {
    let root = demo_copy("history");
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(
        &root,
        &[
            "-c",
            "user.name=初始",
            "-c",
            "user.email=a@b",
            "commit",
            "-q",
            "-m",
            "初始",
        ],
    );
    let app = app(&root, officer());
    let rel = first_activity(&root, "neike-yi");
    let original = std::fs::read_to_string(root.join(&rel)).expect("record");
    let mut form = unchanged_form(&root, &rel);
    for (k, v) in &mut form {
        if k == "place" {
            *v = "改过的地点".into();
        }
    }
    let (status, _, body) = post(&app, "/save", &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let uri = format!("/history?path={}", super::html::form::url_component(&rel));
    let (status, page) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("党建办") && page.contains("修改活动："),
        "{page}"
    );
    let first = git(&root, &["log", "--format=%H", "--reverse", "--", &rel])
        .lines()
        .next()
        .expect("the first commit")
        .to_owned();
    let restore = vec![
        ("_path".to_owned(), rel.clone()),
        ("commit".to_owned(), first),
    ];
    let (status, _, body) = post(&app, "/restore", &restore).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        std::fs::read_to_string(root.join(&rel)).expect("record"),
        original
    );
    let log = git(&root, &["log", "-1", "--format=%an %s"]);
    assert!(log.starts_with("党建办 恢复活动："), "{log}");

    let version = super::save::version_of(&root, &rel).as_str().to_owned();
    let delete = vec![
        ("_path".to_owned(), rel.clone()),
        ("_version".to_owned(), version),
    ];
    let (status, location, body) = post(&app, "/delete", &delete).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location, "/_/list/activity");
    assert!(!root.join(&rel).exists());
    let log = git(&root, &["log", "-1", "--format=%an %s", "--name-status"]);
    assert!(log.starts_with("党建办 删除活动："), "{log}");
    assert!(log.contains(&format!("D\t{rel}")), "{log}");
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_branch_account_sees_only_its_own_members() {
    let root = demo_copy("members");
    let mut who = officer();
    who.branch = Some("waike".into());
    let app = app(&root, who);
    let text = std::fs::read_to_string(root.join("content/members/m0001.toml")).expect("member");
    assert!(
        text.contains("branch = \"fuer\""),
        "the demo's first member moved: {text}"
    );
    let uri = format!(
        "/edit?path={}",
        super::html::form::url_component("content/members/m0001.toml")
    );
    let (status, body) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("党员个人记录只对党建办和本支部开放。"));
    let (status, list) = get(&app, "/list/member?branch=fuer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !list.contains("m0001.toml"),
        "another branch's member is listed"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[tokio::test]
async fn a_new_notice_of_a_series_is_numbered_and_filed_in_its_series() {
    let root = demo_copy("series");
    let app = app(&root, officer());
    let (_, list) = get(&app, "/list/notice").await;
    assert!(
        list.contains("href=\"/_/new/notice?series=han\">新增函（澄中医党函）</a>"),
        "{list}"
    );
    // The demo's 函 of 2026 end at 10号; the main series' 2026 notices at 1号.
    let (status, form) = get(&app, "/new/notice?series=han").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("<input type=\"hidden\" name=\"_series\" value=\"han\">"),
        "{form}"
    );
    assert!(
        form.contains("文号系列：<strong>函（澄中医党函）</strong>"),
        "{form}"
    );
    assert!(form.contains("value=\"11\""), "{form}");
    let (_, main) = get(&app, "/new/notice").await;
    assert!(main.contains("name=\"_series\" value=\"\""), "{main}");
    assert!(
        main.contains("name=\"number\" aria-describedby=\"field-number-hint\" aria-required=\"true\" value=\"2\""),
        "{main}"
    );

    let mut pairs = unchanged_form(&root, "content/notices/han/2026/10.md");
    pairs.retain(|(k, _)| k != "_path" && k != "_version");
    for (k, v) in &mut pairs {
        match k.as_str() {
            "number" => *v = "11".into(),
            "date" => *v = "2026-11-20".into(),
            _ => {}
        }
    }
    pairs.push(("_series".into(), "han".into()));
    let (status, location, body) = post(&app, "/save", &pairs).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        location, "/_/edit?path=content%2Fnotices%2Fhan%2F2026%2F11%2Emd&saved=1",
        "{body}"
    );
    let text = std::fs::read_to_string(root.join("content/notices/han/2026/11.md")).expect("saved");
    assert!(text.starts_with("+++\nnumber = 11\n"), "{text}");
    let _ = std::fs::remove_dir_all(&root);
}
