//! `/_/login`, `/_/logout` and the pages that refuse a request.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Timelike, Utc};

use super::limiter::Blocked;
use super::{Auth, CSRF_FIELD, CSRF_HEADER, FORM_LIMIT, Mode, cookie_token, csrf, page};
use crate::workbench::accounts::{self, Users};

pub(crate) const WRONG: &str = "登录名或密码不对，请重新输入";
pub(crate) const EXPIRED: &str = "登录页面已过期，请重新登录";
pub(crate) const DISABLED: &str = "这个账户已停用，请与管理员联系";
pub(crate) const EMPTY: &str = "请填写登录名和密码";
pub(crate) const BUSY: &str = "服务器正忙，请稍后再试";

/// Where a person goes after signing in: a workbench page of this site, never another site
/// (`next=//evil.example` or `/\evil.example` would leave it).
fn safe_next(next: &str) -> &str {
    let ok = next.starts_with("/_/")
        && next.bytes().all(|b| b.is_ascii_graphic())
        && !next.contains('\\');
    if ok { next } else { "/_/" }
}

fn see_other(location: &str) -> Response {
    let mut response = page(StatusCode::SEE_OTHER, String::new());
    let value = HeaderValue::from_str(location).unwrap_or_else(|_| HeaderValue::from_static("/_/"));
    response.headers_mut().insert(header::LOCATION, value);
    response
}

/// The login page, remembering the page that was asked for.
pub(super) fn to_login(here: &str) -> Response {
    let next = percent_encoding::utf8_percent_encode(here, percent_encoding::NON_ALPHANUMERIC);
    see_other(&format!("/_/login?next={next}"))
}

pub(super) async fn show(
    State(auth): State<Arc<Auth>>,
    RawQuery(query): RawQuery,
    req: Request,
) -> Response {
    let query = query.unwrap_or_default();
    let next = csrf::form_field(query.as_bytes(), "next").unwrap_or_default();
    let next = safe_next(&next).to_owned();
    if matches!(auth.mode, Mode::Local { .. }) {
        return see_other(&next);
    }
    let now = auth.now();
    let session =
        cookie_token(req.headers()).and_then(|t| auth.sessions.touch(&t, now).map(|s| (t, s)));
    if let Some((_, s)) = &session
        && auth.person_of(s).is_some()
    {
        return see_other(&next);
    }
    match session {
        Some((_, s)) if s.login.is_none() => {
            form(&auth, StatusCode::OK, None, &next, &s.csrf, None)
        }
        _ => fresh_form(&auth, StatusCode::OK, None, &next),
    }
}

/// The login form with a new anonymous session (and its cookie).
fn fresh_form(auth: &Auth, status: StatusCode, error: Option<&str>, next: &str) -> Response {
    let now = auth.now();
    let token = auth.sessions.create(None, String::new(), now);
    let csrf = auth
        .sessions
        .touch(&token, now)
        .map(|s| s.csrf)
        .unwrap_or_default();
    form(auth, status, error, next, &csrf, Some(&token))
}

fn form(
    auth: &Auth,
    status: StatusCode,
    error: Option<&str>,
    next: &str,
    csrf: &str,
    new_token: Option<&str>,
) -> Response {
    let mut response = page(status, login_page(error, next, csrf));
    if let Some(token) = new_token {
        response
            .headers_mut()
            .append(header::SET_COOKIE, auth.cookie(token));
    }
    response
}

