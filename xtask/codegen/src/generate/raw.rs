//! The raw client: progenitor over the normalized spec.

use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;

use crate::error::{CodegenError, Result};
use crate::normalize::{Normalized, OpenEnumKind};
use crate::spec;

/// Run progenitor; its panics (it has `todo!`s for constructs it does not
/// support) become errors instead of aborting the caller.
pub fn generate(normalized: &Normalized) -> Result<TokenStream> {
    let api = spec::parse(&normalized.spec)?;
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote! { crate::hooks::Hooks })
        .with_derive("PartialEq");
    for open in &normalized.open_enums {
        let mut impls = vec![TypeImpl::Display];
        if matches!(open.kind, OpenEnumKind::String(_)) {
            impls.push(TypeImpl::FromStr);
        }
        settings.with_replacement(
            &open.name,
            format!("crate::types::{}", open.name),
            impls.into_iter(),
        );
    }
    let mut generator = Generator::new(&settings);
    let outcome = catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(&api)));
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(CodegenError::new(format!(
            "progenitor rejected the spec: {e}"
        ))),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(CodegenError::new(format!("progenitor panicked: {what}")))
        }
    }
}
