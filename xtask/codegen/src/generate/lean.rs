//! Less work per request in the raw client's methods, for the same request
//! on the wire (the per-call cost of issue 23):
//!
//! - progenitor gives every request an `api-version` header (the spec's
//!   document version), which the API does not read and the SDK never sends:
//!   the statement that adds it is dropped (and the header map it went into
//!   sized for the rest, or not made at all when nothing else goes in),
//!   instead of the request hook removing it from every request again;
//! - a `&str` path parameter is percent-encoded as it is, not first copied
//!   into a `String` (`encode_path(&id.to_string())` becomes
//!   `encode_path(id)`);
//! - the request is built in a block that ends before the send is awaited,
//!   so the method's future does not keep the built `reqwest::Request` (and
//!   the URL and header map it was made from) beside the send future it was
//!   moved into: rustc keeps a moved-from local's storage until its scope ends;
//! - the response's headers are moved into the `ResponseValue`, not copied:
//!   progenitor's `ResponseValue::stream(response)` clones the header map of
//!   a response it then consumes, so every method calls `stream_response`
//!   (added to the file) instead.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// The header progenitor adds to every request.
const API_VERSION: &str = "\"api-version\"";

/// The variable progenitor collects a request's headers in.
const HEADER_MAP: &str = "header_map";

/// Rewrite every raw method; the number of methods changed.
pub fn lean_requests(raw: &mut syn::File) -> usize {
    let mut changed = 0;
    let mut streams = false;
    for item in &mut raw.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for item in &mut imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if f.sig.asyncness.is_none() {
                continue;
            }
            let strs = str_params(&f.sig);
            let before = f.block.stmts.len();
            f.block.stmts.retain(|s| !adds_api_version(s));
            let dropped = before - f.block.stmts.len();
            let mut touched = dropped > 0;
            let mut emptied = false;
            for stmt in &mut f.block.stmts {
                if dropped > 0 {
                    emptied |= shrink_header_map(stmt, dropped) == Some(0);
                }
                touched |= encode_str_in_place(stmt, &strs);
            }
            if emptied {
                // Nothing goes into the map any more: no map, no merge.
                f.block.stmts.retain(|s| !declares(s, HEADER_MAP));
                for stmt in &mut f.block.stmts {
                    if let syn::Stmt::Local(syn::Local {
                        init: Some(init), ..
                    }) = stmt
                    {
                        strip_headers_call(&mut init.expr);
                    }
                }
            }
            touched |= scope_request(&mut f.block.stmts);
            let moved_headers = take_headers_in(&mut f.block.stmts);
            streams |= moved_headers;
            changed += usize::from(touched || moved_headers);
        }
    }
    if streams {
        raw.items.push(syn::parse_quote! {
            /// `ResponseValue::stream` without copying the headers: they are
            /// moved out of the response, whose body is all the stream reads.
            fn stream_response(mut response: reqwest::Response) -> ResponseValue<ByteStream> {
                let status = response.status();
                let headers = ::std::mem::take(response.headers_mut());
                ResponseValue::new(ByteStream::new(Box::pin(response.bytes_stream())), status, headers)
            }
        });
    }
    changed
}

/// [`take_headers`] in each expression statement of a block (a method's
/// body, a match arm's block); whether it found one.
fn take_headers_in(stmts: &mut [syn::Stmt]) -> bool {
    stmts.iter_mut().fold(false, |any, stmt| match stmt {
        syn::Stmt::Expr(expr, _) => take_headers(expr) | any,
        _ => any,
    })
}

/// `ResponseValue::stream(..)` → `stream_response(..)` in a method's final
/// `match` (its arms, their blocks, and the `Ok(..)`/`Err(Error::ErrorResponse(..))`
/// around the call); whether it found one.
fn take_headers(expr: &mut syn::Expr) -> bool {
    match expr {
        // progenitor's arms are blocks (`=> { Ok(..) }`, printed without
        // the braces), and interpolated tokens can parse as invisible groups.
        syn::Expr::Block(b) => take_headers_in(&mut b.block.stmts),
        syn::Expr::Group(g) => take_headers(&mut g.expr),
        syn::Expr::Match(m) => m
            .arms
            .iter_mut()
            .fold(false, |any, arm| take_headers(&mut arm.body) | any),
        syn::Expr::Call(call) => {
            let is_stream = matches!(call.func.as_ref(), syn::Expr::Path(p)
                if p.path.segments.len() == 2
                    && p.path.segments[0].ident == "ResponseValue"
                    && p.path.segments[1].ident == "stream");
            if is_stream {
                *call.func = syn::parse_quote!(stream_response);
                return true;
            }
            call.args
                .iter_mut()
                .fold(false, |any, arg| take_headers(arg) | any)
        }
        _ => false,
    }
}

