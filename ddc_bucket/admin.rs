//! Permissions and configuration. No admin path leads to users' deposits or cluster revenues.

use crate::core::{Core, MAX_UNBONDING_PERIOD_MS, MIN_UNBONDING_PERIOD_MS};
use crate::events::{FeeConfigSet, PermissionChanged, UnbondingPeriodSet};
use ddc_types::{AccountId, Error, Permission, Result, MAX_MANAGEMENT_FEE_BP, MAX_NETWORK_FEE_BP};

/// The fee configuration as `admin_get_fee_config` reports it.
pub type FeeConfig = (u32, AccountId, u32);

impl Core {
    /// Grant `permission` to `grantee`; see [`Core::admin_set_permission`].
    pub fn admin_grant_permission(
        &mut self,
        caller: AccountId,
        grantee: AccountId,
        permission: Permission,
    ) -> Result<Option<PermissionChanged>> {
        self.admin_set_permission(caller, grantee, permission, true)
    }

    /// Revoke `permission` from `grantee`; see [`Core::admin_set_permission`].
    pub fn admin_revoke_permission(
        &mut self,
        caller: AccountId,
        grantee: AccountId,
        permission: Permission,
    ) -> Result<Option<PermissionChanged>> {
        self.admin_set_permission(caller, grantee, permission, false)
    }

    /// Grant (`granted`) or revoke `permission` of `grantee`. SuperAdmin only; trust is granted
    /// by providers only; the last SuperAdmin stays. Granting a held permission or revoking one
    /// not held changes nothing and emits nothing (`Ok(None)`).
    pub fn admin_set_permission(
        &mut self,
        caller: AccountId,
        grantee: AccountId,
        permission: Permission,
        granted: bool,
    ) -> Result<Option<PermissionChanged>> {
        self.require_administrable(caller, permission)?;
        if self.has_permission(grantee, permission) == granted {
            return Ok(None);
        }
        if permission == Permission::SuperAdmin {
            let mut config = self.config();
            config.super_admin_count = if granted {
                config
                    .super_admin_count
                    .checked_add(1)
                    .ok_or(Error::Overflow)?
            } else if config.super_admin_count <= 1 {
                return Err(Error::LastSuperAdmin);
            } else {
                config.super_admin_count.saturating_sub(1)
            };
            self.config.set(&config);
        }
        if granted {
            self.permissions.insert((grantee, permission), &());
        } else {
            self.permissions.remove((grantee, permission));
        }
        Ok(Some(PermissionChanged {
            grantee,
            permission,
            granted,
        }))
    }

    fn require_administrable(&self, caller: AccountId, permission: Permission) -> Result<()> {
        self.require_permission(caller, Permission::SuperAdmin)?;
        if matches!(permission, Permission::ClusterManagerTrustedBy(_)) {
            return Err(Error::PermissionNotAdministrable);
        }
        Ok(())
    }

    /// Set the network fee (to `network_fee_destination`) and the cluster-management fee, in
    /// basis points of distributed revenues. SuperAdmin only; network fee ≤
    /// [`MAX_NETWORK_FEE_BP`], management fee ≤ [`MAX_MANAGEMENT_FEE_BP`].
    pub fn admin_set_fee_config(
        &mut self,
        caller: AccountId,
        network_fee_bp: u32,
        network_fee_destination: AccountId,
        cluster_management_fee_bp: u32,
    ) -> Result<FeeConfigSet> {
        self.require_permission(caller, Permission::SuperAdmin)?;
        if network_fee_bp > MAX_NETWORK_FEE_BP || cluster_management_fee_bp > MAX_MANAGEMENT_FEE_BP
        {
            return Err(Error::InvalidFeeConfig);
        }
        let mut config = self.config();
        config.network_fee_bp = network_fee_bp;
        config.network_fee_destination = network_fee_destination;
        config.cluster_management_fee_bp = cluster_management_fee_bp;
        self.config.set(&config);
        Ok(FeeConfigSet {
            network_fee_bp,
            network_fee_destination,
            cluster_management_fee_bp,
        })
    }

    /// The fee configuration: (network fee bp, its destination, management fee bp).
    pub fn fee_config(&self) -> FeeConfig {
        let config = self.config();
        (
            config.network_fee_bp,
            config.network_fee_destination,
            config.cluster_management_fee_bp,
        )
    }

    /// Set the unbonding period for chunks unbonded from now on. SuperAdmin only; within
    /// [1 hour, 90 days].
    pub fn admin_set_unbonding_period(
        &mut self,
        caller: AccountId,
        unbonding_period_ms: u64,
    ) -> Result<UnbondingPeriodSet> {
        self.require_permission(caller, Permission::SuperAdmin)?;
        if !(MIN_UNBONDING_PERIOD_MS..=MAX_UNBONDING_PERIOD_MS).contains(&unbonding_period_ms) {
            return Err(Error::UnbondingPeriodOutOfBounds);
        }
        let mut config = self.config();
        config.unbonding_period_ms = unbonding_period_ms;
        self.config.set(&config);
        Ok(UnbondingPeriodSet {
            unbonding_period_ms,
        })
    }
}
