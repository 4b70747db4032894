//! Records staged by JavaScript for one produce call: a Float64Array of fixed-size
//! entries and one byte buffer holding every record's key, value and packed headers
//! back to back. Both arrays are registered once (and again when the buffer grows), so
//! a produce call reads them straight from memory with no Node-API call per record or
//! per array (see lib/staging-area.ts).

use std::ptr;

/// Fields per staged record in the Float64Array.
pub const STAGE_STRIDE: usize = 8;
const TOPIC_ID: usize = 0;
const PARTITION: usize = 1;
const SLOT: usize = 2;
const TIMESTAMP: usize = 3;
const KEY_LENGTH: usize = 4;
const VALUE_LENGTH: usize = 5;
const HEADERS_LENGTH: usize = 6;
/// Written back: the record's librdkafka result code.
const RESULT: usize = 7;

/// Where a producer's JS staging area keeps its two arrays.
pub struct StageMemory {
    entries: *mut f64,
    entries_length: usize,
    bytes: *const u8,
    bytes_length: usize,
}

impl Default for StageMemory {
    fn default() -> Self {
        StageMemory {
            entries: ptr::null_mut(),
            entries_length: 0,
            bytes: ptr::null(),
            bytes_length: 0,
        }
    }
}

impl StageMemory {
    /// Registers the arrays; the JS staging area registers again whenever it replaces one.
    pub fn register(&mut self, entries: &mut [f64], bytes: &[u8]) {
        self.entries = entries.as_mut_ptr();
        self.entries_length = entries.len();
        self.bytes = bytes.as_ptr();
        self.bytes_length = bytes.len();
    }

    /// The first `count` staged records; `None` before registration or when `count` is too large.
    ///
    /// # Safety
    /// The registered arrays must still be alive and unaliased for `'a`: true during a
    /// produce call, since the producer's JS staging area owns them, registers any
    /// replacement before its next produce call, and JS cannot run during the call.
    pub unsafe fn stage<'a>(&self, count: usize) -> Option<Stage<'a>> {
        if self.entries.is_null() || self.bytes.is_null() {
            return None;
        }
        // SAFETY: per the function's contract, both regions are live for 'a.
        let (entries, bytes) = unsafe {
            (
                std::slice::from_raw_parts_mut(self.entries, self.entries_length),
                std::slice::from_raw_parts(self.bytes, self.bytes_length),
            )
        };
        Stage::new(entries, bytes, count)
    }
}

/// One staged record, its bytes borrowed from the staging buffer.
pub struct StagedRecord<'a> {
    pub topic_id: usize,
    pub partition: i32,
    pub slot: u32,
    pub timestamp: f64,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: Option<&'a [u8]>,
}

/// Walks the staged records in order.
pub struct Stage<'a> {
    entries: &'a mut [f64],
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Stage<'a> {
    /// `None` when `count` entries do not fit in `entries`.
    pub fn new(entries: &'a mut [f64], bytes: &'a [u8], count: usize) -> Option<Self> {
        let used = count.checked_mul(STAGE_STRIDE)?;
        let entries = entries.get_mut(..used)?;
        Some(Stage {
            entries,
            bytes,
            offset: 0,
        })
    }

    /// The `index`-th record (records must be read in order: their bytes follow each other).
    /// `None` when the lengths point past the staged bytes.
    pub fn record(&mut self, index: usize) -> Option<StagedRecord<'a>> {
        let entry = &self.entries[index * STAGE_STRIDE..(index + 1) * STAGE_STRIDE];
        let (topic_id, partition, slot, timestamp) = (
            entry[TOPIC_ID] as usize,
            entry[PARTITION] as i32,
            entry[SLOT] as u32,
            entry[TIMESTAMP],
        );
        let (key_length, value_length, headers_length) = (
            entry[KEY_LENGTH],
            entry[VALUE_LENGTH],
            entry[HEADERS_LENGTH],
        );
        let key = self.take(key_length)?;
        let value = self.take(value_length)?;
        let headers = self.take(headers_length)?;
        Some(StagedRecord {
            topic_id,
            partition,
            slot,
            timestamp,
            key,
            value,
            headers,
        })
    }

    pub fn set_result(&mut self, index: usize, code: i32) {
        self.entries[index * STAGE_STRIDE + RESULT] = f64::from(code);
    }

    /// A length of -1 is an absent part (null key, no headers).
    fn take(&mut self, length: f64) -> Option<Option<&'a [u8]>> {
        if length < 0.0 {
            return Some(None);
        }
        let end = self.offset.checked_add(length as usize)?;
        let slice = self.bytes.get(self.offset..end)?;
        self.offset = end;
        Some(Some(slice))
    }
}
