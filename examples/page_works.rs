//! Page through an account's works, page by page while the API says there is
//! a next one, stopping after a limit.
//!
//! Needs the whole API (its `WorksController_listWorks_v2` takes a
//! `pagination` query object; the shipped spec's does not): build the SDK with
//! the full spec (see the README's "The whole API"). Without
//! `AITOEARN_API_KEY` it runs against the sandbox, which serves two pages;
//! `AITOEARN_PLATFORM` and `AITOEARN_ACCOUNT_ID` choose the account.
//!
//! The works list answers with `hasNext` but no cursor to send back, so the
//! SDK generates no paginator for it (the surface file says why): the loop
//! asks for page numbers itself.
//!
//! ```text
//! cargo run --example page_works
//! ```

mod common;

#[cfg(not(all(
    aitoearn_operation = "WorksController_listWorks_v2",
    not(aitoearn_shipped_spec)
)))]
fn main() -> std::process::ExitCode {
    common::needs_the_whole_api("WorksController_listWorks_v2")
}

#[cfg(all(
    aitoearn_operation = "WorksController_listWorks_v2",
    not(aitoearn_shipped_spec)
))]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use aitoearn::types::{ListWorksData, WorksControllerListWorksV2Pagination as Pagination};

    let (client, sandbox) = common::connect().await?;
    let platform = common::var("AITOEARN_PLATFORM", "KWAI");
    let account = common::var("AITOEARN_ACCOUNT_ID", "account-1");
    let limit = 50;

    if let Some(sandbox) = &sandbox {
        // Two pages of two works; the second says it is the last.
        let page = |first: u32, has_next: bool| {
            serde_json::json!({
                "platform": "KWAI",
                "items": [
                    {"platformWorkId": format!("w{first}"), "title": format!("work {first}")},
                    {"platformWorkId": format!("w{}", first + 1), "title": format!("work {}", first + 1)},
                ],
                "pagination": {"mode": "page", "hasNext": has_next, "hasPrevious": first > 1},
            })
        };
        sandbox
            .serve_in_order(
                "WorksController_listWorks_v2",
                [page(1, true), page(3, false)],
            )
            .await?;
    }

    let mut works = Vec::new();
    for number in 1.. {
        let mut pagination = Pagination::default();
        pagination.page = Some(number);
        pagination.page_size = Some(20);
        let page: ListWorksData = client
            .list_works(&platform, &account)
            .pagination(pagination)
            .send()
            .await?;
        let has_next = page.pagination.and_then(|p| p.has_next).unwrap_or(false);
        let empty = page.items.is_empty();
        works.extend(page.items);
        // An empty page ends the loop too, whatever `hasNext` says.
        if !has_next || empty || works.len() >= limit {
            break;
        }
    }
    works.truncate(limit);
    for work in &works {
        let field = |name: &str| work.get(name).and_then(|v| v.as_str()).unwrap_or("?");
        println!("{}  {}", field("platformWorkId"), field("title"));
    }
    println!("{} works (at most {limit})", works.len());
    Ok(())
}
