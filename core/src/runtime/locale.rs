//! The locale `Intl` and the `toLocale*` methods use when code names none.
//!
//! boa 0.22 has no embedder setting for it: every call reads the process environment (`LANGUAGE`, `LC_ALL`,
//! `LC_MESSAGES`, `LANG`, through the sys-locale crate) and falls back to the root locale `und` — which is
//! what a container's `LANG=C.UTF-8` gives, printing dates as `1970-01-01` where Node prints `1/1/1970`. So
//! the worker decides once, at init, and writes its choice to `LANGUAGE`, the variable read first: the host's
//! locale when it names one, otherwise `en-US` (what Node uses for `C`/`POSIX`); always `en-US` in
//! deterministic mode, so a notebook's output does not depend on the machine that ran it.

/// The locale of deterministic sessions, and of hosts whose environment names none.
pub(crate) const FALLBACK: &str = "en-US";

/// The variables sys-locale reads, in its order (`LANGUAGE` may hold a `:`-separated list).
const VARIABLES: [&str; 4] = ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"];

/// The default locale as a BCP 47 tag, from `var` (the environment).
pub(crate) fn choose(deterministic: bool, var: impl Fn(&str) -> Option<String>) -> String {
    if deterministic {
        return FALLBACK.to_owned();
    }
    VARIABLES
        .iter()
        .filter_map(|name| var(name))
        .find_map(|value| value.split(':').find_map(bcp47))
        .unwrap_or_else(|| FALLBACK.to_owned())
}

/// `de_DE.UTF-8@euro` → `de-DE`; `None` for `C`, `POSIX`, empty and anything that is not a plain language
/// tag (letters, digits and `-`, starting with a 2–3 letter language).
fn bcp47(posix: &str) -> Option<String> {
    let tag: String = posix
        .chars()
        .take_while(|&c| c != '.' && c != '@')
        .map(|c| if c == '_' { '-' } else { c })
        .collect();
    let mut subtags = tag.split('-');
    let language = subtags.next()?;
    let language_ok =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
    (language_ok && rest_ok).then_some(tag)
}

/// Makes `locale` the default of this process's `Intl`.
///
/// Called once by the worker at init. SAFETY argument for `set_var`: the worker's other threads (the stdin
/// reader, the stdout writer, the hang-up watcher) only move bytes and never read the environment, and Rust's
/// own environment reads are locked against this write.
pub(crate) fn make_default(locale: &str) {
    // SAFETY: see above — no other thread of the worker reads the environment.
    unsafe { std::env::set_var("LANGUAGE", locale) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn the_hosts_locale_is_used_when_it_names_one() {
        assert_eq!(choose(false, env(&[("LANG", "de_DE.UTF-8")])), "de-DE");
        assert_eq!(choose(false, env(&[("LANG", "fr_FR.UTF-8@euro")])), "fr-FR");
        // sys-locale's order: LANGUAGE (a list) before LC_ALL before LANG.
        assert_eq!(
            choose(
                false,
                env(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "sv_SE.UTF-8")])
            ),
            "sv-SE"
        );
        assert_eq!(
            choose(
                false,
                env(&[("LANGUAGE", "C:pt_BR"), ("LANG", "de_DE.UTF-8")])
            ),
            "pt-BR"
        );
    }

    #[test]
    fn c_posix_nothing_and_nonsense_give_en_us() {
        for pairs in [
            &[("LANG", "C.UTF-8")][..],
            &[("LANG", "POSIX")],
            &[("LC_ALL", "C")],
            &[("LANG", "")],
            &[],
            &[("LANG", "../../etc")],
            &[("LANG", "x")],
            &[("LANGUAGE", "::"), ("LANG", "de_DE\u{0}")],
        ] {
            assert_eq!(choose(false, env(pairs)), "en-US", "{pairs:?}");
        }
    }

    #[test]
    fn deterministic_sessions_use_en_us_whatever_the_host_says() {
        assert_eq!(choose(true, env(&[("LANG", "de_DE.UTF-8")])), "en-US");
    }
}
