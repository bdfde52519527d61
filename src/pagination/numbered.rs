//! Page-numbered lists: `page`/`pageSize` in, `list` with `totalPages` out.
//!
//! The generator gives the request builder of every list operation of that
//! shape two methods (the surface file lists them, and says why a list has
//! none):
//!
//! - `.pages()`: a [`Stream`] of the typed pages (the response data), from
//!   the builder's `page` (1 when unset) to the last page;
//! - `.into_stream()`: a [`Stream`] of the typed items of those pages.
//!
//! Each page is one `.send()` of the same request with the next page number,
//! so the client's retries, timeouts and hooks apply to each. The stream
//! ends after the page numbered `totalPages`, after a page with no items,
//! or after an error, which it yields last. A server that answers another
//! page number than the one asked for (so that the next request could
//! repeat a page forever) ends the stream with [`Error::InvalidResponse`].
//!
//! ```no_run
//! # async fn demo<R>(request: R) -> aitoearn::Result<()>
//! # where R: aitoearn::pagination::numbered::PageRequest, R::Page: aitoearn::pagination::numbered::NumberedPage {
//! use futures_util::TryStreamExt;
//! use aitoearn::pagination::numbered::{into_stream, NumberedPage};
//! // With a whole-API build: `client.list_video_tasks().page_size(50).into_stream()`.
//! let items: Vec<<R::Page as NumberedPage>::Item> = into_stream(request).try_collect().await?;
//! # let _ = items; Ok(()) }
//! ```

use std::future::Future;

use futures_core::Stream;
use futures_util::StreamExt;

use crate::error::{Error, Result};

/// A request of a page-numbered list: sent once per page.
pub trait PageRequest: Clone {
    /// The typed data of one page.
    type Page: NumberedPage;
    /// The page this request asks for (`None`: the API's default, page 1).
    fn page_number(&self) -> Option<i64>;
    /// The same request for page `page`.
    fn with_page_number(self, page: i64) -> Self;
    /// Send the request.
    fn fetch(self) -> impl Future<Output = Result<Self::Page>> + Send;
}

