//! `/api/v1/templates`: vm-system's template resources over vmjs's templates (stored by name; addressed here by
//! the UUID v5 of the name, [`vmjs_core::model::template_id`]).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use vmjs_core::model::{Capabilities, Limits, RuntimeOptions, Template};
use vmjs_core::net::NetGrant;
use vmjs_core::store::{Store, StoreError};

use crate::error::{ApiError, ApiResult};
use crate::extract::{PathId, PathIdName, StrictJson};
use crate::state::AppState;
use crate::views;

type Shared = State<Arc<AppState>>;

/// The longest template name.
const MAX_NAME: usize = 128;

/// The template whose id is `id`, or 404 `TEMPLATE_NOT_FOUND`.
pub fn find(store: &Store, id: &str) -> Result<Option<Template>, StoreError> {
    Ok(store.list_templates()?.into_iter().find(|t| t.id() == id))
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found("TEMPLATE_NOT_FOUND", format!("template {id} not found"))
        .details(json!({ "template_id": id }))
}

async fn get_template(state: &Arc<AppState>, id: String) -> ApiResult<Template> {
    let lookup = id.clone();
    state
        .store(move |store| find(store, &lookup))
        .await?
        .ok_or_else(|| not_found(&id))
}

/// Reads template `id`, lets `change` edit it and writes it back; one change at a time in this server.
async fn change_template<R: Send + 'static>(
    state: &Arc<AppState>,
    id: String,
    change: impl FnOnce(&mut Template) -> ApiResult<R> + Send + 'static,
) -> ApiResult<R> {
    let writes = Arc::clone(&state.template_writes);
    let _turn = writes.lock().await;
    let mut template = get_template(state, id).await?;
    let answer = change(&mut template)?;
    state
        .store(move |store| store.update_template(&template))
        .await?;
    Ok(answer)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateTemplate {
    name: String,
    /// vm-system's field: `boa`, `vmjs`, or `goja` (its clients' default; vmjs runs the JavaScript on boa).
    #[serde(default)]
    engine: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    limits: Option<Value>,
    #[serde(default)]
    capabilities: Option<Value>,
    #[serde(default)]
    options: Option<Value>,
    #[serde(default)]
    startup_files: Vec<String>,
    #[serde(default)]
    libraries: Vec<String>,
}

/// `value` as `T`, refusing fields `T` does not have (serde's `default` containers accept them silently).
fn strict_part<T>(what: &str, value: Option<Value>) -> ApiResult<T>
where
    T: serde::de::DeserializeOwned + serde::Serialize + Default,
{
    let Some(value) = value else {
        return Ok(T::default());
    };
    let known = match serde_json::to_value(T::default()) {
        Ok(Value::Object(object)) => object,
        _ => serde_json::Map::new(),
    };
    if let Value::Object(given) = &value
        && let Some(unknown) = given.keys().find(|key| !known.contains_key(*key))
    {
        return Err(
            ApiError::invalid_request(format!("{what}: unknown field `{unknown}`"))
                .details(json!({ "known": known.keys().collect::<Vec<_>>() })),
        );
    }
    serde_json::from_value(value)
        .map_err(|error| ApiError::invalid_request(format!("{what}: {error}")))
}

fn check_name(name: &str) -> ApiResult<()> {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "name must be 1–{MAX_NAME} characters of A–Z, a–z, 0–9, `-`, `_`, `.`"
        )))
    }
}

/// A path relative to a session root that stays inside it (no absolute path, no `..`); 422 `INVALID_PATH`
/// otherwise. (Where the root is known, files are also opened beneath it, so links cannot lead out either.)
pub fn check_relative(path: &str) -> ApiResult<()> {
    let escapes = path.is_empty()
        || path.contains('\0')
        || path.starts_with('/')
        || path.starts_with('\\')
        || std::path::Path::new(path).components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
    if escapes {
        Err(ApiError::invalid_path(format!(
            "`{path}` is not a relative path inside the session root"
        ))
        .details(json!({ "path": path })))
    } else {
        Ok(())
    }
}

