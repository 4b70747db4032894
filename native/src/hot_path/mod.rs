//! The calls made per batch of records or of reports, written against raw Node-API:
//! `produce(id, count) -> attempted` (records staged in memory registered once with
//! `stage(id, entries, bytes)`, see staging.rs) and
//! `drain(id, reports, keepFailed) -> count`. Each costs a handful of Node-API calls per
//! call, none per record, and no allocation.

pub(crate) mod delivery;
pub(crate) mod failed_records;
pub(crate) mod headers;
pub(crate) mod produce;
pub(crate) mod staging;

use std::ffi::{c_char, c_void};
use std::ptr;

use napi::sys;
use rdkafka_sys as rd;

use crate::hot_path::delivery::DeliveryDrain;
use crate::hot_path::produce::produce_one;
use crate::kafka::registry::{self, ProducerState};

/// The exports property that holds the hot-path functions.
const HOT_PATH_PROPERTY: &std::ffi::CStr = c"hotPath";

/// Installs the hot-path functions on a frozen object kept in a non-enumerable property of
/// the module's exports, the one lib/native.ts reads: they are not module exports (not in
/// the typings, not listed by `Object.keys`, not named exports of the loader).
///
/// # Safety
/// `env` and `exports` must be the module's environment and exports object, on its JS thread.
pub unsafe fn export(env: sys::napi_env, exports: sys::napi_value) -> napi::Result<()> {
    let functions: [(&str, sys::napi_callback); 3] = [
        ("hotStage", Some(stage)),
        ("hotProduce", Some(produce)),
        ("hotDrain", Some(drain)),
    ];
    let mut holder = ptr::null_mut();
    // SAFETY: env is valid per the caller.
    let status = unsafe { sys::napi_create_object(env, &mut holder) };
    check(status, "napi_create_object")?;
    for (name, callback) in functions {
        let mut function = ptr::null_mut();
        // SAFETY: env is valid per the caller; the name outlives the calls.
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
        // SAFETY: as above; `holder` and `function` were just created.
        let status =
            unsafe { sys::napi_set_named_property(env, holder, c_name.as_ptr(), function) };
        check(status, "napi_set_named_property")?;
    }
    // SAFETY: as above.
    let status = unsafe { sys::napi_object_freeze(env, holder) };
    check(status, "napi_object_freeze")?;
    let property = sys::napi_property_descriptor {
        utf8name: HOT_PATH_PROPERTY.as_ptr(),
        name: ptr::null_mut(),
        method: None,
        getter: None,
        setter: None,
        value: holder,
        // Not enumerable, not writable, not configurable.
        attributes: sys::PropertyAttributes::default,
        data: ptr::null_mut(),
    };
    // SAFETY: env/exports are valid per the caller; the descriptor is read during the call.
    check(
        unsafe { sys::napi_define_properties(env, exports, 1, &property) },
        "napi_define_properties",
    )
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

const MAX_ARGS: usize = 3;

/// Reads the call's arguments; missing ones are `undefined`. `None` if Node-API fails.
///
/// # Safety
/// `env` and `info` must be those Node-API passed to the running callback.
unsafe fn arguments(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> Option<[sys::napi_value; MAX_ARGS]> {
    let mut argc = MAX_ARGS;
    let mut argv = [ptr::null_mut(); MAX_ARGS];
    // SAFETY: per the function's contract; argv has room for argc values, and Node-API
    // fills missing ones with undefined.
    let status = unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    (status == sys::Status::napi_ok).then_some(argv)
}

/// Throws a TypeError; returns the null value a callback returns with an exception pending.
///
/// # Safety
/// `env` must be the environment of the running callback.
unsafe fn throw(env: sys::napi_env, message: &str) -> sys::napi_value {
    let c_message = std::ffi::CString::new(message).unwrap_or_default();
    // SAFETY: env is the current environment; a pending exception is what JS will see. If
    // throwing fails, an exception is already pending, which JS sees instead.
    unsafe { sys::napi_throw_type_error(env, ptr::null(), c_message.as_ptr()) };
    ptr::null_mut()
}

/// A uint32 argument, or `None` if it is not a number.
///
/// # Safety
/// `env` must be the running callback's environment and `value` a live handle of the call.
unsafe fn u32_arg(env: sys::napi_env, value: sys::napi_value) -> Option<u32> {
    let mut out = 0u32;
    // SAFETY: per the function's contract.
    (unsafe { sys::napi_get_value_uint32(env, value, &mut out) } == sys::Status::napi_ok)
        .then_some(out)
}

/// The callback's return value for a count, or a thrown error if it cannot be made.
///
/// # Safety
/// `env` must be the running callback's environment.
unsafe fn return_u32(env: sys::napi_env, value: u32) -> sys::napi_value {
    let mut out = ptr::null_mut();
    // SAFETY: per the function's contract.
    if unsafe { sys::napi_create_uint32(env, value, &mut out) } == sys::Status::napi_ok {
        out
    } else {
        // SAFETY: as above.
        unsafe { throw(env, "could not create the result") }
    }
}

/// A typed array argument's elements, borrowed for the duration of the call.
///
/// # Safety
/// `value` must be a live handle of the current call; the slice stays valid until the
/// call returns (JS cannot run meanwhile, so nothing can detach or resize the buffer).
unsafe fn typed_array_arg<'a, T>(
    env: sys::napi_env,
    value: sys::napi_value,
    expected: sys::napi_typedarray_type,
) -> Option<&'a mut [T]> {
    let mut array_type = 0;
    let mut length = 0usize;
    let mut data: *mut c_void = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    let mut offset = 0usize;
    // SAFETY: as in the function's contract; fails cleanly for anything but a typed array.
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
    if status != sys::Status::napi_ok || array_type != expected {
        return None;
    }
    if length == 0 {
        return Some(&mut []);
    }
    // SAFETY: Node-API reports `length` elements of this type at `data`, alive during this call.
    Some(unsafe { std::slice::from_raw_parts_mut(data as *mut T, length) })
}

