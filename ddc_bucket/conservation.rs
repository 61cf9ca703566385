//! Conservation of funds under randomized operation sequences, at the logic level.
//!
//! A model of the contract's native balance follows every message that moves value (deposits in;
//! withdrawals and distribution payouts out). After every operation — successful or not — the
//! balance must equal Σ deposits + Σ unlocking chunks + Σ cluster revenues, and every failed
//! operation must leave the state untouched. 300 sequences run by default; set
//! `DDC_CONSERVATION_SEQUENCES` for more.

use crate::core::Core;
use ddc_types::{AccountId, Balance, BucketId, ClusterId, Error, Result, MONTH_MS, UNIT};
use ink::prelude::vec::Vec;
use scale::Encode;

/// A small deterministic generator (xorshift64*), so failures replay from their seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[usize::try_from(self.below(items.len() as u64)).unwrap()]
    }
}

fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
fn admin() -> AccountId {
    account(1)
}
fn manager() -> AccountId {
    account(2)
}
fn apps() -> [AccountId; 3] {
    [account(10), account(11), account(12)]
}
fn providers() -> [AccountId; 2] {
    [account(20), account(21)]
}
fn node(n: u8) -> AccountId {
    account(100 + n)
}

struct World {
    core: Core,
    now: u64,
    /// The contract's native balance as the runtime would hold it.
    held: Balance,
    clusters: Vec<ClusterId>,
    buckets: Vec<BucketId>,
    fee_destination: AccountId,
}

impl World {
    fn new() -> Self {
        let mut core = Core::new(admin());
        let now = 1_000;
        core.admin_set_fee_config(admin(), 150, account(30), 250)
            .unwrap();
        let mut clusters = Vec::new();
        for (c, provider) in providers().iter().enumerate() {
            core.node_set_trust(*provider, manager(), true).unwrap();
            let (cluster, _) = core
                .cluster_create(manager(), "{}".into(), 100, now)
                .unwrap();
            for k in 0..2u8 {
                let n = u8::try_from(c).unwrap() * 2 + k;
                let rent = Balance::from(n + 1) * UNIT;
                core.node_create(*provider, node(n), "{}".into(), 1_000, rent)
                    .unwrap();
                let tokens = vec![u64::from(n) * 10, u64::from(n) * 10 + 1];
                core.cluster_add_node(manager(), cluster, node(n), tokens, now)
                    .unwrap();
            }
            clusters.push(cluster);
        }
        Self {
            core,
            now,
            held: 0,
            clusters,
            buckets: Vec::new(),
            fee_destination: account(30),
        }
    }

    /// Σ deposits + Σ unlocking + Σ revenues, read from storage.
    fn liabilities(&self) -> Balance {
        let everyone = apps().into_iter().chain(providers()).chain([manager()]);
        let accounts: Balance = everyone
            .map(|who| {
                let a = self.core.account(who);
                a.unlocking
                    .iter()
                    .fold(a.deposit, |sum, chunk| sum + chunk.amount)
            })
            .sum();
        let revenues: Balance = self
            .clusters
            .iter()
            .map(|id| self.core.cluster(*id).map_or(0, |c| c.revenues))
            .sum();
        accounts + revenues
    }

    /// Everything observable, to check that a failed operation changed nothing.
    fn snapshot(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for who in apps() {
            out.extend(self.core.account(who).encode());
        }
        for id in &self.clusters {
            out.extend(self.core.cluster(*id).encode());
        }
        for id in &self.buckets {
            out.extend(self.core.bucket(*id).encode());
        }
        out
    }

