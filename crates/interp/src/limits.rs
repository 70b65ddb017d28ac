//! Resource limits an embedder sets on an interpreter: operations, call
//! depth, memory, wall-clock time, and interruption from another thread.
//!
//! The hot paths pay for all of them with one counter: `Machine::fuel`,
//! decremented at every loop back-edge and every call of a Simple function
//! ([`Machine::tick`]). Only when it reaches zero does the slow path
//! ([`Machine::refuel`]) look at the operation budget, the interrupt flag
//! and the deadline, and hand out the next chunk of fuel. With no operation
//! limit the chunk is [`CHECK_EVERY`] operations, so an interrupt or a
//! deadline is noticed within that many operations.
//!
//! Memory is bounded per value: a text, array, byte buffer or dict that
//! would grow beyond the budget fails the operation that grows it
//! ([`check_size`]), before the memory is allocated. The budget lives in a
//! thread-local, set while an interpreter with a budget runs.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Ctrl, ErrorKind, RuntimeError};
use crate::machine::Machine;

/// How many operations run between two looks at the interrupt flag and the
/// deadline (fewer when an operation budget ends sooner).
pub const CHECK_EVERY: u64 = 4096;

/// Stops a running interpreter from another thread.
///
/// Get one with [`crate::Interpreter::interrupt_handle`]; it is `Send +
/// Sync` and cheap to clone. [`InterruptHandle::interrupt`] makes the
/// running (or the next) evaluation fail with [`ErrorKind::Interrupted`]
/// within a few thousand operations; the request is used up by that error.
#[derive(Clone, Debug, Default)]
pub struct InterruptHandle(Arc<AtomicBool>);

impl InterruptHandle {
    /// Asks the interpreter to stop.
    pub fn interrupt(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Withdraws a request not yet acted on.
    pub fn clear(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    /// True while a request is pending.
    pub fn is_interrupted(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn take(&self) -> bool {
        self.0.load(Ordering::Relaxed) && self.0.swap(false, Ordering::Relaxed)
    }
}

/// The limits of one interpreter (all off by default).
pub struct Limits {
    /// Operations (loop iterations and calls) per evaluation.
    pub max_operations: Option<u64>,
    /// Operations still to hand out beyond the current chunk of fuel.
    ops_left: u64,
    /// Wall-clock time per evaluation.
    pub time_limit: Option<Duration>,
    deadline: Option<Instant>,
    /// Largest text, array, byte buffer or dict, in bytes.
    pub max_memory: Option<usize>,
    pub interrupt: InterruptHandle,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_operations: None,
            ops_left: u64::MAX,
            time_limit: None,
            deadline: None,
            max_memory: None,
            interrupt: InterruptHandle::default(),
        }
    }
}

impl Limits {
    fn exceeded(kind: ErrorKind, message: String) -> Ctrl {
        Ctrl::error(Box::new(RuntimeError::new(message).with_kind(kind)))
    }
}

impl Machine {
    /// Counts one operation (a loop back-edge or a call). The only cost of
    /// the limits on the hot paths.
    #[inline(always)]
    pub fn tick(&mut self) -> Result<(), Ctrl> {
        // One subtraction whose borrow is the test: `sub [fuel], 1; jb`.
        let (left, ran_out) = self.fuel.overflowing_sub(1);
        self.fuel = left;
        if ran_out {
            return self.refuel();
        }
        Ok(())
    }

    /// Takes fuel for up to `want` (at least one) operations at once: a
    /// counted loop charges a batch of iterations and runs them without
    /// ticking (and gives back what a `break` leaves unused).
    #[inline(always)]
    pub fn take_fuel(&mut self, want: u64) -> Result<u64, Ctrl> {
        if self.fuel == 0 {
            self.refuel()?;
            return Ok(1);
        }
        let n = want.min(self.fuel);
        self.fuel -= n;
        Ok(n)
    }

    /// Starts an evaluation: the operation budget and the deadline start
    /// over. Called by every entry point of [`crate::Interpreter`].
    pub fn start_limits(&mut self) {
        let l = &mut self.limits;
        l.ops_left = l.max_operations.unwrap_or(u64::MAX);
        l.deadline = l.time_limit.map(|d| Instant::now() + d);
        // The first operation takes the slow path, which hands out fuel.
        self.fuel = 0;
    }

    /// The slow path of [`Machine::tick`]: checks the interrupt flag, the
    /// deadline and the operation budget, then hands out more fuel (and
    /// counts the current operation).
    #[cold]
    #[inline(never)]
    pub fn refuel(&mut self) -> Result<(), Ctrl> {
        // Until a chunk is handed out, every operation comes back here (a
        // failed tick must not leave the counter wrapped around).
        self.fuel = 0;
        let l = &mut self.limits;
        if l.interrupt.take() {
            return Err(Limits::exceeded(
                ErrorKind::Interrupted,
                "interrupted".into(),
            ));
        }
        if let Some(deadline) = l.deadline
            && Instant::now() >= deadline
        {
            let limit = l.time_limit.unwrap_or_default();
            return Err(Limits::exceeded(
                ErrorKind::TimeLimit,
                format!("time limit of {limit:?} exceeded"),
            ));
        }
        if l.ops_left == 0 && l.max_operations.is_some() {
            return Err(Limits::exceeded(
                ErrorKind::OperationLimit,
                format!(
                    "operation limit of {} exceeded",
                    l.max_operations.unwrap_or(0)
                ),
            ));
        }
        let chunk = if l.max_operations.is_some() {
            let chunk = l.ops_left.min(CHECK_EVERY);
            l.ops_left -= chunk;
            chunk
        } else {
            CHECK_EVERY
        };
        // This operation uses one unit of the chunk.
        self.fuel = chunk - 1;
        Ok(())
    }
}

thread_local! {
    static MAX_VALUE_BYTES: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Sets the memory budget of the running thread until the guard is dropped
/// (which restores the previous one).
pub(crate) struct MemoryGuard(usize);

impl MemoryGuard {
    pub(crate) fn new(limit: Option<usize>) -> MemoryGuard {
        MemoryGuard(MAX_VALUE_BYTES.with(|c| c.replace(limit.unwrap_or(usize::MAX))))
    }
}

impl Drop for MemoryGuard {
    fn drop(&mut self) {
        MAX_VALUE_BYTES.with(|c| c.set(self.0));
    }
}

/// Fails when a value of `bytes` bytes would exceed the memory budget.
#[inline]
pub fn check_size(bytes: usize) -> Result<(), Ctrl> {
    if bytes > MAX_VALUE_BYTES.with(|c| c.get()) {
        return Err(memory_exceeded(bytes));
    }
    Ok(())
}

/// Checks the memory budget before an array of `len` items grows by
/// `more` (only when its storage may be reallocated, so pushes stay cheap).
#[inline]
pub(crate) fn check_growth(len: usize, more: usize) -> Result<(), Ctrl> {
    if more > 1 || len.is_power_of_two() || len < 4 {
        check_size((len + more) * ITEM_BYTES)?;
    }
    Ok(())
}

#[cold]
fn memory_exceeded(bytes: usize) -> Ctrl {
    let limit = MAX_VALUE_BYTES.with(|c| c.get());
    Limits::exceeded(
        ErrorKind::MemoryLimit,
        format!("memory limit exceeded: a value of {bytes} bytes is over the budget of {limit}"),
    )
}

/// The bytes a value of each kind takes, as the budget counts them.
pub(crate) const ITEM_BYTES: usize = 16;
pub(crate) const ENTRY_BYTES: usize = 48;
