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

#[cfg(not(aitoearn_operation = "RelayController_chatCompletions"))]
fn main() -> std::process::ExitCode {
    common::needs_the_whole_api("RelayController_chatCompletions")
}

#[cfg(aitoearn_operation = "RelayController_chatCompletions")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write;

    use aitoearn::types::{RelayChatCompletionsDto, RelayChatCompletionsDtoMessagesItem};
    use futures_util::StreamExt;

    let (client, _sandbox) = common::connect().await?;
    let question =
        RelayChatCompletionsDtoMessagesItem::new("Say hello in three languages.", "user");
    let body =
        RelayChatCompletionsDto::new(vec![question], common::var("AITOEARN_MODEL", "gpt-4o-mini"));
    // `send_stream` asks for server-sent events and sets the body's `stream` flag.
    let mut events = client.relay_chat_completions(&body).send_stream().await?;
    let mut stdout = std::io::stdout();
    let mut received = 0;
    while let Some(event) = events.next().await {
        let event = event?;
        received += 1;
        if event.is_done() {
            break;
        }
        // OpenAI-style chunks (the relay answers its protocol's own body,
        // which the spec does not describe): choices[0].delta.content.
        let chunk: serde_json::Value = event.json()?;
        if let Some(text) = chunk["choices"][0]["delta"]["content"].as_str() {
            write!(stdout, "{text}")?;
            stdout.flush()?;
        }
    }
    println!("\n({received} events)");
    Ok(())
}
