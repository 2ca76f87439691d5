//! `litopys lexicon install`: fetch the pinned dictionary wheel, verify it,
//! convert it and write the lexicon plus its licence notice.
//!
//! The dictionary is LGPL-2.1-or-later data, so it is downloaded on the
//! user's machine at setup time instead of living in the repository.

use litopys_analysis::lexicon::{decode_into_builder, BuildStats, LexiconError};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// PyPI package that ships the LanguageTool Ukrainian dictionary.
pub const PACKAGE: &str = "lingotweaker-data-uk";
/// Pinned package version (the hashes below belong to it).
pub const PACKAGE_VERSION: &str = "0.1.5";
/// sha256 of `lingotweaker_data_uk-0.1.5-py3-none-any.whl`.
pub const WHEEL_SHA256: &str = "00dee251fdc05d45ca847c188b7d9ce26365a1afca213e2fdc1da0c86b499e07";
/// sha256 of `ukrainian.dict` inside the wheel.
pub const DICT_SHA256: &str = "8622bbd9acd6a92f41c0fe494f174ae994ca3621287f1eef15b1d19a409071f8";
const WHEEL_NAME: &str = "lingotweaker_data_uk-0.1.5-py3-none-any.whl";
const DICT_DIR: &str = "lingotweaker_data_uk/data/uk/dictionaries/";

/// Where `lexicon install` keeps the downloaded wheel unless told otherwise, so that a
/// second install (or the conversion test) needs no network.
pub fn default_cache_dir() -> PathBuf {
    std::env::temp_dir().join("litopys-lexicon-download")
}

/// What `install` should do; `wheel` allows offline installs.
#[derive(Debug, Clone)]
pub struct InstallOptions {
    /// Where to write the lexicon (usually [`litopys_analysis::lexicon::default_path`]).
    pub dest: PathBuf,
    /// Where pip downloads the wheel (kept, so re-installs need no network).
    pub cache_dir: PathBuf,
    /// Use this already downloaded wheel instead of running pip.
    pub wheel: Option<PathBuf>,
}

