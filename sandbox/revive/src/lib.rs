//! # COS on an in-process pallet-revive chain
//!
//! The real `pallet-revive` 0.18.0 (what Polkadot Hub, Kusama Hub and Paseo
//! run) with System, Balances and Timestamp, in `sp_io::TestExternalities`:
//! PolkaVM contracts deploy, answer and emit events in this process, with
//! deterministic blocks, time and weights, as drink does for pallet-contracts.
//!
//! Weights are the pallet's own benchmarked defaults (`WeightInfo = ()`), not
//! a Hub's: figures compare contracts with each other on the same chain.

use anyhow::{anyhow, Result};
use frame_support::{
    derive_impl, parameter_types,
    traits::{ConstBool, ConstU128, ConstU32, Hooks},
    weights::Weight,
};
use pallet_revive::{AddressMapper, Code, ExecConfig, TransactionLimits};
use sp_runtime::BuildStorage;

pub use pallet_revive;
/// The chain's account and hash types, for crates that link another sp-core.
pub use sp_core::{H160, H256, U256};
pub use sp_runtime::AccountId32;

pub mod bundle;
pub use bundle::{ink_reply, revive_ink_dir, Bundle, Reply};

/// Native balance each account starts with (storage deposits are real).
pub const ENDOWMENT: u128 = 1_000_000_000_000_000;
/// Timestamp of a new chain's first block: 2026-01-01T00:00:00Z, in milliseconds.
pub const GENESIS_MS: u64 = 1_767_225_600_000;
/// Milliseconds between blocks.
pub const BLOCK_TIME_MS: u64 = 6_000;
/// Weight limit of one call: a Hub block's normal class allows about this.
pub const CALL_WEIGHT: Weight = Weight::from_parts(1_500_000_000_000, 5 * 1024 * 1024);

type Block = frame_system::mocking::MockBlock<Runtime>;

frame_support::construct_runtime!(
    pub enum Runtime {
        System: frame_system,
        Balances: pallet_balances,
        Timestamp: pallet_timestamp,
        Revive: pallet_revive,
    }
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Runtime {
    type Block = Block;
    type AccountId = AccountId32;
    type Lookup = sp_runtime::traits::IdentityLookup<AccountId32>;
    type AccountData = pallet_balances::AccountData<u128>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
    type Balance = u128;
    type ExistentialDeposit = ConstU128<1>;
    type AccountStore = System;
    type MaxFreezes = ConstU32<4>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Runtime {}

parameter_types! {
    pub const DepositPerByte: u128 = 1;
    pub const DepositPerItem: u128 = 2;
    pub const DepositPerChildTrieItem: u128 = 2;
}

#[derive_impl(pallet_revive::config_preludes::TestDefaultConfig)]
impl pallet_revive::Config for Runtime {
    type Time = Timestamp;
    type Balance = u128;
    type Currency = Balances;
    type AddressMapper = pallet_revive::AccountId32Mapper<Self>;
    type DepositPerByte = DepositPerByte;
    type DepositPerItem = DepositPerItem;
    type DepositPerChildTrieItem = DepositPerChildTrieItem;
    type UploadOrigin = frame_system::EnsureSigned<AccountId32>;
    type InstantiateOrigin = frame_system::EnsureSigned<AccountId32>;
    type AutoMap = ConstBool<false>;
}

/// An event a contract emitted: its address, topics and data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractEvent {
    pub contract: H160,
    pub topics: Vec<H256>,
    pub data: Vec<u8>,
}

/// What a call or instantiation did: its reply, weight and events.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The reply bytes (for the ink! ABI, a SCALE `Result<T, LangError>`).
    pub data: Vec<u8>,
    /// The contract reverted: nothing it wrote stays.
    pub reverted: bool,
    pub weight_consumed: Weight,
    pub weight_required: Weight,
    /// Storage deposit charged to the caller (0 on a refund).
    pub deposit: u128,
    pub events: Vec<ContractEvent>,
}

/// The chain: one externalities, blocks sealed on demand.
pub struct Chain {
    ext: sp_io::TestExternalities,
    block: u64,
    timestamp: u64,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// A chain at block 1 and [`GENESIS_MS`], with accounts `[1; 32]` to
    /// `[10; 32]` endowed and mapped.
    pub fn new() -> Self {
        let accounts: Vec<AccountId32> = (1..=10u8).map(|n| AccountId32::new([n; 32])).collect();
        let mut storage = frame_system::GenesisConfig::<Runtime>::default()
            .build_storage()
            .expect("the system genesis builds");
        pallet_balances::GenesisConfig::<Runtime> {
            balances: accounts.iter().map(|a| (a.clone(), ENDOWMENT)).collect(),
            ..Default::default()
        }
        .assimilate_storage(&mut storage)
        .expect("the balances genesis builds");
        pallet_revive::GenesisConfig::<Runtime> {
            mapped_accounts: accounts.clone(),
            ..Default::default()
        }
        .assimilate_storage(&mut storage)
        .expect("the revive genesis builds");
        let mut chain = Self {
            ext: sp_io::TestExternalities::new(storage),
            block: 0,
            timestamp: GENESIS_MS,
        };
        chain.open_block(1, H256::zero());
        chain
    }

    /// Account `n` (`[n; 32]`), endowed and mapped if new.
    pub fn account(&mut self, n: u8) -> AccountId32 {
        let account = AccountId32::new([n; 32]);
        let exists = self.ext.execute_with(|| System::account_exists(&account));
        if !exists {
            self.ext.execute_with(|| {
                let _ = Balances::force_set_balance(RuntimeOrigin::root(), account.clone(), ENDOWMENT);
                let _ = Revive::map_account(RuntimeOrigin::signed(account.clone()));
            });
        }
        account
    }

