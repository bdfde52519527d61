//! The raw client: progenitor over the normalized spec, integer bounds
//! removed ([`unbound_integers`]).

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;
use serde_json::Value;

use super::guard::catch_quietly;
use super::isolate::isolate;
use crate::error::{CodegenError, Result};
use crate::normalize::integers::unbound_integers;
use crate::normalize::{Normalized, OpenEnumKind};
use crate::spec;

/// Run progenitor. Its errors and panics (it has `todo!`s for constructs it
/// does not support) become errors instead of aborting the caller, and name
/// the operation or component at fault: progenitor reports neither, so the
/// failing part is found by generating from reduced specs (see
/// [`super::isolate`]).
pub fn generate(normalized: &Normalized) -> Result<TokenStream> {
    let settings = settings(normalized);
    let mut spec = normalized.spec.clone();
    unbound_integers(&mut spec);
    match run(&settings, &spec) {
        Ok(tokens) => Ok(tokens),
        Err(whole) => {
            let attempt = |spec: &Value| run(&settings, spec).map(|_| ());
            Err(match isolate(&spec, &attempt) {
                Some(culprit) => CodegenError::at(
                    culprit.pointer,
                    format!("{}: {}", culprit.what, culprit.failure),
                ),
                None => CodegenError::new(whole),
            })
        }
    }
}

fn settings(normalized: &Normalized) -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote! { crate::hooks::Hooks })
        .with_derive("PartialEq");
    for open in &normalized.open_enums {
        let impls = || {
            let mut impls = vec![TypeImpl::Display];
            if matches!(open.kind, OpenEnumKind::String(_)) {
                impls.push(TypeImpl::FromStr);
            }
            impls.into_iter()
        };
        settings.with_replacement(&open.name, format!("crate::types::{}", open.name), impls());
        // Every place of a shared value set is generated as its one type.
        for alias in normalized
            .enum_aliases
            .iter()
            .filter(|a| a.target == open.name)
        {
            settings.with_replacement(&alias.name, format!("crate::types::{}", open.name), impls());
        }
    }
    settings
}

/// One progenitor run; the error says what progenitor did.
fn run(settings: &GenerationSettings, spec: &Value) -> Result<TokenStream, String> {
    let api = spec::parse(spec).map_err(|e| format!("the normalized spec does not parse: {e}"))?;
    let mut generator = Generator::new(settings);
    match catch_quietly(|| generator.generate_tokens(&api)) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("progenitor rejected the spec: {e}")),
        Err(panic) => Err(format!("progenitor panicked: {panic}")),
    }
}
