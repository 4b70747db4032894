//! Wakes the JS thread when librdkafka has events (delivery reports, errors, stats).
//!
//! librdkafka calls `on_queue_event` from its own threads each time it enqueues an
//! event on our queue. That callback only flips an atomic flag and, if it was not
//! already set, queues ONE call of a threadsafe function: a flood of reports costs one
//! cross-thread wakeup, not one per report. The JS side clears the flag when it drains.
//!
//! The threadsafe function holds its JS callback WEAKLY while the producer is idle and
//! strongly only while records are in flight (`keep_alive(true)`). A threadsafe function
//! made from a JS function would hold that function (and so, through its closure, the
//! whole JS producer) for as long as librdkafka's instance lives, and librdkafka's
//! instance lives until the JS producer is collected: a cycle through a GC root, so an
//! unclosed producer was never collected. Whoever passes the callback keeps it alive
//! for as long as it wants wakeups (NativeProducer keeps it on its JS object).

use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::*;
use napi::sys;
use rdkafka_sys as rd;

/// The threadsafe function, shared by the wakeup (which calls and releases it from any
/// thread) and its finalizer (which runs on the JS thread, also when the environment
/// tears down first). `None` once released or finalized: never used after either.
struct Handle {
    tsfn: Mutex<Option<TsfnPtr>>,
}

#[derive(Clone, Copy)]
struct TsfnPtr(sys::napi_threadsafe_function);

// SAFETY: a threadsafe function exists to be called and released from any thread; the
// mutex around it orders those calls with its finalizer.
unsafe impl Send for TsfnPtr {}

/// What the threadsafe function's JS-thread callbacks receive.
struct Context {
    /// The JS callback; weak (count 0) except while the producer keeps the loop alive.
    callback: sys::napi_ref,
    handle: Arc<Handle>,
}

pub struct Wakeup {
    pending: AtomicBool,
    handle: Arc<Handle>,
    /// The same reference as the context's: valid until the finalizer, which runs only after
    /// `handle` says `None`, and only on the JS thread (where `keep_alive` runs too).
    callback: sys::napi_ref,
    keeping_alive: AtomicBool,
}

// SAFETY: `callback` is only used on the JS thread (`keep_alive`); everything else is
// atomics and the mutex-guarded threadsafe function, which may be used from any thread.
unsafe impl Send for Wakeup {}
// SAFETY: as above.
unsafe impl Sync for Wakeup {}

fn check(status: sys::napi_status, what: &str) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::from_reason(format!(
            "{what} failed with status {status}"
        )))
    }
}

impl Wakeup {
    /// A wakeup that calls `callback` (with no arguments) on the JS thread. It does not keep
    /// the event loop alive, nor `callback`, unless `keep_alive(true)`.
    pub fn new(env: &Env, callback: &Function<(), Unknown<'static>>) -> Result<Self> {
        let env = env.raw();
        let mut callback_ref = ptr::null_mut();
        // SAFETY: on the JS thread with its env; `callback` is a live function of this call.
        let status =
            unsafe { sys::napi_create_reference(env, callback.raw(), 0, &mut callback_ref) };
        check(status, "napi_create_reference")?;
        // SAFETY: as above; the reference is live and handed over.
        unsafe { Self::create(env, callback_ref) }
    }

