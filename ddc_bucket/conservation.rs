//! The adversarial model test: random interleavings of every money operation by several
//! actors — apps, providers, the manager, the admin — at the logic level.
//!
//! After every operation, successful or not:
//! - **conservation**: the contract's native balance (modelled from every message that moves
//!   value: deposits in; withdrawals and distribution payouts out) equals Σ deposits +
//!   Σ unlocking chunks + Σ cluster revenues;
//! - **no overflow and no trace of failure**: no operation fails with `Overflow`, and a failed
//!   operation leaves the state untouched (clusters are first brought to the current time,
//!   which only writes down what time did);
//! - **liveness**: every account's and bucket's view can be computed; at the end of each
//!   sequence every owner frees its resource, settles, unbonds and withdraws, and no call fails;
//! - **fairness**: every distribution pays each provider, within rounding, its share of the
//!   providers' part computed by a reference model written here in floating point: weight =
//!   Σ vnodes × rent in force × allocated resource × time / exchange rate since the last
//!   distribution, kept for providers whose nodes left.
//!
//! Rents include extreme values (up to the ceiling and above it), rates move by every factor
//! (the contract refuses those beyond ×2), fee changes include values above the caps.
//! 300 sequences run by default; set `DDC_CONSERVATION_SEQUENCES` for more.

use crate::core::{Core, DEFAULT_UNBONDING_PERIOD_MS};
use ddc_types::testing::Rng;
use ddc_types::{
    AccountId, Balance, BucketId, ClusterId, Error, Result, MAX_RENT_PER_MONTH, MONTH_MS, UNIT,
};
use ink::prelude::vec::Vec;
use scale::Encode;
use std::collections::BTreeMap;

fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
fn admin() -> AccountId {
    account(1)
}
fn manager() -> AccountId {
    account(2)
}
fn fee_destination() -> AccountId {
    account(30)
}
fn apps() -> [AccountId; 3] {
    [account(10), account(11), account(12)]
}
/// Node `n` (0..4) belongs to provider `n % 3`: provider 20 runs one node in each cluster.
fn provider_of(n: u8) -> AccountId {
    account(20 + n % 3)
}
fn node(n: u8) -> AccountId {
    account(100 + n)
}
/// Nodes 0, 1 start in cluster 0; nodes 2, 3 in cluster 1.
fn home(n: u8) -> usize {
    usize::from(n / 2)
}

/// The reference model of fairness: each provider's weight per cluster since the cluster's
/// last distribution that paid providers.
#[derive(Default)]
struct Model {
    weights: BTreeMap<(ClusterId, AccountId), f64>,
    /// Operations since each cluster's last paying distribution (bounds rounding).
    steps_since: BTreeMap<ClusterId, u64>,
}

struct World {
    core: Core,
    now: u64,
    /// The contract's native balance as the runtime would hold it.
    held: Balance,
    clusters: Vec<ClusterId>,
    buckets: Vec<BucketId>,
    model: Model,
}

impl World {
    fn new() -> Self {
        let now = 1_000;
        let mut core = Core::new(admin(), now);
        core.admin_set_fee_config(admin(), 150, fee_destination(), 250)
            .unwrap();
        for n in 0..3 {
            core.node_set_trust(provider_of(n), manager(), true)
                .unwrap();
        }
        let mut clusters = Vec::new();
        for _ in 0..2 {
            let (cluster, _) = core
                .cluster_create(manager(), "{}".into(), 100, now)
                .unwrap();
            clusters.push(cluster);
        }
        for n in 0..4u8 {
            let rent = Balance::from(n + 1) * UNIT;
            core.node_create(provider_of(n), node(n), "{}".into(), 1_000, rent)
                .unwrap();
            let tokens = vec![u64::from(n) * 10, u64::from(n) * 10 + 1];
            core.cluster_add_node(manager(), clusters[home(n)], node(n), tokens, now)
                .unwrap();
        }
        Self {
            core,
            now,
            held: 0,
            clusters,
            buckets: Vec::new(),
            model: Model::default(),
        }
    }