pub(super) async fn submit(State(auth): State<Arc<Auth>>, req: Request) -> Response {
    if matches!(auth.mode, Mode::Local { .. }) {
        return see_other("/_/");
    }
    let now = auth.now();
    let ip: Option<IpAddr> = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let token = cookie_token(req.headers());
    let Ok(body) = axum::body::to_bytes(req.into_body(), FORM_LIMIT).await else {
        return too_large();
    };
    let field = |name: &str| csrf::form_field(&body, name).unwrap_or_default();
    let (login, password) = (field("login"), field("password"));
    let next = safe_next(&field("next")).to_owned();
    let session = token
        .as_deref()
        .and_then(|t| auth.sessions.touch(t, now).map(|s| (t.to_owned(), s)));
    let Some((token, session)) =
        session.filter(|(_, s)| csrf::same_token(&field(CSRF_FIELD), &s.csrf))
    else {
        return fresh_form(&auth, StatusCode::FORBIDDEN, Some(EXPIRED), &next);
    };
    let again = |status: StatusCode, error: &str| {
        form(&auth, status, Some(error), &next, &session.csrf, None)
    };
    // Logins are lower case; a phone's keyboard capitalises the first letter.
    let login = login.trim().to_lowercase();
    if login.is_empty() || password.is_empty() {
        return again(StatusCode::BAD_REQUEST, EMPTY);
    }
    let Ok(_permit) = auth.verifying.acquire().await else {
        return again(StatusCode::SERVICE_UNAVAILABLE, BUSY);
    };
    let now = auth.now();
    if let Err(blocked) = auth.limiter.check(&login, ip, now) {
        return again(StatusCode::TOO_MANY_REQUESTS, &blocked_message(blocked));
    }
    let users: Arc<Users> = auth.users();
    let user = users.get(&login).cloned();
    let hash = user.as_ref().map(|u| u.hash.clone());
    // argon2 takes tens of milliseconds of CPU: off the threads that serve the other requests.
    let verified = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => accounts::verify_password(&hash, &password),
        None => {
            accounts::verify_unknown(&password);
            false
        }
    })
    .await
    .unwrap_or(false);
    let Some(user) = user.filter(|_| verified) else {
        return match auth.limiter.failure(&login, ip, now) {
            Some(blocked) => again(StatusCode::TOO_MANY_REQUESTS, &blocked_message(blocked)),
            None => again(StatusCode::UNAUTHORIZED, WRONG),
        };
    };
    if user.disabled {
        return again(StatusCode::FORBIDDEN, DISABLED);
    }
    auth.limiter.success(&login);
    // A new token at sign-in: a token planted in the browser before cannot become signed in.
    auth.sessions.remove(&token);
    let signed = auth
        .sessions
        .create(Some(user.login.clone()), user.hash.clone(), now);
    let mut response = see_other(&next);
    response
        .headers_mut()
        .append(header::SET_COOKIE, auth.cookie(&signed));
    response
}

pub(super) async fn logout(State(auth): State<Arc<Auth>>, req: Request) -> Response {
    let now = auth.now();
    let token = cookie_token(req.headers());
    let header_token = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Ok(body) = axum::body::to_bytes(req.into_body(), FORM_LIMIT).await else {
        return too_large();
    };
    let sent = header_token
        .or_else(|| csrf::form_field(&body, CSRF_FIELD))
        .unwrap_or_default();
    let Some(token) = token else {
        return forbidden();
    };
    match auth.sessions.touch(&token, now) {
        Some(s) if csrf::same_token(&sent, &s.csrf) => {
            auth.sessions.remove(&token);
            let to = if auth.requires_sign_in() {
                "/_/login"
            } else {
                "/_/"
            };
            let mut response = see_other(to);
            response
                .headers_mut()
                .append(header::SET_COOKIE, auth.expired_cookie());
            response
        }
        _ => forbidden(),
    }
}

/// "Locked until 10:43": the minute after the lock ends, in the server's local time, so that
/// trying at the time shown always works.
pub(crate) fn blocked_message(blocked: Blocked) -> String {
    let shown = |until: DateTime<Utc>| {
        let local = until.with_timezone(&chrono::Local);
        let up = if local.second() > 0 || local.nanosecond() > 0 {
            local + chrono::Duration::minutes(1)
        } else {
            local
        };
        up.format("%H:%M").to_string()
    };
    match blocked {
        Blocked::Account(until) => format!(
            "密码连续输错 {} 次，这个账户已锁定，请在 {} 之后再试",
            super::limiter::ACCOUNT_FAILURES,
            shown(until)
        ),
        Blocked::Address(until) => {
            format!("这台电脑登录失败的次数太多，请在 {} 之后再试", shown(until))
        }
    }
}

pub(super) fn forbidden() -> Response {
    page(
        StatusCode::FORBIDDEN,
        message_page(
            "无法核实这次提交",
            "这次提交没有带上有效的校验码：页面可能已经过期，或者提交来自别的网站。请回到上一页，刷新后再提交一次。",
        ),
    )
}