/// The variable progenitor builds the request in.
const REQUEST: &str = "request";

/// The variable progenitor describes the operation to the hooks in.
const INFO: &str = "info";

/// ```text
/// let url = ..; let mut request = ..; let info = ..; self.pre(..).await?;
/// let result = self.exec(request, &info).await;
/// ```
/// becomes
/// ```text
/// let info = ..;
/// let result = { let url = ..; let mut request = ..; self.pre(..).await?;
///                self.exec(request, &info) }.await;
/// ```
/// Whether it changed anything. Only an `info` made by a struct literal is
/// moved up (it reads nothing the statements before it make).
fn scope_request(stmts: &mut Vec<syn::Stmt>) -> bool {
    let Some((send, mut result, exec)) = stmts.iter().enumerate().find_map(|(i, stmt)| {
        let syn::Stmt::Local(local) = stmt else {
            return None;
        };
        let exec = awaited_exec(local)?.clone();
        Some((i, local.clone(), exec))
    }) else {
        return false;
    };
    let Some(info) = stmts[..send].iter().position(is_info_literal) else {
        return false;
    };
    if !stmts[..send].iter().any(|s| declares(s, REQUEST)) {
        return false;
    }
    let rest = stmts.split_off(send + 1);
    stmts.truncate(send);
    let info_stmt = stmts.remove(info);
    let building = std::mem::take(stmts);
    result.init = Some(syn::LocalInit {
        eq_token: Default::default(),
        expr: Box::new(syn::parse_quote!({
            #(#building)*
            #exec
        }
        .await)),
        diverge: None,
    });
    stmts.push(info_stmt);
    stmts.push(syn::Stmt::Local(result));
    stmts.extend(rest);
    true
}

/// In `let result = self.exec(request, &info).await;`, the `self.exec(..)`.
fn awaited_exec(local: &syn::Local) -> Option<&syn::Expr> {
    let syn::Expr::Await(await_expr) = local.init.as_ref()?.expr.as_ref() else {
        return None;
    };
    let syn::Expr::MethodCall(call) = await_expr.base.as_ref() else {
        return None;
    };
    let sends_the_request = call.method == "exec"
        && matches!(call.args.first(), Some(syn::Expr::Path(p)) if p.path.is_ident(REQUEST));
    sends_the_request.then_some(await_expr.base.as_ref())
}

/// `let info = OperationInfo { .. };`
fn is_info_literal(stmt: &syn::Stmt) -> bool {
    matches!(stmt, syn::Stmt::Local(syn::Local { init: Some(init), .. })
        if declares(stmt, INFO) && matches!(init.expr.as_ref(), syn::Expr::Struct(_)))
}

/// The parameters of type `&str`.
fn str_params(sig: &syn::Signature) -> BTreeSet<String> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(arg) => Some(arg),
            syn::FnArg::Receiver(_) => None,
        })
        .filter(|arg| {
            matches!(arg.ty.as_ref(), syn::Type::Reference(r)
                if matches!(r.elem.as_ref(), syn::Type::Path(p) if p.path.is_ident("str")))
        })
        .filter_map(|arg| match arg.pat.as_ref() {
            syn::Pat::Ident(p) => Some(p.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// `header_map.append(HeaderName::from_static("api-version"), ..);`
fn adds_api_version(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    call.method == "append"
        && call
            .args
            .first()
            .is_some_and(|a| a.to_token_stream().to_string().contains(API_VERSION))
}

/// Whether `stmt` is `let [mut] NAME = ...`.
fn declares(stmt: &syn::Stmt, name: &str) -> bool {
    matches!(stmt, syn::Stmt::Local(local) if matches!(&local.pat, syn::Pat::Ident(p) if p.ident == name))
}

/// `x.headers(header_map)` anywhere in a method chain → `x`.
fn strip_headers_call(expr: &mut syn::Expr) {
    match expr {
        syn::Expr::Try(t) => strip_headers_call(&mut t.expr),
        syn::Expr::MethodCall(call) => {
            let takes_the_map = call.method == "headers"
                && call.args.len() == 1
                && matches!(call.args.first(), Some(syn::Expr::Path(p)) if p.path.is_ident(HEADER_MAP));
            if takes_the_map {
                let receiver = std::mem::replace(call.receiver.as_mut(), syn::parse_quote!(()));
                *expr = receiver;
                strip_headers_call(expr);
            } else {
                strip_headers_call(&mut call.receiver);
            }
        }
        _ => {}
    }
}

/// `let mut header_map = HeaderMap::with_capacity(N)`: size it for `N -
/// dropped`; the new capacity.
fn shrink_header_map(stmt: &mut syn::Stmt, dropped: usize) -> Option<usize> {
    if !declares(stmt, HEADER_MAP) {
        return None;
    }
    let syn::Stmt::Local(local) = stmt else {
        return None;
    };
    let init = local.init.as_mut()?;
    let syn::Expr::Call(call) = init.expr.as_mut() else {
        return None;
    };
    let is_with_capacity = matches!(call.func.as_ref(), syn::Expr::Path(p)
        if p.path.segments.last().is_some_and(|s| s.ident == "with_capacity"));
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Int(n),
        ..
    })) = call.args.first_mut()
    else {
        return None;
    };
    let capacity = n.base10_parse::<usize>().ok()?;
    if !is_with_capacity {
        return None;
    }
    let left = capacity.saturating_sub(dropped);
    *n = syn::LitInt::new(&format!("{left}usize"), n.span());
    Some(left)
}

