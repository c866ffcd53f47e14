//! Serve stage, connections: the accept loop and a bounded pool of request workers.
//!
//! Plain `std::net` and threads rather than an HTTP crate or an async runtime: a local
//! preview serves files from memory to one browser and a load test, which a few hundred
//! blocking workers do with no dependency to audit. The bounds: at most [`MAX_WORKERS`]
//! threads (spawned only when no worker is idle), at most [`MAX_QUEUED`] accepted connections
//! waiting for one (more are answered 503), [`IDLE_TIMEOUT`] on every read, and a connection is
//! closed after its response instead of kept alive whenever another one is waiting, so idle
//! keep-alive connections cannot starve new ones. Events connections leave the pool for the
//! [`super::live::Hub`] as soon as they are answered.

use std::io::BufReader;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::http::{Method, RequestError, Response, read_request, write_response};
use super::live::{EVENTS_PATH, Hub};
use super::route;
use super::state::SiteState;

/// Most request worker threads.
pub const MAX_WORKERS: usize = 256;
/// Most accepted connections waiting for a worker.
pub const MAX_QUEUED: usize = 1024;
/// How long a connection may stay silent (between or inside requests) before it is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long writing one response may block.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Stack of a worker: parsing and answering keep everything large on the heap.
const WORKER_STACK: usize = 256 * 1024;

/// What the accept loop, the workers and the rebuild thread share.
#[derive(Debug, Default)]
pub struct Shared {
    /// The site being served.
    pub state: SiteState,
    /// The open events connections.
    pub hub: Hub,
    /// Set when the server stops.
    pub stopping: AtomicBool,
}

/// Worker bookkeeping.
#[derive(Debug, Default)]
struct Counts {
    workers: AtomicUsize,
    idle: AtomicUsize,
    queued: AtomicUsize,
}

/// Accepts connections until `shared.stopping` is set (and one more connection wakes it).
pub fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let (sender, receiver) = sync_channel::<TcpStream>(MAX_QUEUED);
    let receiver = Arc::new(Mutex::new(receiver));
    let counts = Arc::new(Counts::default());
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was accepted.
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        counts.queued.fetch_add(1, Ordering::SeqCst);
        if let Err(TrySendError::Full(mut stream) | TrySendError::Disconnected(mut stream)) = sender.try_send(stream) {
            counts.queued.fetch_sub(1, Ordering::SeqCst);
            let _ = write_response(&mut stream, &Response::status(503), false, false);
            continue;
        }
        if counts.idle.load(Ordering::SeqCst) < counts.queued.load(Ordering::SeqCst) {
            spawn_worker(&receiver, &shared, &counts);
        }
    }
}

fn spawn_worker(receiver: &Arc<Mutex<Receiver<TcpStream>>>, shared: &Arc<Shared>, counts: &Arc<Counts>) {
    if counts.workers.fetch_add(1, Ordering::SeqCst) >= MAX_WORKERS {
        counts.workers.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    counts.idle.fetch_add(1, Ordering::SeqCst);
    let (receiver, shared, worker_counts) = (Arc::clone(receiver), Arc::clone(shared), Arc::clone(counts));
    let spawned = std::thread::Builder::new()
        .name("specnotes-serve".into())
        .stack_size(WORKER_STACK)
        .spawn(move || work(&receiver, &shared, &worker_counts));
    if spawned.is_err() {
        counts.idle.fetch_sub(1, Ordering::SeqCst);
        counts.workers.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves queued connections one after the other until the accept loop ends.
fn work(receiver: &Mutex<Receiver<TcpStream>>, shared: &Shared, counts: &Counts) {
    loop {
        let next = receiver.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(stream) = next else { break };
        counts.queued.fetch_sub(1, Ordering::SeqCst);
        counts.idle.fetch_sub(1, Ordering::SeqCst);
        serve_connection(stream, shared, counts);
        counts.idle.fetch_add(1, Ordering::SeqCst);
    }
    counts.idle.fetch_sub(1, Ordering::SeqCst);
    counts.workers.fetch_sub(1, Ordering::SeqCst);
}

/// Answers the requests of one connection until it closes, times out or is handed to the hub.
fn serve_connection(stream: TcpStream, shared: &Shared, counts: &Counts) {
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        let request = match read_request(&mut reader) {
            Ok(request) => request,
            Err(RequestError::Closed) => return,
            Err(RequestError::Refused(status)) => {
                let _ = write_response(&mut writer, &Response::status(status), false, false);
                return;
            }
        };
        let path = request.target.split('?').next().unwrap_or_default();
        if request.method == Method::Get && path == EVENTS_PATH {
            let failure = shared.state.snapshot().failure.clone();
            shared.hub.subscribe(writer, failure.as_deref());
            return;
        }
        let response = if request.method == Method::Other {
            let mut refused = Response::status(405);
            refused.headers.push(("Allow", "GET, HEAD".into()));
            refused
        } else {
            route::respond(&request.target, &shared.state.snapshot())
        };
        let keep_alive = request.keep_alive
            && !request.has_body
            && counts.queued.load(Ordering::SeqCst) == 0
            && !shared.stopping.load(Ordering::SeqCst);
        let head_only = request.method == Method::Head;
        if write_response(&mut writer, &response, head_only, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}
