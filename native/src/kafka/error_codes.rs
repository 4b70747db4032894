//! librdkafka's error codes by number, checked.
//!
//! An error code reaches us as a plain integer (from JS through `describeError`, from a
//! report or an event). Turning an arbitrary integer into librdkafka's error enum is
//! undefined behaviour in Rust for values the enum does not have, so codes are never
//! converted: they are looked up in librdkafka's own table of known codes
//! (`rd_kafka_get_err_descs`, indexed from RD_KAFKA_RESP_ERR__BEGIN, with holes between the
//! local and the broker codes), and anything not in it is named `UNKNOWN`.
//!
//! No Node-API in here, so its tests run with plain `cargo test`.

use std::ffi::{c_char, CStr};

use rdkafka_sys as rd;

/// The name given to a code librdkafka does not know.
pub const UNKNOWN_NAME: &str = "UNKNOWN";

/// A code's symbolic name (without the `RD_KAFKA_RESP_ERR_` prefix) and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    pub name: String,
    pub message: String,
}

/// librdkafka's table of error descriptions.
fn table() -> &'static [rd::rd_kafka_err_desc] {
    let mut descs: *const rd::rd_kafka_err_desc = std::ptr::null();
    let mut count = 0usize;
    // SAFETY: librdkafka writes a pointer to its static table and the table's length.
    unsafe { rd::rd_kafka_get_err_descs(&mut descs, &mut count) };
    if descs.is_null() || count == 0 {
        return &[];
    }
    // SAFETY: the table is a static array of `count` entries that lives as long as the program.
    unsafe { std::slice::from_raw_parts(descs, count) }
}

/// A static C string from librdkafka's table, if present.
///
/// # Safety
/// `text` must be NULL or a NUL-terminated string that lives as long as the program.
unsafe fn static_str(text: *const c_char) -> Option<String> {
    if text.is_null() {
        return None;
    }
    // SAFETY: per the function's contract.
    Some(
        unsafe { CStr::from_ptr(text) }
            .to_string_lossy()
            .into_owned(),
    )
}

/// Whether librdkafka knows `code`.
#[cfg(test)]
fn is_known(code: i32) -> bool {
    entry(code).is_some()
}

fn entry(code: i32) -> Option<&'static rd::rd_kafka_err_desc> {
    let begin = rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__BEGIN as i64;
    let index = usize::try_from(i64::from(code) - begin).ok()?;
    let entry = table().get(index)?;
    // Holes in the table are zeroed entries: no name, no description.
    (!entry.name.is_null() && !entry.desc.is_null() && entry.code as i32 == code).then_some(entry)
}

/// The name and description of `code`; for a code librdkafka does not know, `UNKNOWN` and
/// a message naming the code.
pub fn describe(code: i32) -> Description {
    let known = entry(code).and_then(|entry| {
        // SAFETY: the table's strings are static literals of librdkafka.
        let (name, message) = unsafe { (static_str(entry.name)?, static_str(entry.desc)?) };
        Some(Description { name, message })
    });
    known.unwrap_or_else(|| Description {
        name: UNKNOWN_NAME.to_owned(),
        message: format!("Unknown librdkafka error code {code}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_known_local_and_broker_codes() {
        assert_eq!(describe(0).name, "NO_ERROR");
        let queue_full = describe(rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__QUEUE_FULL as i32);
        assert_eq!(queue_full.name, "_QUEUE_FULL");
        assert_eq!(queue_full.message, "Local: Queue full");
        assert_eq!(describe(-199).name, "_BAD_MSG");
        assert_eq!(describe(3).name, "UNKNOWN_TOPIC_OR_PART");
        assert_eq!(describe(-1).name, "UNKNOWN");
        assert_ne!(describe(-1).message, "Unknown librdkafka error code -1");
    }

    #[test]
    fn names_every_code_of_the_enum_that_librdkafka_describes() {
        let last = rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_END_ALL as i32;
        let known = (-200..last).filter(|&code| is_known(code)).count();
        assert!(known > 150, "only {known} known codes");
    }

    #[test]
    fn gives_unknown_codes_a_name_and_a_message_naming_them() {
        let end_all = rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_END_ALL as i32;
        for code in [
            i32::MIN,
            i32::MIN + 1,
            -100_000,
            -201,
            -200,
            -100,
            -99,
            -2,
            end_all,
            end_all + 1,
            100_000,
            i32::MAX,
        ] {
            assert!(!is_known(code), "{code} should be unknown");
            assert_eq!(
                describe(code),
                Description {
                    name: "UNKNOWN".to_owned(),
                    message: format!("Unknown librdkafka error code {code}"),
                },
            );
        }
    }
}
