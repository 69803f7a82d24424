//! The workbench's sign-in over HTTP: the login routes and the `require_person` middleware
//! around dummy pages, driven in memory with `oneshot` (no socket, no server).

mod support;

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Extension, Path};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::middleware;
use axum::routing::{get, post};
use chrono::{DateTime, Duration, Utc};
use dangjian::auth::{self, Auth, ManualClock, Person};
use tower::ServiceExt;

use support::{BIN, TestSite};

const PASSWORD: &str = "correct horse battery";

fn add_user(site: &TestSite, args: &[&str]) {
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .args(["user", "add"])
        .args(args)
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dangjian");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(PASSWORD.as_bytes())
            .expect("write password");
    }
    let out = child.wait_with_output().expect("wait for dangjian");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A site with an admin `wang` and a 支部 account `zhao` of branch alpha.
fn site() -> TestSite {
    let site = TestSite::minimal();
    add_user(&site, &["wang", "--name", "王芳", "--role", "管理员"]);
    add_user(
        &site,
        &[
            "zhao", "--name", "赵六", "--role", "支部", "--branch", "alpha",
        ],
    );
    site
}

/// A whole minute, so that lock times are shown without rounding.
fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_020, 0).unwrap_or_default()
}

/// The routes and the middleware around two dummy pages, mounted at `/_` as the server does.
fn app(auth: Arc<Auth>) -> Router {
    let pages = Router::new()
        .route(
            "/home",
            get(|Extension(p): Extension<Person>| async move {
                format!("{}|{}|{}|{}", p.login, p.name, p.email, p.csrf_token())
            }),
        )
        .route(
            "/edit/{branch}",
            post(
                |Extension(p): Extension<Person>, Path(branch): Path<String>, body: String| async move {
                    format!("{}|{}|{body}", p.may_edit_branch(&branch), p.is_admin())
                },
            ),
        )
        .layer(middleware::from_fn_with_state(
            auth.clone(),
            auth::require_person,
        ));
    Router::new().nest("/_", auth::routes(auth).merge(pages))
}

struct Client {
    app: Router,
    cookie: Option<String>,
    ip: SocketAddr,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the hidden `_csrf` field of a form page.
    fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"_csrf\" value=\"")
            .unwrap_or_else(|| panic!("no CSRF field in {}", self.body));
        self.body[at + 20..at + 84].to_owned()
    }
}

impl Client {
    fn new(auth: Arc<Auth>) -> Client {
        Client {
            app: app(auth),
            cookie: None,
            ip: SocketAddr::from(([10, 0, 0, 7], 50000)),
        }
    }

    async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Reply {
        let mut req = req;
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, format!("dangjian_session={c}"));
        }
        let mut req = req.body(body).expect("request");
        req.extensions_mut().insert(ConnectInfo(self.ip));
        let response = self.app.clone().oneshot(req).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap_or("");
            if let Some(rest) = value.strip_prefix("dangjian_session=") {
                let token = rest.split(';').next().unwrap_or("");
                self.cookie = (!token.is_empty()).then(|| token.to_owned());
            }
        }
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&mut self, uri: &str) -> Reply {
        self.send(Request::get(uri), Body::empty()).await
    }

    async fn post_form(&mut self, uri: &str, form: &str) -> Reply {
        let req =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(req, Body::from(form.to_owned())).await
    }

    async fn login(&mut self, login: &str, password: &str) -> Reply {
        let page = self.get("/_/login?next=%2F_%2Fhome").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let csrf = page.csrf();
        let form = format!(
            "login={login}&password={}&_csrf={csrf}&next=%2F_%2Fhome",
            password.replace(' ', "+")
        );
        self.post_form("/_/login", &form).await
    }
}

fn accounts(site: &TestSite) -> (Arc<Auth>, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(t0()));
    let auth = Auth::accounts(&site.root, false)
        .unwrap_or_else(|d| panic!("{d}"))
        .with_clock(clock.clone());
    (Arc::new(auth), clock)
}

fn locked_until(until: DateTime<Utc>) -> String {
    until
        .with_timezone(&chrono::Local)
        .format("%H:%M")
        .to_string()
}

#[tokio::test]
async fn signed_out_get_goes_to_the_login_page_and_post_is_401() {
    let site = site();
    let (auth, _) = accounts(&site);
    let mut c = Client::new(auth);
    let r = c.get("/_/home?year=2025").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/_/login?next=%2F%5F%2Fhome%3Fyear%3D2025");
    let r = c.post_form("/_/edit/alpha", "x=1").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("<h1>请先登录</h1>"), "{}", r.body);
}

