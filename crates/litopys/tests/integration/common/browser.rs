//! A headless Chromium driven through ChromeDriver (WebDriver, via fantoccini) for the
//! end-to-end tests of the web page: finding the programs (or skipping), starting
//! chromedriver on a free port, a browser session on a tokio runtime, waits on the page,
//! and screenshots to `target/screenshots/*.png`.
//!
//! Skips with a printed reason when chromedriver or Chromium is missing, unless
//! `LITOPYS_REQUIRE_BROWSER=1` (CI), then it fails. `CHROMEDRIVER` and `CHROME` may name
//! the programs.

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

/// How long one step may take before the test gives up.
pub const STEP: Duration = Duration::from_secs(20);

/// ChromeDriver and the Chromium it drives.
pub struct Browser {
    driver: PathBuf,
    chrome: PathBuf,
}

impl Browser {
    /// The programs, or `None` (with the reason printed) when either is missing. Panics
    /// instead when `LITOPYS_REQUIRE_BROWSER=1`.
    pub fn find() -> Option<Browser> {
        let required = std::env::var("LITOPYS_REQUIRE_BROWSER").as_deref() == Ok("1");
        let driver = find_program("CHROMEDRIVER", &["chromedriver"]);
        let chrome = find_program(
            "CHROME",
            &[
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ],
        );
        let (Some(driver), Some(chrome)) = (driver, chrome) else {
            assert!(
                !required,
                "LITOPYS_REQUIRE_BROWSER=1 but chromedriver or Chromium is not on PATH \
                 (or CHROMEDRIVER / CHROME)"
            );
            eprintln!(
                "skipped: chromedriver or Chromium not found (set LITOPYS_REQUIRE_BROWSER=1 to fail instead)"
            );
            return None;
        };
        Some(Browser { driver, chrome })
    }

    /// Starts chromedriver (its log in `dir`) and a headless browser session, runs
    /// `steps` with it, and closes the session however the steps end; a panic in the
    /// steps is the test's panic.
    pub fn run<F, Fut>(&self, dir: &Path, steps: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let driver_port = free_port();
        let mut chromedriver = start(
            "chromedriver",
            &self.driver,
            &[&format!("--port={driver_port}")],
            dir.join("chromedriver.log"),
        );
        chromedriver.wait_for_port(driver_port);

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let outcome = runtime.block_on(async {
            let mut caps = serde_json::Map::new();
            caps.insert(
                "goog:chromeOptions".into(),
                json!({
                    "binary": self.chrome,
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                             "--window-size=1280,1000", "--lang=uk", "--disable-dev-shm-usage"],
                }),
            );
            let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{driver_port}"))
                .await
                .unwrap_or_else(|e| panic!("start a browser session: {e}\n{}", chromedriver.log()));
            // The steps run as their own task, so that a failed assertion still closes the
            // browser session below.
            let outcome = tokio::spawn(steps(client.clone())).await;
            let _ = client.close().await;
            outcome
        });
        if let Err(e) = outcome {
            match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(e) => panic!("the browser steps did not finish: {e}"),
            }
        }
    }
}

/// A child process killed (and reaped) when the test ends, however it ends.
struct Running {
    child: Child,
    name: &'static str,
    log: PathBuf,
}

impl Running {
    /// What the process wrote, for failure messages.
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `port` on loopback accepts connections.
    fn wait_for_port(&mut self, port: u16) {
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited ({status}) before listening:\n{}",
                    self.name,
                    self.log()
                );
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{} did not listen on port {port} within 30 s:\n{}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `program args…` with stdout and stderr in `log`.
fn start(name: &'static str, program: &Path, args: &[&str], log: PathBuf) -> Running {
    let out = std::fs::File::create(&log).expect("create the log file");
    let err = out.try_clone().expect("clone the log file");
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("start {name} ({}): {e}", program.display()));
    Running { child, name, log }
}

/// A free loopback port (bound, read and released; another process taking it in between
/// is unlikely enough for a test).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The first of `names` found on PATH, or the program named by the environment variable.
pub fn find_program(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var).map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// `target/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .to_path_buf();
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// Runs `script` (a function body) in the page and returns its value.
pub async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits until `script` returns something truthy (not false, null, 0 or "") and returns it.
pub async fn wait_js(c: &Client, what: &str, script: &str) -> Value {
    let start = Instant::now();
    loop {
        let v = js(c, script).await;
        let truthy = match &v {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64() != Some(0.0),
            Value::String(s) => !s.is_empty(),
            _ => true,
        };
        if truthy {
            return v;
        }
        if start.elapsed() > STEP {
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            let error = js(c, "return document.querySelector('#error')?.textContent ?? ''").await;
            panic!("timed out waiting for {what} (at {url}; page error: {error})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page has no request in flight.
pub async fn settle(c: &Client) {
    wait_js(
        c,
        "the page's requests to finish",
        "return document.documentElement.dataset.pending === '0'",
    )
    .await;
}

/// Saves the page as `target/screenshots/NAME.png`.
pub async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("take a screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write the screenshot");
    eprintln!("screenshot: {}", path.display());
}

/// The value of `key` in the page's URL.
pub async fn url_param(c: &Client, key: &str) -> Option<String> {
    let url = c.current_url().await.unwrap();
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}
