//! Using both keys of a dual-key rotation during its overlap.

use crate::handle::Versions;

/// Runs `attempt` with the current value, then with the previous one, and returns the first
/// success: verify a JWT signed with either key, decrypt data sealed with either. When every
/// version fails, the current version's error is returned, the one that matters once the
/// overlap ends.
pub fn try_each<V, R, E>(
    versions: &Versions<V>,
    mut attempt: impl FnMut(&V) -> Result<R, E>,
) -> Result<R, E> {
    match attempt(&versions.current.value) {
        Ok(result) => Ok(result),
        Err(current_error) => match &versions.previous {
            Some(previous) => attempt(&previous.value).map_err(|_| current_error),
            None => Err(current_error),
        },
    }
}