/// What `install` produced, for the CLI to print (see
/// [`write_installed`](crate::output::lexicon::write_installed)).
#[derive(Debug, Clone)]
pub struct InstallReport {
    /// The lexicon file written.
    pub path: PathBuf,
    /// The licence notice written next to it.
    pub license_path: PathBuf,
    /// The wheel that was converted.
    pub wheel: PathBuf,
    /// True when pip was run (false: cached or given wheel).
    pub downloaded: bool,
    /// Distinct forms in the lexicon.
    pub forms: usize,
    /// Distinct readings stored.
    pub readings: usize,
    /// Dictionary entries decoded.
    pub entries: usize,
    /// Size of the lexicon file.
    pub file_bytes: u64,
    /// Seconds spent decoding the dictionary (and feeding the builder).
    pub decode_seconds: f64,
    /// Seconds for the whole conversion (decode + enrich + write).
    pub build_seconds: f64,
    /// Fingerprint of the new lexicon.
    pub fingerprint: String,
    /// Full build statistics (enrichment passes, table sizes).
    pub stats: BuildStats,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn verify(what: &str, bytes: &[u8], expected: &str) -> Result<(), LexiconError> {
    let actual = sha256_hex(bytes);
    if actual != expected {
        return Err(LexiconError::Checksum {
            what: what.to_string(),
            expected: expected.to_string(),
            actual,
        });
    }
    Ok(())
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> LexiconError + '_ {
    move |e| LexiconError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Returns the cached wheel if it verifies, else downloads it with pip.
fn fetch_wheel(cache_dir: &Path) -> Result<(PathBuf, bool), LexiconError> {
    let cached = cache_dir.join(WHEEL_NAME);
    if let Ok(bytes) = fs::read(&cached) {
        if sha256_hex(&bytes) == WHEEL_SHA256 {
            return Ok((cached, false));
        }
        fs::remove_file(&cached).map_err(io_err(&cached))?;
    }
    fs::create_dir_all(cache_dir).map_err(io_err(cache_dir))?;
    let spec = format!("{PACKAGE}=={PACKAGE_VERSION}");
    let args = [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        &spec,
        "-d",
    ];
    let command = format!("python3 {} {}", args.join(" "), cache_dir.display());
    let out = Command::new("python3")
        .args(args)
        .arg(cache_dir)
        .output()
        .map_err(|e| LexiconError::PythonMissing(e.to_string()))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        let stderr = tail.into_iter().rev().collect::<Vec<_>>().join("\n");
        return Err(LexiconError::Download {
            command,
            status: out.status.to_string(),
            stderr,
        });
    }
    if !cached.exists() {
        return Err(LexiconError::Dictionary(format!(
            "pip succeeded but {} is missing",
            cached.display()
        )));
    }
    Ok((cached, true))
}

fn read_member(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<u8>, LexiconError> {
    let member = format!("{DICT_DIR}{name}");
    let mut file = zip
        .by_name(&member)
        .map_err(|e| LexiconError::Dictionary(format!("{member} not found in the wheel: {e}")))?;
    let mut out = Vec::with_capacity(file.size() as usize);
    file.read_to_end(&mut out)
        .map_err(|e| LexiconError::Dictionary(format!("reading {member}: {e}")))?;
    Ok(out)
}

/// Downloads (unless `opts.wheel` is set), verifies and converts the pinned
/// LanguageTool Ukrainian dictionary into the lexicon at `opts.dest`, and
/// writes the dictionary's licence notice next to it.
pub fn install(opts: &InstallOptions) -> Result<InstallReport, LexiconError> {
    let (wheel, downloaded) = match &opts.wheel {
        Some(w) => (w.clone(), false),
        None => fetch_wheel(&opts.cache_dir)?,
    };
    let wheel_bytes = fs::read(&wheel).map_err(io_err(&wheel))?;
    verify(&wheel.display().to_string(), &wheel_bytes, WHEEL_SHA256)?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(wheel_bytes.as_slice()))
        .map_err(|e| LexiconError::Dictionary(format!("{} is not a zip file: {e}", wheel.display())))?;
    let dict = read_member(&mut zip, "ukrainian.dict")?;
    verify("ukrainian.dict in the wheel", &dict, DICT_SHA256)?;
    let info = String::from_utf8_lossy(&read_member(&mut zip, "ukrainian.info")?).into_owned();
    let readme = String::from_utf8_lossy(&read_member(&mut zip, "README.txt")?).into_owned();

    let start = Instant::now();
    let (builder, entries) = decode_into_builder(&dict, &info)?;
    let decode_seconds = start.elapsed().as_secs_f64();
    let source = format!(
        "{PACKAGE} {PACKAGE_VERSION} ukrainian.dict sha256:{DICT_SHA256} \
         (LanguageTool Ukrainian dictionary, LGPL-2.1-or-later); enrichments: converb-links"
    );
    let stats = builder.finish(&opts.dest, &source)?;
    let build_seconds = start.elapsed().as_secs_f64();

    let license_path = license_path(&opts.dest);
    let notice = format!(
        "{} was converted by Litopys from the LanguageTool Ukrainian dictionary:\n\
         \x20 package: {PACKAGE} {PACKAGE_VERSION} (PyPI), wheel {WHEEL_NAME} sha256 {WHEEL_SHA256}\n\
         \x20 file:    {DICT_DIR}ukrainian.dict sha256 {DICT_SHA256}\n\
         The dictionary is licensed under the GNU Lesser General Public License,\n\
         version 2.1 or (at your option) any later version. The converted file is a\n\
         separate, replaceable data file; re-create it with `litopys lexicon install`.\n\
         The dictionary's own notice follows verbatim.\n\
         ------------------------------------------------------------------------\n{readme}",
        opts.dest
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
    );
    let tmp = license_path.with_extension(format!("tmp-{}", std::process::id()));
    fs::write(&tmp, notice).map_err(io_err(&tmp))?;
    fs::rename(&tmp, &license_path).map_err(io_err(&license_path))?;

    Ok(InstallReport {
        path: opts.dest.clone(),
        license_path,
        wheel,
        downloaded,
        forms: stats.forms,
        readings: stats.readings,
        entries,
        file_bytes: stats.file_bytes,
        decode_seconds,
        build_seconds,
        fingerprint: stats.fingerprint.clone(),
        stats,
    })
}

/// `uk-lexicon.fst` → `uk-lexicon.LICENSE.txt` in the same directory.
fn license_path(dest: &Path) -> PathBuf {
    let stem = dest
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "uk-lexicon".into());
    dest.with_file_name(format!("{stem}.LICENSE.txt"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use litopys_analysis::lexicon::{Lexicon, Tags};

    #[test]
    fn license_next_to_lexicon() {
        assert_eq!(
            license_path(Path::new("/a/uk-lexicon.fst")),
            Path::new("/a/uk-lexicon.LICENSE.txt")
        );
    }

    #[test]
    fn wrong_wheel_is_rejected_with_both_hashes() {
        let dir = tempfile::tempdir().unwrap();
        let wheel = dir.path().join("fake.whl");
        fs::write(&wheel, b"not a wheel").unwrap();
        let opts = InstallOptions {
            dest: dir.path().join("x.fst"),
            cache_dir: dir.path().into(),
            wheel: Some(wheel),
        };
        let msg = install(&opts).unwrap_err().to_string();
        assert!(
            msg.contains(WHEEL_SHA256) && msg.contains(&sha256_hex(b"not a wheel")),
            "{msg}"
        );
    }

    /// The whole conversion on the pinned wheel: the wheel `lexicon install` cached
    /// (`LITOPYS_UK_WHEEL` names another), decoded and built again into a temporary
    /// file. It must give exactly the lexicon installed (`LITOPYS_LEXICON` or the default place; the
    /// conversion is reproducible) when one is installed, and the readings the analyzer relies on. Skipped
    /// without the wheel, except under `LITOPYS_REQUIRE_LEXICON=1` (CI, which installs
    /// the lexicon first), where a missing wheel fails.
    #[test]
    fn real_dictionary() {
        let wheel = std::env::var_os("LITOPYS_UK_WHEEL")
            .map(PathBuf::from)
            .unwrap_or_else(|| default_cache_dir().join(WHEEL_NAME));
        if !wheel.is_file() {
            assert!(
                std::env::var("LITOPYS_REQUIRE_LEXICON").as_deref() != Ok("1"),
                "LITOPYS_REQUIRE_LEXICON=1 but the wheel {} is missing: run `litopys lexicon install`",
                wheel.display()
            );
            eprintln!(
                "real_dictionary: skipped (no {}; `litopys lexicon install` caches it)",
                wheel.display()
            );
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let report = install(&InstallOptions {
            dest: dir.path().join("uk-lexicon.fst"),
            cache_dir: dir.path().into(),
            wheel: Some(wheel),
        })
        .unwrap();
        let (entries, stats) = (report.entries, &report.stats);
        assert!(entries > 7_000_000, "{entries} entries");
        eprintln!("real_dictionary: {entries} entries, {stats:?}");
        if let Some(installed) = std::env::var_os("LITOPYS_LEXICON")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
        {
            let installed = Lexicon::open(&installed).unwrap();
            assert_eq!(
                report.fingerprint,
                installed.fingerprint(),
                "the conversion is not reproducible"
            );
        }
        let lex = Lexicon::open(&report.path).unwrap();
        let lemmas = |form: &str, want: Tags| {
            let mut v = vec![];
            lex.for_each_reading(form, |l, t| {
                if t.contains(want) {
                    v.push(l.to_string())
                }
            });
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(lemmas("Китаєм", Tags::PROPER), ["Китай"]);
        assert!(lemmas("Китаєм", Tags::GEO).contains(&"Китай".to_string()));
        assert!(lemmas("людей", Tags::NOUN).contains(&"людина".to_string()));
        assert!(lemmas("люди", Tags::NOUN).contains(&"людина".to_string()));
        assert!(lemmas("Люди", Tags::NOUN).contains(&"Люда".to_string()));
        assert_eq!(lemmas("знаючи", Tags::VERB | Tags::DERIVED), ["знати"]);
        assert!(lemmas("зробивши", Tags::VERB | Tags::DERIVED).contains(&"зробити".to_string()));
        assert!(lemmas("повернувшись", Tags::VERB | Tags::DERIVED).contains(&"повернутися".to_string()));
        assert!(lemmas("комп'ютерами", Tags::NOUN).contains(&"комп'ютер".to_string()));
        assert!(!lex.contains("китаєм") && !lex.contains("Qwxz"));
        assert!(stats.converbs_linked > 10_000, "{stats:?}");
    }
}
