//! `vmjs kernel`: run as a Jupyter kernel (`--connection-file F`), or install/uninstall its kernelspec.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand};
use vmjs_kernel::Language;
use vmjs_kernel::install::{self, InstallOptions, Location};

use crate::{exit, open_store, sessions};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct KernelArgs {
    #[command(subcommand)]
    pub command: Option<KernelCommand>,
    /// The connection file Jupyter wrote (serve the kernel).
    #[arg(long, short = 'f')]
    pub connection_file: Option<PathBuf>,
    /// Template (profile) of the kernel's session.
    #[arg(long, default_value = vmjs_core::model::DEFAULT_TEMPLATE)]
    pub template: String,
    /// The language the kernel announces to Jupyter (cells that only parse as TypeScript run as TypeScript
    /// either way).
    #[arg(long, value_enum, default_value_t = LanguageArg::Javascript)]
    pub language: LanguageArg,
}

/// `--language`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LanguageArg {
    Javascript,
    Typescript,
}

impl From<LanguageArg> for Language {
    fn from(language: LanguageArg) -> Self {
        match language {
            LanguageArg::Javascript => Language::JavaScript,
            LanguageArg::Typescript => Language::TypeScript,
        }
    }
}

#[derive(Subcommand)]
pub enum KernelCommand {
    /// Install the kernelspec (`jupyter kernelspec list` shows it).
    Install(InstallArgs),
    /// Remove an installed kernelspec.
    Uninstall(UninstallArgs),
}

#[derive(Args)]
pub struct LocationArgs {
    /// Install for the current user (the default).
    #[arg(long, conflicts_with_all = ["sys_prefix", "prefix"])]
    pub user: bool,
    /// Install into the active Python environment.
    #[arg(long, conflicts_with = "prefix")]
    pub sys_prefix: bool,
    /// Install into PREFIX/share/jupyter.
    #[arg(long, value_name = "DIR")]
    pub prefix: Option<PathBuf>,
}

impl LocationArgs {
    fn location(&self) -> Location {
        match (&self.prefix, self.sys_prefix) {
            (Some(prefix), _) => Location::Prefix(prefix.clone()),
            (None, true) => Location::SysPrefix,
            (None, false) => Location::User,
        }
    }
}

#[derive(Args)]
pub struct InstallArgs {
    #[command(flatten)]
    pub location: LocationArgs,
    /// Kernelspec name (default `vmjs`, or `vmjs-TEMPLATE` with --template; `vmjs-typescript…` with
    /// --typescript).
    #[arg(long)]
    pub name: Option<String>,
    /// Name shown in Jupyter's launcher.
    #[arg(long)]
    pub display_name: Option<String>,
    /// Template every session of this kernel uses.
    #[arg(long)]
    pub template: Option<String>,
    /// Install "TypeScript (vmjs)" (language `typescript`, `.ts`), named `vmjs-typescript` by default.
    #[arg(long)]
    pub typescript: bool,
    /// Replace an existing kernelspec of the same name.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct UninstallArgs {
    #[command(flatten)]
    pub location: LocationArgs,
    /// Kernelspec name.
    #[arg(long, default_value = install::DEFAULT_NAME)]
    pub name: String,
}

pub fn run(db: &Path, db_given: bool, args: KernelArgs) -> anyhow::Result<u8> {
    match args.command {
        Some(KernelCommand::Install(install_args)) => install_spec(db, db_given, install_args),
        Some(KernelCommand::Uninstall(uninstall)) => {
            let dir = install::uninstall(&uninstall.location.location(), &uninstall.name)?;
            println!("removed kernelspec {}", dir.display());
            Ok(exit::OK)
        }
        None => {
            let connection_file = args.connection_file.context(
                "missing --connection-file (Jupyter passes it; see `vmjs kernel install`)",
            )?;
            serve(db, connection_file, &args.template, args.language.into())
        }
    }
}

fn install_spec(db: &Path, db_given: bool, args: InstallArgs) -> anyhow::Result<u8> {
    if let Some(template) = &args.template {
        // Fail now, not when the notebook starts.
        open_store(db)?
            .template(template)
            .with_context(|| format!("template `{template}`"))?;
    }
    // Jupyter starts the kernel in the notebook's folder: a relative database path must not follow it.
    let db = if db_given {
        Some(std::path::absolute(db).with_context(|| format!("resolving {}", db.display()))?)
    } else {
        None
    };
    let executable = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .context("locating the vmjs binary")?;
    let dir = install::install(&InstallOptions {
        location: args.location.location(),
        name: args.name,
        display_name: args.display_name,
        template: args.template,
        language: if args.typescript {
            Language::TypeScript
        } else {
            Language::JavaScript
        },
        db,
        force: args.force,
        executable,
    })?;
    println!("installed kernelspec in {}", dir.display());
    Ok(exit::OK)
}

fn serve(
    db: &Path,
    connection_file: PathBuf,
    template: &str,
    language: Language,
) -> anyhow::Result<u8> {
    let root = std::env::current_dir().context("current directory")?;
    vmjs_kernel::serve(vmjs_kernel::KernelConfig {
        connection_file,
        sessions: sessions(db)?,
        template: template.to_owned(),
        root,
        language,
    })?;
    Ok(exit::OK)
}