    /// Σ deposits + Σ unlocking + Σ revenues, read from storage.
    fn liabilities(&self) -> Balance {
        let accounts: Balance = apps()
            .iter()
            .map(|who| self.core.account(*who).funds())
            .sum();
        let revenues: Balance = self
            .clusters
            .iter()
            .map(|id| self.core.cluster(*id).map_or(0, |c| c.ledger.revenues))
            .sum();
        accounts + revenues
    }

    /// Bring every cluster to the current time (due rent increases written down).
    fn normalize(&mut self) {
        for id in self.clusters.clone() {
            self.core.cluster_at(id, self.now).unwrap();
        }
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
        for n in 0..4 {
            out.extend(self.core.node(node(n)).encode());
        }
        for id in &self.buckets {
            out.extend(self.core.bucket(*id).encode());
        }
        out.extend(self.core.config().encode());
        out
    }

    /// Every view an owner needs to leave can be computed.
    fn check_views(&self, context: &str) {
        for app in apps() {
            self.core
                .account_get(app, self.now)
                .unwrap_or_else(|e| panic!("{context}: account_get: {e:?}"));
        }
        for id in &self.buckets {
            if self.core.bucket(*id).is_ok() {
                self.core
                    .bucket_get(*id, self.now)
                    .unwrap_or_else(|e| panic!("{context}: bucket_get {id}: {e:?}"));
            }
        }
    }

