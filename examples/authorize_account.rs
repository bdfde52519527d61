//! Authorize a platform account: start an authorization session, show its
//! page, and wait with `.wait()` until the user finishes (or it fails or
//! expires).
//!
//! Needs the whole API (`AuthController_startAuth_v2`): build the SDK with the
//! full spec (see the README's "The whole API"). Without `AITOEARN_API_KEY` it
//! runs against the sandbox, which plays a user who takes two polls to
//! finish; `AITOEARN_PLATFORM` picks the platform.
//!
//! ```text
//! cargo run --example authorize_account
//! ```

mod common;

#[cfg(not(aitoearn_operation = "AuthController_startAuth_v2"))]
fn main() -> std::process::ExitCode {
    common::needs_the_whole_api("AuthController_startAuth_v2")
}

#[cfg(aitoearn_operation = "AuthController_startAuth_v2")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::time::Duration;

    use aitoearn::types::{GetAuthStatusData, GetAuthStatusPlatform as Platform};
    use aitoearn::waiter::WaitError;

    let (client, sandbox) = common::connect().await?;
    let platform = Platform::from(common::var("AITOEARN_PLATFORM", "douyin").as_str());

    let session = client.start_auth(&platform).send().await?;
    let session_id = session.session_id.ok_or("the API started no session")?;
    println!(
        "open this page to authorize: {}",
        session.url.as_deref().unwrap_or("(no URL given)")
    );

    // A real user takes minutes; the sandbox's user takes two polls.
    let mut wait = client
        .get_auth_status(&platform, &session_id)
        .wait()
        .timeout(Duration::from_secs(600));
    if let Some(sandbox) = &sandbox {
        let state = |status: &str| {
            let mut data = GetAuthStatusData::default();
            data.session_id = Some(session_id.clone());
            data.status = Some(status.to_string());
            serde_json::to_value(data)
        };
        let states = [state("pending")?, state("pending")?, state("completed")?];
        sandbox
            .serve_in_order("AuthController_getAuthStatus_v2", states)
            .await?;
        wait = wait.interval(Duration::from_millis(10), Duration::from_millis(50));
    }
    match wait.send().await {
        Ok(done) => {
            println!("session {session_id}: {}", done.status.unwrap_or_default());
            Ok(())
        }
        Err(WaitError::Failed { status, .. }) => {
            Err(format!("session {session_id}: the authorization {status}").into())
        }
        Err(WaitError::TimedOut { waited, .. }) => Err(format!(
            "session {session_id} is still pending after {waited:?}; run again to keep waiting"
        )
        .into()),
        Err(e) => Err(e.into()),
    }
}
