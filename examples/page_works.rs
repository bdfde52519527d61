//! Page through an account's works with the cursor the API returns,
//! stopping after a limit.
//!
//! Needs the whole API (its works list takes a `pagination` cursor): build
//! the SDK with the full spec (see the README's "The whole API"). Without
//! `AITOEARN_API_KEY` it runs against the sandbox; `AITOEARN_PLATFORM` and
//! `AITOEARN_ACCOUNT_ID` choose the account.
//!
//! ```text
//! cargo run --example page_works
//! ```

mod common;

use aitoearn::pagination::{paginate, Page};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _sandbox) = common::connect().await?;
    let platform = common::var("AITOEARN_PLATFORM", "KWAI");
    let account = common::var("AITOEARN_ACCOUNT_ID", "account-1");
    let limit = 50;

    let works: Vec<Value> = paginate(None, |cursor| {
        let (client, platform, account) = (&client, &platform, &account);
        async move {
            let mut pagination = json!({ "limit": 20 });
            if let Some(cursor) = cursor {
                pagination["cursor"] = json!(cursor);
            }
            let page = client
                .request(
                    "WorksController_listWorks_v2",
                    json!({ "platform": platform, "accountId": account, "pagination": pagination }),
                )
                .await?;
            Page::from_json(&page, "items")
        }
    })
    .take(limit)
    .try_collect()
    .await?;
    for work in &works {
        println!("{}  {}", work["platformWorkId"], work["title"]);
    }
    println!("{} works (at most {limit})", works.len());
    Ok(())
}
