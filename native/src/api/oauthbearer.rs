//! OAUTHBEARER tokens supplied by a JS callback (librdkafka asks through a
//! token-refresh side event; JS answers here).

use std::ffi::{c_char, CString};

use napi::bindgen_prelude::*;
use rdkafka_sys as rd;

use crate::kafka::client::KafkaClient;

/// A token from the JS provider, as librdkafka takes it.
#[napi_derive::napi(object)]
pub struct OauthbearerTokenGrant {
    /// The token itself (e.g. a JWT).
    pub value: String,
    /// Its absolute expiry, ms since the epoch.
    pub lifetime_ms: i64,
    pub principal: String,
    /// SASL extensions as `[key, value, key, value, ...]`.
    pub extensions: Vec<String>,
}
use crate::kafka::config::errstr_to_string;

pub fn set_token(
    client: &KafkaClient,
    token: &str,
    lifetime_ms: i64,
    principal: &str,
    extensions: &[String],
) -> Result<()> {
    let to_c = |text: &str| {
        CString::new(text)
            .map_err(|_| Error::from_reason("OAUTHBEARER token fields must not contain NUL bytes"))
    };
    let token = to_c(token)?;
    let principal = to_c(principal)?;
    let extensions: Vec<CString> = extensions.iter().map(|e| to_c(e)).collect::<Result<_>>()?;
    let extension_ptrs: Vec<*const c_char> = extensions.iter().map(|e| e.as_ptr()).collect();
    let mut errstr = [0 as c_char; 512];
    // SAFETY: rk is live; all strings are NUL-terminated and outlive the call (librdkafka copies them).
    let err = unsafe {
        rd::rd_kafka_oauthbearer_set_token(
            client.rk(),
            token.as_ptr(),
            lifetime_ms,
            principal.as_ptr(),
            extension_ptrs.as_ptr() as *mut *const c_char,
            extension_ptrs.len(),
            errstr.as_mut_ptr(),
            errstr.len(),
        )
    };
    if err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        Ok(())
    } else {
        Err(Error::from_reason(errstr_to_string(&errstr)))
    }
}
