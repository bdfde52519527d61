//! The time limits the SDK enforces itself, beyond reqwest's per-request
//! timeout: a streaming call's wait for the response head and its overall
//! deadline, and the instants they end at.

use std::time::Duration;

use tokio::time::Instant;

use crate::error::TimeoutKind;

/// Time limits of one call beyond reqwest's own (which ordinary calls use).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Limits {
    /// How long each attempt may wait for the response head.
    pub head: Option<Duration>,
    /// When the whole call must be over, and the limit it comes from.
    pub deadline: Option<(Instant, Duration)>,
}

impl Limits {
    /// Whether either limit is set (ordinary calls: neither, so they need
    /// not read the clock).
    pub fn any(&self) -> bool {
        self.head.is_some() || self.deadline.is_some()
    }

    /// The deadline of an attempt starting at `now` and the limit behind it,
    /// or `None` when neither limit is set.
    pub fn attempt(&self, now: Instant) -> Option<(Instant, TimeoutKind, Duration)> {
        let head = self
            .head
            .map(|limit| (after_from(now, limit), TimeoutKind::StreamHead, limit));
        let total = self
            .deadline
            .map(|(at, limit)| (at, TimeoutKind::StreamTotal, limit));
        match (head, total) {
            (Some(h), Some(t)) => Some(if t.0 <= h.0 { t } else { h }),
            (h, t) => h.or(t),
        }
    }
}

/// A limit that never ends a call: about 30 years (far enough, and within
/// what every platform's clock can add).
pub(crate) const UNCAPPED: Duration = Duration::from_secs(60 * 60 * 24 * 365 * 30);

/// `now + limit`, saturating far in the future for huge limits.
fn after_from(now: Instant, limit: Duration) -> Instant {
    now.checked_add(limit).unwrap_or_else(|| now + UNCAPPED)
}

/// The instant `limit` from now (saturating).
pub(crate) fn after(limit: Duration) -> Instant {
    after_from(Instant::now(), limit)
}