const QUEUE_FULL: i32 = rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__QUEUE_FULL as i32;
const UNKNOWN_TOPIC: i32 = rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC as i32;

/// `stage(id, entries: Float64Array, bytes: Uint8Array)`: registers the producer's staging
/// arrays (again whenever JS replaces one), so that produce calls take no array arguments.
unsafe extern "C" fn stage(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node-API with a valid env and info; the argument handles are live for
    // the call, which is what `typed_array_arg` and `register` require.
    unsafe {
        let Some(args) = arguments(env, info) else {
            return throw(env, "stage: could not read the arguments");
        };
        let (Some(id), Some(entries), Some(bytes)) = (
            u32_arg(env, args[0]),
            typed_array_arg::<f64>(env, args[1], sys::TypedarrayType::float64_array),
            typed_array_arg::<u8>(env, args[2], sys::TypedarrayType::uint8_array),
        ) else {
            return throw(env, "stage: bad arguments");
        };
        let registered = registry::with(id, |state| {
            state
                .stage_memory
                .register(env, (args[1], entries), (args[2], bytes))
        });
        match registered {
            Some(Ok(())) => ptr::null_mut(),
            Some(Err(status)) => throw(env, &format!("stage: Node-API status {status}")),
            None => throw(env, "the producer is closed"),
        }
    }
}

/// `produce(id, count) -> attempted`: hands the first `count` staged records to librdkafka
/// in order, writing each one's result code into its entry. Stops at the first queue-full
/// record (not produced) so JS can make it and the rest wait.
unsafe extern "C" fn produce(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node-API with a valid env and info; the staged arrays are referenced
    // and JS cannot run during the call (see StageMemory::stage).
    unsafe {
        let Some(args) = arguments(env, info) else {
            return throw(env, "produce: could not read the arguments");
        };
        let (Some(id), Some(count)) = (u32_arg(env, args[0]), u32_arg(env, args[1])) else {
            return throw(env, "produce: bad arguments");
        };
        let outcome = registry::with(id, |state: &mut ProducerState| {
            // SAFETY: the staged arrays are referenced (alive); nothing else touches them
            // during this call, since JS cannot run meanwhile (see StageMemory::stage).
            let Some(mut stage) = state.stage_memory.stage(count as usize) else {
                return Err("produce: more records than staged entries");
            };
            let rk = state.client.rk();
            for index in 0..count as usize {
                let Some(record) = stage.record(index) else {
                    return Err("produce: staged lengths exceed the staged bytes");
                };
                let Some(rkt) = state.topics.get(record.topic_id).map(|t| t.0) else {
                    stage.set_result(index, UNKNOWN_TOPIC);
                    continue;
                };
                // rk is the registered state's live instance and rkt one of its topic handles,
                // which are destroyed only when the state is released.
                let code = produce_one(
                    rk,
                    rkt,
                    record.partition,
                    record.key,
                    record.value,
                    record.slot,
                    record.timestamp,
                    record.headers,
                );
                if code == QUEUE_FULL {
                    return Ok(index as u32);
                }
                stage.set_result(index, code);
                if code == 0 {
                    state.payload_bytes += (record.key.map_or(0, <[u8]>::len)
                        + record.value.map_or(0, <[u8]>::len))
                        as u64;
                }
            }
            Ok(count)
        });
        match outcome {
            Some(Ok(attempted)) => return_u32(env, attempted),
            Some(Err(message)) => throw(env, message),
            None => throw(env, "the producer is closed"),
        }
    }
}

unsafe extern "C" fn drain(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: called by Node-API with a valid env and info; the reports array is a live
    // argument of the call.
    unsafe {
        let Some(args) = arguments(env, info) else {
            return throw(env, "drain: could not read the arguments");
        };
        let Some(id) = u32_arg(env, args[0]) else {
            return throw(env, "drain: bad arguments");
        };
        let Some(reports) =
            typed_array_arg::<f64>(env, args[1], sys::TypedarrayType::float64_array)
        else {
            return throw(env, "drain: reports must be a Float64Array");
        };
        let keep_failed = u32_arg(env, args[2]).unwrap_or(0) != 0;
        let count = registry::with(id, |state| {
            let ProducerState { client, drain, .. } = state;
            DeliveryDrain::drain(drain, client, reports, keep_failed)
        })
        .unwrap_or(0);
        return_u32(env, count)
    }
}