pub(super) fn unauthorized() -> Response {
    page(
        StatusCode::UNAUTHORIZED,
        message_page(
            "请先登录",
            "登录已过期或尚未登录。请先登录工作台，再重新操作。",
        ),
    )
}

pub(super) fn too_large() -> Response {
    page(
        StatusCode::PAYLOAD_TOO_LARGE,
        message_page("提交的内容太大", "一次提交的内容太大。附件请用上传表单。"),
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{margin:0;font-family:system-ui,\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;background:#f6f3ee;color:#1f1f1f;line-height:1.6}\
main{box-sizing:border-box;max-width:25rem;margin:3rem auto;padding:1.5rem;background:#fff;border-top:4px solid #b71c1c;box-shadow:0 1px 4px rgba(0,0,0,.12)}\
h1{font-size:1.4rem;margin:0 0 1rem}\
label{display:block;margin-top:1rem;font-weight:600}\
input{box-sizing:border-box;width:100%;font:inherit;padding:.6rem;border:1px solid #767676;border-radius:4px}\
input:focus{outline:3px solid #1a5fb4;outline-offset:1px}\
button{margin-top:1.5rem;width:100%;font:inherit;padding:.7rem;border:0;border-radius:4px;background:#b71c1c;color:#fff;cursor:pointer}\
.error{margin:0 0 1rem;padding:.6rem .8rem;border-left:4px solid #b71c1c;background:#fdecea;color:#8a1010}\
@media (max-width:400px){main{margin:0;min-height:100vh;box-shadow:none}}";

/// The login page, self-contained (no script, no outside file).
pub fn login_page(error: Option<&str>, next: &str, csrf: &str) -> String {
    let (alert, described) = match error {
        Some(e) => (
            format!(
                "<p class=\"error\" id=\"login-error\" role=\"alert\">{}</p>\n",
                escape(e)
            ),
            " aria-describedby=\"login-error\" aria-invalid=\"true\"",
        ),
        None => (String::new(), ""),
    };
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>登录 · 党建工作台</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>登录党建工作台</h1>\n{alert}\
         <form method=\"post\" action=\"/_/login\">\n\
         <input type=\"hidden\" name=\"{CSRF_FIELD}\" value=\"{csrf}\">\n\
         <input type=\"hidden\" name=\"next\" value=\"{next}\">\n\
         <label for=\"login\">登录名</label>\n\
         <input id=\"login\" name=\"login\" type=\"text\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required autofocus{described}>\n\
         <label for=\"password\">密码</label>\n\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required{described}>\n\
         <button type=\"submit\">登录</button>\n</form>\n</main>\n</body>\n</html>\n",
        csrf = escape(csrf),
        next = escape(next),
    )
}

fn message_page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · 党建工作台</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n<p>{text}</p>\n<p><a href=\"/_/\">回到工作台</a></p>\n</main>\n</body>\n</html>\n",
        title = escape(title),
        text = escape(text),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn next_stays_on_the_workbench() {
        assert_eq!(
            safe_next("/_/activities?year=2025"),
            "/_/activities?year=2025"
        );
        for bad in [
            "//evil.example/_/",
            "https://evil.example/",
            "/_/\\x",
            "/_/a b",
            "",
            "/index.html",
        ] {
            assert_eq!(safe_next(bad), "/_/", "{bad}");
        }
    }

    #[test]
    fn a_lock_is_shown_to_the_minute_after_it_ends() {
        let at = |h, m, sec| {
            chrono::Local
                .with_ymd_and_hms(2026, 3, 5, h, m, sec)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        assert_eq!(
            blocked_message(Blocked::Account(at(10, 42, 30))),
            "密码连续输错 10 次，这个账户已锁定，请在 10:43 之后再试"
        );
        assert_eq!(
            blocked_message(Blocked::Address(at(9, 5, 0))),
            "这台电脑登录失败的次数太多，请在 09:05 之后再试"
        );
    }

    #[test]
    fn page_escapes_what_it_repeats() {
        let html = login_page(Some("<b>"), "/_/?a=\"x\"", "tok");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(html.contains("value=\"/_/?a=&quot;x&quot;\""), "{html}");
        assert!(html.contains("autocomplete=\"current-password\""), "{html}");
        assert!(html.contains("role=\"alert\""), "{html}");
    }
}