pub async fn list(State(state): Shared) -> ApiResult<Json<Value>> {
    let templates = state.store(|store| store.list_templates()).await?;
    Ok(Json(Value::Array(
        templates.iter().map(views::template).collect(),
    )))
}

pub async fn create(
    State(state): Shared,
    StrictJson(body): StrictJson<CreateTemplate>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    check_name(&body.name)?;
    match body.engine.as_deref() {
        None | Some("" | "boa" | "vmjs" | "goja") => {}
        Some(other) => {
            return Err(ApiError::validation(format!(
                "engine `{other}` is not available: vmjs runs JavaScript on boa"
            ))
            .details(json!({ "engines": ["boa"] })));
        }
    }
    for path in body.startup_files.iter().chain(&body.libraries) {
        check_relative(path)?;
    }
    let mut capabilities = strict_part::<Capabilities>("capabilities", body.capabilities)?;
    capabilities.net = capabilities
        .net
        .iter()
        .map(|host| NetGrant::parse(host).map(|grant| grant.normalized()))
        .collect::<Result<_, _>>()
        .map_err(|error| ApiError::validation(error.to_string()))?;
    let template = Template {
        name: body.name,
        description: body.description.unwrap_or_default(),
        limits: strict_part::<Limits>("limits", body.limits)?,
        capabilities,
        startup_files: body.startup_files,
        libraries: body.libraries,
        options: strict_part::<RuntimeOptions>("options", body.options)?,
    };
    vmjs_core::redact::check_rules(&template.options.redact, &template.capabilities.env)
        .map_err(|error| ApiError::validation(error.to_string()))?;
    let answer = views::template(&template);
    state
        .store(move |store| store.create_template(&template))
        .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

pub async fn get(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    let template = get_template(&state, id).await?;
    Ok(Json(views::template_detail(&template)))
}

pub async fn delete(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    let template = get_template(&state, id.clone()).await?;
    state
        .store(move |store| store.delete_template(&template.name))
        .await?;
    Ok(Json(json!({ "status": "ok", "template_id": id })))
}

pub async fn list_capabilities(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    Ok(Json(views::capabilities(&get_template(&state, id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddCapability {
    kind: String,
    name: String,
    #[serde(default = "enabled_by_default")]
    enabled: bool,
    #[serde(default)]
    config: Option<Value>,
}

fn enabled_by_default() -> bool {
    true
}

/// Grants (or with `enabled: false`, revokes) `fs` `read`/`write` or `env` `NAME`.
pub async fn add_capability(
    State(state): Shared,
    PathId(id): PathId,
    StrictJson(body): StrictJson<AddCapability>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if body.kind.is_empty() || body.name.is_empty() {
        return Err(ApiError::validation("kind and name are required"));
    }
    if body
        .config
        .as_ref()
        .is_some_and(|c| c != &json!({}) && !c.is_null())
    {
        return Err(ApiError::validation(
            "config is not used by any vmjs capability: leave it out or `{}`",
        ));
    }
    let (kind, name, enabled) = (body.kind, body.name, body.enabled);
    let template_id = id.clone();
    let answer = change_template(&state, id, move |template| {
        let caps = &mut template.capabilities;
        match (kind.as_str(), name.as_str()) {
            ("fs", "read") => caps.fs_read = enabled,
            ("fs", "write") => caps.fs_write = enabled,
            ("env", variable) => {
                caps.env.retain(|v| v != variable);
                if enabled {
                    caps.env.push(variable.to_owned());
                    caps.env.sort();
                }
            }
            ("net", host) => {
                let host = NetGrant::parse(host)
                    .map_err(|error| ApiError::validation(error.to_string()))?
                    .normalized();
                caps.net.retain(|h| *h != host);
                if enabled {
                    caps.net.push(host);
                    caps.net.sort();
                }
            }
            _ => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "CAPABILITY_NOT_SUPPORTED",
                    format!("capability {kind}/{name} does not exist in vmjs"),
                )
                .details(json!({ "supported": ["fs/read", "fs/write", "env/<VARIABLE>", "net/<HOST[:PORT]>"] })));
            }
        }
        let mut answer = views::capability(&template_id, &kind, &name);
        answer["enabled"] = Value::Bool(enabled);
        Ok(answer)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

pub async fn list_startup_files(
    State(state): Shared,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    Ok(Json(views::startup_files(&get_template(&state, id).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddStartupFile {
    path: String,
    /// Position among the files as listed now (10, 20, 30, …): the file goes before the first one listed with
    /// a larger index; absent = last. vmjs keeps the order, not the numbers.
    #[serde(default)]
    order_index: Option<i64>,
    #[serde(default)]
    mode: Option<String>,
}

pub async fn add_startup_file(
    State(state): Shared,
    PathId(id): PathId,
    StrictJson(body): StrictJson<AddStartupFile>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if body.path.is_empty() {
        return Err(ApiError::validation("path is required"));
    }
    let mode = body.mode.as_deref().map(str::trim).unwrap_or("eval");
    if !mode.is_empty() && !mode.eq_ignore_ascii_case("eval") {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "STARTUP_MODE_UNSUPPORTED",
            "startup files are evaluated as scripts: mode `eval` is the only one",
        )
        .details(json!({ "requested_mode": mode, "supported_modes": ["eval"] })));
    }
    check_relative(&body.path)?;
    let template_id = id.clone();
    let answer = change_template(&state, id, move |template| {
        let files = &mut template.startup_files;
        files.retain(|p| *p != body.path);
        let at = body.order_index.map_or(files.len(), |order| {
            // File i is listed as (i + 1) * ORDER_STEP.
            (0..files.len())
                .find(|&i| (i as i64 + 1) * views::ORDER_STEP > order)
                .unwrap_or(files.len())
        });
        files.insert(at, body.path.clone());
        Ok(views::startup_file(
            &template_id,
            &body.path,
            (at as i64 + 1) * views::ORDER_STEP,
        ))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

/// vmjs has no native modules: the list is empty.
pub async fn list_modules(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    get_template(&state, id).await?;
    Ok(Json(json!([])))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    name: String,
}

pub async fn add_module(
    State(state): Shared,
    PathId(id): PathId,
    StrictJson(body): StrictJson<Named>,
) -> ApiResult<Json<Value>> {
    get_template(&state, id).await?;
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "MODULE_NOT_ALLOWED",
        format!(
            "module `{}` is not available: vmjs has no native modules (files are granted by capabilities)",
            body.name
        ),
    )
    .details(json!({ "allowed": [] })))
}

pub async fn remove_module(
    State(state): Shared,
    PathIdName(id, name): PathIdName,
) -> ApiResult<Json<Value>> {
    get_template(&state, id).await?;
    Err(ApiError::not_found(
        "MODULE_NOT_FOUND",
        format!("the template has no module `{name}`"),
    ))
}

pub async fn list_libraries(State(state): Shared, PathId(id): PathId) -> ApiResult<Json<Value>> {
    Ok(Json(json!(get_template(&state, id).await?.libraries)))
}

/// Adds a library: a JavaScript file (relative to the session root) evaluated into every new session.
pub async fn add_library(
    State(state): Shared,
    PathId(id): PathId,
    StrictJson(body): StrictJson<Named>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if body.name.is_empty() {
        return Err(ApiError::validation("name is required"));
    }
    check_relative(&body.name)?;
    let template_id = id.clone();
    let name = body.name;
    let answer = change_template(&state, id, move |template| {
        if !template.libraries.contains(&name) {
            template.libraries.push(name.clone());
        }
        Ok(json!({ "template_id": template_id, "name": name }))
    })
    .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

pub async fn remove_library(
    State(state): Shared,
    PathIdName(id, name): PathIdName,
) -> ApiResult<Json<Value>> {
    let template_id = id.clone();
    change_template(&state, id, move |template| {
        let before = template.libraries.len();
        template.libraries.retain(|l| *l != name);
        if template.libraries.len() == before {
            return Err(ApiError::not_found(
                "LIBRARY_NOT_FOUND",
                format!("the template has no library `{name}`"),
            ));
        }
        Ok(Json(
            json!({ "status": "ok", "template_id": template_id, "name": name }),
        ))
    })
    .await
}
