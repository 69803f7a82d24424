//! The workbench's accounts: `<site>/.dangjian/users.toml`, outside `content/` and git-ignored,
//! because it holds password hashes and is about this machine's server, not the records.
//! Written by `dangjian user`, read by the server (again whenever the file changes, so that a
//! removed account or a new password counts at once).

use std::path::Path;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Code, Diagnostic, Pos};

/// The role names as the officer types and reads them.
pub(crate) const ADMIN: &str = "管理员";
pub(crate) const BRANCH: &str = "支部";

/// Passwords are at least this many characters: the accounts face a hospital network, and a
/// long password is the one defence that needs nothing else.
pub(crate) const MIN_PASSWORD_CHARS: usize = 10;

/// What a person may edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// 管理员: every record of the site, and the site's settings.
    Admin,
    /// 支部: the records of one branch (its id).
    Branch(String),
}

impl Role {
    pub fn name(&self) -> &'static str {
        match self {
            Role::Admin => ADMIN,
            Role::Branch(_) => BRANCH,
        }
    }

    pub fn branch(&self) -> Option<&str> {
        match self {
            Role::Admin => None,
            Role::Branch(b) => Some(b),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct User {
    pub(crate) login: String,
    /// 中文姓名: shown in the workbench and used as the git author.
    pub(crate) name: String,
    pub(crate) email: Option<String>,
    pub(crate) role: Role,
    /// argon2id, PHC string format.
    pub(crate) hash: String,
    pub(crate) disabled: bool,
}

impl User {
    /// The git author's e-mail: the one given, else one that is visibly not a mailbox.
    pub(crate) fn email(&self) -> String {
        self.email
            .clone()
            .unwrap_or_else(|| format!("{}@dangjian.local", self.login))
    }
}

/// Every account of a site, in the file's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Users {
    users: Vec<User>,
}

/// The path messages name, relative to the site root.
pub(crate) const USERS_FILE_SHOWN: &str = ".dangjian/users.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileUsers {
    #[serde(default)]
    user: Vec<FileUser>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileUser {
    login: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    email: Option<Spanned<String>>,
    role: Spanned<String>,
    #[serde(default)]
    branch: Option<Spanned<String>>,
    password: Spanned<String>,
    #[serde(default)]
    disabled: bool,
}

impl Users {
    /// The accounts of the site at `root`; none when the file does not exist. A broken file is
    /// one diagnostic at its first problem: the server must not start with half the accounts.
    pub(crate) fn load(root: &Path) -> Result<Users, Diagnostic> {
        let path = crate::layout::users_file(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Users::default()),
            Err(e) => {
                return Err(Diagnostic::new(
                    Code::Io,
                    USERS_FILE_SHOWN,
                    Pos::FILE,
                    format!("无法读取账户文件：{e}"),
                ));
            }
        };
        Users::parse(&text)
    }

    pub(crate) fn parse(text: &str) -> Result<Users, Diagnostic> {
        let at = |span: std::ops::Range<usize>, code: Code, msg: String| {
            Diagnostic::new(code, USERS_FILE_SHOWN, pos_of(text, span), msg)
        };
        let file: FileUsers = toml::from_str(text).map_err(|e| {
            let (code, msg) = describe(e.message());
            at(e.span().unwrap_or(0..0), code, msg)
                .with_hint("用 dangjian user 命令管理账户；文件坏了可以删掉它，重新添加账户")
        })?;
        let mut users = Users::default();
        for u in file.user {
            let login = u.login.get_ref();
            if let Err(msg) = check_login(login) {
                return Err(at(u.login.span(), Code::InvalidValue, msg));
            }
            if users.get(login).is_some() {
                return Err(at(
                    u.login.span(),
                    Code::DuplicateId,
                    format!("账户 `{login}` 出现了两次"),
                ));
            }
            if u.name.get_ref().trim().is_empty() {
                return Err(at(
                    u.name.span(),
                    Code::EmptyString,
                    format!("账户 `{login}` 没有姓名"),
                ));
            }
            if let Err(msg) = check_name(u.name.get_ref()) {
                let msg = format!("账户 `{login}`：{msg}");
                return Err(at(u.name.span(), Code::InvalidValue, msg));
            }
            if let Some(email) = &u.email
                && let Err(msg) = check_email(email.get_ref())
            {
                let msg = format!("账户 `{login}`：{msg}");
                return Err(at(email.span(), Code::InvalidValue, msg));
            }
            let branch = u.branch.as_ref().map(|b| b.get_ref().as_str());
            let role = role_of(u.role.get_ref(), branch).map_err(|msg| {
                let span = match (&u.branch, u.role.get_ref().as_str()) {
                    (Some(b), ADMIN) => b.span(),
                    _ => u.role.span(),
                };
                at(span, Code::InvalidValue, format!("账户 `{login}`：{msg}"))
            })?;
            if !is_argon2id(u.password.get_ref()) {
                return Err(at(
                    u.password.span(),
                    Code::InvalidValue,
                    format!("账户 `{login}` 的密码不是 argon2id 散列"),
                )
                .with_hint(format!("用 dangjian user passwd {login} 重新设置密码")));
            }
            users.users.push(User {
                login: login.clone(),
                name: u.name.into_inner().trim().to_owned(),
                email: u.email.map(Spanned::into_inner),
                role,
                hash: u.password.into_inner(),
                disabled: u.disabled,
            });
        }
        Ok(users)
    }

    /// The file's text: a comment saying what it is, then one `[[user]]` table per account.
    pub(crate) fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
        let mut out = String::from(
            "# 工作台的账户，由 dangjian user 命令维护。只有密码的散列，没有密码本身；\n\
             # 这个文件只留在本机，不要放进 git。\n",
        );
        for u in &self.users {
            out.push_str("\n[[user]]\n");
            out.push_str(&format!("login = {}\n", q(&u.login)));
            out.push_str(&format!("name = {}\n", q(&u.name)));
            if let Some(e) = &u.email {
                out.push_str(&format!("email = {}\n", q(e)));
            }
            out.push_str(&format!("role = {}\n", q(u.role.name())));
            if let Some(b) = u.role.branch() {
                out.push_str(&format!("branch = {}\n", q(b)));
            }
            out.push_str(&format!("password = {}\n", q(&u.hash)));
            if u.disabled {
                out.push_str("disabled = true\n");
            }
        }
        out
    }

    /// Writes the file atomically, readable by its owner only.
    pub(crate) fn save(&self, root: &Path) -> std::io::Result<()> {
        let path = crate::layout::users_file(root);
        if let Some(dir) = path.parent().filter(|d| !d.is_dir()) {
            std::fs::create_dir_all(dir)?;
            // The folder is the server's own: others need not even list it.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
            }
        }
        // `replace` keeps the file's permissions, so the file is made (or made again) 0600 first
        // and the hashes are never readable by others, not even for a moment.
        if !path.exists() {
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            opts.open(&path)?;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        }
        crate::files::replace(&path, self.to_toml().as_bytes())
    }

    pub(crate) fn get(&self, login: &str) -> Option<&User> {
        self.users.iter().find(|u| u.login == login)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &User> {
        self.users.iter()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// Any account that may sign in.
    pub(crate) fn has_enabled(&self) -> bool {
        self.users.iter().any(|u| !u.disabled)
    }

    pub(crate) fn add(&mut self, user: User) -> Result<(), String> {
        if self.get(&user.login).is_some() {
            return Err(format!("账户 `{}` 已存在", user.login));
        }
        self.users.push(user);
        Ok(())
    }

    pub(crate) fn remove(&mut self, login: &str) -> Result<User, String> {
        match self.users.iter().position(|u| u.login == login) {
            Some(i) => Ok(self.users.remove(i)),
            None => Err(self.unknown(login)),
        }
    }

    pub(crate) fn set_hash(&mut self, login: &str, hash: String) -> Result<(), String> {
        let unknown = self.unknown(login);
        let user = self
            .users
            .iter_mut()
            .find(|u| u.login == login)
            .ok_or(unknown)?;
        user.hash = hash;
        Ok(())
    }

    pub(crate) fn set_disabled(&mut self, login: &str, disabled: bool) -> Result<(), String> {
        let unknown = self.unknown(login);
        let user = self
            .users
            .iter_mut()
            .find(|u| u.login == login)
            .ok_or(unknown)?;
        user.disabled = disabled;
        Ok(())
    }

    /// "No such account", with the closest login when it looks like a typo.
    pub(crate) fn unknown(&self, login: &str) -> String {
        let hint = crate::suggest::did_you_mean(login, self.users.iter().map(|u| u.login.as_str()))
            .map(|s| format!("；是否应为 `{s}`？"))
            .unwrap_or_default();
        format!("没有账户 `{login}`{hint}")
    }
}

/// Logins are `[a-z0-9._-]{2,32}`: typed on any keyboard, safe in a URL, a file name and a git
/// author line.
pub(crate) fn check_login(login: &str) -> Result<(), String> {
    let ok_chars = login
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok_chars && (2..=32).contains(&login.len()) {
        Ok(())
    } else {
        Err(format!(
            "登录名 `{login}` 不可用：只能用 2 到 32 个小写英文字母、数字和 . _ -"
        ))
    }
}

pub(crate) fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err(format!("密码太短：至少要 {MIN_PASSWORD_CHARS} 个字符"))
    } else {
        Ok(())
    }
}

