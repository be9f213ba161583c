//! Scoring on several threads, results in input order (feature `parallel`).
//!
//! The caller's thread reads records (readers need not be `Send`: a locked
//! standard input is not) and hands them out in batches; `threads` scoped workers value them; the
//! caller's thread receives the results, puts them back in input order and hands
//! each to `each`. At most a few batches per worker are in flight, so memory stays
//! flat however long the input. The threads live only for the call: there is no
//! pool in the process, and the caller chooses how many.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::policy::Policy;

use super::{Record, Scored};

/// Something a worker turns into a [`Record`]: a record itself, or a row still to
/// be read and validated ([`crate::read::PendingRow`]), so that the reading thread
/// does as little as it can.
pub trait IntoRecord: Send {
    /// The record, validated.
    fn into_record(self) -> Record;
}

impl IntoRecord for Record {
    fn into_record(self) -> Record {
        self
    }
}

/// Records handed to a worker at once.
const BATCH: usize = 256;

/// Batches in flight per worker: enough to keep workers busy while the caller's
/// thread reads and writes, few enough to keep memory flat.
const IN_FLIGHT_PER_WORKER: usize = 4;

/// Scores `records` on `threads` threads and hands each result to `each`, in
/// input order, exactly as [`score`](super::score) would. `threads = 1` scores on
/// the caller's thread alone. A record may be a [`Record`], or a
/// `read::PendingRow` from `read::CsvReader::pending` (feature `io`), read and
/// validated on the worker.
///
/// An `Err` from `records` (the input failed part-way) stops the run after the
/// results of the records before it, and is returned; so is the first `Err` that
/// `each` returns (an output that cannot be written). `each` may return the
/// caller's own error type `E`, which the crate's errors convert into (`E:
/// From<Error>`), so that `?` works on both sides; a crate [`Error`] carries a
/// caller's error too, with [`Error::other`].
///
/// ```
/// # #[cfg(feature = "io")] {
/// use std::num::NonZeroUsize;
/// use keyaccount::read::{self, Format, ReadOptions};
/// use keyaccount::{Policy, Summary, score_parallel};
///
/// let csv = "id,currency,stage,revenue.annual,revenue.gross_margin\nA,EUR,active,1000,0.3\nB,EUR,active,1000,2\n";
/// let records = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default())?;
/// let mut summary = Summary::default();
/// let threads = NonZeroUsize::new(2).unwrap_or(NonZeroUsize::MIN);
/// score_parallel(records, &Policy::default(), threads, |scored| {
///     summary.add(&scored.result);
///     Ok::<(), keyaccount::Error>(()) // or the caller's own error type
/// })?;
/// assert_eq!((summary.records(), summary.errors()), (2, 1));
/// # }
/// # Ok::<(), keyaccount::Error>(())
/// ```
///
/// # Errors
///
/// The reader's error for an input that fails part-way (converted into `E`),
/// or the first error `each` returns.
pub fn score_parallel<I, T, F, E>(
    records: I,
    policy: &Policy,
    threads: NonZeroUsize,
    mut each: F,
) -> Result<(), E>
where
    I: IntoIterator<Item = Result<T>>,
    T: IntoRecord,
    F: FnMut(Scored) -> Result<(), E>,
    E: From<Error>,
{
    if threads.get() == 1 {
        for record in records {
            each(record?.into_record().evaluate(policy))?;
        }
        return Ok(());
    }
    score_parallel_map(
        records,
        policy,
        threads,
        |scored| scored,
        |scored| scored.into_iter().try_for_each(&mut each),
    )
}

