//! The drift report's data: what changed, where, and whether it breaks
//! code written against the SDK.

use serde::Serialize;

/// Whether a change can break code written against the SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Existing callers may stop compiling or stop working.
    Breaking,
    /// Existing callers keep working.
    NonBreaking,
}

/// What kind of change (names follow oasdiff's check ids where one exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The operationId changed, so the SDK method is renamed.
    OperationIdChanged,
    /// The operation is newly marked deprecated.
    OperationDeprecated,
    /// A parameter was added.
    ParameterAdded,
    /// A parameter was removed.
    ParameterRemoved,
    /// A parameter became required.
    ParameterBecameRequired,
    /// A parameter became optional.
    ParameterBecameOptional,
    /// A request body was added.
    RequestBodyAdded,
    /// The request body was removed.
    RequestBodyRemoved,
    /// The request body became required.
    RequestBodyBecameRequired,
    /// The request body became optional.
    RequestBodyBecameOptional,
    /// A media type was added to a request body or response.
    MediaTypeAdded,
    /// A media type was removed from a request body or response.
    MediaTypeRemoved,
    /// A response status was added.
    ResponseStatusAdded,
    /// A response status was removed.
    ResponseStatusRemoved,
    /// An object property was added.
    PropertyAdded,
    /// An object property was removed.
    PropertyRemoved,
    /// A property became required.
    PropertyBecameRequired,
    /// A property became optional.
    PropertyBecameOptional,
    /// A schema's type (or format) changed.
    TypeChanged,
    /// An enum value was added.
    EnumValueAdded,
    /// An enum value was removed.
    EnumValueRemoved,
    /// A schema became nullable.
    BecameNullable,
    /// A schema is no longer nullable.
    BecameNotNullable,
    /// A `oneOf`/`anyOf` variant was added.
    VariantAdded,
    /// A `oneOf`/`anyOf` variant was removed.
    VariantRemoved,
}

/// One operation, as listed among the added or removed ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// HTTP method, upper case.
    pub method: String,
    /// Path template.
    pub path: String,
    /// operationId, when present.
    pub operation_id: Option<String>,
    /// Summary, when present.
    pub summary: Option<String>,
}

impl Operation {
    /// `GET /api/...`
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// One change inside an operation present in both specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Breaking or not.
    pub class: Class,
    /// What kind of change.
    pub kind: Kind,
    /// The operation (`GET /api/...`).
    pub operation: String,
    /// Where in the operation (`response 200 application/json: data.items[].id`).
    pub location: String,
    /// What changed, in words.
    pub message: String,
}

/// The drift between two specs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Operations only in the new spec (non-breaking).
    pub added: Vec<Operation>,
    /// Operations only in the old spec (breaking).
    pub removed: Vec<Operation>,
    /// Changes to operations in both.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changes.is_empty()
    }

    /// Breaking changes, removed operations included.
    pub fn breaking_count(&self) -> usize {
        self.removed.len()
            + self
                .changes
                .iter()
                .filter(|c| c.class == Class::Breaking)
                .count()
    }

    /// Whether anything breaks callers.
    pub fn has_breaking(&self) -> bool {
        self.breaking_count() > 0
    }

    /// Changes of one class, in report order.
    pub fn changes_of(&self, class: Class) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.class == class)
    }
}
