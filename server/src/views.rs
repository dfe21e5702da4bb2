//! The JSON the API answers with: vm-system's fields (so its clients read them) plus vmjs's own.

use serde_json::{Map, Value, json};
use vmjs_core::model::{ExecutionKind, ExecutionRecord, SessionRecord, Template};

use crate::state::LiveSession;

/// The engine name templates report.
pub const ENGINE: &str = "boa";

/// RFC 3339 (UTC, milliseconds) of a time in ms since the Unix epoch.
pub fn timestamp(ms: i64) -> Value {
    let nanos = i128::from(ms) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map_or(Value::Null, Value::String)
}

/// A template: vm-system's `VM` (`id`, `name`, `engine`, `is_active`, `exposed_modules`, `libraries`) and
/// vmjs's settings (`description`, `limits`, `capabilities`, `startup_files`, `options`).
pub fn template(template: &Template) -> Value {
    let mut object = match serde_json::to_value(template) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    object.insert("options".into(), runtime_options(template));
    object.insert("id".into(), Value::String(template.id()));
    object.insert("engine".into(), Value::String(ENGINE.into()));
    object.insert("is_active".into(), Value::Bool(true));
    object.insert("exposed_modules".into(), json!([]));
    Value::Object(object)
}

/// A template's capabilities as vm-system lists them (`{id, vm_id, kind, name, enabled, config}`): `fs`
/// `read`/`write`, `env` with the variable's name, `net` with the host (`HOST[:PORT]`).
pub fn capabilities(template: &Template) -> Value {
    let id = template.id();
    let mut list = Vec::new();
    let mut push = |kind: &str, name: &str| {
        list.push(capability(&id, kind, name));
    };
    if template.capabilities.fs_read {
        push("fs", "read");
    }
    if template.capabilities.fs_write {
        push("fs", "write");
    }
    for name in &template.capabilities.env {
        push("env", name);
    }
    for host in &template.capabilities.net {
        push("net", host);
    }
    Value::Array(list)
}

/// One capability; its id is derived from the template's, the kind and the name (stable, no column).
pub fn capability(template_id: &str, kind: &str, name: &str) -> Value {
    json!({
        "id": vmjs_core::model::template_id(&format!("{template_id}/{kind}/{name}")),
        "vm_id": template_id,
        "kind": kind,
        "name": name,
        "enabled": true,
        "config": {},
    })
}

/// The gap between two startup files' `order_index`es as reported (room to insert between them).
pub const ORDER_STEP: i64 = 10;

/// A template's startup files as vm-system lists them (`{id, vm_id, path, order_index, mode}`).
pub fn startup_files(template: &Template) -> Value {
    let id = template.id();
    Value::Array(
        template
            .startup_files
            .iter()
            .enumerate()
            .map(|(index, path)| startup_file(&id, path, (index as i64 + 1) * ORDER_STEP))
            .collect(),
    )
}

pub fn startup_file(template_id: &str, path: &str, order_index: i64) -> Value {
    json!({
        "id": vmjs_core::model::template_id(&format!("{template_id}/startup/{path}")),
        "vm_id": template_id,
        "path": path,
        "order_index": order_index,
        "mode": "eval",
    })
}

/// The template's runtime options, literal secrets of its redaction rules hidden.
fn runtime_options(template: &Template) -> Value {
    let mut options = template.options.clone();
    options.redact = options
        .redact
        .iter()
        .map(|rule| vmjs_core::redact::shown(rule))
        .collect();
    serde_json::to_value(options).unwrap_or(Value::Null)
}

/// vm-system's template detail: `{template, settings, capabilities, startup_files}`.
pub fn template_detail(template: &Template) -> Value {
    json!({
        "template": self::template(template),
        "settings": {
            "vm_id": template.id(),
            "limits": template.limits,
            "runtime": runtime_options(template),
        },
        "capabilities": capabilities(template),
        "startup_files": startup_files(template),
    })
}

/// A session: vm-system's fields (`vm_id`, `worktree_path`, RFC 3339 times) and vmjs's (`number`, `template`,
/// `root`, times in ms), plus what this server knows of it while it holds it (`live`, `queue_length`,
/// `running_execution_id`).
pub fn session(record: &SessionRecord, live: Option<&LiveSession>) -> Value {
    let mut object = match serde_json::to_value(record) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    object.insert(
        "vm_id".into(),
        Value::String(vmjs_core::model::template_id(&record.template)),
    );
    object.insert("worktree_path".into(), Value::String(record.root.clone()));
    object.insert("created_at".into(), timestamp(record.created_at_ms));
    object.insert(
        "closed_at".into(),
        record.closed_at_ms.map_or(Value::Null, timestamp),
    );
    object.insert("live".into(), Value::Bool(live.is_some()));
    object.insert(
        "hibernating".into(),
        Value::Bool(live.is_some_and(|live| live.session.is_hibernating())),
    );
    object.insert(
        "queue_length".into(),
        json!(live.map_or(0, LiveSession::queue_length)),
    );
    object.insert(
        "running_execution_id".into(),
        live.and_then(LiveSession::running)
            .map_or(Value::Null, Value::String),
    );
    Value::Object(object)
}

/// An execution: vmjs's record (without events) plus vm-system's `path` (run-file), `args`, `env` and RFC 3339
/// times. `queued` marks one that waits for the executions before it.
pub fn execution(record: &ExecutionRecord, queued: bool) -> Value {
    let mut object = match serde_json::to_value(record) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    };
    object.remove("events");
    if queued {
        object.insert("status".into(), Value::String("queued".into()));
    }
    if record.kind != ExecutionKind::Repl {
        object.insert("path".into(), Value::String(record.source_name.clone()));
    }
    object.insert("started_at".into(), timestamp(record.started_at_ms));
    object.insert(
        "ended_at".into(),
        record.ended_at_ms.map_or(Value::Null, timestamp),
    );
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_detail_does_not_show_literal_secrets() {
        let mut template = Template::new("t");
        template.options.redact = vec!["literal:hunter2-pw".into(), "/sk-[a-z]{8}/".into()];
        let detail = template_detail(&template).to_string();
        assert!(!detail.contains("hunter2-pw"), "{detail}");
        assert!(detail.contains("literal:[REDACTED]"), "{detail}");
        assert!(detail.contains("/sk-[a-z]{8}/"), "{detail}");
    }
}