/// Scores `records` in batches on `threads` threads, where each worker also
/// turns the results of a batch into whatever `map` makes of them (result rows
/// formatted for the output, say), and hands those to `each` in input order.
///
/// Work done in `map` is shared among the workers rather than left to the
/// caller's thread, which then only passes on what the workers made: with the
/// result rows formatted on the workers, the caller's thread only reads and
/// writes bytes. Each batch holds up to 256 results in input order, and
/// `threads = 1` does the same on the caller's thread alone. Errors stop the run
/// as in [`score_parallel`], and `each` may likewise return the caller's own
/// error type.
///
/// ```
/// # #[cfg(feature = "io")] {
/// use std::num::NonZeroUsize;
/// use keyaccount::read::{self, Format, ReadOptions};
/// use keyaccount::write::CsvWriter;
/// use keyaccount::{Policy, score_parallel_map};
///
/// let csv = "id,currency,stage,revenue.annual,revenue.gross_margin\nA,EUR,active,1000,0.3\nB,EUR,active,1000,2\n";
/// let records = read::records(csv.as_bytes(), Format::Csv, &ReadOptions::default())?;
/// let mut output = CsvWriter::new(Vec::new()).into_inner()?; // the header
/// let threads = NonZeroUsize::new(2).unwrap_or(NonZeroUsize::MIN);
/// score_parallel_map(
///     records,
///     &Policy::default(),
///     threads,
///     |scored| {
///         // On a worker: the batch's rows, formatted.
///         let mut rows = CsvWriter::rows_only(Vec::new());
///         scored.iter().try_for_each(|s| rows.write(&s.result))?;
///         rows.into_inner()
///     },
///     |rows| {
///         // On the caller's thread, in input order.
///         output.extend_from_slice(&rows?);
///         Ok::<(), keyaccount::Error>(())
///     },
/// )?;
/// let text = String::from_utf8_lossy(&output);
/// assert_eq!(text.lines().count(), 3);
/// assert!(text.lines().nth(2).is_some_and(|row| row.starts_with("B,")));
/// # }
/// # Ok::<(), keyaccount::Error>(())
/// ```
///
/// # Errors
///
/// The reader's error for an input that fails part-way (converted into `E`),
/// or the first error `each` returns.
///
/// # Panics
///
/// A panic in `map` on a worker stops the run and is passed on to the caller
/// once the other workers have finished their batches, as `std::thread::scope`
/// passes it on; a panic in `each` happens on the caller's thread.
pub fn score_parallel_map<I, T, M, U, F, E>(
    records: I,
    policy: &Policy,
    threads: NonZeroUsize,
    map: M,
    mut each: F,
) -> Result<(), E>
where
    I: IntoIterator<Item = Result<T>>,
    T: IntoRecord,
    M: Fn(Vec<Scored>) -> U + Sync,
    U: Send,
    F: FnMut(U) -> Result<(), E>,
    E: From<Error>,
{
    let workers = threads.get();
    let score = |batch: Vec<T>| {
        map(batch
            .into_iter()
            .map(|r| r.into_record().evaluate(policy))
            .collect())
    };
    if workers == 1 {
        let mut records = records.into_iter().fuse();
        loop {
            let (batch, stop) = next_batch(&mut records);
            if !batch.is_empty() {
                each(score(batch))?;
            }
            match stop {
                Some(Err(e)) => return Err(E::from(e)),
                Some(Ok(())) => return Ok(()),
                None => {}
            }
        }
    }
    let (work_tx, work_rx) = mpsc::channel::<(u64, Vec<T>)>();
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done<U>>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let work_rx = Arc::clone(&work_rx);
            let done_tx = done_tx.clone();
            let score = &score;
            scope.spawn(move || {
                // Should `map` (or anything else) panic here, the caller's
                // thread is told, stops waiting for this batch and closes the
                // queue; the scope then passes the panic on to the caller.
                let _alarm = Alarm(&done_tx);
                loop {
                    // The lock is held only to take the next batch.
                    let next = work_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((index, batch))) = next else {
                        return;
                    };
                    if done_tx.send(Done::Batch(index, score(batch))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let outcome = feed(records, &work_tx, &done_rx, workers, &mut each);
        // Closing the queue lets the workers finish and the scope end.
        drop(work_tx);
        outcome
    })
}

/// Up to [`BATCH`] records, and how reading ended if it did: `Some(Ok(()))` at
/// the end of the input, `Some(Err)` when the input failed.
fn next_batch<T>(records: &mut impl Iterator<Item = Result<T>>) -> (Vec<T>, Option<Result<()>>) {
    let mut batch = Vec::with_capacity(BATCH);
    for record in records.by_ref() {
        match record {
            Ok(record) => batch.push(record),
            Err(e) => return (batch, Some(Err(e))),
        }
        if batch.len() == BATCH {
            return (batch, None);
        }
    }
    (batch, Some(Ok(())))
}

/// What a worker sends back.
enum Done<U> {
    /// What `map` made of the batch with this index.
    Batch(u64, U),
    /// The worker is unwinding from a panic: the batch it held never comes.
    Panicked,
}

/// Sends [`Done::Panicked`] when its worker unwinds.
struct Alarm<'a, U>(&'a mpsc::Sender<Done<U>>);

impl<U> Drop for Alarm<'_, U> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.0.send(Done::Panicked);
        }
    }
}

/// Reads and sends batches, and hands on results in order as they come back.
fn feed<I, T, U, F, E>(
    records: I,
    work: &mpsc::Sender<(u64, Vec<T>)>,
    done: &mpsc::Receiver<Done<U>>,
    workers: usize,
    each: &mut F,
) -> Result<(), E>
where
    I: IntoIterator<Item = Result<T>>,
    F: FnMut(U) -> Result<(), E>,
    E: From<Error>,
{
    let limit = workers * IN_FLIGHT_PER_WORKER;
    let mut waiting: BTreeMap<u64, U> = BTreeMap::new();
    let (mut sent, mut next_out) = (0_u64, 0_u64);
    let mut records = records.into_iter().fuse();
    let mut stop: Option<Result<()>> = None;
    loop {
        // Keep the workers supplied.
        while stop.is_none() && sent - next_out < limit as u64 {
            let (batch, end) = next_batch(&mut records);
            stop = end;
            if batch.is_empty() || work.send((sent, batch)).is_err() {
                break;
            }
            sent += 1;
        }
        if next_out == sent {
            return stop.unwrap_or(Ok(())).map_err(E::from);
        }
        // Wait for the next result, and hand on every one that is in order.
        let (index, made) = match done.recv() {
            Ok(Done::Batch(index, made)) => (index, made),
            // The scope passes the worker's panic on once the workers are gone.
            Ok(Done::Panicked) | Err(_) => return stop.unwrap_or(Ok(())).map_err(E::from),
        };
        waiting.insert(index, made);
        while let Some(made) = waiting.remove(&next_out) {
            each(made)?;
            next_out += 1;
        }
    }
}
