//! Who is editing: sessions, CSRF and sign-in for the workbench under `/_/`.
//!
//! On loopback there is no sign-in: the officer at the machine is 管理员, and still gets a
//! session, because its CSRF token is what keeps another website open in the same browser from
//! posting the workbench's forms. Off loopback every person signs in with an account of
//! `.dangjian/users.toml`.
//!
//! Public (re-exported by `lib.rs`) only so that `tests/auth_http.rs` can drive the router.

mod csrf;
mod limiter;
mod login;
mod session;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::body::Body;
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};

use super::accounts::{User, Users};
use crate::diagnostics::{Code, Diagnostic};
use session::{Session, Sessions};

pub use super::accounts::Role;
pub use login::login_page;

/// The session cookie.
pub const COOKIE: &str = "dangjian_session";
/// The form field and the header that carry the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A form posted without the CSRF token header may be this large (the body is read to find the
/// field); uploads are multipart and carry the header.
const FORM_LIMIT: usize = 4 * 1024 * 1024;

/// The time, injectable so that tests can pass fifteen minutes in none.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to.
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock(Mutex::new(start))
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The person behind a request, put into the request's extensions by [`require_person`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub login: String,
    /// 中文姓名, the git author's name.
    pub name: String,
    /// The git author's e-mail.
    pub email: String,
    pub role: Role,
    csrf: String,
}

impl Person {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn may_edit_branch(&self, branch_id: &str) -> bool {
        match &self.role {
            Role::Admin => true,
            Role::Branch(b) => b == branch_id,
        }
    }

    /// The value every form of this person's pages posts as `_csrf` (or sends as
    /// `X-CSRF-Token`).
    pub fn csrf_token(&self) -> &str {
        &self.csrf
    }
}

/// The CSRF token of the request's person, for rendering forms.
pub fn csrf_token(req: &Request) -> Option<&str> {
    req.extensions().get::<Person>().map(Person::csrf_token)
}

/// The login of the officer at the machine, in loopback mode.
const LOCAL_LOGIN: &str = "local";

enum Mode {
    Local { name: String, email: String },
    Accounts { root: PathBuf, users: Mutex<Loaded> },
}

/// The users file as last read, and how it looked then, so that it is read again only when it
/// changes.
struct Loaded {
    stamp: Option<(SystemTime, u64, u64)>,
    users: Arc<Users>,
}

/// The workbench's shared sign-in state.
pub struct Auth {
    mode: Mode,
    sessions: Sessions,
    limiter: limiter::Limiter,
    clock: Arc<dyn Clock>,
    /// Password checks under way: each takes 19 MiB and a core for tens of milliseconds, so a
    /// flood of logins waits here instead of exhausting the machine; and the limiter's count is
    /// read after the wait, so that parallel guesses cannot all pass it before any is counted.
    verifying: tokio::sync::Semaphore,
    /// Served over TLS: the cookie is `Secure`.
    tls: bool,
}

impl Auth {
    /// Loopback: no sign-in; the person is the site's git user (`git config user.name`), else
    /// 党建办, as 管理员.
    pub fn local(root: &Path, tls: bool) -> Auth {
        let git = |key: &str| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(root)
                .args(["config", key])
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let name = git("user.name").unwrap_or_else(|| "党建办".to_owned());
        let email = git("user.email").unwrap_or_else(|| format!("{LOCAL_LOGIN}@dangjian.local"));
        Auth::new(Mode::Local { name, email }, tls)
    }

    /// Accounts required. Refuses to start without an account that may sign in, or with a
    /// broken users file.
    pub fn accounts(root: &Path, tls: bool) -> Result<Auth, Diagnostic> {
        let users = Users::load(root)?;
        // The stand-in hash for unknown logins is made now, not in the first unknown login's
        // answer, which would be slower than the others.
        super::accounts::verify_unknown("");
        if !users.has_enabled() {
            return Err(Diagnostic::general(
                Code::Usage,
                "还没有可以登录的账户，其他电脑无法使用工作台",
            )
            .with_hint(
                "先建立一个管理员账户：dangjian user add 登录名 --name 姓名 --role 管理员",
            ));
        }
        let loaded = Loaded {
            stamp: stamp(&crate::layout::users_file(root)),
            users: Arc::new(users),
        };
        let mode = Mode::Accounts {
            root: root.to_path_buf(),
            users: Mutex::new(loaded),
        };
        Ok(Auth::new(mode, tls))
    }

