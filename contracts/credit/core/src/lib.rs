//! # COS Credit core: the fast path
//!
//! `pallet-contracts` charges every call for every byte of the called code (33,471
//! `ref_time` per byte in pallet-contracts 31: Wasm parsing dominates a simple
//! transfer). The full `credit` contract carries freeze, pause, minting, batch,
//! votes and ownership, and is about twice the size of a bare PSP22 token, so a
//! plain transfer through it costs about 1.4 x one through the bare token.
//!
//! This router (about 15.8 KB) is deployed instead, with the code hash of the uploaded full
//! `credit` Wasm:
//!
//! - it runs the hot PSP22 messages itself: `transfer`, `transfer_from`,
//!   `approve`, `balance_of`, `allowance`, `total_supply` (and `paused_time`,
//!   which campaigns and bounties read), with every rule of the
//!   full contract (pause, frozen amounts, vote checkpoints, PSP22 no-ops), on the
//!   same [`credit::state::CreditState`] code;
//! - every other selector runs in the full `credit` code on this contract's own
//!   storage (a delegate call), whose output becomes this call's output (a tail
//!   call). Callers see one token at one address; the full ABI is `credit.json`.
//!
//! Both keep their state in the one [`credit::state::CreditState`] (ink! derives
//! storage keys from struct and field names), so they read and write the same
//! storage. The router adds one cell of its own, [`EXTENSION_KEY`], which the
//! full code never touches.
//!
//! Parity with the full contract, call data included: arguments are decoded as
//! ink!'s dispatcher decodes them (trailing bytes ignored, truncated input
//! rejected with `CouldNotReadInput`) before any rule is checked.
//! The full code's hash is fixed at deployment and the code is locked as a
//! delegate dependency: nobody can swap or remove the code behind the token.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// Storage key of the full code's hash, outside the full contract's layout.
pub const EXTENSION_KEY: u32 = 0xC05E_C0DE;

#[ink::contract]
pub mod credit_core {
    use crate::EXTENSION_KEY;
    use credit::{state::CreditState, CreditError, CreditEvent};
    use ink::{
        env::{
            call::{build_call, ExecutionInput, Selector},
            CallFlags, ReturnFlags,
        },
        prelude::vec::Vec,
        scale::{Decode, Encode, Input},
        storage::{traits::ManualKey, Lazy},
        LangError, MessageResult,
    };
    use psp22::PSP22Error;

    const TRANSFER: [u8; 4] = ink::selector_bytes!("PSP22::transfer");
    const TRANSFER_FROM: [u8; 4] = ink::selector_bytes!("PSP22::transfer_from");
    const APPROVE: [u8; 4] = ink::selector_bytes!("PSP22::approve");
    const BALANCE_OF: [u8; 4] = ink::selector_bytes!("PSP22::balance_of");
    const ALLOWANCE: [u8; 4] = ink::selector_bytes!("PSP22::allowance");
    const TOTAL_SUPPLY: [u8; 4] = ink::selector_bytes!("PSP22::total_supply");
    const PAUSED_TIME: [u8; 4] = ink::selector_bytes!("paused_time");

    /// The storage of the full `credit` contract plus the router's own cell.
    #[ink(storage)]
    pub struct CreditCore {
        state: CreditState,
        extension: Lazy<Hash, ManualKey<EXTENSION_KEY>>,
    }

    /// The whole call input: selector and arguments.
    struct RawInput(Vec<u8>);

    impl Decode for RawInput {
        fn decode<I: Input>(input: &mut I) -> Result<Self, ink::scale::Error> {
            let len = input.remaining_len()?.unwrap_or_default();
            let mut bytes = ink::prelude::vec![0u8; len];
            input.read(&mut bytes)?;
            Ok(Self(bytes))
        }
    }

    /// Ends the call with `value` as its output, as ink!'s dispatcher would.
    fn reply<T: Encode>(value: T) -> ! {
        ink::env::return_value::<MessageResult<T>>(ReturnFlags::empty(), &Ok(value))
    }

    /// Ends the call with a PSP22 result; an error reverts every change.
    fn reply_psp22(result: Result<(), CreditError>) -> ! {
        let flags = if result.is_err() {
            ReturnFlags::REVERT
        } else {
            ReturnFlags::empty()
        };
        let result = result.map_err(PSP22Error::from);
        ink::env::return_value::<MessageResult<Result<(), PSP22Error>>>(flags, &Ok(result))
    }

