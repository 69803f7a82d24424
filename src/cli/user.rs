//! `dangjian user`: the workbench's accounts (`.dangjian/users.toml`).

use std::io::Read;

use clap::{Args, Subcommand};

use super::Ctx;
use super::text_table::{self, Align};
use crate::workbench::accounts::{self, Role, User, Users};

#[derive(Subcommand, Debug)]
pub(crate) enum UserCommand {
    /// 新建一个工作台账户
    Add(AddArgs),
    /// 重新设置一个账户的密码（该账户已登录的浏览器随之退出）
    Passwd(PasswdArgs),
    /// 删除一个账户
    Remove(LoginArg),
    /// 停用一个账户（保留账户，但不能再登录；已登录的浏览器随之退出）
    Disable(LoginArg),
    /// 重新启用停用的账户
    Enable(LoginArg),
    /// 列出全部账户
    List,
}

#[derive(Args, Debug)]
pub(crate) struct AddArgs {
    /// 登录名：2 到 32 个小写英文字母、数字和 . _ -
    #[arg(value_name = "登录名")]
    pub login: String,
    /// 中文姓名（在工作台显示，并作为 git 提交的作者）
    #[arg(long, value_name = "姓名")]
    pub name: String,
    /// 角色：管理员（可编辑全部记录）或 支部（只能编辑本支部的记录）
    #[arg(long, value_name = "角色")]
    pub role: String,
    /// 支部编号（角色为支部时必填）
    #[arg(long, value_name = "支部")]
    pub branch: Option<String>,
    /// 电子邮箱（git 提交的作者邮箱；不写时为 登录名@dangjian.local）
    #[arg(long, value_name = "邮箱")]
    pub email: Option<String>,
    /// 从标准输入读密码（第一行；有第二行时须与第一行相同），供脚本使用
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Args, Debug)]
pub(crate) struct PasswdArgs {
    /// 登录名
    #[arg(value_name = "登录名")]
    pub login: String,
    /// 从标准输入读密码（第一行；有第二行时须与第一行相同），供脚本使用
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Args, Debug)]
pub(crate) struct LoginArg {
    /// 登录名
    #[arg(value_name = "登录名")]
    pub login: String,
}

pub(super) fn run(ctx: &Ctx, cmd: UserCommand) -> i32 {
    match outcome(ctx, cmd) {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("错误：{msg}");
            1
        }
    }
}

fn outcome(ctx: &Ctx, cmd: UserCommand) -> Result<(), String> {
    if !ctx.root.join(crate::layout::CONFIG_FILE).is_file() {
        return Err(format!(
            "{} 不是站点：没有 site.toml（用 --root 指明站点的根目录）",
            super::display(&ctx.root)
        ));
    }
    let mut users = Users::load(&ctx.root).map_err(|d| {
        let hint = d
            .hint
            .as_deref()
            .map(|h| format!("\n提示：{h}"))
            .unwrap_or_default();
        format!(
            "{}:{}:{}：{}{hint}",
            d.file, d.pos.line, d.pos.column, d.message
        )
    })?;
    match cmd {
        UserCommand::Add(args) => add(ctx, &mut users, args),
        UserCommand::Passwd(args) => {
            let login = args.login.as_str();
            if users.get(login).is_none() {
                return Err(users.unknown(login));
            }
            let hash = new_password(args.password_stdin)?;
            users.set_hash(login, hash)?;
            save(ctx, &users)?;
            ctx.info(format!("已为 {login} 设置新密码"));
            Ok(())
        }
        UserCommand::Remove(args) => {
            let removed = users.remove(&args.login)?;
            save(ctx, &users)?;
            ctx.info(format!("已删除账户 {}（{}）", removed.login, removed.name));
            Ok(())
        }
        UserCommand::Disable(args) => set_disabled(ctx, &mut users, &args.login, true),
        UserCommand::Enable(args) => set_disabled(ctx, &mut users, &args.login, false),
        UserCommand::List => {
            list(&users);
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, users: &mut Users, args: AddArgs) -> Result<(), String> {
    accounts::check_login(&args.login)?;
    if users.get(&args.login).is_some() {
        return Err(format!("账户 `{}` 已存在", args.login));
    }
    accounts::check_name(&args.name)?;
    let name = args.name.trim();
    let email = args.email.map(|e| e.trim().to_owned());
    if let Some(e) = &email {
        accounts::check_email(e)?;
    }
    let role = accounts::role_of(args.role.trim(), args.branch.as_deref())?;
    if matches!(role, Role::Branch(_)) {
        let (corpus, _) = crate::content::load(&ctx.root);
        let ids: Vec<&str> = corpus.branches.iter().map(|b| b.id.as_str()).collect();
        accounts::check_branch(&role, &ids)?;
    }
    let hash = new_password(args.password_stdin)?;
    users.add(User {
        login: args.login.clone(),
        name: name.to_owned(),
        email,
        role,
        hash,
        disabled: false,
    })?;
    save(ctx, users)?;
    ctx.info(format!(
        "已建立账户 {}（{}），保存在 {}",
        args.login,
        name,
        accounts::USERS_FILE_SHOWN
    ));
    Ok(())
}

fn set_disabled(ctx: &Ctx, users: &mut Users, login: &str, disabled: bool) -> Result<(), String> {
    users.set_disabled(login, disabled)?;
    save(ctx, users)?;
    ctx.info(if disabled {
        format!("已停用账户 {login}")
    } else {
        format!("已重新启用账户 {login}")
    });
    Ok(())
}

fn save(ctx: &Ctx, users: &Users) -> Result<(), String> {
    users.save(&ctx.root).map_err(|e| {
        format!(
            "无法写入账户文件 {}：{e}",
            super::display(&crate::layout::users_file(&ctx.root))
        )
    })
}

/// The new password, checked, as its hash: typed twice at the terminal, or read from stdin.
fn new_password(from_stdin: bool) -> Result<String, String> {
    let (first, second) = if from_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("无法读取标准输入：{e}"))?;
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default().to_owned();
        let second = lines.next().map(str::to_owned);
        (first, second)
    } else {
        if !super::stdin_is_terminal() {
            return Err(
                "没有终端可以输入密码：请在终端里运行，或用 --password-stdin 从标准输入读入".into(),
            );
        }
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt).map_err(|e| format!("无法读取密码：{e}"))
        };
        let first = ask("密码（至少 10 个字符，输入时不显示）：")?;
        accounts::check_password(&first)?;
        let second = ask("再输入一次密码：")?;
        (first, Some(second))
    };
    accounts::check_password(&first)?;
    if second.is_some_and(|s| s != first) {
        return Err("两次输入的密码不一致".into());
    }
    accounts::hash_password(&first)
}

fn list(users: &Users) {
    if users.is_empty() {
        eprintln!("还没有账户：用 dangjian user add 登录名 --name 姓名 --role 管理员 建立");
        return;
    }
    let rows: Vec<Vec<String>> = users
        .iter()
        .map(|u| {
            vec![
                u.login.clone(),
                u.name.clone(),
                u.role.name().to_owned(),
                u.role.branch().unwrap_or("—").to_owned(),
                u.email(),
                if u.disabled { "已停用" } else { "可登录" }.to_owned(),
            ]
        })
        .collect();
    let table = text_table::render(
        &["登录名", "姓名", "角色", "支部", "邮箱", "状态"],
        &rows,
        |_| Align::Left,
    );
    super::stdout::print(&crate::diagnostics::visible_lines(&table));
}
