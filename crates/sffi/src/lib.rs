//! SFFI wrappers (in progress).
