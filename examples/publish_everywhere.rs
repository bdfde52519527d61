//! Publish one video to several accounts on different platforms in one
//! flow, then follow its tasks and their publish records.
//!
//! Needs the whole API (`PublishFlowController_createFlow_v2`): build the SDK
//! with the full spec (see the README's "The whole API"). Without
//! `AITOEARN_API_KEY` it runs against the sandbox. Against the real API it
//! publishes to the accounts in `AITOEARN_ACCOUNTS` (`platform:accountId`
//! pairs separated by commas, e.g. `douyin:acc-1,KWAI:acc-2`).
//!
//! ```text
//! cargo run --example publish_everywhere
//! ```

mod common;

use std::time::Duration;

use serde_json::{json, Value};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, sandbox) = common::connect().await?;
    let accounts = common::var("AITOEARN_ACCOUNTS", "douyin:account-1,KWAI:account-2");
    let items: Vec<Value> = accounts
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(platform, account)| json!({ "platform": platform, "accountId": account }))
        .collect();

    let flow = client
        .request(
            "PublishFlowController_createFlow_v2",
            json!({ "body": {
                "content": {
                    "title": "One video, every platform",
                    "body": "Published with the AiToEarn Rust SDK.",
                    "media": [{ "url": "https://example.com/video.mp4" }],
                    "cover": { "url": "https://example.com/cover.png" }
                },
                "publishAt": "2030-01-01T00:00:00.000Z",
                "items": items
            }}),
        )
        .await?;
    let flow_id = common::text(&flow, "flowId")?;
    println!(
        "flow {flow_id}: {} tasks",
        flow["tasks"].as_array().map_or(0, Vec::len)
    );

    let pause = if sandbox.is_some() {
        Duration::from_millis(10)
    } else {
        Duration::from_secs(10)
    };
    for round in 1..=30 {
        let flow = client
            .request(
                "PublishFlowController_getFlow_v2",
                json!({ "flowId": flow_id }),
            )
            .await?;
        let tasks = flow["tasks"].as_array().cloned().unwrap_or_default();
        let mut open = 0;
        for task in &tasks {
            // Each task has a publish record under the same ID.
            let record = client
                .request(
                    "PublishRecordController_getRecord_v2",
                    json!({ "recordId": task["id"] }),
                )
                .await?;
            println!(
                "round {round}: {} on {}: status {}, link {}",
                record["id"], record["accountType"], record["status"], record["workLink"]
            );
            if record["workLink"].is_null() && record["errorMsg"].is_null() {
                open += 1;
            }
        }
        if open == 0 || sandbox.is_some() {
            return Ok(());
        }
        tokio::time::sleep(pause).await;
    }
    Err("some tasks are still in progress; run again to keep following".into())
}
