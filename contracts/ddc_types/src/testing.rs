//! Test support shared by the contracts' randomized model tests (host builds only): a small
//! deterministic generator, so every failing sequence replays from its seed, and the seeds a
//! model test runs.

/// The seeds of a model test's sequences: `DDC_MODEL_SEED=s` replays one sequence; otherwise
/// `DDC_MODEL_CASES` (default `default_cases`) sequences with seeds `base`, `base + 1`, …
pub fn model_seeds(base: u64, default_cases: u64) -> Vec<u64> {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    match env("DDC_MODEL_SEED") {
        Some(seed) => vec![seed],
        None => (0..env("DDC_MODEL_CASES").unwrap_or(default_cases))
            .map(|case| base.wrapping_add(case))
            .collect(),
    }
}

/// xorshift64* seeded through splitmix64.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    /// A generator with this raw internal state (made odd, so never 0): for sequences that were
    /// tuned before the seeding through splitmix64.
    pub fn from_state(state: u64) -> Self {
        Rng(state | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64().checked_rem(n).unwrap_or(0)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn index(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        usize::try_from(self.below(n)).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (which must not be empty).
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())].clone()
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = u64::from(hi.saturating_sub(lo)).saturating_add(1);
        lo.saturating_add(u32::try_from(self.below(span)).unwrap_or(0))
    }
}
