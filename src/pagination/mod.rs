//! Pagination: a list operation as a [`Stream`] of pages or of items.
//!
//! Page-numbered lists (`page`/`pageSize` in, `list` and `totalPages` out)
//! get `.pages()` and `.into_stream()` on their request builder, generated
//! where the spec the crate was built from has them: see [`numbered`].
//!
//! Cursor pagination: turn "fetch one page at this cursor" into a
//! [`Stream`] of items.
//!
//! The API's cursor-paginated lists (the works and comments lists of the
//! full spec) take a `pagination` query object with a `cursor` and answer
//! with a `pagination` object keyed by `mode`; in `cursor` mode it carries
//! `nextCursor` and `hasNext`. Which operations have that shape depends on
//! the spec the crate was built from, so the helper is generic: give it a
//! closure that fetches the page at a cursor and returns a [`Page`].
//!
//! ```no_run
//! # async fn demo() -> aitoearn::Result<()> {
//! use aitoearn::pagination::{paginate, Page};
//! use futures_util::{StreamExt, TryStreamExt};
//! # async fn fetch(_: Option<String>) -> aitoearn::Result<(Vec<u32>, Option<String>, bool)> { Ok((vec![], None, false)) }
//! // `fetch` calls a list method with `cursor` and returns its items,
//! // `nextCursor` and `hasNext`.
//! let first_fifty: Vec<u32> = paginate(None, |cursor| async move {
//!     let (items, next_cursor, has_next) = fetch(cursor).await?;
//!     Ok(Page::new(items, next_cursor, has_next))
//! })
//! .take(50)
//! .try_collect()
//! .await?;
//! # Ok(()) }
//! ```
//!
//! Stop early by dropping the stream (or `take`); resume later by passing the
//! last [`Page::next_cursor`] seen as the starting cursor.

use std::future::Future;

use futures_core::Stream;

use crate::error::{Error, Result};

pub mod numbered;

/// One page of a cursor-paginated list; build one with [`Page::new`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// The cursor of the next page (`nextCursor`), when the server sent one.
    pub next_cursor: Option<String>,
    /// Whether there is a next page (`hasNext`).
    pub has_next: bool,
}

impl<T> Page<T> {
    /// A page of `items`, with the cursor of the next page and whether there
    /// is one.
    pub fn new(items: Vec<T>, next_cursor: Option<String>, has_next: bool) -> Self {
        Self {
            items,
            next_cursor,
            has_next,
        }
    }
}

impl<T: serde::de::DeserializeOwned> Page<T> {
    /// Read a page from a list response as JSON: its `items_field` array and
    /// its `pagination` object (`{mode, nextCursor, hasNext, ...}`). A page
    /// with no `pagination` (or a non-cursor mode without `hasNext`) is the last.
    pub fn from_json(value: &serde_json::Value, items_field: &str) -> Result<Self> {
        let items = match value.get(items_field) {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(items) => {
                serde_json::from_value(items.clone()).map_err(|e| Error::InvalidResponse {
                    http_status: reqwest::StatusCode::OK,
                    request_id: None,
                    reason: format!(
                        "`{items_field}` is not a list of {}: {e}",
                        std::any::type_name::<T>()
                    ),
                    snippet: crate::error::snippet(items.to_string().as_bytes()),
                })?
            }
        };
        let pagination = value.get("pagination");
        let field = |name: &str| pagination.and_then(|p| p.get(name));
        Ok(Self {
            items,
            next_cursor: field("nextCursor")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
            has_next: field("hasNext")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
        })
    }
}

/// A stream of every item, fetching pages on demand from `start` (`None` for
/// the first page), following `next_cursor` while `has_next` is true.
///
/// The stream ends after the last page, after an error (which it yields), or
/// when a page says it has a next page but gives no cursor, or repeats the
/// cursor it was fetched with (which would loop forever).
pub fn paginate<T, F, Fut>(start: Option<String>, fetch: F) -> impl Stream<Item = Result<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    struct State<T, F> {
        fetch: F,
        cursor: Option<String>,
        buffered: std::vec::IntoIter<T>,
        done: bool,
    }
    let state = State {
        fetch,
        cursor: start,
        buffered: Vec::new().into_iter(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffered.next() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            let asked = state.cursor.clone();
            match (state.fetch)(asked.clone()).await {
                Ok(page) => {
                    let next = page
                        .next_cursor
                        .filter(|c| page.has_next && Some(c) != asked.as_ref());
                    state.done = next.is_none();
                    state.cursor = next;
                    state.buffered = page.items.into_iter();
                }
                Err(e) => {
                    state.done = true;
                    return Some((Err(e), state));
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{StreamExt, TryStreamExt};
    use std::sync::{Arc, Mutex};

    fn pages() -> impl FnMut(Option<String>) -> std::future::Ready<Result<Page<u32>>> + Clone {
        move |cursor: Option<String>| {
            let at: u32 = cursor.as_deref().map_or(0, |c| c.parse().unwrap());
            let items: Vec<u32> = (at..(at + 3).min(8)).collect();
            let has_next = at + 3 < 8;
            std::future::ready(Ok(Page {
                items,
                next_cursor: has_next.then(|| (at + 3).to_string()),
                has_next,
            }))
        }
    }

    #[tokio::test]
    async fn follows_cursors_until_the_last_page() {
        let all: Vec<u32> = paginate(None, pages()).try_collect().await.unwrap();
        assert_eq!(all, (0..8).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn stops_early_and_resumes_from_a_cursor() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let mut fetch = pages();
        let first: Vec<u32> = paginate(None, move |c: Option<String>| {
            log.lock().unwrap().push(c.clone());
            fetch(c)
        })
        .take(2)
        .try_collect()
        .await
        .unwrap();
        assert_eq!(first, [0, 1]);
        assert_eq!(
            *seen.lock().unwrap(),
            [None],
            "a dropped stream fetches no further page"
        );
        let rest: Vec<u32> = paginate(Some("6".into()), pages())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(rest, [6, 7]);
    }

    #[tokio::test]
    async fn errors_end_the_stream_and_repeated_cursors_do_not_loop() {
        let mut calls = 0;
        let items: Vec<Result<u32>> = paginate(None, |_| {
            calls += 1;
            let page = if calls == 1 {
                Ok(Page {
                    items: vec![1],
                    next_cursor: Some("a".into()),
                    has_next: true,
                })
            } else {
                Err(Error::Config("boom".into()))
            };
            std::future::ready(page)
        })
        .collect()
        .await;
        assert_eq!(items.len(), 2);
        assert!(items[1].is_err());
        let looping: Vec<u32> = paginate(Some("same".into()), |_| {
            std::future::ready(Ok(Page {
                items: vec![9],
                next_cursor: Some("same".into()),
                has_next: true,
            }))
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(looping, [9]);
    }

    #[test]
    fn pages_read_from_list_json() {
        let value = serde_json::json!({"items": [1, 2], "pagination": {"mode": "cursor", "nextCursor": "c2", "hasNext": true, "limit": 2}});
        let page: Page<u32> = Page::from_json(&value, "items").unwrap();
        assert_eq!(
            page,
            Page {
                items: vec![1, 2],
                next_cursor: Some("c2".into()),
                has_next: true
            }
        );
        let last: Page<u32> = Page::from_json(&serde_json::json!({"items": []}), "items").unwrap();
        assert!(!last.has_next);
    }
}