    /// One random operation; returns its name and whether it succeeded.
    fn step(&mut self, rng: &mut Rng) -> (&'static str, Result<()>) {
        let app = rng.pick(&apps());
        let c = usize::try_from(rng.below(2)).unwrap();
        let cluster = self.clusters[c];
        let bucket = if self.buckets.is_empty() {
            1
        } else {
            rng.pick(&self.buckets)
        };
        let owner = self.core.bucket(bucket).map_or(app, |b| b.owner);
        let amount = Balance::from(rng.below(50)) * UNIT / 10;
        let n = u8::try_from(rng.below(4)).unwrap();
        let now = self.now;
        match rng.below(17) {
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
                let current = self.core.config().rate.usd_per_cere;
                let (num, den) =
                    rng.pick(&[(1, 3), (1, 2), (2, 3), (1, 1), (3, 2), (2, 1), (3, 1)]);
                let result = self
                    .core
                    .account_set_usd_per_cere(admin(), current * num / den, now);
                ("set_rate", result.map(drop))
            }
            9 => {
                let dt = rng.pick(&[
                    0,
                    1,
                    5,
                    999,
                    3_600_000,
                    DEFAULT_UNBONDING_PERIOD_MS,
                    MONTH_MS / 3,
                ]);
                self.advance(dt);
                ("time", Ok(()))
            }
            10 => {
                let rent = rng.pick(&[
                    0,
                    UNIT,
                    5 * UNIT,
                    20 * UNIT,
                    MAX_RENT_PER_MONTH,
                    MAX_RENT_PER_MONTH + 1,
                ]);
                let result = self
                    .core
                    .node_change_rent(provider_of(n), node(n), rent, now);
                ("change_rent", result.map(drop))
            }
            11 => ("membership", self.membership(n)),
            12 => (
                "close",
                self.core.bucket_close(owner, bucket, now).map(drop),
            ),
            13 => ("hand_over", self.hand_over(owner, app, bucket)),
            14 => ("replace", self.replace(rng, c)),
            15 => {
                let network = rng.pick(&[0, 100, 1_000, 1_001]);
                let management = rng.pick(&[0, 200, 2_000, 2_001]);
                let result =
                    self.core
                        .admin_set_fee_config(admin(), network, fee_destination(), management);
                ("set_fees", result.map(drop))
            }
            _ => {
                // The manager evicts whomever it can, else tries a random bucket.
                let target = self
                    .evictable()
                    .first()
                    .copied()
                    .unwrap_or((cluster, bucket));
                let result = self
                    .core
                    .cluster_evict_bucket(manager(), target.0, target.1, now);
                ("evict", result.map(drop))
            }
        }
    }

    /// Buckets holding resource whose owner does not cover its rent (cluster, bucket).
    fn evictable(&self) -> Vec<(ClusterId, BucketId)> {
        let mut found = Vec::new();
        for id in &self.buckets {
            let Ok(bucket) = self.core.bucket(*id) else {
                continue;
            };
            let owner = self.core.account_get(bucket.owner, self.now).unwrap();
            let unpaid = owner.debt > 0 || owner.rent_covered_until_ms <= self.now;
            if bucket.resource_reserved > 0 && unpaid {
                found.push((bucket.cluster_id, *id));
            }
        }
        found
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

    /// Node `n` leaves its cluster, or joins its home cluster with one more token.
    fn membership(&mut self, n: u8) -> Result<()> {
        let cluster = self.clusters[home(n)];
        if self.core.node(node(n)).unwrap().cluster_id.is_some() {
            // The provider itself leaves half of the time.
            let caller = if n % 2 == 0 {
                provider_of(n)
            } else {
                manager()
            };
            self.core
                .cluster_remove_node(caller, cluster, node(n), self.now)
                .map(drop)
        } else {
            let tokens = vec![u64::from(n) * 10 + 5];
            self.core
                .cluster_add_node(manager(), cluster, node(n), tokens, self.now)
                .map(drop)
        }
    }

    /// The manager moves one token of a cluster to the cluster's other node.
    fn replace(&mut self, rng: &mut Rng, c: usize) -> Result<()> {
        let cluster = self.clusters[c];
        let info = self.core.cluster_get(cluster, self.now)?.0;
        let tokens: Vec<u64> = info.nodes.iter().flat_map(|n| n.v_nodes.clone()).collect();
        if tokens.is_empty() {
            return Err(Error::NoVNodes);
        }
        let token = rng.pick(&tokens);
        let target = node(u8::try_from(c * 2 + usize::try_from(rng.below(2)).unwrap()).unwrap());
        self.core
            .cluster_replace_node(manager(), cluster, vec![token], target, self.now)
            .map(drop)
    }

    fn hand_over(&mut self, owner: AccountId, to: AccountId, bucket: BucketId) -> Result<()> {
        self.core.bucket_change_owner(owner, bucket, to)?;
        self.core
            .bucket_accept_owner(to, bucket, self.now)
            .map(drop)
    }

    /// Let `dt` ms pass; the model integrates each provider's weight over it.
    fn advance(&mut self, dt: u64) {
        let (start, end) = (self.now, self.now + dt);
        let rate = self.core.config().rate.usd_per_cere as f64;
        for cluster in self.clusters.clone() {
            let (info, _) = self.core.cluster_get(cluster, start).unwrap();
            let resource = f64::from(info.resource_used);
            for member in info.nodes {
                let (node, _) = self.core.node_get(member.node_key, start).unwrap();
                let vnodes = node.v_nodes.len() as f64;
                let mut segments = vec![(start, end, node.rent_per_month)];
                if let Some(pending) = node.pending_rent.filter(|p| p.from_ms < end) {
                    segments = vec![
                        (start, pending.from_ms, node.rent_per_month),
                        (pending.from_ms, end, pending.rent_per_month),
                    ];
                }
                for (from, to, rent) in segments {
                    let ms = to.saturating_sub(from) as f64;
                    *self
                        .model
                        .weights
                        .entry((cluster, node.provider))
                        .or_default() += vnodes * rent as f64 * resource * ms / rate;
                }
            }
        }
        self.now = end;
    }

    /// Distribute, then compare each provider's payout with the model's share.
    fn distribute(&mut self, cluster: ClusterId) -> Result<()> {
        let (payouts, event) = self.core.cluster_distribute_revenues(cluster, self.now)?;
        let paid: Balance = payouts.iter().map(|(_, amount)| amount).sum();
        self.held -= paid;
        if event.providers_paid == 0 {
            assert!(payouts.is_empty(), "fees without a provider share");
            return Ok(());
        }
        let rest = (event.providers_paid + event.remainder) as f64;
        let mine: Vec<(AccountId, f64)> = self
            .model
            .weights
            .iter()
            .filter(|((id, _), _)| *id == cluster)
            .map(|((_, provider), weight)| (*provider, *weight))
            .collect();
        let total: f64 = mine.iter().map(|(_, w)| w).sum();
        assert!(
            total > 0.0,
            "paid providers while the model saw no earnings"
        );
        // Points are floored once per node and operation: a tolerance of that many points.
        let steps = *self.model.steps_since.get(&cluster).unwrap_or(&0) as f64;
        let points = total * 100.0 / MONTH_MS as f64;
        let tolerance = 2.0 + rest * (4.0 * (steps + 1.0) / points + 1e-9);
        for (provider, weight) in &mine {
            let expected = rest * weight / total;
            let actual = payouts
                .iter()
                .find(|(to, _)| to == provider)
                .map_or(0.0, |(_, amount)| *amount as f64);
            assert!(
                (actual - expected).abs() <= tolerance,
                "provider {provider:?} got {actual}, its share is {expected} (±{tolerance})"
            );
            assert!(actual <= expected + 2.0, "rounding favoured a provider");
        }
        self.model.weights.retain(|(id, _), _| *id != cluster);
        self.model.steps_since.insert(cluster, 0);
        Ok(())
    }

    /// Every owner leaves: frees its resource, settles, unbonds and withdraws.
    fn exit_everyone(&mut self, seed: u64) {
        let period = self.core.config().unbonding_period_ms;
        self.advance(period);
        for app in apps() {
            match self.withdraw(app) {
                Ok(()) | Err(Error::NothingToWithdraw) => {}
                Err(e) => panic!("seed {seed}: {app:?} cannot withdraw: {e:?}"),
            }
        }
        for id in self.buckets.clone() {
            let Ok(bucket) = self.core.bucket(id) else {
                continue;
            };
            if bucket.resource_reserved > 0 {
                self.core
                    .bucket_free_resource(bucket.owner, id, bucket.resource_reserved, self.now)
                    .unwrap_or_else(|e| panic!("seed {seed}: cannot free {id}: {e:?}"));
            }
            self.core
                .bucket_settle_payment(id, self.now)
                .unwrap_or_else(|e| panic!("seed {seed}: cannot settle {id}: {e:?}"));
        }
        for app in apps() {
            let deposit = self.core.account(app).deposit;
            if deposit > 0 {
                self.core
                    .account_unbond(app, deposit, self.now)
                    .unwrap_or_else(|e| panic!("seed {seed}: {app:?} cannot unbond: {e:?}"));
            }
        }
        self.advance(period);
        for app in apps() {
            match self.withdraw(app) {
                Ok(()) | Err(Error::NothingToWithdraw) => {}
                Err(e) => panic!("seed {seed}: {app:?} cannot withdraw: {e:?}"),
            }
            assert_eq!(self.core.account(app).funds(), 0, "seed {seed}: funds left");
        }
        assert_eq!(self.held, self.liabilities(), "seed {seed}: after the exit");
    }
}

