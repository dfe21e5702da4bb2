//! The lazily installed JavaScript globals ([`super::lazy`]): installed when code mentions one of their names.

use super::lazy::Prelude;
use super::{display, webapi};

/// Every prelude, in the order they are looked for.
pub(super) const PRELUDES: [&Prelude; 3] =
    [&display::PRELUDE, &webapi::PRELUDE, &webapi::FETCH_PRELUDE];
