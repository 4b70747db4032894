//! Turns the JS layer's `key=value` pairs into a librdkafka configuration.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use rdkafka_sys as rd;

const ERRSTR_LEN: usize = 512;

/// An owned `rd_kafka_conf_t` that is destroyed unless handed to `rd_kafka_new`.
pub struct NativeConfig {
    raw: *mut rd::rd_kafka_conf_t,
}

impl NativeConfig {
    /// Builds a configuration from `[key0, value0, key1, value1, ...]`.
    /// The error names the librdkafka key and repeats librdkafka's own reason.
    pub fn from_pairs(pairs: &[String]) -> Result<Self, String> {
        if !pairs.len().is_multiple_of(2) {
            return Err("configuration pairs must come as key, value".into());
        }
        // SAFETY: rd_kafka_conf_new has no preconditions; ownership is tracked by Self.
        let raw = unsafe { rd::rd_kafka_conf_new() };
        let config = NativeConfig { raw };
        for pair in pairs.chunks_exact(2) {
            config.set(&pair[0], &pair[1])?;
        }
        Ok(config)
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let c_key = CString::new(key).map_err(|_| format!("'{key}' contains a NUL byte"))?;
        let c_value =
            CString::new(value).map_err(|_| format!("the value of '{key}' contains a NUL byte"))?;
        let mut errstr = [0 as c_char; ERRSTR_LEN];
        // SAFETY: `raw` is a live conf; the strings are NUL-terminated and outlive the call;
        // errstr is writable for ERRSTR_LEN bytes.
        let result = unsafe {
            rd::rd_kafka_conf_set(
                self.raw,
                c_key.as_ptr(),
                c_value.as_ptr(),
                errstr.as_mut_ptr(),
                ERRSTR_LEN,
            )
        };
        if result == rd::rd_kafka_conf_res_t::RD_KAFKA_CONF_OK {
            Ok(())
        } else {
            Err(format!(
                "librdkafka rejected '{key}': {}",
                errstr_to_string(&errstr)
            ))
        }
    }

    pub fn enable_events(&self, mask: i32) {
        // SAFETY: `raw` is a live conf.
        unsafe { rd::rd_kafka_conf_set_events(self.raw, mask) };
    }

    /// Creates a producer instance from this conf, which librdkafka takes on success; on
    /// failure the conf stays ours and Drop frees it.
    pub fn into_producer_instance(mut self) -> Result<*mut rd::rd_kafka_t, String> {
        let mut errstr = [0 as c_char; 512];
        // SAFETY: `raw` is a live conf owned by us; errstr is a writable buffer of the size given.
        let rk = unsafe {
            rd::rd_kafka_new(
                rd::rd_kafka_type_t::RD_KAFKA_PRODUCER,
                self.raw,
                errstr.as_mut_ptr(),
                errstr.len(),
            )
        };
        if rk.is_null() {
            return Err(errstr_to_string(&errstr));
        }
        // librdkafka owns the conf now: Drop must not destroy it.
        self.raw = ptr::null_mut();
        Ok(rk)
    }
}

impl Drop for NativeConfig {
    fn drop(&mut self) {
        if !self.raw.is_null() {
            // SAFETY: still owned by us (never handed to a successful rd_kafka_new).
            unsafe { rd::rd_kafka_conf_destroy(self.raw) };
        }
    }
}

pub fn errstr_to_string(errstr: &[c_char]) -> String {
    // SAFETY: librdkafka always NUL-terminates errstr within its size; the buffer was
    // zero-initialised so a terminator exists even if librdkafka wrote nothing.
    unsafe { CStr::from_ptr(errstr.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// librdkafka's default value for one property, or None if it has none.
pub fn default_value(key: &str) -> Option<String> {
    let config = NativeConfig::from_pairs(&[]).ok()?;
    let c_key = CString::new(key).ok()?;
    let mut size: usize = 0;
    // SAFETY: a NULL destination with a size pointer asks librdkafka for the needed size.
    let res =
        unsafe { rd::rd_kafka_conf_get(config.raw, c_key.as_ptr(), ptr::null_mut(), &mut size) };
    if res != rd::rd_kafka_conf_res_t::RD_KAFKA_CONF_OK || size == 0 {
        return None;
    }
    let mut buffer = vec![0 as c_char; size];
    // SAFETY: buffer has exactly the size librdkafka asked for.
    unsafe { rd::rd_kafka_conf_get(config.raw, c_key.as_ptr(), buffer.as_mut_ptr(), &mut size) };
    Some(errstr_to_string(&buffer))
}