/// Successes per operation kind, so the test cannot pass by failing everything.
type Tally = BTreeMap<&'static str, u32>;

fn run_sequence(seed: u64, steps: usize, tally: &mut Tally) {
    let mut rng = Rng::from_state(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut world = World::new();
    for step in 0..steps {
        world.normalize();
        let before = world.snapshot();
        let (name, result) = world.step(&mut rng);
        for id in world.clusters.clone() {
            *world.model.steps_since.entry(id).or_default() += 1;
        }
        let context = format!("seed {seed} step {step} ({name})");
        if result.is_ok() {
            *tally.entry(name).or_default() += 1;
        }
        assert_eq!(
            world.held,
            world.liabilities(),
            "{context}: balance != deposits + unlocking + revenues"
        );
        if let Err(error) = result {
            assert_ne!(error, Error::Overflow, "{context} overflowed");
            assert!(
                world.snapshot() == before,
                "{context} failed with {error:?} but changed state"
            );
        }
        world.check_views(&context);
    }
    world.exit_everyone(seed);
}

#[test]
fn money_rules_hold_under_random_adversarial_operations() {
    let sequences = std::env::var("DDC_CONSERVATION_SEQUENCES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300u64);
    let mut tally = Tally::new();
    for seed in 0..sequences {
        // A fresh off-chain environment (empty storage) per sequence.
        ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
            run_sequence(seed, 80, &mut tally);
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
        "replace",
        "set_fees",
        "evict",
    ];
    for kind in kinds {
        let successes = tally.get(kind).copied().unwrap_or(0);
        assert!(
            successes >= 20,
            "only {successes} successful {kind} operations: {tally:?}"
        );
    }
}
