//! Open enums: the generated types for every enum of the spec.
//!
//! The API adds values over time, so a closed Rust enum would turn one new
//! value into a failed response. An open enum has a variant per value the spec
//! documents plus `Unknown(String)`, which keeps any other value and
//! serializes it back unchanged. Numeric enums are newtypes that accept any
//! number and list the documented ones in `KNOWN`.
//!
//! The code generator emits one macro invocation per enum; the logic lives
//! here, written once.

/// An open string enum. See the module documentation.
macro_rules! open_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal,)* }) => {
        $(#[$meta])*
        ///
        /// Open enum: values this version of the SDK does not know decode as
        /// `Unknown` and serialize back unchanged. Build values with
        /// `From<&str>` so that a known value never lands in `Unknown`.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value the spec this SDK was built from does not list, kept verbatim.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value the spec documents, in spec order.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str($crate::open_enum::StrVisitor::<Self>::new(stringify!($name)))
            }
        }
    };
}
pub(crate) use open_string_enum;

/// An open integer enum: a newtype that accepts every integer.
macro_rules! open_integer_enum {
    ($(#[$meta:meta])* $name:ident [$($value:literal),*]) => {
        $(#[$meta])*
        ///
        /// Open numeric enum: any integer decodes; `KNOWN` lists the values
        /// the spec documents.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// Every value the spec documents, in spec order.
            pub const KNOWN: &'static [i64] = &[$($value),*];

            /// The wire value.
            pub fn value(self) -> i64 {
                self.0
            }

            /// Whether the value is one the spec documents.
            pub fn is_known(self) -> bool {
                Self::KNOWN.contains(&self.0)
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::open_enum::deserialize_integer(deserializer).map(Self)
            }
        }
    };
}
pub(crate) use open_integer_enum;

/// An open enum of non-integer numbers: a newtype over `f64`.
#[allow(
    unused_macros,
    reason = "a spec without numeric enums generates no use of it"
)]
macro_rules! open_number_enum {
    ($(#[$meta:meta])* $name:ident [$($value:literal),*]) => {
        $(#[$meta])*
        ///
        /// Open numeric enum: any number decodes; `KNOWN` lists the values
        /// the spec documents.
        #[derive(Clone, Copy, Debug, PartialEq, PartialOrd, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl $name {
            /// Every value the spec documents, in spec order.
            pub const KNOWN: &'static [f64] = &[$($value),*];

            /// Whether the value is one the spec documents.
            pub fn is_known(self) -> bool {
                Self::KNOWN.contains(&self.0)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
    };
}
#[allow(
    unused_imports,
    reason = "a spec without numeric enums generates no use of it"
)]
pub(crate) use open_number_enum;

/// Deserializes a string into any `From<&str> + From<String>` type without
/// allocating for borrowed input.
#[doc(hidden)]
pub struct StrVisitor<T> {
    expecting: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> StrVisitor<T> {
    #[doc(hidden)]
    pub fn new(expecting: &'static str) -> Self {
        Self {
            expecting,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a string value of {}", self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

/// Accept a JSON integer, or a float with no fractional part (`3.0`), as `i64`.
#[doc(hidden)]
pub fn deserialize_integer<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<i64, D::Error> {
    struct IntegerVisitor;
    impl serde::de::Visitor<'_> for IntegerVisitor {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an integer")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom(format!("integer {v} is out of range")))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            if v.fract() == 0.0 && v.abs() < 9.2e18 {
                Ok(v as i64)
            } else {
                Err(E::custom(format!("expected an integer, got {v}")))
            }
        }
    }
    deserializer.deserialize_any(IntegerVisitor)
}
