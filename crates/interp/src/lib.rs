//! The Simple interpreter (in progress).
