//! `dangjian user`: the workbench's accounts in `.dangjian/users.toml`. Every refusal is shown
//! with its exact Chinese message and writes nothing.

mod support;

use std::process::{Command, Output, Stdio};

use support::{BIN, TestSite};

const USERS: &str = ".dangjian/users.toml";
const PASSWORD: &str = "correct horse battery";

fn add(site: &TestSite, args: &[&str], stdin: &str) -> Output {
    let mut all = vec!["add"];
    all.extend_from_slice(args);
    all.push("--password-stdin");
    site.user(&all, stdin)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The command failed with exactly `message` and left no users file behind.
fn refused(out: &Output, message: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
    assert_eq!(stderr(out), format!("错误：{message}\n"));
}

fn site_with_admin() -> TestSite {
    let site = TestSite::minimal();
    let out = add(
        &site,
        &["wang", "--name", "王芳", "--role", "管理员"],
        PASSWORD,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    site
}

#[test]
fn add_writes_an_argon2id_hash_and_never_the_password() {
    let site = TestSite::minimal();
    let out = add(
        &site,
        &[
            "zhang.san",
            "--name",
            "张三",
            "--role",
            "支部",
            "--branch",
            "alpha",
        ],
        &format!("{PASSWORD}\n{PASSWORD}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = site.read(USERS);
    assert!(text.contains("login = \"zhang.san\""), "{text}");
    assert!(text.contains("name = \"张三\""), "{text}");
    assert!(text.contains("role = \"支部\""), "{text}");
    assert!(text.contains("branch = \"alpha\""), "{text}");
    assert!(text.contains("password = \"$argon2id$v=19$"), "{text}");
    assert!(!text.contains(PASSWORD), "{text}");
    assert!(!text.contains("email"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(site.path(USERS)).map(|m| m.permissions().mode());
        assert_eq!(mode.ok().map(|m| m & 0o777), Some(0o600));
        let dir = std::fs::metadata(site.path(".dangjian")).map(|m| m.permissions().mode());
        assert_eq!(dir.ok().map(|m| m & 0o777), Some(0o700));
    }
    let out = add(
        &site,
        &[
            "li",
            "--name",
            "李四",
            "--role",
            "管理员",
            "--email",
            "li@example.org",
        ],
        PASSWORD,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.read(USERS).contains("email = \"li@example.org\""));
}

#[test]
fn passwd_changes_the_hash() {
    let site = site_with_admin();
    let before = site.read(USERS);
    let out = site.user(
        &["passwd", "wang", "--password-stdin"],
        "another long password\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = site.read(USERS);
    assert_ne!(before, after);
    assert!(after.contains("$argon2id$"), "{after}");
    assert!(after.contains("name = \"王芳\""), "{after}");
}

#[test]
fn remove_and_list() {
    let site = site_with_admin();
    let out = add(
        &site,
        &[
            "zhao", "--name", "赵六", "--role", "支部", "--branch", "beta",
        ],
        PASSWORD,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = site.user(&["list"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<Vec<&str>> = list
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines,
        [
            vec!["登录名", "姓名", "角色", "支部", "邮箱", "状态"],
            vec![
                "wang",
                "王芳",
                "管理员",
                "—",
                "wang@dangjian.local",
                "可登录"
            ],
            vec![
                "zhao",
                "赵六",
                "支部",
                "beta",
                "zhao@dangjian.local",
                "可登录"
            ],
        ]
    );
    assert!(!list.contains("argon2"), "{list}");

    let out = site.user(&["disable", "zhao"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.read(USERS).contains("disabled = true"));
    let out = site.user(&["list"], "");
    let list = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        list.lines()
            .any(|l| l.starts_with("zhao") && l.ends_with("已停用")),
        "{list}"
    );
    let out = site.user(&["enable", "zhao"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!site.read(USERS).contains("disabled"));

    let out = site.user(&["remove", "zhao"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = site.read(USERS);
    assert!(!text.contains("zhao"), "{text}");
    assert!(text.contains("wang"), "{text}");
}

#[test]
fn list_without_accounts_says_how_to_add_one() {
    let site = TestSite::minimal();
    let out = site.user(&["list"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "还没有账户：用 dangjian user add 登录名 --name 姓名 --role 管理员 建立\n"
    );
}

#[test]
fn refusals_of_add() {
    let site = TestSite::minimal();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["zhang", "--name", "张三", "--role", "管理员"],
            "nine char",
            "密码太短：至少要 10 个字符",
        ),
        (
            &["zhang", "--name", "张三", "--role", "管理员"],
            "correct horse battery\ncorrect horse batterY\n",
            "两次输入的密码不一致",
        ),
        (
            &["zhang", "--name", "张三", "--role", "书记"],
            PASSWORD,
            "未知的角色 `书记`：只能是 管理员 或 支部",
        ),
        (
            &["zhang", "--name", "张三", "--role", "支部"],
            PASSWORD,
            "角色是支部时，要用 --branch 写明支部编号",
        ),
        (
            &[
                "zhang", "--name", "张三", "--role", "支部", "--branch", "alpah",
            ],
            PASSWORD,
            "未知的支部 `alpah`；是否应为 `alpha`？",
        ),
        (
            &[
                "zhang", "--name", "张三", "--role", "支部", "--branch", "gamma-x",
            ],
            PASSWORD,
            "未知的支部 `gamma-x`",
        ),
        (
            &[
                "zhang",
                "--name",
                "张三",
                "--role",
                "管理员",
                "--branch",
                "alpha",
            ],
            PASSWORD,
            "管理员可以编辑所有支部的记录，不能指定支部",
        ),
        (
            &["Zhang", "--name", "张三", "--role", "管理员"],
            PASSWORD,
            "登录名 `Zhang` 不可用：只能用 2 到 32 个小写英文字母、数字和 . _ -",
        ),
        (
            &["张三", "--name", "张三", "--role", "管理员"],
            PASSWORD,
            "登录名 `张三` 不可用：只能用 2 到 32 个小写英文字母、数字和 . _ -",
        ),
        (
            &["z", "--name", "张三", "--role", "管理员"],
            PASSWORD,
            "登录名 `z` 不可用：只能用 2 到 32 个小写英文字母、数字和 . _ -",
        ),
        (
            &["zhang", "--name", " ", "--role", "管理员"],
            PASSWORD,
            "姓名不能为空",
        ),
        (
            &["zhang", "--name", "张三 <x@y>", "--role", "管理员"],
            PASSWORD,
            "姓名 `张三 <x@y>` 不可用：最多 32 个字，不能含 < > 或控制字符",
        ),
        (
            &[
                "zhang",
                "--name",
                "张三",
                "--role",
                "管理员",
                "--email",
                "zhang at example",
            ],
            PASSWORD,
            "`zhang at example` 不是电子邮箱地址",
        ),
        (
            &["zhang", "--name", "张三", "--role", "管理员", "--email", ""],
            PASSWORD,
            "邮箱是空的：不需要邮箱时不写 --email",
        ),
    ];
    for (args, stdin, message) in cases {
        let out = add(&site, args, stdin);
        refused(&out, message);
        assert!(!site.path(USERS).exists(), "{args:?} wrote the users file");
    }
    let long = "a".repeat(33);
    let out = add(
        &site,
        &[&long, "--name", "张三", "--role", "管理员"],
        PASSWORD,
    );
    refused(
        &out,
        &format!("登录名 `{long}` 不可用：只能用 2 到 32 个小写英文字母、数字和 . _ -"),
    );
}

#[test]
fn refusals_about_existing_accounts() {
    let site = site_with_admin();
    let before = site.read(USERS);
    let out = add(
        &site,
        &["wang", "--name", "王五", "--role", "管理员"],
        PASSWORD,
    );
    refused(&out, "账户 `wang` 已存在");
    let out = site.user(&["remove", "wagn"], "");
    refused(&out, "没有账户 `wagn`；是否应为 `wang`？");
    for command in ["disable", "enable"] {
        let out = site.user(&[command, "wagn"], "");
        refused(&out, "没有账户 `wagn`；是否应为 `wang`？");
    }
    let out = site.user(&["passwd", "nobody", "--password-stdin"], PASSWORD);
    refused(&out, "没有账户 `nobody`");
    let out = site.user(&["passwd", "wang", "--password-stdin"], "short");
    refused(&out, "密码太短：至少要 10 个字符");
    assert_eq!(site.read(USERS), before);
}

#[test]
fn a_password_needs_a_terminal_or_stdin() {
    let site = TestSite::minimal();
    let out = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .args(["user", "add", "zhang", "--name", "张三", "--role", "管理员"])
        .stdin(Stdio::null())
        .output()
        .expect("run dangjian");
    refused(
        &out,
        "没有终端可以输入密码：请在终端里运行，或用 --password-stdin 从标准输入读入",
    );
}

#[test]
fn a_broken_users_file_is_named_with_its_line() {
    let site = site_with_admin();
    site.replace(USERS, "role = \"管理员\"", "role = \"书记\"");
    let out = site.user(&["list"], "");
    refused(
        &out,
        ".dangjian/users.toml:7:8：账户 `wang`：未知的角色 `书记`：只能是 管理员 或 支部",
    );
}

#[test]
fn outside_a_site_nothing_is_written() {
    let site = TestSite::empty();
    let out = add(
        &site,
        &["wang", "--name", "王芳", "--role", "管理员"],
        PASSWORD,
    );
    refused(
        &out,
        &format!(
            "{} 不是站点：没有 site.toml（用 --root 指明站点的根目录）",
            site.root.display()
        ),
    );
    assert!(!site.path(USERS).exists());
}

#[test]
fn the_users_file_is_git_ignored_in_new_sites_and_here() {
    let tmp = TestSite::empty();
    let site = tmp.path("site");
    let out = Command::new(BIN)
        .arg("init")
        .arg(&site)
        .arg("--no-git")
        .stdin(Stdio::null())
        .output()
        .expect("run dangjian");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "/.dangjian/"), "{ignore}");
    let ours =
        std::fs::read_to_string(support::repo_root().join(".gitignore")).expect(".gitignore");
    assert!(ours.lines().any(|l| l == "/.dangjian/"), "{ours}");
}