/// One page of a page-numbered list.
pub trait NumberedPage {
    /// The type of the list's items.
    type Item;
    /// The page number the server says this page is, when it says one.
    fn page_number(&self) -> Option<i64>;
    /// How many pages there are, when the server says.
    fn total_pages(&self) -> Option<i64>;
    /// How many items this page has.
    fn item_count(&self) -> usize;
    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Every page from `request`'s page on: see the [module docs](self).
pub fn pages<R: PageRequest>(request: R) -> impl Stream<Item = Result<R::Page>> {
    let first = request.page_number().unwrap_or(1);
    futures_util::stream::unfold(Some((request, first)), |state| async move {
        let (request, asked) = state?;
        let page = match request.clone().with_page_number(asked).fetch().await {
            Ok(page) => page,
            Err(e) => return Some((Err(e), None)),
        };
        if let Some(answered) = page.page_number().filter(|n| *n != asked) {
            let e = Error::InvalidResponse {
                http_status: reqwest::StatusCode::OK,
                request_id: None,
                reason: format!(
                    "asked for page {asked} of a page-numbered list, the server answered page \
                     {answered}; paging stopped (it could repeat pages forever)"
                ),
                snippet: String::new(),
            };
            return Some((Err(e), None));
        }
        let last = page.item_count() == 0 || page.total_pages().is_some_and(|t| asked >= t);
        let next = (!last).then(|| (request, asked.saturating_add(1)));
        Some((Ok(page), next))
    })
}

/// Every item of every page from `request`'s page on: see the
/// [module docs](self).
pub fn into_stream<R: PageRequest>(
    request: R,
) -> impl Stream<Item = Result<<R::Page as NumberedPage>::Item>> {
    pages(request).flat_map(|page| {
        let items: Vec<Result<_>> = match page {
            Ok(page) => page.into_items().into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        futures_util::stream::iter(items)
    })
}

/// A count as the generated types hold it (`i64`, `f64`, optional or not),
/// as a page number.
pub trait AsPageCount {
    /// The count, when there is one and it is a whole number.
    fn as_page_count(&self) -> Option<i64>;
}

impl AsPageCount for i64 {
    fn as_page_count(&self) -> Option<i64> {
        Some(*self)
    }
}

impl AsPageCount for f64 {
    fn as_page_count(&self) -> Option<i64> {
        // Whole numbers within i64's range only; anything else is no count.
        (self.fract() == 0.0 && self.abs() < 9.0e18).then_some(*self as i64)
    }
}

impl<T: AsPageCount> AsPageCount for Option<T> {
    fn as_page_count(&self) -> Option<i64> {
        self.as_ref().and_then(AsPageCount::as_page_count)
    }
}

/// A list as the generated types hold it (`Vec<T>`, optional or not).
pub trait AsItems<T> {
    /// How many items.
    fn item_count(&self) -> usize;
    /// The items.
    fn into_items(self) -> Vec<T>;
}

impl<T> AsItems<T> for Vec<T> {
    fn item_count(&self) -> usize {
        self.len()
    }
    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<T> AsItems<T> for Option<Vec<T>> {
    fn item_count(&self) -> usize {
        self.as_ref().map_or(0, Vec::len)
    }
    fn into_items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;
    use std::sync::{Arc, Mutex};

    /// A list of `total` items, `size` per page; `answer` maps the asked page
    /// to the page the "server" says it is.
    #[derive(Clone)]
    struct List {
        page: Option<i64>,
        total: i64,
        size: i64,
        answer: fn(i64) -> i64,
        fail_on: Option<i64>,
        asked: Arc<Mutex<Vec<i64>>>,
    }

    struct Data {
        page: i64,
        total_pages: Option<i64>,
        list: Vec<i64>,
    }

    impl NumberedPage for Data {
        type Item = i64;
        fn page_number(&self) -> Option<i64> {
            Some(self.page)
        }
        fn total_pages(&self) -> Option<i64> {
            self.total_pages
        }
        fn item_count(&self) -> usize {
            self.list.len()
        }
        fn into_items(self) -> Vec<i64> {
            self.list
        }
    }

    impl PageRequest for List {
        type Page = Data;
        fn page_number(&self) -> Option<i64> {
            self.page
        }
        fn with_page_number(mut self, page: i64) -> Self {
            self.page = Some(page);
            self
        }
        async fn fetch(self) -> Result<Data> {
            let page = self.page.unwrap_or(1);
            self.asked.lock().unwrap().push(page);
            if self.fail_on == Some(page) {
                return Err(Error::Config("boom".into()));
            }
            let start = (page - 1) * self.size;
            let list = (start..(start + self.size).min(self.total)).collect();
            Ok(Data {
                page: (self.answer)(page),
                total_pages: Some((self.total + self.size - 1) / self.size),
                list,
            })
        }
    }

    fn list(total: i64) -> List {
        List {
            page: None,
            total,
            size: 3,
            answer: |p| p,
            fail_on: None,
            asked: Arc::default(),
        }
    }

    #[tokio::test]
    async fn every_item_of_every_page_then_the_end() {
        let l = list(8);
        let items: Vec<i64> = into_stream(l.clone()).try_collect().await.unwrap();
        assert_eq!(items, (0..8).collect::<Vec<_>>());
        assert_eq!(
            *l.asked.lock().unwrap(),
            [1, 2, 3],
            "no request past totalPages"
        );
    }

    #[tokio::test]
    async fn starts_at_the_builders_page_and_stops_when_dropped() {
        let l = list(30).with_page_number(4);
        let first: Vec<i64> = into_stream(l.clone()).take(2).try_collect().await.unwrap();
        assert_eq!(first, [9, 10]);
        assert_eq!(*l.asked.lock().unwrap(), [4]);
    }

    #[tokio::test]
    async fn an_empty_page_or_an_error_ends_the_stream() {
        let empty: Vec<Data> = pages(list(0)).try_collect().await.unwrap();
        assert_eq!(empty.len(), 1);
        let mut failing = list(30);
        failing.fail_on = Some(2);
        let out: Vec<Result<Data>> = pages(failing.clone()).collect().await;
        assert_eq!(out.len(), 2);
        assert!(matches!(out[1], Err(Error::Config(_))));
        assert_eq!(*failing.asked.lock().unwrap(), [1, 2]);
    }

    #[tokio::test]
    async fn a_server_that_ignores_the_page_number_does_not_loop() {
        let mut stuck = list(30);
        stuck.answer = |_| 1;
        let out: Vec<Result<Data>> = pages(stuck.clone()).collect().await;
        assert_eq!(out.len(), 2, "page 1, then the error for page 2");
        let Err(Error::InvalidResponse { reason, .. }) = &out[1] else {
            panic!("expected InvalidResponse");
        };
        assert!(reason.contains("asked for page 2"), "{reason}");
    }

    #[test]
    fn counts_and_lists_as_the_generated_types_hold_them() {
        assert_eq!(3i64.as_page_count(), Some(3));
        assert_eq!(Some(2.0f64).as_page_count(), Some(2));
        assert_eq!(2.5f64.as_page_count(), None);
        assert_eq!(None::<i64>.as_page_count(), None);
        assert_eq!(Some(vec![1, 2]).item_count(), 2);
        assert_eq!(
            AsItems::<i32>::into_items(None::<Vec<i32>>),
            Vec::<i32>::new()
        );
    }
}
