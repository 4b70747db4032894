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

/// Other names librdkafka's header gives codes (`#define` aliases in rdkafka.h), among them
/// the names newer Kafka versions use.
const ALIASES: [(&str, &str); 4] = [
    ("NOT_LEADER_OR_FOLLOWER", "NOT_LEADER_FOR_PARTITION"),
    ("GROUP_LOAD_IN_PROGRESS", "COORDINATOR_LOAD_IN_PROGRESS"),
    (
        "GROUP_COORDINATOR_NOT_AVAILABLE",
        "COORDINATOR_NOT_AVAILABLE",
    ),
    ("NOT_COORDINATOR_FOR_GROUP", "NOT_COORDINATOR"),
];

/// The code librdkafka names `name`: its table's name (`_TRANSPORT`, `REQUEST_TIMED_OUT`),
/// the same without the leading underscore of local codes (as `KafkaError.type` gives it:
/// `TRANSPORT`), or an alias of rdkafka.h (`NOT_LEADER_OR_FOLLOWER`).
pub fn code_of_name(name: &str) -> Option<i32> {
    let canonical = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |&(_, canonical)| canonical);
    let local = format!("_{canonical}");
    let named = |wanted: &str| {
        table().iter().find_map(|entry| {
            // SAFETY: the table's names are NULL (holes) or static NUL-terminated literals.
            let entry_name = unsafe { static_str(entry.name) }?;
            (entry_name == wanted && !entry.desc.is_null()).then_some(entry.code as i32)
        })
    };
    named(canonical).or_else(|| {
        (!canonical.starts_with('_'))
            .then(|| named(&local))
            .flatten()
    })
}

/// librdkafka's error enum for a known `code` (never an arbitrary integer cast into it).
pub fn resp_err(code: i32) -> Option<rd::rd_kafka_resp_err_t> {
    entry(code).map(|entry| entry.code)
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
    fn finds_codes_by_name_alias_or_name_without_the_local_underscore() {
        assert_eq!(code_of_name("REQUEST_TIMED_OUT"), Some(7));
        assert_eq!(code_of_name("NOT_LEADER_FOR_PARTITION"), Some(6));
        assert_eq!(code_of_name("NOT_LEADER_OR_FOLLOWER"), Some(6));
        assert_eq!(code_of_name("NOT_COORDINATOR_FOR_GROUP"), Some(16));
        assert_eq!(code_of_name("_TRANSPORT"), Some(-195));
        assert_eq!(code_of_name("TRANSPORT"), Some(-195));
        assert_eq!(code_of_name("NO_ERROR"), Some(0));
        for name in ["", "_", "__TRANSPORT", "transport", "NOPE"] {
            assert_eq!(code_of_name(name), None, "{name:?}");
        }
    }

    #[test]
    fn every_described_name_maps_back_to_its_code_and_stripping_underscores_is_unambiguous() {
        let last = rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_END_ALL as i32;
        for code in (-200..last).filter(|&code| is_known(code)) {
            let name = describe(code).name;
            assert_eq!(code_of_name(&name), Some(code), "{name}");
            assert_eq!(resp_err(code).map(|err| err as i32), Some(code));
            if let Some(stripped) = name.strip_prefix('_') {
                assert_eq!(
                    code_of_name(stripped),
                    Some(code),
                    "{stripped} names a broker code too"
                );
            }
        }
        assert_eq!(resp_err(-2), None);
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
