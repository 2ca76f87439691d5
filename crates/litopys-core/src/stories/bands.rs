//! Locality-sensitive hashing: a signature cut into [`BANDS`] bands of [`ROWS`] minima;
//! two articles become candidates when any band is equal. With similarity `s` the chance
//! is `1 − (1 − s^ROWS)^BANDS`: 0.99 at s = 0.7, 0.64 at s = 0.5, 0.12 at s = 0.3, so
//! copies are found and unrelated articles rarely compared.

use super::signature::{Signature, SIGNATURE_LEN};

/// Bands per signature.
pub const BANDS: usize = 16;
/// Minima per band.
pub const ROWS: usize = SIGNATURE_LEN / BANDS;

/// The band keys of a signature: the band number above the band's [`ROWS`] bytes, so
/// equal keys mean an equal band. Unrelated texts share a band by chance about once in
/// 256^4 per band; the similarity check removes those.
pub fn band_keys(sig: &Signature) -> [u64; BANDS] {
    std::array::from_fn(|b| {
        let rows = &sig.0[b * ROWS..(b + 1) * ROWS];
        let content = rows.iter().fold(0u64, |k, &v| (k << 8) | u64::from(v));
        ((b as u64) << 32) | content
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_signatures_share_every_band_and_bands_differ_by_position() {
        let s = Signature([7; SIGNATURE_LEN]);
        let k = band_keys(&s);
        assert_eq!(k, band_keys(&s.clone()));
        assert_ne!(k[0], k[1], "the same content in another band is another key");
        let mut t = s.clone();
        t.0[0] = 8;
        let l = band_keys(&t);
        assert_ne!(k[0], l[0]);
        assert_eq!(k[1..], l[1..]);
    }
}
