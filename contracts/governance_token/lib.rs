//! # governance_token — the PSP22 token stakers lock in the DAO manager
//!
//! A plain PSP22 token with the PSP22Metadata extension, built on the `psp22` crate's
//! [`PSP22Data`](psp22::PSP22Data) (balances, allowances and the standard's events live there).
//! The whole supply is minted to the deployer at construction. A token deployed with
//! `mintable = true` lets its deployer (the owner) mint more later — meant for testnets; a token
//! deployed with `mintable = false` has a fixed supply forever. Nothing DAO-specific lives here:
//! the DAO works with any PSP22 token.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The contract and its typed reference (constructors and call builders for tests and callers
/// written in Rust, e.g. ink_e2e).
pub use self::governance_token::{GovernanceToken, GovernanceTokenRef};

#[ink::contract]
mod governance_token {
    use ink::prelude::{string::String, vec::Vec};
    use psp22::{PSP22Data, PSP22Error, PSP22Event, PSP22Metadata, PSP22};

    /// The token's storage: PSP22 balances and allowances, metadata, and the minting owner.
    #[ink(storage)]
    pub struct GovernanceToken {
        data: PSP22Data,
        name: Option<String>,
        symbol: Option<String>,
        decimals: u8,
        /// Who may mint; `None` for a fixed supply.
        owner: Option<AccountId>,
    }

    impl GovernanceToken {
        /// Create the token with `supply` minted to the deployer. With `mintable`, the deployer
        /// becomes the owner who may `mint`; without it the supply is fixed forever.
        ///
        /// # Events
        /// `Transfer` (from `None`, to the deployer, `supply`), none when `supply` is 0.
        #[ink(constructor)]
        pub fn new(
            supply: Balance,
            name: Option<String>,
            symbol: Option<String>,
            decimals: u8,
            mintable: bool,
        ) -> Self {
            let caller = Self::env().caller();
            let (data, events) = PSP22Data::new(supply, caller);
            let token = Self {
                data,
                name,
                symbol,
                decimals,
                owner: mintable.then_some(caller),
            };
            token.emit(events);
            token
        }

        /// Mint `value` new tokens to `to`. Owner only (a token deployed with `mintable`).
        ///
        /// # Errors
        /// `Custom("OnlyOwner")` (the caller is not the owner, or the supply is fixed),
        /// `Custom(..)` (the psp22 crate's message: the supply would pass `u128::MAX`).
        ///
        /// # Events
        /// `Transfer` (from `None`, to `to`, `value`), none for `value` 0.
        #[ink(message)]
        pub fn mint(&mut self, to: AccountId, value: Balance) -> Result<(), PSP22Error> {
            if self.owner != Some(self.env().caller()) {
                return Err(PSP22Error::Custom(String::from("OnlyOwner")));
            }
            let events = self.data.mint(to, value)?;
            self.emit(events);
            Ok(())
        }

        /// The account allowed to mint (`None`: fixed supply).
        ///
        /// # Events
        /// None (query).
        #[ink(message)]
        pub fn owner(&self) -> Option<AccountId> {
            self.owner
        }

        fn emit(&self, events: Vec<PSP22Event>) {
            for event in events {
                match event {
                    PSP22Event::Transfer(e) => self.env().emit_event(e),
                    PSP22Event::Approval(e) => self.env().emit_event(e),
                }
            }
        }
    }

    /// The PSP22 standard, delegated to `PSP22Data`: zero-value transfers and transfers to
    /// oneself succeed without an event; `transfer_from` spends the allowance and emits
    /// `Approval` (the remaining allowance) and `Transfer`.
    impl PSP22 for GovernanceToken {
        /// Tokens in existence.
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.data.total_supply()
        }

