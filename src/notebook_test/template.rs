//! Which template runs a notebook: the notebook's kernelspec name → that installed kernelspec's
//! `metadata.vmjs.template` (written by `vmjs kernel install --template`) → the notebook's own
//! `metadata.vmjs.template` → `default`.

use std::path::PathBuf;

use serde_json::{Map, Value};
use vmjs_kernel::install::{Location, kernels_dir};

/// The template name for a notebook with this metadata.
pub fn choose(metadata: &Map<String, Value>) -> String {
    let from_spec = metadata
        .get("kernelspec")
        .and_then(|spec| spec.get("name"))
        .and_then(Value::as_str)
        .and_then(kernelspec_template);
    let from_notebook = || {
        metadata
            .get("vmjs")
            .and_then(|vmjs| vmjs.get("template"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    from_spec
        .or_else(from_notebook)
        .unwrap_or_else(|| vmjs_core::model::DEFAULT_TEMPLATE.to_owned())
}

/// `metadata.vmjs.template` of the installed kernelspec `name`, searched where Jupyter looks.
fn kernelspec_template(name: &str) -> Option<String> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return None;
    }
    kernel_dirs().into_iter().find_map(|dir| {
        let text = std::fs::read_to_string(dir.join(name).join("kernel.json")).ok()?;
        let spec: Value = serde_json::from_str(&text).ok()?;
        spec.pointer("/metadata/vmjs/template")
            .and_then(Value::as_str)
            .map(str::to_owned)
    })
}

/// Jupyter's kernelspec directories, in its order: `JUPYTER_PATH`, the user's data directory, the
/// active environment, then the system ones.
fn kernel_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("JUPYTER_PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("kernels"))
                .collect()
        })
        .unwrap_or_default();
    dirs.extend(kernels_dir(&Location::User).ok());
    for variable in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
        if let Some(prefix) = std::env::var_os(variable).filter(|p| !p.is_empty()) {
            dirs.extend(kernels_dir(&Location::Prefix(prefix.into())).ok());
        }
    }
    dirs.push("/usr/local/share/jupyter/kernels".into());
    dirs.push("/usr/share/jupyter/kernels".into());
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn notebook_metadata_then_default() {
        let metadata =
            json!({"kernelspec": {"name": "no-such-kernel-here"}, "vmjs": {"template": "nb"}});
        assert_eq!(choose(metadata.as_object().unwrap()), "nb");
        assert_eq!(choose(&Map::new()), "default");
    }
}