    /// One random operation; returns its name and whether it succeeded.
    fn step(&mut self, rng: &mut Rng) -> (&'static str, Result<()>) {
        let app = rng.pick(&apps());
        let cluster = rng.pick(&self.clusters);
        let bucket = if self.buckets.is_empty() {
            1
        } else {
            rng.pick(&self.buckets)
        };
        let owner = self.core.bucket(bucket).map_or(app, |b| b.owner);
        let amount = Balance::from(rng.below(50)) * UNIT / 10;
        let now = self.now;
        match rng.below(14) {
            0 => ("deposit", self.deposit(app, amount)),
            1 => (
                "unbond",
                self.core.account_unbond(app, amount, now).map(drop),
            ),
            2 => ("withdraw", self.withdraw(app)),
            3 => ("bucket_create", self.create_bucket(app, cluster)),
            4 => {
                let r = u32::try_from(rng.below(30)).unwrap();
                let result = self.core.bucket_alloc_into_cluster(owner, bucket, r, now);
                ("alloc", result.map(drop))
            }
            5 => {
                let r = u32::try_from(rng.below(10)).unwrap();
                let result = self.core.bucket_free_resource(owner, bucket, r, now);
                ("free", result.map(drop))
            }
            6 => (
                "settle",
                self.core.bucket_settle_payment(bucket, now).map(drop),
            ),
            7 => ("distribute", self.distribute(cluster)),
            8 => {
                let rate = rng.pick(&[0, UNIT / 3, UNIT, 2 * UNIT, 7 * UNIT, Balance::MAX]);
                let result = self.core.account_set_usd_per_cere(admin(), rate);
                ("set_rate", result.map(drop))
            }
            9 => {
                self.now += rng.pick(&[0, 1, 5, 999, 3_600_000, MONTH_MS / 3, MONTH_MS * 2]);
                ("time", Ok(()))
            }
            10 => {
                let n = u8::try_from(rng.below(4)).unwrap();
                let provider = providers()[usize::from(n / 2)];
                let rent = Balance::from(rng.below(20)) * UNIT;
                let result = self.core.node_change_rent(provider, node(n), rent, now);
                ("change_rent", result.map(drop))
            }
            11 => {
                let n = u8::try_from(rng.below(4)).unwrap();
                let home = self.clusters[usize::from(n / 2)];
                let result = if self.core.node(node(n)).unwrap().cluster_id.is_some() {
                    self.core
                        .cluster_remove_node(manager(), home, node(n), now)
                        .map(drop)
                } else {
                    let tokens = vec![u64::from(n) * 10 + 5];
                    self.core
                        .cluster_add_node(manager(), home, node(n), tokens, now)
                        .map(drop)
                };
                ("membership", result)
            }
            12 => (
                "close",
                self.core.bucket_close(owner, bucket, now).map(drop),
            ),
            _ => ("hand_over", self.hand_over(owner, app, bucket)),
        }
    }

    fn deposit(&mut self, app: AccountId, amount: Balance) -> Result<()> {
        self.core.account_deposit(app, amount)?;
        self.held += amount;
        Ok(())
    }

    fn withdraw(&mut self, app: AccountId) -> Result<()> {
        let (_, withdrawn) = self.core.account_withdraw_unbonded(app, self.now)?;
        self.held -= withdrawn.amount;
        Ok(())
    }

    fn create_bucket(&mut self, app: AccountId, cluster: ClusterId) -> Result<()> {
        let (id, _) = self
            .core
            .bucket_create(app, "{}".into(), cluster, self.now)?;
        self.buckets.push(id);
        Ok(())
    }

    fn distribute(&mut self, cluster: ClusterId) -> Result<()> {
        let (payouts, event) = self.core.cluster_distribute_revenues(cluster)?;
        let paid: Balance = payouts.iter().map(|(_, amount)| amount).sum();
        assert!(payouts.iter().all(|(to, _)| *to != self.fee_destination) || event.network_fee > 0);
        self.held -= paid;
        Ok(())
    }

    fn hand_over(&mut self, owner: AccountId, to: AccountId, bucket: BucketId) -> Result<()> {
        self.core.bucket_change_owner(owner, bucket, to)?;
        self.core
            .bucket_accept_owner(to, bucket, self.now)
            .map(drop)
    }
}

/// Successes per operation kind, so the test cannot pass by failing everything.
type Tally = std::collections::BTreeMap<&'static str, u32>;

fn run_sequence(seed: u64, steps: usize, tally: &mut Tally) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut world = World::new();
    for step in 0..steps {
        let before = world.snapshot();
        let (name, result) = world.step(&mut rng);
        if result.is_ok() {
            *tally.entry(name).or_default() += 1;
        }
        assert_eq!(
            world.held,
            world.liabilities(),
            "seed {seed} step {step} ({name}): balance != deposits + unlocking + revenues"
        );
        if let Err(error) = result {
            assert_ne!(
                error,
                Error::Overflow,
                "seed {seed} step {step} ({name}) overflowed"
            );
            assert!(
                world.snapshot() == before,
                "seed {seed} step {step} ({name}) failed with {error:?} but changed state"
            );
        }
    }
}

#[test]
fn funds_are_conserved_under_random_operations() {
    let sequences = std::env::var("DDC_CONSERVATION_SEQUENCES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300u64);
    let mut tally = Tally::new();
    for seed in 0..sequences {
        // A fresh off-chain environment (empty storage) per sequence.
        ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
            run_sequence(seed, 60, &mut tally);
            Ok(())
        })
        .unwrap();
    }
    let kinds = [
        "deposit",
        "unbond",
        "withdraw",
        "bucket_create",
        "alloc",
        "free",
        "settle",
        "distribute",
        "set_rate",
        "change_rent",
        "membership",
        "close",
        "hand_over",
    ];
    for kind in kinds {
        let successes = tally.get(kind).copied().unwrap_or(0);
        assert!(
            successes >= 20,
            "only {successes} successful {kind} operations: {tally:?}"
        );
    }
}