/// A display name becomes the git author's name (`姓名 <邮箱>`): no angle brackets, no control
/// characters, and short enough for a page's header.
pub(crate) fn check_name(name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("姓名不能为空".into());
    }
    let bad = name
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>'));
    if bad || name.chars().count() > 32 {
        return Err(format!(
            "姓名 `{}` 不可用：最多 32 个字，不能含 < > 或控制字符",
            crate::diagnostics::visible(name)
        ));
    }
    Ok(())
}

/// The git author's e-mail: one `@`, no spaces, brackets or control characters.
pub(crate) fn check_email(email: &str) -> Result<(), String> {
    if email.trim().is_empty() {
        return Err("邮箱是空的：不需要邮箱时不写 --email".into());
    }
    let ok = email.len() <= 254
        && email.split('@').count() == 2
        && email.split('@').all(|part| !part.is_empty())
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ','));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{}` 不是电子邮箱地址",
            crate::diagnostics::visible(email)
        ))
    }
}

/// The role named `role`, with the branch `--branch` gave; whether the branch exists is
/// [`check_branch`]'s question.
pub(crate) fn role_of(role: &str, branch: Option<&str>) -> Result<Role, String> {
    match (role, branch) {
        (ADMIN, None) => Ok(Role::Admin),
        (ADMIN, Some(_)) => Err("管理员可以编辑所有支部的记录，不能指定支部".into()),
        (BRANCH, Some(b)) => Ok(Role::Branch(b.to_owned())),
        (BRANCH, None) => Err("角色是支部时，要用 --branch 写明支部编号".into()),
        (other, _) => Err(format!("未知的角色 `{other}`：只能是 管理员 或 支部")),
    }
}

/// A branch role names a branch of the site.
pub(crate) fn check_branch(role: &Role, branches: &[&str]) -> Result<(), String> {
    match role.branch() {
        Some(b) if !branches.contains(&b) => {
            let hint = crate::suggest::did_you_mean(b, branches.iter().copied())
                .map(|s| format!("；是否应为 `{s}`？"))
                .unwrap_or_default();
            Err(format!("未知的支部 `{b}`{hint}"))
        }
        _ => Ok(()),
    }
}

/// argon2id with the crate's defaults (19 MiB, two passes), a fresh random salt.
pub(crate) fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("无法计算密码散列：{e}"))
}

/// Whether `password` is the one `hash` was made from. Takes about as long for any hash of the
/// default parameters, which is what makes [`verify_unknown`] indistinguishable.
pub(crate) fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// The work of a password check against an account that does not exist, so that an unknown
/// login is answered no faster than a wrong password.
pub(crate) fn verify_unknown(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("dangjian-dummy-password").unwrap_or_default());
    let _ = verify_password(hash, password);
}

/// The parser's message in Chinese, for the mistakes a hand edit makes; other syntax errors
/// keep the parser's words after a Chinese lead, as `check` does.
fn describe(raw: &str) -> (Code, String) {
    let raw = raw.trim().lines().next().unwrap_or_default();
    let quoted = |after: &str| {
        raw.split(after)
            .nth(1)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    if let Some(field) = quoted("unknown field `") {
        return (Code::UnknownKey, format!("账户文件中没有字段 `{field}`"));
    }
    if let Some(field) = quoted("missing field `") {
        return (Code::MissingField, format!("账户缺少字段 `{field}`"));
    }
    if raw.starts_with("invalid type") {
        return (
            Code::WrongType,
            "值的类型不对：disabled 写 true 或 false，其他字段写带引号的文字".into(),
        );
    }
    (Code::TomlSyntax, format!("TOML 语法错误：{raw}"))
}

