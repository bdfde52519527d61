//! Stream a chat completion (the OpenAI-compatible relay) and print the
//! text as it arrives.
//!
//! Needs the whole API (`RelayController_chatCompletions`): build the SDK with
//! the full spec (see the README's "The whole API"). Without
//! `AITOEARN_API_KEY` it runs against the sandbox; `AITOEARN_MODEL` picks
//! the model.
//!
//! ```text
//! cargo run --example stream_chat
//! ```

mod common;

use std::io::Write;

use futures_util::StreamExt;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _sandbox) = common::connect().await?;
    let mut events = client
        .request_stream(
            "RelayController_chatCompletions",
            json!({ "body": {
                "model": common::var("AITOEARN_MODEL", "gpt-4o-mini"),
                "messages": [{ "role": "user", "content": "Say hello in three languages." }],
                "stream": true
            }}),
        )
        .await?;
    let mut stdout = std::io::stdout();
    let mut received = 0;
    while let Some(event) = events.next().await {
        let event = event?;
        received += 1;
        if event.is_done() {
            break;
        }
        // OpenAI-style chunks: choices[0].delta.content.
        let chunk: serde_json::Value = event.json()?;
        if let Some(text) = chunk["choices"][0]["delta"]["content"].as_str() {
            write!(stdout, "{text}")?;
            stdout.flush()?;
        }
    }
    println!("\n({received} events)");
    Ok(())
}
