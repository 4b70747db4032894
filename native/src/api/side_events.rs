//! Events other than delivery reports (errors, statistics, logs, token refresh
//! requests): rare, so they are copied into owned values and fetched by JS on demand.

use std::ffi::{c_char, CStr};

use napi_derive::napi;
use rdkafka_sys as rd;

use crate::api::errors::{error_description, error_name};

/// What a side event is; a string union in TypeScript.
#[napi(string_enum)]
#[derive(Debug, Clone, Copy)]
pub enum SideEventKind {
    #[napi(value = "error")]
    Error,
    #[napi(value = "stats")]
    Stats,
    #[napi(value = "log")]
    Log,
    #[napi(value = "oauthbearer-token-refresh")]
    OauthbearerTokenRefresh,
}

#[napi(object)]
#[derive(Debug, Clone)]
pub struct SideEvent {
    pub kind: SideEventKind,
    pub code: Option<i32>,
    pub name: Option<String>,
    pub message: Option<String>,
    pub fatal: Option<bool>,
    pub level: Option<i32>,
    pub facility: Option<String>,
}

impl SideEvent {
    fn new(kind: SideEventKind) -> Self {
        SideEvent {
            kind,
            code: None,
            name: None,
            message: None,
            fatal: None,
            level: None,
            facility: None,
        }
    }
}

/// A copy of a C string, or `None` for NULL.
///
/// # Safety
/// `text` must be NULL or a NUL-terminated string alive for the call.
unsafe fn owned(text: *const c_char) -> Option<String> {
    if text.is_null() {
        None
    } else {
        // SAFETY: per the function's contract.
        Some(
            unsafe { CStr::from_ptr(text) }
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// Copies a non-delivery event into a `SideEvent`, or None for event types we ignore.
///
/// # Safety
/// `event` must be a live event polled from `rk`'s queue.
pub unsafe fn read_side_event(
    rk: *mut rd::rd_kafka_t,
    event: *mut rd::rd_kafka_event_t,
) -> Option<SideEvent> {
    // SAFETY: guaranteed by the caller; every accessor below only reads the event, and the
    // strings they return are NUL-terminated and live with the event (the reason buffer is
    // ours, zeroed, and rd_kafka_fatal_error writes at most its length, NUL included).
    unsafe {
        match rd::rd_kafka_event_type(event) {
            rd::RD_KAFKA_EVENT_ERROR => {
                let mut code = rd::rd_kafka_event_error(event) as i32;
                let mut message = owned(rd::rd_kafka_event_error_string(event));
                let fatal = rd::rd_kafka_event_error_is_fatal(event) != 0;
                if fatal {
                    // The event carries the generic _FATAL code; the underlying cause is kept here.
                    let mut reason = [0 as c_char; 512];
                    code = rd::rd_kafka_fatal_error(rk, reason.as_mut_ptr(), reason.len()) as i32;
                    message = owned(reason.as_ptr());
                }
                let mut side = SideEvent::new(SideEventKind::Error);
                side.code = Some(code);
                side.name = Some(error_name(code));
                side.message = message.or_else(|| Some(error_description(code)));
                side.fatal = Some(fatal);
                Some(side)
            }
            rd::RD_KAFKA_EVENT_STATS => {
                let mut side = SideEvent::new(SideEventKind::Stats);
                side.message = owned(rd::rd_kafka_event_stats(event));
                Some(side)
            }
            rd::RD_KAFKA_EVENT_LOG => {
                let mut facility: *const c_char = std::ptr::null();
                let mut text: *const c_char = std::ptr::null();
                let mut level: i32 = 0;
                if rd::rd_kafka_event_log(event, &mut facility, &mut text, &mut level) != 0 {
                    return None;
                }
                let mut side = SideEvent::new(SideEventKind::Log);
                side.level = Some(level);
                side.facility = owned(facility);
                side.message = owned(text);
                Some(side)
            }
            rd::RD_KAFKA_EVENT_OAUTHBEARER_TOKEN_REFRESH => {
                let mut side = SideEvent::new(SideEventKind::OauthbearerTokenRefresh);
                side.message = owned(rd::rd_kafka_event_config_string(event));
                Some(side)
            }
            _ => None,
        }
    }
}
