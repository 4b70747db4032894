//! Wakes the JS thread when librdkafka has events (delivery reports, errors, stats).
//!
//! librdkafka calls `on_queue_event` from its own threads each time it enqueues an
//! event on our queue. That callback only flips an atomic flag and, if it was not
//! already set, queues ONE call of a threadsafe function: a flood of reports costs one
//! cross-thread wakeup, not one per report. The JS side clears the flag when it drains.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use rdkafka_sys as rd;

/// A threadsafe function that takes no arguments, is not awaited, and is weak
/// (it does not keep the event loop alive unless `keep_alive(true)`).
pub type WakeFunction = ThreadsafeFunction<(), Unknown<'static>, (), Status, false, true>;

pub struct Wakeup {
    pending: AtomicBool,
    wake: WakeFunction,
    keeping_alive: AtomicBool,
}

impl Wakeup {
    pub fn new(wake: WakeFunction) -> Self {
        Wakeup {
            pending: AtomicBool::new(false),
            wake,
            keeping_alive: AtomicBool::new(false),
        }
    }

    /// Called by the drain before it polls: any event enqueued from now on wakes JS again.
    pub fn rearm(&self) {
        self.pending.store(false, Ordering::Release);
    }

    fn signal(&self) {
        if !self.pending.swap(true, Ordering::AcqRel) {
            self.wake.call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }

    /// While records are in flight the process must not exit before their reports
    /// arrive; when none are, an idle producer must not hold the process open.
    pub fn keep_alive(&self, env: &Env, keep: bool) -> Result<()> {
        if self.keeping_alive.swap(keep, Ordering::AcqRel) == keep {
            return Ok(());
        }
        // SAFETY: called on the JS thread with its env; the threadsafe function is alive for as
        // long as `self` is, and (un)referencing only toggles whether it holds the loop open.
        let status = unsafe {
            if keep {
                napi::sys::napi_ref_threadsafe_function(env.raw(), self.wake.raw())
            } else {
                napi::sys::napi_unref_threadsafe_function(env.raw(), self.wake.raw())
            }
        };
        if status == napi::sys::Status::napi_ok {
            Ok(())
        } else {
            Err(Error::from_reason(
                "could not change the producer's event-loop reference",
            ))
        }
    }

    /// Registers the callback on `queue`. `self` must stay at this address until `disable`.
    pub fn enable(&self, queue: *mut rd::rd_kafka_queue_t) {
        // SAFETY: `queue` is a live queue handle; `self` outlives the registration because
        // the owner calls `disable` before dropping it (see KafkaClient::drop).
        unsafe {
            rd::rd_kafka_queue_cb_event_enable(
                queue,
                Some(on_queue_event),
                self as *const Wakeup as *mut c_void,
            )
        };
    }

    pub fn disable(queue: *mut rd::rd_kafka_queue_t) {
        // SAFETY: `queue` is a live queue handle; librdkafka swaps the callback under the
        // queue's lock, so no callback is running with the old opaque once this returns.
        unsafe { rd::rd_kafka_queue_cb_event_enable(queue, None, std::ptr::null_mut()) };
    }
}

unsafe extern "C" fn on_queue_event(_rk: *mut rd::rd_kafka_t, opaque: *mut c_void) {
    // SAFETY: the opaque is the `Wakeup` registered in `enable`, alive until `disable`.
    let wakeup = unsafe { &*(opaque as *const Wakeup) };
    wakeup.signal();
}
