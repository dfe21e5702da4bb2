//! `vmjs kernel install` / `uninstall`: a kernelspec directory (`kernel.json` + logos) in the Jupyter data
//! directory of the user, of the current Python environment (`--sys-prefix`) or of a given prefix.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::Language;

/// The default kernelspec name.
pub const DEFAULT_NAME: &str = "vmjs";

const LOGO_32: &[u8] = include_bytes!("../assets/logo-32x32.png");
const LOGO_64: &[u8] = include_bytes!("../assets/logo-64x64.png");
const LOGO_SVG: &[u8] = include_bytes!("../assets/logo-svg.svg");

/// Where kernelspecs go.
#[derive(Debug, Clone)]
pub enum Location {
    /// The user's Jupyter data directory (`$JUPYTER_DATA_DIR`, else `~/.local/share/jupyter`).
    User,
    /// The active Python environment (`$VIRTUAL_ENV`, `$CONDA_PREFIX`, else `python3`'s `sys.prefix`).
    SysPrefix,
    /// `PREFIX/share/jupyter`.
    Prefix(PathBuf),
}

/// What to install.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    pub location: Location,
    pub name: Option<String>,
    pub display_name: Option<String>,
    /// The template every session of this kernel uses (`None`: default).
    pub template: Option<String>,
    /// The language the kernel announces (`TypeScript (vmjs)` for notebooks written in TypeScript).
    pub language: Language,
    /// The database the kernel uses (`None`: vmjs's default).
    pub db: Option<PathBuf>,
    /// Replace an existing kernelspec of the same name.
    pub force: bool,
    /// The vmjs executable the kernelspec runs.
    pub executable: PathBuf,
}

/// Why a kernelspec could not be installed or removed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("kernelspec {0} already exists (use --force to replace it)")]
    Exists(PathBuf),
    #[error("no kernelspec at {0}")]
    Missing(PathBuf),
    #[error("invalid kernelspec name `{0}`: use letters, digits, `-`, `_` and `.`")]
    BadName(String),
    #[error("cannot find the Jupyter data directory: {0}")]
    NoDataDir(String),
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InstallError + '_ {
    move |e| InstallError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

/// The kernelspec name to use for a template and language: `vmjs`, `vmjs-TEMPLATE`, `vmjs-typescript`,
/// `vmjs-typescript-TEMPLATE`.
pub fn spec_name(name: Option<&str>, template: Option<&str>, language: Language) -> String {
    if let Some(name) = name {
        return name.to_owned();
    }
    let base = match language {
        Language::JavaScript => DEFAULT_NAME.to_owned(),
        Language::TypeScript => format!("{DEFAULT_NAME}-typescript"),
    };
    match template {
        Some(template) if template != vmjs_core::model::DEFAULT_TEMPLATE => {
            format!("{base}-{template}")
        }
        _ => base,
    }
}

/// The `kernels/` directory of a location.
pub fn kernels_dir(location: &Location) -> Result<PathBuf, InstallError> {
    let data = match location {
        Location::User => user_data_dir()?,
        Location::SysPrefix => sys_prefix()?.join("share").join("jupyter"),
        Location::Prefix(prefix) => prefix.join("share").join("jupyter"),
    };
    Ok(data.join("kernels"))
}

fn user_data_dir() -> Result<PathBuf, InstallError> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(target_os = "macos") {
        return home
            .map(|h| h.join("Library").join("Jupyter"))
            .ok_or_else(|| InstallError::NoDataDir("HOME is not set".into()));
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return Ok(PathBuf::from(xdg).join("jupyter"));
    }
    home.map(|h| h.join(".local").join("share").join("jupyter"))
        .ok_or_else(|| InstallError::NoDataDir("HOME is not set".into()))
}

fn sys_prefix() -> Result<PathBuf, InstallError> {
    for variable in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
        if let Some(prefix) = std::env::var_os(variable).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(prefix));
        }
    }
    let output = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.prefix)"])
        .output()
        .map_err(|e| InstallError::NoDataDir(format!("running python3 for sys.prefix: {e}")))?;
    let prefix = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !output.status.success() || prefix.is_empty() {
        return Err(InstallError::NoDataDir(
            "python3 did not print sys.prefix".into(),
        ));
    }
    Ok(PathBuf::from(prefix))
}

