//! Every type of the API: the structs typify generated from the spec's
//! schemas, and the open enums generated for its enums.
//!
//! Names follow the spec: a component keeps its name
//! (`ChannelPublishRecordVo`); an enum found inside a schema is named after
//! its place (`ChannelPublishRecordVoAccountType`).

// Inlined, so the types are documented here also when feature `unstable-raw`
// makes `raw` public (docs.rs builds with every feature).
#[doc(inline)]
pub use crate::raw::types::*;

include!(concat!(env!("OUT_DIR"), "/open_enums.rs"));