    /// # Safety
    /// On the JS thread of `env`; `callback_ref` is a live reference, owned from now on by the
    /// result (deleted by the threadsafe function's finalizer), or deleted here on failure.
    unsafe fn create(env: sys::napi_env, callback_ref: sys::napi_ref) -> Result<Self> {
        const NAME: &str = "ferrokafka wakeup";
        let mut name = ptr::null_mut();
        // SAFETY: per the contract; the name is valid UTF-8 of the given length.
        let status = unsafe {
            sys::napi_create_string_utf8(env, NAME.as_ptr().cast(), NAME.len() as isize, &mut name)
        };
        if let Err(error) = check(status, "napi_create_string_utf8") {
            // SAFETY: per the contract, the reference is ours to delete on failure.
            unsafe { sys::napi_delete_reference(env, callback_ref) };
            return Err(error);
        }
        let handle = Arc::new(Handle {
            tsfn: Mutex::new(None),
        });
        let context = Box::into_raw(Box::new(Context {
            callback: callback_ref,
            handle: handle.clone(),
        }));
        let mut tsfn = ptr::null_mut();
        // SAFETY: per the contract. No JS function is given: `call_js` fetches the callback
        // from the (weak) reference. The context box is freed by `finalize`, which Node calls
        // exactly once, after the last release or when the environment tears down.
        let status = unsafe {
            sys::napi_create_threadsafe_function(
                env,
                ptr::null_mut(),
                ptr::null_mut(),
                name,
                0,
                1,
                context.cast(),
                Some(finalize),
                context.cast(),
                Some(call_js),
                &mut tsfn,
            )
        };
        if let Err(error) = check(status, "napi_create_threadsafe_function") {
            // SAFETY: not handed to Node (creation failed), so the box and the reference are
            // still ours alone.
            unsafe {
                drop(Box::from_raw(context));
                sys::napi_delete_reference(env, callback_ref);
            }
            return Err(error);
        }
        *handle.tsfn.lock().unwrap_or_else(|e| e.into_inner()) = Some(TsfnPtr(tsfn));
        // From here on, dropping the wakeup releases the function, whose finalizer deletes
        // the reference.
        let wakeup = Wakeup {
            pending: AtomicBool::new(false),
            handle,
            callback: callback_ref,
            keeping_alive: AtomicBool::new(false),
        };
        // SAFETY: the threadsafe function was just created on this thread.
        let status = unsafe { sys::napi_unref_threadsafe_function(env, tsfn) };
        check(status, "napi_unref_threadsafe_function")?;
        Ok(wakeup)
    }

    /// Called by the drain before it polls: any event enqueued from now on wakes JS again.
    pub fn rearm(&self) {
        self.pending.store(false, Ordering::Release);
    }

    fn signal(&self) {
        if self.pending.swap(true, Ordering::AcqRel) {
            return;
        }
        let tsfn = self.handle.tsfn.lock().unwrap_or_else(|e| e.into_inner());
        let queued = match *tsfn {
            // SAFETY: the function is neither released nor finalized while the lock says Some,
            // and the lock is held for the call; non-blocking calls are allowed from any thread.
            Some(TsfnPtr(tsfn)) => unsafe {
                sys::napi_call_threadsafe_function(
                    tsfn,
                    ptr::null_mut(),
                    sys::ThreadsafeFunctionCallMode::nonblocking,
                )
            },
            None => return,
        };
        if queued != sys::Status::napi_ok {
            // Not queued (closing): let a later event try again.
            self.pending.store(false, Ordering::Release);
        }
    }

    /// While records are in flight the process must not exit before their reports
    /// arrive, and the JS producer must not be collected; when none are, an idle producer
    /// must neither hold the process open nor be kept from collection.
    pub fn keep_alive(&self, env: &Env, keep: bool) -> Result<()> {
        if self.keeping_alive.swap(keep, Ordering::AcqRel) == keep {
            return Ok(());
        }
        let env = env.raw();
        let tsfn = self.handle.tsfn.lock().unwrap_or_else(|e| e.into_inner());
        let Some(TsfnPtr(tsfn)) = *tsfn else {
            return Ok(());
        };
        let mut count = 0;
        // SAFETY: on the JS thread with its env. The function is alive (the lock says Some),
        // and so is the callback reference: the finalizer deletes it only after taking the
        // function out of the lock, and it runs on this same thread.
        let statuses = unsafe {
            if keep {
                [
                    sys::napi_ref_threadsafe_function(env, tsfn),
                    sys::napi_reference_ref(env, self.callback, &mut count),
                ]
            } else {
                [
                    sys::napi_unref_threadsafe_function(env, tsfn),
                    sys::napi_reference_unref(env, self.callback, &mut count),
                ]
            }
        };
        if statuses
            .iter()
            .all(|&status| status == sys::Status::napi_ok)
        {
            Ok(())
        } else {
            Err(Error::from_reason(
                "could not change the producer's event-loop reference",
            ))
        }
    }

