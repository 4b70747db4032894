//! The layout of the memory that JavaScript and this crate share: the staging entries
//! (records handed over) and the delivery reports (outcomes handed back). This is its one
//! definition: `lib/native/layout.generated.ts` is generated from it by
//! `node scripts/generate-layout.mjs`, and a unit test fails when the two differ.

use napi_derive::napi;

/// Defines each constant and lists it, with its doc, for the TypeScript generator.
macro_rules! shared_layout {
    ($($(#[doc = $doc:literal])+ pub const $name:ident: $ty:ty = $value:expr;)+) => {
        $($(#[doc = $doc])+ pub const $name: $ty = $value;)+

        /// Every constant above: (name, doc, value).
        const ALL: &[(&str, &str, f64)] = &[$((stringify!($name), concat!($($doc),+), $value as f64)),+];
    };
}

shared_layout! {
    /// Fields per staged record in the staging Float64Array.
    pub const STAGE_STRIDE: usize = 8;
    /// A staged record's topic handle id.
    pub const STAGE_TOPIC_ID: usize = 0;
    /// Its partition, or -1 for the partitioner to choose.
    pub const STAGE_PARTITION: usize = 1;
    /// Its slot: the id its delivery report comes back with.
    pub const STAGE_SLOT: usize = 2;
    /// Its timestamp in ms since the epoch, or 0 for now.
    pub const STAGE_TIMESTAMP: usize = 3;
    /// The byte length of its key in the staging buffer, or STAGE_ABSENT.
    pub const STAGE_KEY_LENGTH: usize = 4;
    /// The byte length of its value, or STAGE_ABSENT.
    pub const STAGE_VALUE_LENGTH: usize = 5;
    /// The byte length of its packed headers, or STAGE_ABSENT.
    pub const STAGE_HEADERS_LENGTH: usize = 6;
    /// Written back by the produce call: librdkafka's result code for the record.
    pub const STAGE_RESULT: usize = 7;
    /// A length that marks an absent key, value or headers.
    pub const STAGE_ABSENT: i32 = -1;
    /// Fields per delivery report in the reports Float64Array.
    pub const REPORT_STRIDE: usize = 6;
    /// A report's slot (the record's id, from STAGE_SLOT).
    pub const REPORT_SLOT: usize = 0;
    /// Its error code (0 when delivered).
    pub const REPORT_CODE: usize = 1;
    /// The partition the record went to.
    pub const REPORT_PARTITION: usize = 2;
    /// Its offset (-1 when unknown, e.g. acks 0).
    pub const REPORT_OFFSET: usize = 3;
    /// Its timestamp in ms (-1 if unknown).
    pub const REPORT_TIMESTAMP: usize = 4;
    /// Whether it may be in the log: 0 not persisted, 1 possibly, 2 persisted.
    pub const REPORT_PERSISTENCE: usize = 5;
    /// Set in the drain's result when side events (errors, stats, logs) wait to be taken.
    pub const DRAIN_SIDE_EVENTS_FLAG: u32 = 1 << 24;
    /// Set in the drain's result when failed records' bytes wait to be taken.
    pub const DRAIN_FAILED_RECORDS_FLAG: u32 = 1 << 25;
    /// The bits of the drain's result that count the reports written.
    pub const DRAIN_COUNT_MASK: u32 = (1 << 24) - 1;
}

/// One constant of the shared layout, as the generator writes it to TypeScript.
#[napi(object)]
pub struct LayoutConstant {
    pub name: String,
    pub doc: String,
    pub value: f64,
}

/// The shared layout, for `scripts/generate-layout.mjs` and the test that it is current.
#[napi]
pub fn shared_memory_layout() -> Vec<LayoutConstant> {
    ALL.iter()
        .map(|&(name, doc, value)| LayoutConstant {
            name: name.to_owned(),
            doc: doc.trim().to_owned(),
            value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_fit_their_strides_and_flags_do_not_overlap_the_count() {
        for field in [
            STAGE_TOPIC_ID,
            STAGE_PARTITION,
            STAGE_SLOT,
            STAGE_TIMESTAMP,
            STAGE_KEY_LENGTH,
            STAGE_VALUE_LENGTH,
            STAGE_HEADERS_LENGTH,
            STAGE_RESULT,
        ] {
            assert!(field < STAGE_STRIDE);
        }
        assert!(REPORT_PERSISTENCE < REPORT_STRIDE);
        assert_eq!(
            DRAIN_COUNT_MASK & (DRAIN_SIDE_EVENTS_FLAG | DRAIN_FAILED_RECORDS_FLAG),
            0
        );
        let mut names: Vec<&str> = ALL.iter().map(|&(name, _, _)| name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "every constant is listed once");
    }
}
