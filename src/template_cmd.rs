//! `vmjs template create|list|show|set|delete`: templates (profiles) in the store; human output or `--json`.

use std::path::Path;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use vmjs_core::model::{OutputStrategy, Template};
use vmjs_core::redact;

use crate::{exit, open_store};

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// Create a template (settings as for `set`).
    Create {
        name: String,
        #[command(flatten)]
        settings: Box<Settings>,
    },
    /// List templates.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one template.
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Change settings of a template.
    Set {
        name: String,
        #[command(flatten)]
        settings: Box<Settings>,
    },
    /// Delete a template (`default` is built in).
    Delete { name: String },
}

/// Template settings; omitted flags keep the current value.
#[derive(Args, Default)]
pub struct Settings {
    #[arg(long)]
    description: Option<String>,
    /// Wall-clock limit per execution in ms (0 = none).
    #[arg(long)]
    wall_ms: Option<u64>,
    /// Memory cap of the worker in MiB.
    #[arg(long)]
    mem_mb: Option<u64>,
    #[arg(long)]
    max_output_bytes: Option<u64>,
    /// `truncate` or `fail`.
    #[arg(long)]
    output_strategy: Option<String>,
    /// Events per execution (0 = unlimited).
    #[arg(long)]
    max_events: Option<u64>,
    /// boa's loop-iteration guard (0 = unlimited).
    #[arg(long)]
    loop_iterations: Option<u64>,
    /// boa's recursion guard.
    #[arg(long)]
    recursion: Option<u32>,
    /// Grant a capability: `fs.read`, `fs.write`, `env:NAME` or `net:HOST[:PORT]` (fetch; repeatable).
    #[arg(long = "allow")]
    allow: Vec<String>,
    /// Revoke a capability (same names as --allow).
    #[arg(long = "deny")]
    deny: Vec<String>,
    /// Startup files, in order (replaces the list; relative to the session root).
    #[arg(long = "startup", num_args = 1..)]
    startup: Option<Vec<String>>,
    /// Library files evaluated first in every session (replaces the list).
    #[arg(long = "library", num_args = 1..)]
    libraries: Option<Vec<String>>,
    /// Deterministic mode: fixed clock and seeded Math.random.
    #[arg(long)]
    deterministic: Option<bool>,
    #[arg(long)]
    seed: Option<u64>,
    /// Restore sessions by replay after a worker restart.
    #[arg(long)]
    restore: Option<bool>,
    /// `vmjs serve` stops the worker of a session idle this many ms and restores it by replay when it is
    /// used again (0 = never).
    #[arg(long, value_name = "MS")]
    hibernate_after: Option<u64>,
    /// `vmjs serve` and `vmjs mcp` close a session idle this many ms (0 = never).
    #[arg(long, value_name = "MS")]
    close_after: Option<u64>,
    /// A secret to replace with [REDACTED] in all output: `env:NAME` (a granted variable's value),
    /// `literal:VALUE` or `/REGEX/` (repeatable; adds to the list).
    #[arg(long = "redact", value_name = "RULE")]
    redact: Vec<String>,
    /// Remove a rule given with --redact.
    #[arg(long = "unredact", value_name = "RULE")]
    unredact: Vec<String>,
    /// Redact the value of every environment variable the template grants.
    #[arg(long)]
    redact_env: Option<bool>,
}

