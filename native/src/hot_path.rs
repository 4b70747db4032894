//! The two calls made per record or per report batch, written against raw Node-API:
//! `produce(id, topicId, partition, key, value, slot, timestamp, headers) -> code` and
//! `drain(id, reports) -> count`. Each costs a handful of Node-API calls and no allocation.

use std::ffi::{c_char, c_void};
use std::ptr;

use napi::sys;

use crate::delivery::DeliveryDrain;
use crate::produce::produce_one;
use crate::registry::{self, ProducerState};

/// Registers the hot-path functions on the module's exports.
///
/// # Safety
/// `env` and `exports` must be the module's environment and exports object.
pub unsafe fn export(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    let functions: [(&str, sys::napi_callback); 2] =
        [("hotProduce", Some(produce)), ("hotDrain", Some(drain))];
    for (name, callback) in functions {
        let mut function = ptr::null_mut();
        // SAFETY: env/exports are valid per the caller; the name outlives the calls.
        let status = unsafe {
            sys::napi_create_function(
                env,
                name.as_ptr() as *const c_char,
                name.len() as isize,
                callback,
                ptr::null_mut(),
                &mut function,
            )
        };
        check(status, "napi_create_function")?;
        let c_name = std::ffi::CString::new(name).expect("static names have no NUL");
        // SAFETY: as above; `function` was just created.
        check(
            unsafe { sys::napi_set_named_property(env, exports, c_name.as_ptr(), function) },
            "napi_set_named_property",
        )?;
    }
    Ok(())
}

fn check(status: sys::napi_status, what: &str) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_reason(format!(
            "{what} failed with status {status}"
        )))
    }
}

const MAX_ARGS: usize = 8;

/// Reads the call's arguments; missing ones are `undefined`.
unsafe fn arguments(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> [sys::napi_value; MAX_ARGS] {
    let mut argc = MAX_ARGS;
    let mut argv = [ptr::null_mut(); MAX_ARGS];
    // SAFETY: argv has room for argc values; Node-API fills missing ones with undefined.
    unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    argv
}

unsafe fn throw(env: sys::napi_env, message: &str) -> sys::napi_value {
    let c_message = std::ffi::CString::new(message).unwrap_or_default();
    // SAFETY: env is the current environment; a pending exception is what JS will see.
    unsafe { sys::napi_throw_type_error(env, ptr::null(), c_message.as_ptr()) };
    ptr::null_mut()
}

unsafe fn u32_arg(env: sys::napi_env, value: sys::napi_value) -> Option<u32> {
    let mut out = 0u32;
    // SAFETY: value is a live handle of this call.
    (unsafe { sys::napi_get_value_uint32(env, value, &mut out) } == sys::Status::napi_ok)
        .then_some(out)
}

unsafe fn i32_arg(env: sys::napi_env, value: sys::napi_value) -> Option<i32> {
    let mut out = 0i32;
    // SAFETY: value is a live handle of this call.
    (unsafe { sys::napi_get_value_int32(env, value, &mut out) } == sys::Status::napi_ok)
        .then_some(out)
}

unsafe fn f64_arg(env: sys::napi_env, value: sys::napi_value) -> Option<f64> {
    let mut out = 0f64;
    // SAFETY: value is a live handle of this call.
    (unsafe { sys::napi_get_value_double(env, value, &mut out) } == sys::Status::napi_ok)
        .then_some(out)
}

unsafe fn int32(env: sys::napi_env, value: i32) -> sys::napi_value {
    let mut out = ptr::null_mut();
    // SAFETY: env is the current environment.
    unsafe { sys::napi_create_int32(env, value, &mut out) };
    out
}

/// What a key, value or headers argument holds.
enum Bytes<'a> {
    Absent,
    Borrowed(&'a [u8]),
    /// A JS string, copied as UTF-8 into a scratch buffer.
    Copied,
    Invalid,
}

/// Reads `null`/`undefined`, a Uint8Array (Buffer) or a string.
///
/// # Safety
/// `value` must be a live handle of the current call; the returned slice borrows JS
/// memory that stays valid until the call returns (JS cannot run meanwhile).
unsafe fn bytes_arg<'a>(
    env: sys::napi_env,
    value: sys::napi_value,
    scratch: &mut Vec<u8>,
) -> Bytes<'a> {
    let mut kind = 0;
    // SAFETY: as in the function's contract.
    unsafe { sys::napi_typeof(env, value, &mut kind) };
    match kind {
        sys::ValueType::napi_null | sys::ValueType::napi_undefined => Bytes::Absent,
        sys::ValueType::napi_string => {
            // SAFETY: as above; the first call asks for the UTF-8 length, the second copies.
            unsafe {
                let mut length = 0usize;
                sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut length);
                scratch.clear();
                scratch.reserve(length + 1);
                let mut written = 0usize;
                sys::napi_get_value_string_utf8(
                    env,
                    value,
                    scratch.as_mut_ptr() as *mut c_char,
                    length + 1,
                    &mut written,
                );
                scratch.set_len(written);
            }
            Bytes::Copied
        }
        sys::ValueType::napi_object => {
            let mut array_type = 0;
            let mut length = 0usize;
            let mut data: *mut c_void = ptr::null_mut();
            let mut buffer = ptr::null_mut();
            let mut offset = 0usize;
            // SAFETY: as above; fails cleanly (non-ok status) for non-typed-array objects.
            let status = unsafe {
                sys::napi_get_typedarray_info(
                    env,
                    value,
                    &mut array_type,
                    &mut length,
                    &mut data,
                    &mut buffer,
                    &mut offset,
                )
            };
            if status != sys::Status::napi_ok || array_type != sys::TypedarrayType::uint8_array {
                return Bytes::Invalid;
            }
            if length == 0 {
                return Bytes::Borrowed(&[]);
            }
            // SAFETY: Node-API reports `length` readable bytes at `data`, alive during this call.
            Bytes::Borrowed(unsafe { std::slice::from_raw_parts(data as *const u8, length) })
        }
        _ => Bytes::Invalid,
    }
}

