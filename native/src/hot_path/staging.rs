//! Records staged by JavaScript for one produce call: a Float64Array of fixed-size
//! entries and one byte buffer holding every record's key, value and packed headers
//! back to back. Both arrays are registered once (and again when the buffer grows), so
//! a produce call reads them straight from memory with no Node-API call per record or
//! per array (see lib/send/staging-area.ts; the layout is crate::layout).

use std::ptr;

use napi::sys;

use crate::layout::{
    STAGE_ABSENT, STAGE_HEADERS_LENGTH, STAGE_KEY_LENGTH, STAGE_PARTITION, STAGE_RESULT,
    STAGE_SLOT, STAGE_STRIDE, STAGE_TIMESTAMP, STAGE_TOPIC_ID, STAGE_VALUE_LENGTH,
};

/// Where a producer's JS staging area keeps its two arrays.
///
/// The addresses are read on every produce call, long after the call that registered them,
/// so the arrays themselves are held (a Node-API reference each) for as long as their
/// addresses are: whoever registered them may drop them, the garbage collector cannot free
/// them. The references are released when another pair is registered and on `release`.
pub struct StageMemory {
    entries: *mut f64,
    entries_length: usize,
    bytes: *const u8,
    bytes_length: usize,
    /// References to the registered typed arrays (entries, bytes); null when none.
    held: [sys::napi_ref; 2],
}

impl Default for StageMemory {
    fn default() -> Self {
        StageMemory {
            entries: ptr::null_mut(),
            entries_length: 0,
            bytes: ptr::null(),
            bytes_length: 0,
            held: [ptr::null_mut(); 2],
        }
    }
}

impl StageMemory {
    /// Registers the arrays; the JS staging area registers again whenever it replaces one.
    /// Returns the status of a failed Node-API call (then nothing changed).
    ///
    /// # Safety
    /// On the JS thread of `env`: `entries_value` and `bytes_value` are live handles of the
    /// current call, the typed arrays whose elements `entries` and `bytes` are.
    pub unsafe fn register(
        &mut self,
        env: sys::napi_env,
        (entries_value, entries): (sys::napi_value, &mut [f64]),
        (bytes_value, bytes): (sys::napi_value, &[u8]),
    ) -> Result<(), sys::napi_status> {
        let mut held = [ptr::null_mut(); 2];
        for (slot, value) in held.iter_mut().zip([entries_value, bytes_value]) {
            // SAFETY: per the function's contract.
            let status = unsafe { sys::napi_create_reference(env, value, 1, slot) };
            if status != sys::Status::napi_ok {
                // SAFETY: on the JS thread; deletes only what this loop created.
                unsafe { delete_references(env, &mut held) };
                return Err(status);
            }
        }
        // SAFETY: on the JS thread; the old references are ours and replaced below.
        unsafe { delete_references(env, &mut self.held) };
        self.held = held;
        self.entries = entries.as_mut_ptr();
        self.entries_length = entries.len();
        self.bytes = bytes.as_ptr();
        self.bytes_length = bytes.len();
        Ok(())
    }

    /// Forgets the arrays and lets them go.
    ///
    /// # Safety
    /// On the JS thread of `env` (the environment the arrays were registered in).
    pub unsafe fn release(&mut self, env: sys::napi_env) {
        // SAFETY: per the function's contract.
        unsafe { delete_references(env, &mut self.held) };
        *self = StageMemory::default();
    }

    /// The first `count` staged records; `None` before registration or when `count` is too large.
    ///
    /// # Safety
    /// The registered arrays are alive (they are referenced); they must also be unaliased
    /// and not detached for `'a`: true during a produce call, since JS cannot run meanwhile
    /// and the library's own staging area never detaches its buffers.
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

/// Deletes the non-null references and nulls them.
///
/// # Safety
/// On the JS thread of `env`; each non-null reference is live and owned by the caller.
unsafe fn delete_references(env: sys::napi_env, references: &mut [sys::napi_ref]) {
    for reference in references.iter_mut().filter(|r| !r.is_null()) {
        // SAFETY: per the function's contract. A failure can only leave the array referenced.
        unsafe { sys::napi_delete_reference(env, *reference) };
        *reference = ptr::null_mut();
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
            entry[STAGE_TOPIC_ID] as usize,
            entry[STAGE_PARTITION] as i32,
            entry[STAGE_SLOT] as u32,
            entry[STAGE_TIMESTAMP],
        );
        let (key_length, value_length, headers_length) = (
            entry[STAGE_KEY_LENGTH],
            entry[STAGE_VALUE_LENGTH],
            entry[STAGE_HEADERS_LENGTH],
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
        self.entries[index * STAGE_STRIDE + STAGE_RESULT] = f64::from(code);
    }

    /// A length of STAGE_ABSENT is an absent part (null key, no headers); so is any negative one.
    fn take(&mut self, length: f64) -> Option<Option<&'a [u8]>> {
        const _: () = assert!(STAGE_ABSENT < 0);
        if length < 0.0 {
            return Some(None);
        }
        let end = self.offset.checked_add(length as usize)?;
        let slice = self.bytes.get(self.offset..end)?;
        self.offset = end;
        Some(Some(slice))
    }
}
