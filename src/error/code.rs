//! [`ErrorCode`]: the business codes the spec documents, generated from its
//! error examples, and any other code as `Unknown`.

use std::fmt;

/// Defines [`ErrorCode`] from the codes the spec's error examples name.
macro_rules! error_codes {
    ($($(#[$meta:meta])* $name:ident = $code:literal,)*) => {
        /// A business error code (`code` of the response envelope).
        ///
        /// The named variants are the codes the API spec documents in its
        /// error examples; any other code is `Unknown`, so matching stays
        /// possible when the API adds codes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$meta])* $name,)*
            /// A code the spec this SDK was built from does not document.
            Unknown(i64),
        }

        impl ErrorCode {
            /// Every code the spec documents.
            pub const KNOWN: &'static [ErrorCode] = &[$(Self::$name),*];

            /// The variant for a numeric code.
            pub fn from_code(code: i64) -> Self {
                match code {
                    $($code => Self::$name,)*
                    other => Self::Unknown(other),
                }
            }

            /// The numeric code.
            pub fn code(self) -> i64 {
                match self {
                    $(Self::$name => $code,)*
                    Self::Unknown(code) => code,
                }
            }
        }
    };
}
pub(crate) use error_codes;

include!(concat!(env!("OUT_DIR"), "/error_codes.rs"));

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown(code) => write!(f, "{code}"),
            known => write!(f, "{} ({known:?})", known.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_round_trip() {
        for known in ErrorCode::KNOWN {
            assert_eq!(ErrorCode::from_code(known.code()), *known);
        }
        assert_eq!(ErrorCode::from_code(99999), ErrorCode::Unknown(99999));
        assert_eq!(ErrorCode::Unknown(99999).code(), 99999);
    }
}
