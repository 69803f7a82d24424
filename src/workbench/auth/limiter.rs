//! Wrong passwords are counted per login and per address: ten for one login lock it for a
//! quarter of an hour (slowing a guesser to forty guesses an hour), thirty from one address
//! block that address as long (one machine trying many logins).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

pub(crate) const ACCOUNT_FAILURES: usize = 10;
pub(crate) const ADDRESS_FAILURES: usize = 30;
/// Failures older than this are forgotten, and a lock lasts this long.
pub(crate) const WINDOW: Duration = Duration::minutes(15);

/// Entries kept before the quiet ones are dropped, so that a flood of made-up logins cannot
/// fill the memory.
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blocked {
    /// The login is locked until then.
    Account(DateTime<Utc>),
    /// The address is blocked until then.
    Address(DateTime<Utc>),
}

#[derive(Default)]
struct Counter {
    failures: VecDeque<DateTime<Utc>>,
    locked_until: Option<DateTime<Utc>>,
}

impl Counter {
    fn locked(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| now < *until)
    }

    /// Counts a failure; the lock's end when this one reached `limit`.
    fn fail(&mut self, limit: usize, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        while self.failures.front().is_some_and(|t| now - *t >= WINDOW) {
            self.failures.pop_front();
        }
        self.failures.push_back(now);
        if self.failures.len() >= limit {
            self.failures.clear();
            self.locked_until = Some(now + WINDOW);
        }
        self.locked(now)
    }

    fn quiet(&self, now: DateTime<Utc>) -> bool {
        self.locked(now).is_none() && self.failures.back().is_none_or(|t| now - *t >= WINDOW)
    }
}

struct Table<K> {
    map: Mutex<HashMap<K, Counter>>,
    limit: usize,
}

impl<K: std::hash::Hash + Eq> Table<K> {
    fn new(limit: usize) -> Self {
        Table {
            map: Mutex::new(HashMap::new()),
            limit,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Counter>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn locked(&self, key: &K, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.lock().get(key).and_then(|c| c.locked(now))
    }

    fn fail(&self, key: K, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut map = self.lock();
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, c| !c.quiet(now));
        }
        if map.len() >= MAX_ENTRIES && !map.contains_key(&key) {
            // Still full of live entries: the newest key is not remembered (the address limit
            // still applies to it).
            return None;
        }
        map.entry(key).or_default().fail(self.limit, now)
    }

    fn forget(&self, key: &K) {
        self.lock().remove(key);
    }
}

pub(crate) struct Limiter {
    accounts: Table<String>,
    addresses: Table<IpAddr>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter {
            accounts: Table::new(ACCOUNT_FAILURES),
            addresses: Table::new(ADDRESS_FAILURES),
        }
    }
}

impl Limiter {
    /// Whether an attempt to sign in as `login` from `ip` may be checked at all. Unknown
    /// logins are counted like known ones, so that a lock tells nothing about which exist.
    pub(crate) fn check(
        &self,
        login: &str,
        ip: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), Blocked> {
        if let Some(until) = ip.and_then(|ip| self.addresses.locked(&ip, now)) {
            return Err(Blocked::Address(until));
        }
        match self.accounts.locked(&login.to_owned(), now) {
            Some(until) => Err(Blocked::Account(until)),
            None => Ok(()),
        }
    }

    /// Counts a wrong password; says what it locked.
    pub(crate) fn failure(
        &self,
        login: &str,
        ip: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Option<Blocked> {
        let account = self.accounts.fail(login.to_owned(), now);
        let address = ip.and_then(|ip| self.addresses.fail(ip, now));
        match (account, address) {
            (Some(until), _) => Some(Blocked::Account(until)),
            (None, Some(until)) => Some(Blocked::Address(until)),
            (None, None) => None,
        }
    }

    /// A right password clears the login's count (not the address's: a guesser who knows one
    /// password must not earn more guesses at the others).
    pub(crate) fn success(&self, login: &str) {
        self.accounts.forget(&login.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default()
    }

    const IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 7)));

    #[test]
    fn ten_wrong_passwords_lock_the_account_for_fifteen_minutes() {
        let l = Limiter::default();
        for i in 0..9 {
            let now = t0() + Duration::seconds(i);
            assert_eq!(l.check("zhang", IP, now), Ok(()));
            assert_eq!(l.failure("zhang", IP, now), None);
        }
        let tenth = t0() + Duration::seconds(9);
        let until = tenth + WINDOW;
        assert_eq!(l.failure("zhang", IP, tenth), Some(Blocked::Account(until)));
        assert_eq!(l.check("zhang", IP, tenth), Err(Blocked::Account(until)));
        // Other logins are not locked; the same login from another address is.
        assert_eq!(l.check("li", IP, tenth), Ok(()));
        assert_eq!(l.check("zhang", None, tenth), Err(Blocked::Account(until)));
        let almost = until - Duration::seconds(1);
        assert_eq!(l.check("zhang", IP, almost), Err(Blocked::Account(until)));
        assert_eq!(l.check("zhang", IP, until), Ok(()));
        // After the lock the count starts again.
        assert_eq!(l.failure("zhang", IP, until), None);
    }

    #[test]
    fn failures_older_than_the_window_are_forgotten() {
        let l = Limiter::default();
        for i in 0..9 {
            l.failure("zhang", IP, t0() + Duration::seconds(i));
        }
        let later = t0() + WINDOW + Duration::seconds(10);
        assert_eq!(l.failure("zhang", IP, later), None);
    }

    #[test]
    fn a_right_password_clears_the_count() {
        let l = Limiter::default();
        for _ in 0..9 {
            l.failure("zhang", IP, t0());
        }
        l.success("zhang");
        assert_eq!(l.failure("zhang", IP, t0()), None);
    }

    #[test]
    fn thirty_failures_block_the_address() {
        let l = Limiter::default();
        for i in 0..29 {
            let login = format!("user{i}");
            assert_eq!(l.failure(&login, IP, t0()), None);
        }
        let until = t0() + WINDOW;
        assert_eq!(l.failure("last", IP, t0()), Some(Blocked::Address(until)));
        assert_eq!(l.check("anyone", IP, t0()), Err(Blocked::Address(until)));
        let other = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 8)));
        assert_eq!(l.check("anyone", other, t0()), Ok(()));
        assert_eq!(l.check("anyone", IP, until), Ok(()));
    }
}