    /// Registers the callback on `queue`. `self` must stay at this address until `disable`.
    ///
    /// # Safety
    /// `queue` must be a live queue handle, and `disable` must be called on it before `self`
    /// moves or is dropped.
    pub unsafe fn enable(&self, queue: *mut rd::rd_kafka_queue_t) {
        // SAFETY: per the function's contract.
        unsafe {
            rd::rd_kafka_queue_cb_event_enable(
                queue,
                Some(on_queue_event),
                self as *const Wakeup as *mut c_void,
            )
        };
    }

    /// # Safety
    /// `queue` must be a live queue handle.
    pub unsafe fn disable(queue: *mut rd::rd_kafka_queue_t) {
        // SAFETY: `queue` is live per the contract; librdkafka swaps the callback under the
        // queue's lock, so no callback is running with the old opaque once this returns.
        unsafe { rd::rd_kafka_queue_cb_event_enable(queue, None, ptr::null_mut()) };
    }
}

impl Drop for Wakeup {
    fn drop(&mut self) {
        let mut tsfn = self.handle.tsfn.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(TsfnPtr(tsfn)) = tsfn.take() {
            // SAFETY: not yet released nor finalized (the lock said Some); releasing is allowed
            // from any thread. Node then finalizes it on the JS thread once its queue is empty.
            unsafe {
                sys::napi_release_threadsafe_function(
                    tsfn,
                    sys::ThreadsafeFunctionReleaseMode::release,
                )
            };
        }
    }
}

unsafe extern "C" fn on_queue_event(_rk: *mut rd::rd_kafka_t, opaque: *mut c_void) {
    // SAFETY: the opaque is the `Wakeup` registered in `enable`, alive until `disable`.
    let wakeup = unsafe { &*(opaque as *const Wakeup) };
    wakeup.signal();
}

/// Calls the JS callback, unless it was collected (its producer is gone: nothing to drain).
unsafe extern "C" fn call_js(
    env: sys::napi_env,
    _js_callback: sys::napi_value,
    context: *mut c_void,
    _data: *mut c_void,
) {
    if env.is_null() {
        // The environment is tearing down: no JS to call.
        return;
    }
    // SAFETY: the context is the box made in `create`, freed only by `finalize`, which Node
    // never runs before a pending call has been dispatched.
    let context = unsafe { &*(context as *const Context) };
    let mut callback = ptr::null_mut();
    let mut undefined = ptr::null_mut();
    // SAFETY: on the JS thread with its env; the reference is alive until `finalize`.
    unsafe {
        if sys::napi_get_reference_value(env, context.callback, &mut callback)
            != sys::Status::napi_ok
            || callback.is_null()
            || sys::napi_get_undefined(env, &mut undefined) != sys::Status::napi_ok
        {
            return;
        }
        // A throw stays pending: Node reports it as an uncaught exception when this returns.
        sys::napi_call_function(env, undefined, callback, 0, ptr::null(), ptr::null_mut());
    }
}

/// Runs once on the JS thread, after the last release or at environment teardown.
unsafe extern "C" fn finalize(env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the context box from `create`, handed over to this one call.
    let context = unsafe { Box::from_raw(data as *mut Context) };
    context
        .handle
        .tsfn
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    // SAFETY: on the JS thread with its env; nothing uses the reference after this (the
    // wakeup sees `None` above before touching it).
    unsafe { sys::napi_delete_reference(env, context.callback) };
}