/// In the URL's `format!`, `encode_path(&p.to_string())` → `encode_path(p)`
/// for each `&str` parameter `p`.
fn encode_str_in_place(stmt: &mut syn::Stmt, strs: &BTreeSet<String>) -> bool {
    if strs.is_empty() {
        return false;
    }
    let syn::Stmt::Local(local) = stmt else {
        return false;
    };
    let Some(init) = &mut local.init else {
        return false;
    };
    let syn::Expr::Macro(m) = init.expr.as_mut() else {
        return false;
    };
    if !m.mac.path.is_ident("format") {
        return false;
    }
    let (tokens, changed) = rewrite(m.mac.tokens.clone(), strs);
    m.mac.tokens = tokens;
    changed
}

/// `encode_path ( & p . to_string ( ) )` → `encode_path ( p )`, at any depth.
fn rewrite(tokens: TokenStream, strs: &BTreeSet<String>) -> (TokenStream, bool) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut changed = false;
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(g) => {
                let after_encode_path = matches!(i.checked_sub(1).and_then(|j| trees.get(j)), Some(TokenTree::Ident(id)) if id == "encode_path");
                let replaced = after_encode_path
                    .then(|| str_argument(g.stream(), strs))
                    .flatten();
                let (inner, inner_changed) = match replaced {
                    Some(ident) => (ident, true),
                    None => rewrite(g.stream(), strs),
                };
                changed |= inner_changed;
                let mut group = proc_macro2::Group::new(g.delimiter(), inner);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other.clone()),
        }
    }
    (out.into_iter().collect(), changed)
}

