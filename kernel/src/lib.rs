//! Jupyter kernel adapter over vmjs-core (not yet implemented; see issue 4).
