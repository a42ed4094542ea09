//! A stable hash of what went into an output file, so unchanged inputs can be
//! recognised on the next run. BLAKE3: fast on large inputs, and its bytes
//! never change between platforms or Rust releases (unlike `std::hash`).

#[derive(Clone)]
pub struct Fingerprint(blake3::Hasher);

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        Fingerprint(hasher)
    }

    /// Adds one field; the length goes first, so ("ab", "c") and ("a", "bc") differ.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn add_str(&mut self, text: &str) -> &mut Self {
        self.add(text.as_bytes())
    }

    /// 128 bits in hex: plenty to tell inputs apart, short in the manifest.
    pub fn finish(&self) -> String {
        let hash = self.0.finalize();
        hash.as_bytes()[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The hash of a file's bytes, to know later whether it is still what
/// feedcard wrote. Unlike [`Fingerprint`] it leaves feedcard's version out:
/// the bytes on disk do not change when feedcard is upgraded.
#[derive(Default)]
pub struct ContentHash(blake3::Hasher);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> String {
        let mut hash = ContentHash::default();
        hash.update(bytes);
        hash.finish()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// 128 bits in hex, like [`Fingerprint::finish`].
    pub fn finish(&self) -> String {
        let hash = self.0.finalize();
        hash.as_bytes()[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_boundaries_matter_and_results_are_stable() {
        let a = Fingerprint::new().add_str("ab").add_str("c").finish();
        let b = Fingerprint::new().add_str("a").add_str("bc").finish();
        assert_ne!(a, b);
        assert_eq!(a, Fingerprint::new().add_str("ab").add_str("c").finish());
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn content_hashes_depend_on_the_bytes_alone() {
        let mut parts = ContentHash::default();
        parts.update(b"ab");
        parts.update(b"c");
        assert_eq!(parts.finish(), ContentHash::of(b"abc"));
        assert_ne!(ContentHash::of(b"abc"), ContentHash::of(b"abd"));
        assert_eq!(ContentHash::of(b"").len(), 32);
    }
}
