//! Catching the generator's panics without the panic hook printing them.
//!
//! progenitor and typify report some unsupported constructs with `todo!` or
//! `panic!`. The generator runs them under `catch_unwind`; while it does, a
//! panic on this thread is not printed (a build script's stderr would fill
//! with backtraces of panics that are caught and reported as errors). Panics
//! on other threads still reach the previous hook, which is restored after.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Arc;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`; a panic becomes `Err` with its message.
pub fn catch_quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let previous = Arc::new(panic::take_hook());
    let forward = Arc::clone(&previous);
    panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        if !QUIET.with(Cell::get) {
            forward(info);
        }
    }));
    let was_quiet = QUIET.with(|q| q.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    // Drop our hook (and its reference to the previous one) before restoring.
    drop(panic::take_hook());
    match Arc::try_unwrap(previous) {
        Ok(hook) => panic::set_hook(hook),
        // Another thread installed its hook over ours meanwhile: forward to ours' target.
        Err(shared) => panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| shared(info))),
    }
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_a_value_passes_through() {
        assert_eq!(catch_quietly(|| 7), Ok(7));
        assert_eq!(
            catch_quietly(|| -> u8 { panic!("not yet implemented: {}", "x") }),
            Err("not yet implemented: x".to_string())
        );
        assert_eq!(
            catch_quietly(|| -> u8 { std::panic::panic_any(3u8) }),
            Err("a panic without a message".to_string())
        );
    }
}
