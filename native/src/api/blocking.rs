//! Runs an operation that blocks inside librdkafka (flush, destroy, metadata, transactions)
//! on a thread of its own and returns a promise of its result.
//!
//! Not on libuv's worker pool (napi's `AsyncTask`): such a call can wait for its whole
//! timeout (an unreachable broker), and the pool's four threads are shared by every
//! `fs`, `dns`, `crypto` and `zlib` call of the process. Four producers flushing against a
//! dead broker used to stall an unrelated `fs.readFile` for seconds. These operations are
//! rare (per flush or close, not per record), so a thread each costs nothing that matters.

use napi::bindgen_prelude::*;

/// Runs `task.compute()` on a new thread named `name`; the promise settles with
/// `task.resolve()` (on the JS thread) or with the error.
pub fn spawn<'env, T>(env: &'env Env, name: &str, mut task: T) -> Result<Object<'env>>
where
    T: Task + Send + 'static,
{
    let (deferred, promise) = env.create_deferred()?;
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || match task.compute() {
            Ok(output) => deferred.resolve(move |env| task.resolve(env, output)),
            Err(error) => deferred.reject(error),
        })
        .map_err(|error| Error::from_reason(format!("could not start a thread: {error}")))?;
    Ok(promise)
}
