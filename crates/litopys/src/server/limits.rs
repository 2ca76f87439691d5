//! What one request may ask of the server. A public-facing search box gets pasted
//! novels, `limit=1000000` and slow queries; each limit turns that into a clear 4xx answer
//! instead of a stalled server.

use std::time::Duration;

/// The server's limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest query, in characters.
    pub max_query_chars: usize,
    /// Most hits on one page.
    pub max_page: usize,
    /// Deepest page start (deep paging costs O(offset); exports serve whole sets).
    pub max_offset: usize,
    /// Most values in one facet list.
    pub max_facets: usize,
    /// Longest request target (path and parameters), in bytes.
    pub max_uri_bytes: usize,
    /// Largest request body: the API only reads, so bodies are refused.
    pub max_body_bytes: usize,
    /// Largest body of a coordinator's POST (summed statistics, a list of terms): the
    /// only requests with a body (see `COORDINATOR_POSTS`).
    pub max_coordinator_body_bytes: usize,
    /// Longest a request may wait and run before it is answered 408.
    pub timeout: Duration,
    /// Requests computing at once; more wait (within `timeout`).
    pub max_concurrent: usize,
    /// Most hits one export writes.
    pub max_export: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_query_chars: 1_000,
            max_page: 100,
            max_offset: 10_000,
            max_facets: 1_000,
            max_uri_bytes: 8_192,
            max_body_bytes: 1_024,
            max_coordinator_body_bytes: 2 << 20,
            timeout: Duration::from_secs(10),
            max_concurrent: 2 * cores,
            max_export: 200_000,
        }
    }
}