        /// `owner`'s balance.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.data.balance_of(owner)
        }

        /// What `spender` may still move from `owner`.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.data.allowance(owner, spender)
        }

        /// Move `value` from the caller to `to`. Errors: `InsufficientBalance`. Event: `Transfer`.
        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: Balance,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let events = self.data.transfer(self.env().caller(), to, value)?;
            self.emit(events);
            Ok(())
        }

        /// Move `value` from `from` to `to` on the caller's allowance.
        /// Errors: `InsufficientAllowance`, `InsufficientBalance`. Events: `Approval`, `Transfer`.
        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .transfer_from(self.env().caller(), from, to, value)?;
            self.emit(events);
            Ok(())
        }

        /// Set the caller's allowance for `spender` to `value`. Event: `Approval`.
        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: Balance) -> Result<(), PSP22Error> {
            let events = self.data.approve(self.env().caller(), spender, value)?;
            self.emit(events);
            Ok(())
        }

        /// Raise the caller's allowance for `spender` (saturating). Event: `Approval`.
        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .increase_allowance(self.env().caller(), spender, delta_value)?;
            self.emit(events);
            Ok(())
        }

        /// Lower the caller's allowance for `spender`. Errors: `InsufficientAllowance`.
        /// Event: `Approval`.
        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta_value: Balance,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .decrease_allowance(self.env().caller(), spender, delta_value)?;
            self.emit(events);
            Ok(())
        }
    }

    impl PSP22Metadata for GovernanceToken {
        /// The token's name, if set.
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            self.name.clone()
        }

        /// The token's symbol, if set.
        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            self.symbol.clone()
        }

        /// Decimals of the token's display unit.
        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            self.decimals
        }
    }

    // The psp22 crate's own conformance suite (transfers, allowances, events, edge cases) run
    // against this token; the tests below cover what it adds (metadata, owner mint).
    #[cfg(test)]
    psp22::tests!(
        GovernanceToken,
        (|supply| GovernanceToken::new(supply, None, None, 10, false))
    );

    #[cfg(test)]
    mod tests {
        use super::*;

        fn accounts() -> ink::env::test::DefaultAccounts<ink::env::DefaultEnvironment> {
            ink::env::test::default_accounts::<ink::env::DefaultEnvironment>()
        }

        fn deploy(mintable: bool) -> GovernanceToken {
            ink::env::test::set_caller::<ink::env::DefaultEnvironment>(accounts().alice);
            GovernanceToken::new(
                1_000,
                Some(String::from("DDC Governance")),
                Some(String::from("DDCG")),
                10,
                mintable,
            )
        }

        #[ink::test]
        fn supply_goes_to_the_deployer_with_metadata() {
            let token = deploy(false);
            assert_eq!(token.total_supply(), 1_000);
            assert_eq!(token.balance_of(accounts().alice), 1_000);
            assert_eq!(token.token_symbol().as_deref(), Some("DDCG"));
            assert_eq!(token.token_decimals(), 10);
            assert_eq!(token.owner(), None);
        }

        #[ink::test]
        fn only_the_owner_of_a_mintable_token_mints() {
            let mut token = deploy(true);
            assert_eq!(token.owner(), Some(accounts().alice));
            token.mint(accounts().bob, 5).unwrap();
            assert_eq!(token.balance_of(accounts().bob), 5);
            assert_eq!(token.total_supply(), 1_005);

            ink::env::test::set_caller::<ink::env::DefaultEnvironment>(accounts().bob);
            assert_eq!(
                token.mint(accounts().bob, 5),
                Err(PSP22Error::Custom(String::from("OnlyOwner")))
            );
            assert_eq!(token.total_supply(), 1_005);
        }

        #[ink::test]
        fn a_fixed_supply_token_cannot_mint() {
            let mut token = deploy(false);
            assert!(token.mint(accounts().alice, 1).is_err());
            assert_eq!(token.total_supply(), 1_000);
        }

        #[ink::test]
        fn transfer_from_spends_the_allowance() {
            let mut token = deploy(false);
            token.approve(accounts().bob, 300).unwrap();
            ink::env::test::set_caller::<ink::env::DefaultEnvironment>(accounts().bob);
            token
                .transfer_from(accounts().alice, accounts().charlie, 200, Vec::new())
                .unwrap();
            assert_eq!(token.balance_of(accounts().charlie), 200);
            assert_eq!(token.allowance(accounts().alice, accounts().bob), 100);
            assert_eq!(
                token.transfer_from(accounts().alice, accounts().charlie, 101, Vec::new()),
                Err(PSP22Error::InsufficientAllowance)
            );
        }
    }
}