fn resolve<'a>(bytes: Bytes<'a>, scratch: &'a [u8]) -> Result<Option<&'a [u8]>, ()> {
    match bytes {
        Bytes::Absent => Ok(None),
        Bytes::Borrowed(slice) => Ok(Some(slice)),
        Bytes::Copied => Ok(Some(scratch)),
        Bytes::Invalid => Err(()),
    }
}

unsafe extern "C" fn produce(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node-API with a valid env and info.
    unsafe {
        let args = arguments(env, info);
        let (Some(id), Some(topic_id), Some(partition), Some(slot), Some(timestamp)) = (
            u32_arg(env, args[0]),
            u32_arg(env, args[1]),
            i32_arg(env, args[2]),
            u32_arg(env, args[5]),
            f64_arg(env, args[6]),
        ) else {
            return throw(env, "produce: bad arguments");
        };
        let outcome = registry::with(id, |state: &mut ProducerState| {
            let Some(rkt) = state.topics.get(topic_id as usize).map(|t| t.0) else {
                return Err("produce: unknown topic id");
            };
            let mut key_scratch = std::mem::take(&mut state.key_scratch);
            let mut value_scratch = std::mem::take(&mut state.value_scratch);
            let key = bytes_arg(env, args[3], &mut key_scratch);
            let value = bytes_arg(env, args[4], &mut value_scratch);
            let mut no_scratch = Vec::new();
            let headers = bytes_arg(env, args[7], &mut no_scratch);
            let code = match (
                resolve(key, &key_scratch),
                resolve(value, &value_scratch),
                resolve(headers, &no_scratch),
            ) {
                (Ok(key), Ok(value), Ok(headers)) => {
                    let code = produce_one(
                        state.client.rk(),
                        rkt,
                        partition,
                        key,
                        value,
                        slot,
                        timestamp,
                        headers,
                    );
                    if code == 0 {
                        state.payload_bytes +=
                            (key.map_or(0, <[u8]>::len) + value.map_or(0, <[u8]>::len)) as u64;
                    }
                    Ok(code)
                }
                _ => Err(
                    "produce: key, value and headers must be Uint8Array, string, null or undefined",
                ),
            };
            state.key_scratch = key_scratch;
            state.value_scratch = value_scratch;
            code
        });
        match outcome {
            Some(Ok(code)) => int32(env, code),
            Some(Err(message)) => throw(env, message),
            None => throw(env, "the producer is closed"),
        }
    }
}

unsafe extern "C" fn drain(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node-API with a valid env and info.
    unsafe {
        let args = arguments(env, info);
        let Some(id) = u32_arg(env, args[0]) else {
            return throw(env, "drain: bad arguments");
        };
        let mut array_type = 0;
        let mut length = 0usize;
        let mut data: *mut c_void = ptr::null_mut();
        let mut buffer = ptr::null_mut();
        let mut offset = 0usize;
        let status = sys::napi_get_typedarray_info(
            env,
            args[1],
            &mut array_type,
            &mut length,
            &mut data,
            &mut buffer,
            &mut offset,
        );
        if status != sys::Status::napi_ok || array_type != sys::TypedarrayType::float64_array {
            return throw(env, "drain: reports must be a Float64Array");
        }
        // SAFETY: the Float64Array has `length` elements at `data`; JS cannot touch it during this call.
        let reports: &mut [f64] = if length == 0 {
            &mut []
        } else {
            std::slice::from_raw_parts_mut(data as *mut f64, length)
        };
        let count = registry::with(id, |state| {
            let ProducerState { client, drain, .. } = state;
            DeliveryDrain::drain(drain, client, reports)
        })
        .unwrap_or(0);
        let mut out = ptr::null_mut();
        sys::napi_create_uint32(env, count, &mut out);
        out
    }
}
