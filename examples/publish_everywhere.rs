//! Upload a video, publish it to accounts on several platforms in one flow,
//! then follow the flow's tasks and their publish records.
//!
//! Needs the whole API (`PublishFlowController_createFlow_v2`, the upload
//! operations): build the SDK with the full spec (see the README's "The whole
//! API"). Without `AITOEARN_API_KEY` it runs against the sandbox. Against the
//! real API it uploads the file `AITOEARN_VIDEO` and publishes to the accounts
//! in `AITOEARN_ACCOUNTS` (`platform:accountId` pairs separated by commas,
//! e.g. `douyin:acc-1,KWAI:acc-2`).
//!
//! ```text
//! cargo run --example publish_everywhere
//! ```

mod common;

#[cfg(not(all(
    aitoearn_operation = "PublishFlowController_createFlow_v2",
    aitoearn_operation = "AssetsHttpController_createUploadSign"
)))]
fn main() -> std::process::ExitCode {
    common::needs_the_whole_api("PublishFlowController_createFlow_v2")
}

#[cfg(all(
    aitoearn_operation = "PublishFlowController_createFlow_v2",
    aitoearn_operation = "AssetsHttpController_createUploadSign"
))]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::time::Duration;

    use aitoearn::types::{
        PublishFlowControllerCreateFlowV2Body as Flow,
        PublishFlowControllerCreateFlowV2BodyContent as Content,
        PublishFlowControllerCreateFlowV2BodyContentMediaItem as Media,
        PublishFlowControllerCreateFlowV2BodyItemsItem as Item, Type as AssetType,
    };
    use aitoearn::upload::UploadSource;

    /// One publish item: the platforms this example knows, with no
    /// per-platform options.
    fn item(platform: &str, account_id: &str) -> Result<Item, String> {
        let account_id = account_id.to_string();
        Ok(match platform {
            "douyin" => Item::Douyin {
                account_id,
                option: None,
                overrides: None,
            },
            "KWAI" => Item::Kwai {
                account_id,
                option: None,
                overrides: None,
            },
            "tiktok" => Item::Tiktok {
                account_id,
                option: None,
                overrides: None,
            },
            "youtube" => Item::Youtube {
                account_id,
                option: None,
                overrides: None,
            },
            other => return Err(format!("this example does not publish to `{other}`")),
        })
    }

    let (client, sandbox) = common::connect().await?;

    // 1. The video, uploaded: a file against the real API, a few bytes in the sandbox.
    let source = match std::env::var_os("AITOEARN_VIDEO") {
        Some(path) => UploadSource::file(path),
        None if sandbox.is_some() => UploadSource::bytes(&b"\0\0\0\x18ftypmp42"[..]),
        None => return Err("set AITOEARN_VIDEO to the video file to publish".into()),
    };
    let video = client
        .upload(source)
        .filename("video.mp4")
        .asset_type(AssetType::PublishMedia)
        .on_progress(|p| eprint!("\ruploaded {} of {} bytes", p.sent, p.total))
        .send()
        .await?;
    eprintln!();
    let video_url = video.url.ok_or("the confirmed upload has no URL")?;
    println!("uploaded {video_url}");

    // 2. One flow, one item per account.
    let accounts = common::var("AITOEARN_ACCOUNTS", "douyin:account-1,KWAI:account-2");
    let items = accounts
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(platform, account)| item(platform, account))
        .collect::<Result<Vec<_>, _>>()?;
    let content = Content::new()
        .title("One video, every platform")
        .body("Published with the AiToEarn Rust SDK.")
        .media(vec![Media::new(video_url)]);
    let publish_at = chrono::Utc::now() + chrono::Duration::minutes(5);
    let flow = client
        .publish_flow_create_flow(&Flow::new(content, items, publish_at))
        .send()
        .await?;
    let flow_id = flow.flow_id.ok_or("the API created no flow id")?;
    println!("flow {flow_id}: {} tasks", flow.tasks.len());

    // 3. Follow each task's publish record until it has a link or an error.
    let pause = if sandbox.is_some() {
        Duration::from_millis(10)
    } else {
        Duration::from_secs(10)
    };
    for round in 1..=30 {
        let flow = client.publish_flow_get_flow(&flow_id).send().await?;
        let mut open = 0;
        for task in &flow.tasks {
            // Each task has a publish record under the same id.
            let Some(id) = &task.id else { continue };
            let record = client.publish_record_get_record(id).send().await?;
            println!(
                "round {round}: {id} on {}: status {:?}, link {:?}",
                task.platform.as_deref().unwrap_or("?"),
                record.status,
                record.work_link
            );
            if record.work_link.is_none() {
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