#[tokio::test]
async fn sign_in_then_csrf_guards_every_post() {
    let site = site();
    let (auth, _) = accounts(&site);
    let mut c = Client::new(auth);
    let page = c.get("/_/login").await;
    let anonymous = c.cookie.clone();
    assert!(page.body.contains("autocomplete=\"current-password\""));
    let form = format!(
        "login=wang&password=correct+horse+battery&_csrf={}&next=%2F_%2Fhome",
        page.csrf()
    );
    let r = c.post_form("/_/login", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/_/home");
    let set = r
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        set.ends_with("; Path=/_/; HttpOnly; SameSite=Strict"),
        "{set}"
    );
    assert_ne!(c.cookie, anonymous, "the session token is new at sign-in");

    let home = c.get("/_/home").await;
    assert_eq!(home.status, StatusCode::OK);
    let parts: Vec<&str> = home.body.split('|').collect();
    assert_eq!(parts[..3], ["wang", "王芳", "wang@dangjian.local"]);
    let csrf = parts[3].to_owned();

    let r = c.post_form("/_/edit/alpha", "title=x").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("<h1>无法核实这次提交</h1>"), "{}", r.body);
    let r = c.post_form("/_/edit/alpha", "title=x&_csrf=0000").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .post_form("/_/edit/alpha", &format!("title=x&_csrf={csrf}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The handler still reads the whole body the middleware looked into.
    assert_eq!(r.body, format!("true|true|title=x&_csrf={csrf}"));
    let req = Request::post("/_/edit/alpha")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .header("X-CSRF-Token", &csrf);
    let r = c.send(req, Body::from("--x--")).await;
    assert_eq!(r.status, StatusCode::OK);
    let req = Request::post("/_/edit/alpha")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x");
    let r = c.send(req, Body::from("--x--")).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "multipart needs the header"
    );

    let signed_in = c.cookie.clone();
    let r = c.post_form("/_/logout", "_csrf=0000").await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "logout is a post like any other"
    );
    let r = c.post_form("/_/logout", &format!("_csrf={csrf}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/_/login");
    assert_eq!(c.cookie, None, "the cookie is cleared");
    // The old token is dead on the server too.
    c.cookie = signed_in;
    let r = c.get("/_/home").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_without_its_page_is_refused() {
    let site = site();
    let (auth, _) = accounts(&site);
    let mut c = Client::new(auth);
    let r = c
        .post_form(
            "/_/login",
            "login=wang&password=correct+horse+battery&_csrf=x",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("登录页面已过期，请重新登录"), "{}", r.body);
    assert!(c.cookie.is_some(), "a fresh form comes with a session");
}

#[tokio::test]
async fn wrong_and_unknown_logins_read_the_same() {
    let site = site();
    let (auth, _) = accounts(&site);
    let mut c = Client::new(auth);
    let wrong = c.login("wang", "not the password").await;
    let unknown = c.login("nobody", "not the password").await;
    for r in [&wrong, &unknown] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(
            r.body.contains("登录名或密码不对，请重新输入"),
            "{}",
            r.body
        );
    }
    let r = c.get("/_/home").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn ten_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let site = site();
    let (auth, clock) = accounts(&site);
    let mut c = Client::new(auth);
    for _ in 0..9 {
        let r = c.login("wang", "not the password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let message = format!(
        "密码连续输错 10 次，这个账户已锁定，请在 {} 之后再试",
        locked_until(t0() + Duration::minutes(15))
    );
    let r = c.login("wang", "not the password").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains(&message), "{}", r.body);
    // Locked: the right password does not help, another account is not locked.
    let r = c.login("wang", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains(&message), "{}", r.body);
    let mut other = Client::new_like(&c);
    let r = other.login("zhao", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    clock.advance(Duration::minutes(15));
    let r = c.login("wang", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn thirty_failures_block_the_address() {
    let site = site();
    let (auth, _) = accounts(&site);
    let mut c = Client::new(auth);
    for i in 0..29 {
        let r = c.login(&format!("guess{i}"), "not the password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{i}");
    }
    let message = format!(
        "这台电脑登录失败的次数太多，请在 {} 之后再试",
        locked_until(t0() + Duration::minutes(15))
    );
    let r = c.login("guess29", "not the password").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains(&message), "{}", r.body);
    let r = c.login("wang", PASSWORD).await;
    assert!(r.body.contains(&message), "{}", r.body);
    let mut elsewhere = Client::new_like(&c);
    elsewhere.ip = SocketAddr::from(([10, 0, 0, 8], 50000));
    let r = elsewhere.login("wang", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn a_branch_person_edits_only_their_branch() {
    let site = site();
    let (auth, _) = accounts(&site);
    let mut c = Client::new(auth);
    // As a phone's keyboard types it.
    let r = c.login("Zhao", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = c.get("/_/home").await;
    let csrf = home.body.rsplit('|').next().unwrap_or("").to_owned();
    let r = c.post_form("/_/edit/alpha", &format!("_csrf={csrf}")).await;
    assert!(r.body.starts_with("true|false|"), "{}", r.body);
    let r = c.post_form("/_/edit/beta", &format!("_csrf={csrf}")).await;
    assert!(r.body.starts_with("false|false|"), "{}", r.body);
}

#[tokio::test]
async fn sessions_end_after_eight_idle_hours() {
    let site = site();
    let (auth, clock) = accounts(&site);
    let mut c = Client::new(auth);
    c.login("wang", PASSWORD).await;
    clock.advance(Duration::hours(7));
    assert_eq!(c.get("/_/home").await.status, StatusCode::OK);
    clock.advance(Duration::hours(7));
    assert_eq!(c.get("/_/home").await.status, StatusCode::OK);
    clock.advance(Duration::hours(8));
    assert_eq!(c.get("/_/home").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_new_password_or_a_disabled_account_ends_the_session() {
    let site = site();
    let (auth, _) = accounts(&site);
    let mut c = Client::new(auth.clone());
    c.login("wang", PASSWORD).await;
    let mut z = Client::new(auth);
    z.login("zhao", PASSWORD).await;
    assert_eq!(c.get("/_/home").await.status, StatusCode::OK);
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .args(["user", "passwd", "wang", "--password-stdin"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("run dangjian");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(b"a brand new password").expect("write");
    }
    assert!(child.wait().expect("wait").success());
    assert_eq!(c.get("/_/home").await.status, StatusCode::SEE_OTHER);

    assert_eq!(z.get("/_/home").await.status, StatusCode::OK);
    let text = site.read(".dangjian/users.toml");
    site.write(
        ".dangjian/users.toml",
        &text.replace(
            "branch = \"alpha\"\n",
            "branch = \"alpha\"\ndisabled = true\n",
        ),
    );
    assert_eq!(z.get("/_/home").await.status, StatusCode::SEE_OTHER);
    let r = z.login("zhao", PASSWORD).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("这个账户已停用，请与管理员联系"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn no_account_no_accounts_mode() {
    let site = TestSite::minimal();
    let e = Auth::accounts(&site.root, false).err().map(|d| d.message);
    assert_eq!(
        e.as_deref(),
        Some("还没有可以登录的账户，其他电脑无法使用工作台")
    );
}

#[tokio::test]
async fn loopback_needs_no_sign_in_but_still_csrf() {
    let site = TestSite::minimal();
    let auth = Arc::new(Auth::local(&site.root, true));
    let mut c = Client::new(auth);
    let r = c.get("/_/home").await;
    assert_eq!(r.status, StatusCode::OK);
    let set = r
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        set.ends_with("; Path=/_/; HttpOnly; SameSite=Strict; Secure"),
        "{set}"
    );
    let parts: Vec<&str> = r.body.split('|').collect();
    assert_eq!(parts[0], "local");
    let csrf = parts[3].to_owned();
    let r = c.post_form("/_/edit/beta", "x=1").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c.post_form("/_/edit/beta", &format!("_csrf={csrf}")).await;
    assert!(r.body.starts_with("true|true|"), "{}", r.body);
    // Another site's form, posted without the cookie (SameSite), has no session.
    let mut stranger = Client::new_like(&c);
    let r = stranger
        .post_form("/_/edit/beta", &format!("_csrf={csrf}"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c.get("/_/login").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

impl Client {
    /// A second browser on the same server.
    fn new_like(other: &Client) -> Client {
        Client {
            app: other.app.clone(),
            cookie: None,
            ip: other.ip,
        }
    }
}
