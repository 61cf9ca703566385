//! # mock_core — a scripted stand-in for the core, used only by the managers' tests
//!
//! It implements the `ClusterManagement` interface, counts the calls it receives, and answers
//! each as scripted by `set_mode`: success, the core's error, or a trap. With `set_callback` it
//! first calls back into another contract (e.g. the manager's `execute`) and records whether that
//! call went through — the re-entrancy attack a manager must refuse. Note: pallet-contracts
//! answers a refused re-entry (`ReentranceDenied`) by trapping the caller, i.e. this mock, so a
//! manager that refuses re-entry sees its own call fail and nothing is recorded here.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The contract, its typed reference (call builders for the drink tests) and its answer modes.
pub use self::mock_core::{MockCore, MockCoreRef, Mode};

#[ink::contract]
mod mock_core {
    use ddc_types::{
        BucketId, ClusterId, ClusterManagement, Error, NodeKey, NodeStatusInCluster, Params,
        RawInput, Resource, Result, VNodeToken,
    };
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::prelude::vec::Vec;

    /// How the mock answers a `ClusterManagement` message.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    #[allow(clippy::cast_possible_truncation)]
    pub enum Mode {
        /// Return `Ok(())`.
        #[default]
        Succeed,
        /// Return `Err(error)` (the call reverts).
        Fail(Error),
        /// Trap (the environment reports the call failed).
        Trap,
    }

    /// A callback: target contract, message selector, SCALE-encoded arguments.
    type Callback = (AccountId, [u8; 4], Vec<u8>);

    #[ink(storage)]
    #[derive(Default)]
    pub struct MockCore {
        mode: Mode,
        calls: u32,
        callback: Option<Callback>,
        callback_succeeded: Option<bool>,
    }

    impl MockCore {
        /// A mock that succeeds and calls nobody back.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self::default()
        }

        /// Script the answer to every later `ClusterManagement` message.
        #[ink(message)]
        pub fn set_mode(&mut self, mode: Mode) {
            self.mode = mode;
        }

        /// Before answering, call `selector` on `target` with the SCALE-encoded `input`.
        #[ink(message)]
        pub fn set_callback(&mut self, target: AccountId, selector: [u8; 4], input: Vec<u8>) {
            self.callback = Some((target, selector, input));
        }

        /// Stop calling back.
        #[ink(message)]
        pub fn clear_callback(&mut self) {
            self.callback = None;
        }

        /// `ClusterManagement` messages that completed (trapped ones roll back and don't count).
        #[ink(message)]
        pub fn calls(&self) -> u32 {
            self.calls
        }

        /// Whether the last callback went through (`None`: no callback made yet).
        #[ink(message)]
        pub fn callback_succeeded(&self) -> Option<bool> {
            self.callback_succeeded
        }

        fn answer(&mut self) -> Result<()> {
            if let Some((target, selector, input)) = self.callback.clone() {
                let outcome = build_call::<Environment>()
                    .call(target)
                    .exec_input(
                        ExecutionInput::new(Selector::new(selector)).push_arg(RawInput(&input)),
                    )
                    .returns::<core::result::Result<(), ()>>()
                    .try_invoke();
                self.callback_succeeded = Some(matches!(outcome, Ok(Ok(Ok(())))));
            }
            self.calls = self.calls.saturating_add(1);
            match self.mode {
                Mode::Succeed => Ok(()),
                Mode::Fail(error) => Err(error),
                Mode::Trap => panic!("mock_core scripted trap"),
            }
        }
    }

    impl ClusterManagement for MockCore {
        #[ink(message)]
        fn cluster_accept_manager(&mut self, _cluster_id: ClusterId) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_transfer_manager(
            &mut self,
            _cluster_id: ClusterId,
            _new_manager: AccountId,
        ) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_add_node(
            &mut self,
            _cluster_id: ClusterId,
            _node_key: NodeKey,
            _v_nodes: Vec<VNodeToken>,
        ) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_remove_node(
            &mut self,
            _cluster_id: ClusterId,
            _node_key: NodeKey,
        ) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_replace_node(
            &mut self,
            _cluster_id: ClusterId,
            _v_nodes: Vec<VNodeToken>,
            _new_node_key: NodeKey,
        ) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_set_node_status(
            &mut self,
            _cluster_id: ClusterId,
            _node_key: NodeKey,
            _status: NodeStatusInCluster,
        ) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_change_params(&mut self, _cluster_id: ClusterId, _params: Params) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_set_resource_per_vnode(
            &mut self,
            _cluster_id: ClusterId,
            _resource_per_vnode: Resource,
        ) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_distribute_revenues(&mut self, _cluster_id: ClusterId) -> Result<()> {
            self.answer()
        }

        #[ink(message)]
        fn cluster_evict_bucket(
            &mut self,
            _cluster_id: ClusterId,
            _bucket_id: BucketId,
        ) -> Result<()> {
            self.answer()
        }
    }
}
