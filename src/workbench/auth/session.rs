//! Sessions, in memory: a restart signs everyone out, which is acceptable for an office tool
//! and keeps the tokens off the disk.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use super::csrf::random_token;

/// A session ends after this long without a request.
pub(crate) const IDLE: Duration = Duration::hours(8);

/// Sessions are made for every browser that asks (the login page needs one for its CSRF
/// token), so their number is bounded: past it the oldest go first, anonymous ones before any.
const MAX_SESSIONS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    /// Who signed in; `None` for a browser on the login page.
    pub(crate) login: Option<String>,
    /// The account's password hash at sign-in: a new password ends the older sessions.
    pub(crate) hash: String,
    pub(crate) csrf: String,
    pub(crate) last_seen: DateTime<Utc>,
}

#[derive(Default)]
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        // A panic elsewhere while holding the lock leaves a map that is still consistent.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new session; returns its token.
    pub(crate) fn create(&self, login: Option<String>, hash: String, now: DateTime<Utc>) -> String {
        let token = random_token();
        let session = Session {
            login,
            hash,
            csrf: random_token(),
            last_seen: now,
        };
        let mut map = self.lock();
        if map.len() >= MAX_SESSIONS {
            map.retain(|_, s| now - s.last_seen < IDLE);
        }
        while map.len() >= MAX_SESSIONS {
            let oldest = map
                .iter()
                .min_by_key(|(_, s)| (s.login.is_some(), s.last_seen))
                .map(|(t, _)| t.clone());
            match oldest {
                Some(t) => map.remove(&t),
                None => break,
            };
        }
        map.insert(token.clone(), session);
        token
    }

    /// The live session of `token`, its idle time restarted; an expired one is removed.
    pub(crate) fn touch(&self, token: &str, now: DateTime<Utc>) -> Option<Session> {
        let mut map = self.lock();
        let session = map.get_mut(token)?;
        if now - session.last_seen >= IDLE {
            map.remove(token);
            return None;
        }
        session.last_seen = now;
        Some(session.clone())
    }

    pub(crate) fn remove(&self, token: &str) {
        self.lock().remove(token);
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn idle_sessions_expire() {
        let s = Sessions::default();
        let token = s.create(Some("zhang".into()), "h".into(), t0());
        let later = t0() + Duration::hours(7);
        assert!(s.touch(&token, later).is_some());
        // Seven hours after the last request, not after sign-in.
        assert!(s.touch(&token, later + Duration::hours(7)).is_some());
        let gone = later + Duration::hours(15);
        assert_eq!(s.touch(&token, gone), None);
        assert_eq!(s.len(), 0);
    }

    #[test]
    fn unknown_tokens_have_no_session() {
        let s = Sessions::default();
        s.create(None, String::new(), t0());
        assert_eq!(s.touch("nope", t0()), None);
    }

    #[test]
    fn sessions_have_their_own_csrf_tokens() {
        let s = Sessions::default();
        let a = s.create(None, String::new(), t0());
        let b = s.create(None, String::new(), t0());
        let csrf = |t: &str| s.touch(t, t0()).map(|s| s.csrf).unwrap_or_default();
        assert_ne!(csrf(&a), csrf(&b));
        assert_eq!(csrf(&a).len(), 64);
    }
}