/// Writes the kernelspec; returns its directory.
pub fn install(options: &InstallOptions) -> Result<PathBuf, InstallError> {
    let name = spec_name(
        options.name.as_deref(),
        options.template.as_deref(),
        options.language,
    );
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(InstallError::BadName(name));
    }
    let dir = kernels_dir(&options.location)?.join(&name);
    if dir.exists() {
        if !options.force {
            return Err(InstallError::Exists(dir));
        }
        std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
    }
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let mut argv = vec![
        options.executable.display().to_string(),
        "kernel".to_owned(),
        "--connection-file".to_owned(),
        "{connection_file}".to_owned(),
    ];
    if let Some(template) = &options.template {
        argv.extend(["--template".to_owned(), template.clone()]);
    }
    if let Some(db) = &options.db {
        argv.extend(["--db".to_owned(), db.display().to_string()]);
    }
    if options.language != Language::JavaScript {
        argv.extend(["--language".to_owned(), options.language.name().to_owned()]);
    }
    let template = options
        .template
        .as_deref()
        .unwrap_or(vmjs_core::model::DEFAULT_TEMPLATE);
    let title = options.language.title();
    let display_name = options.display_name.clone().unwrap_or_else(|| {
        if template == vmjs_core::model::DEFAULT_TEMPLATE {
            format!("{title} (vmjs)")
        } else {
            format!("{title} (vmjs, {template})")
        }
    });
    let spec = json!({
        "argv": argv,
        "display_name": display_name,
        "language": options.language.name(),
        "interrupt_mode": "message",
        "kernel_protocol_version": crate::wire::PROTOCOL_VERSION,
        "env": {},
        "metadata": { "vmjs": { "template": template }, "debugger": false },
    });
    let text = serde_json::to_string_pretty(&spec).unwrap_or_default();
    for (file, bytes) in [
        ("kernel.json", text.as_bytes()),
        ("logo-32x32.png", LOGO_32),
        ("logo-64x64.png", LOGO_64),
        ("logo-svg.svg", LOGO_SVG),
    ] {
        let path = dir.join(file);
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    Ok(dir)
}

/// Removes a kernelspec; returns the directory it was in.
pub fn uninstall(location: &Location, name: &str) -> Result<PathBuf, InstallError> {
    let dir = kernels_dir(location)?.join(name);
    if !dir.join("kernel.json").is_file() {
        return Err(InstallError::Missing(dir));
    }
    std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(prefix: &Path) -> InstallOptions {
        InstallOptions {
            location: Location::Prefix(prefix.to_owned()),
            name: None,
            display_name: None,
            template: None,
            language: Language::JavaScript,
            db: None,
            force: false,
            executable: PathBuf::from("/opt/vmjs"),
        }
    }

    #[test]
    fn installs_refuses_to_overwrite_and_uninstalls() {
        let prefix = tempfile::tempdir().unwrap();
        let dir = install(&options(prefix.path())).unwrap();
        assert_eq!(dir, prefix.path().join("share/jupyter/kernels/vmjs"));
        let spec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("kernel.json")).unwrap())
                .unwrap();
        assert_eq!(
            spec["argv"],
            json!([
                "/opt/vmjs",
                "kernel",
                "--connection-file",
                "{connection_file}"
            ])
        );
        assert_eq!(spec["display_name"], "JavaScript (vmjs)");
        assert_eq!(spec["language"], "javascript");
        assert_eq!(spec["interrupt_mode"], "message");
        assert_eq!(spec["kernel_protocol_version"], "5.5");
        assert!(dir.join("logo-64x64.png").is_file() && dir.join("logo-svg.svg").is_file());
        assert!(matches!(
            install(&options(prefix.path())),
            Err(InstallError::Exists(_))
        ));
        let mut forced = options(prefix.path());
        forced.force = true;
        install(&forced).unwrap();
        let location = Location::Prefix(prefix.path().to_owned());
        uninstall(&location, "vmjs").unwrap();
        assert!(matches!(
            uninstall(&location, "vmjs"),
            Err(InstallError::Missing(_))
        ));
    }

    #[test]
    fn a_typescript_spec_announces_typescript_and_starts_the_kernel_so() {
        let prefix = tempfile::tempdir().unwrap();
        let mut typescript = options(prefix.path());
        typescript.language = Language::TypeScript;
        let dir = install(&typescript).unwrap();
        assert!(
            dir.ends_with("kernels/vmjs-typescript"),
            "{}",
            dir.display()
        );
        let spec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("kernel.json")).unwrap())
                .unwrap();
        assert_eq!(spec["language"], "typescript");
        assert_eq!(spec["display_name"], "TypeScript (vmjs)");
        assert_eq!(spec["argv"][4], "--language");
        assert_eq!(spec["argv"][5], "typescript");
        // Beside the JavaScript one, and per template.
        install(&options(prefix.path())).unwrap();
        typescript.template = Some("strict".into());
        let dir = install(&typescript).unwrap();
        assert!(dir.ends_with("kernels/vmjs-typescript-strict"));
    }

    #[test]
    fn one_spec_per_template() {
        let prefix = tempfile::tempdir().unwrap();
        let mut with_template = options(prefix.path());
        with_template.template = Some("strict".into());
        let dir = install(&with_template).unwrap();
        assert!(dir.ends_with("kernels/vmjs-strict"));
        let spec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("kernel.json")).unwrap())
                .unwrap();
        assert_eq!(spec["argv"][4], "--template");
        assert_eq!(spec["argv"][5], "strict");
        assert_eq!(spec["metadata"]["vmjs"]["template"], "strict");
        let mut bad = options(prefix.path());
        bad.name = Some("../x".into());
        assert!(matches!(install(&bad), Err(InstallError::BadName(_))));
    }
}