    /// The H160 address pallet-revive gives an account.
    pub fn address_of(account: &AccountId32) -> H160 {
        <Runtime as pallet_revive::Config>::AddressMapper::to_address(account)
    }

    pub fn block_number(&self) -> u64 {
        self.block
    }

    /// Block time in milliseconds (pallet-timestamp's unit; ink! 6 contracts
    /// read seconds).
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// Seals the open block and opens the next, [`BLOCK_TIME_MS`] later.
    pub fn next_block(&mut self) -> u64 {
        let number = self.block;
        let hash = self.ext.execute_with(|| {
            Revive::on_finalize(number);
            Timestamp::on_finalize(number);
            System::finalize().hash()
        });
        self.timestamp = self.timestamp.saturating_add(BLOCK_TIME_MS);
        self.open_block(number.saturating_add(1), hash);
        self.block
    }

    /// Sets the open block's time (milliseconds).
    pub fn set_timestamp(&mut self, moment: u64) {
        self.timestamp = moment;
        self.ext.execute_with(|| pallet_timestamp::Now::<Runtime>::put(moment));
    }

    fn open_block(&mut self, number: u64, parent: H256) {
        let moment = self.timestamp;
        self.ext.execute_with(|| {
            System::reset_events();
            System::initialize(&number, &parent, &Default::default());
            Balances::on_initialize(number);
            Timestamp::set_timestamp(moment);
            Revive::on_initialize(number);
        });
        self.block = number;
    }

    /// Uploads PolkaVM code; its hash.
    pub fn upload(&mut self, caller: &AccountId32, code: Vec<u8>) -> Result<H256> {
        let origin = RuntimeOrigin::signed(caller.clone());
        let result = self
            .ext
            .execute_with(|| Revive::bare_upload_code(origin, code, u128::MAX))
            .map_err(|e| anyhow!("the upload was refused: {e:?}"))?;
        Ok(result.code_hash)
    }

    /// Instantiates uploaded code with `data` (selector and SCALE arguments);
    /// the new contract's address and the outcome. A constructor that
    /// reverts leaves no contract (`outcome.reverted`, its answer in
    /// `outcome.data`).
    pub fn instantiate(
        &mut self,
        caller: &AccountId32,
        code_hash: H256,
        data: Vec<u8>,
        salt: [u8; 32],
    ) -> Result<(H160, Outcome)> {
        let origin = RuntimeOrigin::signed(caller.clone());
        let (result, events) = self.with_events(|| {
            Revive::bare_instantiate(
                origin,
                U256::zero(),
                limits(),
                Code::Existing(code_hash),
                data,
                Some(salt),
                &ExecConfig::new_substrate_tx(),
            )
        });
        let value = result.result.map_err(|e| anyhow!("the instantiation failed: {e:?}"))?;
        let reverted = value.result.did_revert();
        let outcome = Outcome {
            data: value.result.data,
            reverted,
            weight_consumed: result.weight_consumed,
            weight_required: result.weight_required,
            deposit: result.storage_deposit.charge_or_zero(),
            events,
        };
        Ok((value.addr, outcome))
    }

    /// Calls `contract` with `data`; its writes stay unless it reverted.
    pub fn call(&mut self, caller: &AccountId32, contract: H160, data: Vec<u8>) -> Result<Outcome> {
        let origin = RuntimeOrigin::signed(caller.clone());
        let (result, events) = self.with_events(|| {
            Revive::bare_call(
                origin,
                contract,
                U256::zero(),
                limits(),
                data,
                &ExecConfig::new_substrate_tx(),
            )
        });
        let value = result.result.map_err(|e| anyhow!("the call failed: {e:?}"))?;
        Ok(Outcome {
            data: value.data.clone(),
            reverted: value.did_revert(),
            weight_consumed: result.weight_consumed,
            weight_required: result.weight_required,
            deposit: result.storage_deposit.charge_or_zero(),
            events,
        })
    }

    /// Calls `contract` and undoes everything it did: a read.
    pub fn query(&mut self, caller: &AccountId32, contract: H160, data: Vec<u8>) -> Result<Outcome> {
        let origin = RuntimeOrigin::signed(caller.clone());
        let (result, events) = self.with_events(|| {
            frame_support::storage::with_transaction_unchecked(|| {
                let result = Revive::bare_call(
                    origin,
                    contract,
                    U256::zero(),
                    limits(),
                    data,
                    &ExecConfig::new_substrate_tx(),
                );
                frame_support::storage::TransactionOutcome::Rollback(result)
            })
        });
        let value = result.result.map_err(|e| anyhow!("the query failed: {e:?}"))?;
        Ok(Outcome {
            data: value.data.clone(),
            reverted: value.did_revert(),
            weight_consumed: result.weight_consumed,
            weight_required: result.weight_required,
            deposit: 0,
            events,
        })
    }

    /// Runs `f` and returns the contract events it caused.
    fn with_events<R>(&mut self, f: impl FnOnce() -> R) -> (R, Vec<ContractEvent>) {
        self.ext.execute_with(|| {
            let before = System::event_count();
            let result = f();
            let events = System::events()
                .into_iter()
                .skip(usize::try_from(before).unwrap_or(usize::MAX))
                .filter_map(|record| match record.event {
                    RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted { contract, data, topics }) => {
                        Some(ContractEvent { contract, topics, data })
                    }
                    _ => None,
                })
                .collect();
            (result, events)
        })
    }
}

fn limits() -> TransactionLimits<Runtime> {
    TransactionLimits::WeightAndDeposit {
        weight_limit: CALL_WEIGHT,
        deposit_limit: u128::MAX,
    }
}