    fn new(mode: Mode, tls: bool) -> Auth {
        Auth {
            mode,
            sessions: Sessions::default(),
            limiter: limiter::Limiter::default(),
            clock: Arc::new(SystemClock),
            verifying: tokio::sync::Semaphore::new(2),
            tls,
        }
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Auth {
        self.clock = clock;
        self
    }

    /// Whether people sign in (off loopback).
    pub fn requires_sign_in(&self) -> bool {
        matches!(self.mode, Mode::Accounts { .. })
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The accounts as the file holds them now. A file broken since the start signs nobody
    /// in (its diagnostic goes to the server's terminal): an account removed by hand must not
    /// live on because the removal left a typo.
    fn users(&self) -> Arc<Users> {
        let Mode::Accounts { root, users } = &self.mode else {
            return Arc::new(Users::default());
        };
        let mut loaded = users.lock().unwrap_or_else(|e| e.into_inner());
        let now = stamp(&crate::layout::users_file(root));
        if now != loaded.stamp {
            loaded.stamp = now;
            loaded.users = Arc::new(Users::load(root).unwrap_or_else(|d| {
                eprintln!("{d}");
                Users::default()
            }));
        }
        Arc::clone(&loaded.users)
    }

    /// The person of a live session: in accounts mode the account must still exist, be
    /// enabled and have the password it had at sign-in.
    fn person_of(&self, session: &Session) -> Option<Person> {
        let login = session.login.as_deref()?;
        match &self.mode {
            Mode::Local { name, email } => Some(Person {
                login: LOCAL_LOGIN.to_owned(),
                name: name.clone(),
                email: email.clone(),
                role: Role::Admin,
                csrf: session.csrf.clone(),
            }),
            Mode::Accounts { .. } => {
                let users = self.users();
                let user = users.get(login)?;
                (!user.disabled && user.hash == session.hash)
                    .then(|| person_from(user, &session.csrf))
            }
        }
    }

    /// The `Set-Cookie` value for a session token.
    fn cookie(&self, token: &str) -> HeaderValue {
        let secure = if self.tls { "; Secure" } else { "" };
        let value = format!("{COOKIE}={token}; Path=/_/; HttpOnly; SameSite=Strict{secure}");
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    fn expired_cookie(&self) -> HeaderValue {
        let secure = if self.tls { "; Secure" } else { "" };
        let value = format!("{COOKIE}=; Path=/_/; HttpOnly; SameSite=Strict; Max-Age=0{secure}");
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
    }
}

fn person_from(user: &User, csrf: &str) -> Person {
    Person {
        login: user.login.clone(),
        name: user.name.clone(),
        email: user.email(),
        role: user.role.clone(),
        csrf: csrf.to_owned(),
    }
}

/// What tells that the users file changed: `dangjian user` replaces it by a rename (a new
/// inode), an editor may rewrite it in place (a new time and mostly a new length).
fn stamp(path: &Path) -> Option<(SystemTime, u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.modified().ok()?, meta.len(), inode))
}

/// The session token the request's cookie carries.
fn cookie_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// `/_/login` and `/_/logout`, relative to the `/_` mount.
pub fn routes(auth: Arc<Auth>) -> Router {
    Router::new()
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", post(login::logout))
        .with_state(auth)
}

fn is_safe(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// Puts the [`Person`] into the request's extensions, or answers instead: signed out, a `GET`
/// goes to the login page and anything else is 401; a request that changes something without
/// its session's CSRF token is 403.
pub async fn require_person(State(auth): State<Arc<Auth>>, req: Request, next: Next) -> Response {
    let now = auth.now();
    let session =
        cookie_token(req.headers()).and_then(|t| auth.sessions.touch(&t, now).map(|s| (t, s)));
    let person = session.as_ref().and_then(|(_, s)| auth.person_of(s));
    let Some(person) = person else {
        return signed_out(&auth, req, next, now).await;
    };
    let mut req = if is_safe(req.method()) {
        req
    } else {
        match with_csrf_checked(req, person.csrf_token()).await {
            Ok(req) => req,
            Err(response) => return response,
        }
    };
    req.extensions_mut().insert(person);
    next.run(req).await
}

async fn signed_out(auth: &Auth, mut req: Request, next: Next, now: DateTime<Utc>) -> Response {
    let safe = is_safe(req.method());
    match &auth.mode {
        // The officer at the machine gets a session on the first page; a post without one
        // cannot carry its token, so it is refused like any forged post.
        Mode::Local { .. } if safe => {
            let token = auth
                .sessions
                .create(Some(LOCAL_LOGIN.to_owned()), String::new(), now);
            let person = auth
                .sessions
                .touch(&token, now)
                .and_then(|s| auth.person_of(&s));
            let Some(person) = person else {
                return login::forbidden();
            };
            req.extensions_mut().insert(person);
            let mut response = next.run(req).await;
            response
                .headers_mut()
                .append(header::SET_COOKIE, auth.cookie(&token));
            response
        }
        Mode::Local { .. } => login::forbidden(),
        Mode::Accounts { .. } if safe => {
            let uri = req
                .extensions()
                .get::<OriginalUri>()
                .map_or_else(|| req.uri().clone(), |o| o.0.clone());
            let here = uri.path_and_query().map_or("/_/", |pq| pq.as_str());
            login::to_login(here)
        }
        Mode::Accounts { .. } => login::unauthorized(),
    }
}

/// The request again, if it carries `token` as the `X-CSRF-Token` header or, in a form body,
/// as the `_csrf` field.
async fn with_csrf_checked(req: Request, token: &str) -> Result<Request, Response> {
    if let Some(sent) = req.headers().get(CSRF_HEADER) {
        let ok = sent.to_str().is_ok_and(|s| csrf::same_token(s, token));
        return if ok { Ok(req) } else { Err(login::forbidden()) };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(login::forbidden());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| login::too_large())?;
    match csrf::form_field(&bytes, CSRF_FIELD) {
        Some(sent) if csrf::same_token(&sent, token) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(login::forbidden()),
    }
}

/// A Chinese page with a status.
fn page(status: StatusCode, html: String) -> Response {
    let mut response = (status, axum::response::Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // No other site may show these pages in a frame and have the officer click through them.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    response
}