    /// Ends the call as ink! does for input it cannot decode.
    fn reply_bad_input() -> ! {
        ink::env::return_value::<MessageResult<()>>(ReturnFlags::REVERT, &Err(LangError::CouldNotReadInput))
    }

    /// Decodes a message's arguments as ink!'s dispatcher does: truncated input
    /// is rejected, bytes after the arguments are ignored.
    fn args<T: Decode>(mut bytes: &[u8]) -> T {
        T::decode(&mut bytes).unwrap_or_else(|_| reply_bad_input())
    }

    impl CreditCore {
        /// Deploys the token: issues `initial_supply` base units to the caller
        /// (`None`: 30 % of the maximum supply), who becomes the owner, and fixes
        /// `extension`, the hash of the uploaded full `credit` code, for good, and
        /// locks that code against removal. Fails with `CapExceeded` above the
        /// maximum supply; traps if `extension` is not uploaded code.
        #[ink(constructor)]
        pub fn new(initial_supply: Option<Balance>, extension: Hash) -> Result<Self, CreditError> {
            let (state, events) = CreditState::new(initial_supply, Self::env().caller(), Self::env().block_number())?;
            // Pins the full code: while this token exists nobody can remove it
            // (a delegate call alone would not). Traps if no such code was uploaded.
            Self::env().lock_delegate_dependency(&extension);
            let mut lazy = Lazy::new();
            lazy.set(&extension);
            let contract = Self { state, extension: lazy };
            contract.emit_events(events);
            Ok(contract)
        }

        fn emit_events(&self, events: Vec<CreditEvent>) {
            for event in events {
                match event {
                    CreditEvent::Transfer(e) => self.env().emit_event(e),
                    CreditEvent::Approval(e) => self.env().emit_event(e),
                    CreditEvent::DelegateVotesChanged(e) => self.env().emit_event(e),
                    // Not caused by the messages the router runs itself.
                    CreditEvent::Frozen(_) | CreditEvent::Unfrozen(_) | CreditEvent::DelegateChanged(_) => {}
                }
            }
        }

        fn movement(&mut self, events: Result<Vec<CreditEvent>, CreditError>) -> ! {
            match events {
                Ok(events) => {
                    self.emit_events(events);
                    reply_psp22(Ok(()))
                }
                Err(e) => reply_psp22(Err(e)),
            }
        }

        /// Routes every call: the hot PSP22 messages run here, everything else in
        /// the full code (see the crate docs). The changes these messages make live
        /// in mappings, never in the root cell, so ending the call early with
        /// `return_value` loses nothing.
        #[ink(message, selector = _)]
        pub fn route(&mut self) {
            let input: RawInput = ink::env::decode_input().unwrap_or_else(|_| reply_bad_input());
            let (selector, rest) = input.0.split_at(input.0.len().min(4));
            let (caller, block) = (self.env().caller(), self.env().block_number());
            match selector {
                s if s == BALANCE_OF => reply(self.state.ledger.balance_of(args(rest))),
                s if s == ALLOWANCE => {
                    let (owner, spender): (AccountId, AccountId) = args(rest);
                    reply(self.state.ledger.allowance(owner, spender))
                }
                s if s == TOTAL_SUPPLY => reply(self.state.ledger.total_supply()),
                // Read by campaigns and bounties past their deadline: kept off
                // the full code so the read costs them little.
                s if s == PAUSED_TIME => reply(self.state.paused_time(self.env().block_timestamp())),
                s if s == TRANSFER => {
                    let (to, value, _data): (AccountId, Balance, Vec<u8>) = args(rest);
                    let events = self.state.transfer(caller, to, value, block);
                    self.movement(events)
                }
                s if s == TRANSFER_FROM => {
                    let (from, to, value, _data): (AccountId, AccountId, Balance, Vec<u8>) = args(rest);
                    let events = self.state.transfer_from(caller, from, to, value, block);
                    self.movement(events)
                }
                s if s == APPROVE => {
                    let (spender, value): (AccountId, Balance) = args(rest);
                    let events = self.state.approve(caller, spender, value);
                    self.movement(events)
                }
                _ => {
                    build_call::<Environment>()
                        .delegate(self.extension_code_hash())
                        .call_flags(CallFlags::FORWARD_INPUT | CallFlags::TAIL_CALL)
                        .exec_input(ExecutionInput::new(Selector::new([0; 4])))
                        .returns::<()>()
                        .invoke();
                }
            }
        }

        /// Hash of the full `credit` code this router delegates to.
        #[ink(message, selector = @)]
        pub fn extension_code_hash(&self) -> Hash {
            self.extension.get().unwrap_or_default()
        }
    }
}