impl Settings {
    fn apply(self, template: &mut Template) -> anyhow::Result<()> {
        if let Some(description) = self.description {
            template.description = description;
        }
        let limits = &mut template.limits;
        if let Some(ms) = self.wall_ms {
            limits.wall_ms = (ms > 0).then_some(ms);
        }
        if let Some(mb) = self.mem_mb {
            if mb < 16 {
                bail!("--mem-mb must be at least 16");
            }
            limits.mem_mb = mb;
        }
        if let Some(bytes) = self.max_output_bytes {
            limits.max_output_bytes = bytes;
        }
        if let Some(strategy) = self.output_strategy {
            limits.output_strategy = match strategy.as_str() {
                "truncate" => OutputStrategy::Truncate,
                "fail" => OutputStrategy::Fail,
                other => bail!("--output-strategy must be `truncate` or `fail`, not `{other}`"),
            };
        }
        if let Some(n) = self.max_events {
            limits.max_events = (n > 0).then_some(n);
        }
        if let Some(n) = self.loop_iterations {
            limits.loop_iterations = (n > 0).then_some(n);
        }
        if let Some(n) = self.recursion {
            limits.recursion = n;
        }
        for (grant, names) in [(true, self.allow), (false, self.deny)] {
            for name in names {
                let caps = &mut template.capabilities;
                match name.as_str() {
                    "fs.read" => caps.fs_read = grant,
                    "fs.write" => caps.fs_write = grant,
                    other => match (other.strip_prefix("env:"), other.strip_prefix("net:")) {
                        (Some(var), _) if !var.is_empty() => {
                            caps.env.retain(|v| v != var);
                            if grant {
                                caps.env.push(var.to_owned());
                            }
                        }
                        (_, Some(host)) => {
                            let host = vmjs_core::net::NetGrant::parse(host)?.normalized();
                            caps.net.retain(|h| *h != host);
                            if grant {
                                caps.net.push(host);
                            }
                        }
                        _ => bail!(
                            "unknown capability `{other}` (use fs.read, fs.write, env:NAME or net:HOST[:PORT])"
                        ),
                    },
                }
            }
        }
        if let Some(files) = self.startup {
            template.startup_files = files;
        }
        if let Some(files) = self.libraries {
            template.libraries = files;
        }
        let options = &mut template.options;
        if let Some(v) = self.deterministic {
            options.deterministic = v;
        }
        if let Some(v) = self.seed {
            options.seed = v;
        }
        if let Some(v) = self.restore {
            options.restore = v;
        }
        if let Some(ms) = self.hibernate_after {
            options.hibernate_after_ms = (ms > 0).then_some(ms);
        }
        if let Some(ms) = self.close_after {
            options.close_after_ms = (ms > 0).then_some(ms);
        }
        options.redact.retain(|rule| !self.unredact.contains(rule));
        for rule in self.redact {
            if !options.redact.contains(&rule) {
                options.redact.push(rule);
            }
        }
        if let Some(v) = self.redact_env {
            options.redact_env = v;
        }
        redact::check_rules(&options.redact, &template.capabilities.env)?;
        Ok(())
    }
}

pub fn run(db: &Path, command: TemplateCommand) -> anyhow::Result<u8> {
    let mut store = open_store(db)?;
    match command {
        TemplateCommand::Create { name, settings } => {
            if name.trim().is_empty() {
                bail!("a template needs a name");
            }
            let mut template = Template::new(name);
            settings.apply(&mut template)?;
            store.create_template(&template)?;
            println!("created template `{}`", template.name);
        }
        TemplateCommand::List { json } => {
            let templates = store.list_templates()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&templates)?);
            } else {
                for t in templates {
                    println!("{:<20} {}", t.name, t.description);
                }
            }
        }
        TemplateCommand::Show { name, json } => {
            let template = store.template(&name)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&template)?);
            } else {
                print_human(&template);
            }
        }
        TemplateCommand::Set { name, settings } => {
            let mut template = store.template(&name)?;
            settings.apply(&mut template)?;
            store.update_template(&template)?;
            println!("updated template `{name}`");
        }
        TemplateCommand::Delete { name } => {
            store
                .delete_template(&name)
                .with_context(|| format!("deleting `{name}`"))?;
            println!("deleted template `{name}`");
        }
    }
    Ok(exit::OK)
}

fn print_human(t: &Template) {
    let l = &t.limits;
    let or_none = |v: Option<u64>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
    println!("name:          {}", t.name);
    if !t.description.is_empty() {
        println!("description:   {}", t.description);
    }
    println!("wall_ms:       {}", or_none(l.wall_ms));
    println!("mem_mb:        {}", l.mem_mb);
    println!(
        "max_output:    {} bytes ({:?})",
        l.max_output_bytes, l.output_strategy
    );
    println!("max_events:    {}", or_none(l.max_events));
    println!("loop guard:    {}", or_none(l.loop_iterations));
    println!("recursion:     {}", l.recursion);
    let c = &t.capabilities;
    let mut caps = Vec::new();
    if c.fs_read {
        caps.push("fs.read".to_owned());
    }
    if c.fs_write {
        caps.push("fs.write".to_owned());
    }
    caps.extend(c.env.iter().map(|e| format!("env:{e}")));
    caps.extend(c.net.iter().map(|h| format!("net:{h}")));
    println!(
        "capabilities:  {}",
        if caps.is_empty() {
            "none".to_owned()
        } else {
            caps.join(", ")
        }
    );
    println!("libraries:     {}", t.libraries.join(", "));
    println!("startup files: {}", t.startup_files.join(", "));
    let ms_or_never =
        |ms: Option<u64>| ms.map_or_else(|| "never".to_owned(), |ms| format!("{ms} ms"));
    println!(
        "options:       deterministic={} seed={} restore={} hibernate_after={} close_after={}",
        t.options.deterministic,
        t.options.seed,
        t.options.restore,
        ms_or_never(t.options.hibernate_after_ms),
        ms_or_never(t.options.close_after_ms),
    );
    // The rules name secrets by where they come from or by pattern; a literal's value is not shown.
    let mut redact: Vec<String> = t.options.redact.iter().map(|r| redact::shown(r)).collect();
    if t.options.redact_env {
        redact.insert(0, "every granted env value".to_owned());
    }
    if !redact.is_empty() {
        println!("redact:        {}", redact.join(", "));
    }
}