fn is_argon2id(hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| h.algorithm == Algorithm::Argon2id.ident())
}

/// 1-based line and character column of a byte offset, for the diagnostic's caret.
fn pos_of(text: &str, span: std::ops::Range<usize>) -> Pos {
    let start = span.start.min(text.len());
    let before = text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    let width = text
        .get(start..span.end.min(text.len()))
        .map_or(1, |s| s.chars().take_while(|c| *c != '\n').count().max(1));
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        width: u32::try_from(width).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Users {
        let mut users = Users::default();
        let hash = hash_password("correct horse battery").unwrap_or_default();
        users
            .add(User {
                login: "zhang".into(),
                name: "张三".into(),
                email: None,
                role: Role::Branch("yaoji".into()),
                hash,
                disabled: false,
            })
            .unwrap_or_default();
        users
    }

    #[test]
    fn written_file_reads_back() {
        let users = sample();
        let text = users.to_toml();
        assert_eq!(Users::parse(&text), Ok(users));
        assert!(text.contains("$argon2id$"), "{text}");
        assert!(!text.contains("correct horse"), "{text}");
    }

    #[test]
    fn broken_file_is_located() {
        let text = sample()
            .to_toml()
            .replace("role = \"支部\"", "role = \"书记\"");
        let d = Users::parse(&text)
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        assert_eq!(d.file, ".dangjian/users.toml");
        assert_eq!(
            d.message,
            "账户 `zhang`：未知的角色 `书记`：只能是 管理员 或 支部"
        );
        assert_eq!((d.pos.line, d.pos.column), (7, 8));

        let d = Users::parse("[[user]]\nlogin = \"zhang\"\nnmae = \"x\"\n")
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        assert_eq!(d.code, Code::UnknownKey);
        assert_eq!(d.message, "账户文件中没有字段 `nmae`");
        assert_eq!(d.pos.line, 3);

        let text = sample().to_toml().replace("$argon2id$", "$argon2i$");
        let d = Users::parse(&text)
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        assert_eq!(d.message, "账户 `zhang` 的密码不是 argon2id 散列");
    }

    fn refused(text: &str) -> Diagnostic {
        Users::parse(text)
            .err()
            .unwrap_or_else(|| panic!("accepted {text}"))
    }

    #[test]
    fn every_mistake_of_a_hand_edit_is_named() {
        let good = sample().to_toml();
        let twice = format!(
            "{good}{}",
            good.lines().skip(2).collect::<Vec<_>>().join("\n")
        );
        let d = refused(&twice);
        assert_eq!(d.message, "账户 `zhang` 出现了两次");
        assert_eq!(d.pos.line, 12);

        let d = refused(&good.replace("login = \"zhang\"", "login = \"Zhang San\""));
        assert_eq!(
            d.message,
            "登录名 `Zhang San` 不可用：只能用 2 到 32 个小写英文字母、数字和 . _ -"
        );
        let d = refused(&good.replace("name = \"张三\"", "name = \" \""));
        assert_eq!(d.message, "账户 `zhang` 没有姓名");
        let d = refused(&good.replace("role = \"支部\"", "role = \"管理员\""));
        assert_eq!(
            d.message,
            "账户 `zhang`：管理员可以编辑所有支部的记录，不能指定支部"
        );
        assert_eq!(d.pos.line, 8, "at the branch");
        let d = refused(&good.replace("branch = \"yaoji\"\n", ""));
        assert_eq!(
            d.message,
            "账户 `zhang`：角色是支部时，要用 --branch 写明支部编号"
        );
        let d = refused(&good.replace("name = \"张三\"\n", ""));
        assert_eq!(
            (d.code, d.message.as_str()),
            (Code::MissingField, "账户缺少字段 `name`")
        );
        let d = refused(&format!("{good}disabled = \"yes\"\n"));
        assert_eq!(
            d.message,
            "值的类型不对：disabled 写 true 或 false，其他字段写带引号的文字"
        );
        let d = refused(&good.replace("role =", "email = \"a@b@c\"\nrole ="));
        assert_eq!(d.message, "账户 `zhang`：`a@b@c` 不是电子邮箱地址");
        assert_eq!((d.pos.line, d.pos.column), (7, 9));
        let d = refused("[[user]\n");
        assert_eq!(d.code, Code::TomlSyntax);
        assert!(d.message.starts_with("TOML 语法错误："), "{}", d.message);
    }

    #[test]
    fn passwords_verify() {
        let hash = hash_password("correct horse battery").unwrap_or_default();
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterY"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn logins() {
        assert!(check_login("zhang.san-2_x").is_ok());
        for bad in ["a", "Zhang", "张三", "a b", &"a".repeat(33)] {
            assert!(check_login(bad).is_err(), "{bad}");
        }
    }
}
