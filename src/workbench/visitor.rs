//! The person a workbench request is made by, and what they may change.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;

use super::git::Author;
use super::schema::RecordKind;

/// Put into the request by the sign-in layer; every workbench handler takes one.
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    /// 中文姓名: shown in the bar and written as the commit's author.
    pub(crate) name: String,
    pub(crate) email: String,
    /// `None` for a 管理员 (the 党建办); a 支部 account's branch id otherwise.
    pub(crate) branch: Option<String>,
    /// The token every form of this session carries.
    pub(crate) csrf: String,
    /// The local officer on loopback: there is no account to sign out of.
    pub(crate) local: bool,
}

impl Visitor {
    pub(crate) fn is_admin(&self) -> bool {
        self.branch.is_none()
    }

    /// A 支部 account changes its own branch's activities, brand, branch record and members;
    /// everything else only the 党建办 changes. `branches` are the branches the record names
    /// before and after the change (both must be the account's).
    pub(crate) fn may_edit(&self, kind: RecordKind, branches: &[&str]) -> bool {
        let Some(own) = &self.branch else {
            return true;
        };
        matches!(
            kind,
            RecordKind::Activity | RecordKind::Brand | RecordKind::Branch | RecordKind::Member
        ) && !branches.is_empty()
            && branches.iter().all(|b| b == own)
    }

    pub(crate) fn author(&self) -> Author {
        Author {
            name: self.name.clone(),
            email: self.email.clone(),
        }
    }
}

/// Middleware after [`super::auth::require_person`]: the signed-in person as the pages see
/// them. `local`: the server runs without accounts (loopback), so there is nothing to sign
/// out of.
pub(crate) async fn from_person(
    axum::extract::State(local): axum::extract::State<bool>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if let Some(p) = req.extensions().get::<super::auth::Person>() {
        let v = Visitor {
            name: p.name.clone(),
            email: p.email.clone(),
            branch: p.role.branch().map(str::to_owned),
            csrf: p.csrf_token().to_owned(),
            local,
        };
        req.extensions_mut().insert(v);
    }
    next.run(req).await
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .ok_or(StatusCode::UNAUTHORIZED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch_account() -> Visitor {
        Visitor {
            name: "陈立群".into(),
            email: "neiyi@dangjian.local".into(),
            branch: Some("neike-yi".into()),
            csrf: String::new(),
            local: false,
        }
    }

    #[test]
    fn a_branch_account_changes_only_its_own_branch() {
        let v = branch_account();
        assert!(v.may_edit(RecordKind::Activity, &["neike-yi"]));
        assert!(!v.may_edit(RecordKind::Activity, &["neike-yi", "waike"]));
        assert!(!v.may_edit(RecordKind::Activity, &["waike"]));
        assert!(!v.may_edit(RecordKind::Notice, &["neike-yi"]));
        assert!(!v.may_edit(RecordKind::Activity, &[]));
    }
}
