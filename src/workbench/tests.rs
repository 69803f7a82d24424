//! The workbench's routes on a copy of the demo site, driven without a socket: every page
//! answers, record text is escaped, and a save goes through to the file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use super::visitor::Visitor;
use super::{Workbench, router};

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
        login: "local".into(),
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
        after_save: Box::new(|| {}),
    });
    router(wb).layer(axum::Extension(who))
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