/// `& p . to_string ( )` for a `&str` parameter `p`: `p`.
fn str_argument(tokens: TokenStream, strs: &BTreeSet<String>) -> Option<TokenStream> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let [TokenTree::Punct(amp), TokenTree::Ident(p), TokenTree::Punct(dot), TokenTree::Ident(m), TokenTree::Group(args)] =
        trees.as_slice()
    else {
        return None;
    };
    let is_call = amp.as_char() == '&'
        && dot.as_char() == '.'
        && m == "to_string"
        && args.stream().is_empty();
    (is_call && strs.contains(&p.to_string())).then(|| TokenTree::Ident(p.clone()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method() -> syn::File {
        syn::parse_quote! {
            impl Client {
                pub async fn get_record<'a>(&'a self, record_id: &'a str, n: i64) -> Result<(), ()> {
                    let url = format!(
                        "{}/records/{}/{}", self.baseurl, encode_path(&record_id.to_string()),
                        encode_path(&n.to_string()),
                    );
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                    header_map.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                    );
                    header_map.append("x-trace", value);
                    let mut request = self.client.get(url).headers(header_map).build()?;
                    let info = OperationInfo { operation_id: "get_record" };
                    self.pre(&mut request, &info).await?;
                    let result = self.exec(request, &info).await;
                    Ok(())
                }
            }
        }
    }

    #[test]
    fn the_api_version_header_is_not_made_and_str_paths_are_not_copied() {
        let mut file = method();
        assert_eq!(lean_requests(&mut file), 1);
        let code = file.to_token_stream().to_string();
        assert!(!code.contains("api-version"), "{code}");
        assert!(code.contains("with_capacity (1usize)"), "{code}");
        assert!(code.contains("\"x-trace\""), "{code}");
        assert!(code.contains("encode_path (record_id)"), "{code}");
        // Not a `&str`: still formatted.
        assert!(code.contains("encode_path (& n . to_string ())"), "{code}");
    }

    #[test]
    fn a_map_left_empty_is_not_made_or_merged() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn list<'a>(&'a self) -> Result<(), ()> {
                    let url = format!("{}/list", self.baseurl);
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                    header_map.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                    );
                    #[allow(unused_mut)]
                    let mut request = self.client.get(url).query(&q).headers(header_map).build()?;
                    Ok(())
                }
            }
        };
        assert_eq!(lean_requests(&mut file), 1);
        let code = file.to_token_stream().to_string();
        assert!(!code.contains("header_map"), "{code}");
        assert!(
            code.contains("self . client . get (url) . query (& q) . build () ?"),
            "{code}"
        );
    }

    #[test]
    fn the_request_is_built_in_a_block_that_ends_before_the_send_is_awaited() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub async fn get<'a>(&'a self, id: &'a str) -> Result<(), ()> {
                    let url = format!("{}/things/{}", self.baseurl, encode_path(id));
                    #[allow(unused_mut)]
                    let mut request = self.client.get(url).build()?;
                    let info = OperationInfo { operation_id: "get" };
                    self.pre(&mut request, &info).await?;
                    let result = self.exec(request, &info).await;
                    self.post(&result, &info).await?;
                    let response = result?;
                    Ok(())
                }
            }
        };
        assert_eq!(lean_requests(&mut file), 1);
        let syn::Item::Impl(imp) = &file.items[0] else {
            panic!("not an impl")
        };
        let syn::ImplItem::Fn(f) = &imp.items[0] else {
            panic!("not a method")
        };
        let stmts: Vec<String> = f
            .block
            .stmts
            .iter()
            .map(|s| s.to_token_stream().to_string())
            .collect();
        assert_eq!(
            stmts,
            [
                "let info = OperationInfo { operation_id : \"get\" } ;",
                "let result = { let url = format ! (\"{}/things/{}\" , self . baseurl , encode_path (id)) ; # [allow (unused_mut)] let mut request = self . client . get (url) . build () ? ; self . pre (& mut request , & info) . await ? ; self . exec (request , & info) } . await ;",
                "self . post (& result , & info) . await ? ;",
                "let response = result ? ;",
                "Ok (())",
            ]
        );
    }

    #[test]
    fn the_response_headers_are_moved_not_copied() {
        let method = |name: &str| -> syn::ImplItem {
            let ident = syn::Ident::new(name, proc_macro2::Span::call_site());
            syn::parse_quote! {
                pub async fn #ident<'a>(&'a self) -> Result<ResponseValue<ByteStream>, Error<ByteStream>> {
                    let response = result?;
                    // progenitor's arms are blocks; a plain arm is rewritten too.
                    match response.status().as_u16() {
                        200..=299 => { Ok(ResponseValue::stream(response)) }
                        _ => Err(Error::ErrorResponse(ResponseValue::stream(response))),
                    }
                }
            }
        };
        let (one, two) = (method("one"), method("two"));
        let mut file: syn::File = syn::parse_quote! {
            impl Client { #one #two }
        };
        assert_eq!(lean_requests(&mut file), 2);
        let code = file.to_token_stream().to_string();
        assert!(!code.contains("ResponseValue :: stream"), "{code}");
        assert_eq!(
            code.matches("Ok (stream_response (response))").count(),
            2,
            "{code}"
        );
        assert_eq!(
            code.matches("Err (Error :: ErrorResponse (stream_response (response)))")
                .count(),
            2,
            "{code}"
        );
        // One helper, which moves the headers out.
        assert_eq!(code.matches("fn stream_response").count(), 1, "{code}");
        assert!(code.contains("take (response . headers_mut ())"), "{code}");
        // A second pass finds nothing to change and adds no second helper.
        assert_eq!(lean_requests(&mut file), 0);
        assert_eq!(file.to_token_stream().to_string(), code);
    }

    #[test]
    fn a_second_pass_changes_nothing() {
        let mut file = method();
        lean_requests(&mut file);
        let once = file.to_token_stream().to_string();
        assert_eq!(lean_requests(&mut file), 0);
        assert_eq!(file.to_token_stream().to_string(), once);
    }
}
