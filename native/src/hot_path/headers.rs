//! Record headers arrive from JS packed in one buffer (no JS array walking):
//! repeated `[u32 LE name length][name][i32 LE value length, -1 for null][value]`.

use std::ffi::c_void;

use rdkafka_sys as rd;

/// An `rd_kafka_headers_t` we own until librdkafka accepts the message.
pub struct OwnedHeaders(*mut rd::rd_kafka_headers_t);

impl OwnedHeaders {
    pub fn parse(packed: &[u8]) -> Result<Self, String> {
        // SAFETY: rd_kafka_headers_new has no preconditions; Drop frees it unless released.
        let headers = OwnedHeaders(unsafe { rd::rd_kafka_headers_new(8) });
        let mut rest = packed;
        while !rest.is_empty() {
            let name_len = read_u32(&mut rest)? as usize;
            let name = take(&mut rest, name_len)?;
            let value_len = read_u32(&mut rest)? as i32;
            let value = if value_len < 0 {
                None
            } else {
                Some(take(&mut rest, value_len as usize)?)
            };
            let (value_ptr, value_size) = match value {
                Some(bytes) => (bytes.as_ptr() as *const c_void, bytes.len() as isize),
                None => (std::ptr::null(), 0),
            };
            // SAFETY: name and value point into `packed` for the given sizes; librdkafka copies them.
            unsafe {
                rd::rd_kafka_header_add(
                    headers.0,
                    name.as_ptr() as *const _,
                    name.len() as isize,
                    value_ptr,
                    value_size,
                )
            };
        }
        Ok(headers)
    }

    pub fn as_raw(&self) -> *mut rd::rd_kafka_headers_t {
        self.0
    }

    /// librdkafka took ownership (the produce call succeeded).
    pub fn release(mut self) {
        self.0 = std::ptr::null_mut();
    }
}

impl Drop for OwnedHeaders {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: still ours: never handed over to a successful produce call.
            unsafe { rd::rd_kafka_headers_destroy(self.0) };
        }
    }
}

fn read_u32(rest: &mut &[u8]) -> Result<u32, String> {
    let bytes = take(rest, 4)?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

fn take<'a>(rest: &mut &'a [u8], len: usize) -> Result<&'a [u8], String> {
    if rest.len() < len {
        return Err("malformed packed headers".into());
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    Ok(head)
}
