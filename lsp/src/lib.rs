//! Language server adapter over vmjs-core (not yet implemented; see issue 5).
