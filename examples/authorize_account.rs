//! Authorize a platform account, then poll the authorization session until
//! it settles (the user finishes, or it fails or expires).
//!
//! Needs the whole API (`AuthController_startAuth_v2`): build the SDK with the
//! full spec (see the README's "The whole API"). Without `AITOEARN_API_KEY` it
//! runs against the sandbox; `AITOEARN_PLATFORM` picks the platform.
//!
//! ```text
//! cargo run --example authorize_account
//! ```

mod common;

use std::time::Duration;

use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, sandbox) = common::connect().await?;
    let platform = common::var("AITOEARN_PLATFORM", "douyin");

    let session = client
        .request(
            "AuthController_startAuth_v2",
            json!({ "platform": platform }),
        )
        .await?;
    let session_id = common::text(&session, "sessionId")?;
    println!(
        "open this page to authorize: {}",
        common::text(&session, "url")?
    );

    // Real sessions take a human a while; the sandbox answers at once.
    let pause = if sandbox.is_some() {
        Duration::from_millis(10)
    } else {
        Duration::from_secs(3)
    };
    for _ in 0..100 {
        let status = client
            .request(
                "AuthController_getAuthStatus_v2",
                json!({ "platform": platform, "sessionId": session_id }),
            )
            .await?;
        let state = status["status"].as_str().unwrap_or("unknown");
        println!("session {session_id}: {state}");
        if state != "pending" {
            println!("accounts: {}", status["accountIds"]);
            return Ok(());
        }
        tokio::time::sleep(pause).await;
    }
    Err("the session is still pending; run again to keep polling".into())
}
