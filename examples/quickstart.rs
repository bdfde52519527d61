//! Calls the AiToEarn API and prints typed results.
//!
//! Without `AITOEARN_API_KEY` it starts an in-process sandbox on 127.0.0.1
//! that answers every operation with the spec's documented example, and calls
//! all five operations of the vendored spec; the authorization session answers
//! `pending`, then `completed`, and the quickstart waits for it with `.wait()`. With the key set it calls the
//! real site (`AITOEARN_BASE_URL` to choose another), using these IDs when set:
//! `AITOEARN_RECORD_ID`, `AITOEARN_PLATFORM`, `AITOEARN_ACCOUNT_ID`,
//! `AITOEARN_SESSION_ID`. Against the real site it does not call the one
//! operation that writes (updating a record's work link) unless
//! `AITOEARN_QUICKSTART_WRITE=1`.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use std::time::Duration;

use aitoearn::sandbox::Sandbox;
use aitoearn::types::{UpdatePublishRecordWorkLinkDto, UpdatePublishRecordWorkLinkDtoLinkStatus};
use aitoearn::waiter::WaitError;
use aitoearn::Client;

fn var(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// The most bytes of one result the quickstart prints: a server can send
/// values of any size, and a terminal should not get megabytes.
const PRINT_LIMIT: usize = 4096;

/// Print a call's typed result (at most `PRINT_LIMIT` bytes of it; errors
/// bound the server's text themselves); count failures.
fn report<T: std::fmt::Debug>(name: &str, result: aitoearn::Result<T>, failures: &mut u32) {
    match result {
        Ok(value) => println!("== {name}: ok\n{}\n", bounded(&value)),
        Err(error) => {
            *failures += 1;
            println!("== {name}: error\n{error}\n");
        }
    }
}

/// `{value:#?}`, cut after `PRINT_LIMIT` bytes (formatting stops there).
fn bounded(value: &dyn std::fmt::Debug) -> String {
    struct Capped(String);
    impl std::fmt::Write for Capped {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let room = PRINT_LIMIT - self.0.len();
            if s.len() <= room {
                self.0.push_str(s);
                return Ok(());
            }
            let mut end = room;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            self.0.push_str(&s[..end]);
            Err(std::fmt::Error)
        }
    }
    let mut out = Capped(String::new());
    if std::fmt::write(&mut out, format_args!("{value:#?}")).is_err() {
        out.0.push_str("… (cut)");
    }
    out.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let live = std::env::var_os("AITOEARN_API_KEY").is_some();
    // Keep the sandbox alive for the whole run.
    let (client, _sandbox) = if live {
        (Client::from_env()?, None)
    } else {
        let sandbox = Sandbox::start().await;
        // The session a user is authorizing: pending, then completed.
        let session = |status: &str| serde_json::json!({"sessionId": "demo-session", "status": status, "accountId": "demo-account"});
        sandbox
            .serve_in_order(
                "AuthController_getAuthStatus_v2",
                [session("pending"), session("completed")],
            )
            .await?;
        (sandbox.client()?, Some(sandbox))
    };
    println!(
        "AiToEarn API at {} ({})\n",
        client.base_url(),
        if live { "live" } else { "local sandbox" }
    );

    let record_id = var("AITOEARN_RECORD_ID", "demo-record");
    let platform = var("AITOEARN_PLATFORM", "douyin");
    let mut failures = 0;

    report(
        "publish_record_get_record",
        client.publish_record_get_record(&record_id).send().await,
        &mut failures,
    );
    report(
        "publish_record_get_user_action",
        client
            .publish_record_get_user_action(&record_id)
            .send()
            .await,
        &mut failures,
    );
    let session_id = var("AITOEARN_SESSION_ID", "demo-session");
    let session = client.get_auth_status(&platform, &session_id);
    if live {
        // A real session may stay pending for minutes: one look.
        report("get_auth_status", session.send().await, &mut failures);
    } else {
        let waited = session
            .wait()
            .interval(Duration::from_millis(50), Duration::from_millis(200))
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        match waited {
            Ok(session) => report("get_auth_status().wait()", Ok(session), &mut failures),
            Err(WaitError::Call(error)) => {
                report::<()>("get_auth_status().wait()", Err(error), &mut failures)
            }
            Err(other) => {
                failures += 1;
                println!("== get_auth_status().wait(): {other:?}\n");
            }
        }
    }
    report(
        "list_works",
        client
            .list_works(&platform, &var("AITOEARN_ACCOUNT_ID", "demo-account"))
            .send()
            .await,
        &mut failures,
    );
    if !live || std::env::var("AITOEARN_QUICKSTART_WRITE").as_deref() == Ok("1") {
        let body =
            UpdatePublishRecordWorkLinkDto::new(UpdatePublishRecordWorkLinkDtoLinkStatus::Ready)
                .work_link("https://www.douyin.com/video/123");
        report(
            "publish_record_update_work_link",
            client
                .publish_record_update_work_link(&record_id, &body)
                .send()
                .await,
            &mut failures,
        );
    } else {
        println!("== publish_record_update_work_link: skipped (writes; set AITOEARN_QUICKSTART_WRITE=1)\n");
    }

    if failures > 0 && !live {
        return Err(format!("{failures} sandbox call(s) failed").into());
    }
    Ok(())
}
