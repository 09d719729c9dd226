//! The reference PSP22 token on pallet-revive: what a token costs when it does
//! nothing but PSP22. Balances and allowances live in one `Mapping` each;
//! moving or approving zero, moving to oneself and approving oneself are
//! silent no-ops, as the standard's reference implementation has them.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract(env = cos_common::Env)]
mod psp22_reference {
    use cos_common::psp22_api::{Approval, PSP22Error, Transfer, PSP22};
    use ink::{prelude::vec::Vec, storage::Mapping};

    /// Supply, balances, allowances.
    #[ink(storage)]
    pub struct Reference {
        supply: u128,
        balances: Mapping<AccountId, u128>,
        allowances: Mapping<(AccountId, AccountId), u128>,
    }

    impl Reference {
        /// Issues `supply` to the caller.
        #[ink(constructor)]
        pub fn new(supply: u128) -> Self {
            let caller = Self::env().caller();
            let mut balances = Mapping::default();
            balances.insert(caller, &supply);
            Self::env().emit_event(Transfer {
                from: None,
                to: Some(caller),
                value: supply,
            });
            Self {
                supply,
                balances,
                allowances: Mapping::default(),
            }
        }

        fn move_tokens(&mut self, from: AccountId, to: AccountId, value: u128) -> Result<(), PSP22Error> {
            if from == to || value == 0 {
                return Ok(());
            }
            let from_balance = self.balance_of(from);
            let left = from_balance.checked_sub(value).ok_or(PSP22Error::InsufficientBalance)?;
            let to_balance = self.balance_of(to).saturating_add(value);
            self.balances.insert(from, &left);
            self.balances.insert(to, &to_balance);
            self.env().emit_event(Transfer {
                from: Some(from),
                to: Some(to),
                value,
            });
            Ok(())
        }

        fn set_allowance(&mut self, owner: AccountId, spender: AccountId, amount: u128) {
            self.allowances.insert((owner, spender), &amount);
            self.env().emit_event(Approval { owner, spender, amount });
        }
    }

    impl PSP22 for Reference {
        /// Tokens in existence.
        #[ink(message)]
        fn total_supply(&self) -> u128 {
            self.supply
        }

        /// Tokens held by `owner`.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u128 {
            self.balances.get(owner).unwrap_or_default()
        }

        /// What `spender` may still move from `owner`.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> u128 {
            self.allowances.get((owner, spender)).unwrap_or_default()
        }

        /// Moves `value` of the caller's tokens to `to`.
        #[ink(message)]
        fn transfer(&mut self, to: AccountId, value: u128, _data: Vec<u8>) -> Result<(), PSP22Error> {
            self.move_tokens(self.env().caller(), to, value)
        }

        /// Moves `value` of `from`'s tokens to `to`, spending the caller's allowance.
        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let caller = self.env().caller();
            if from == to || value == 0 {
                return Ok(());
            }
            if caller == from {
                return self.move_tokens(from, to, value);
            }
            let allowance = self.allowance(from, caller);
            let left = allowance.checked_sub(value).ok_or(PSP22Error::InsufficientAllowance)?;
            if self.balance_of(from) < value {
                return Err(PSP22Error::InsufficientBalance);
            }
            self.set_allowance(from, caller, left);
            self.move_tokens(from, to, value)
        }

        /// Lets `spender` move up to `value` of the caller's tokens.
        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
            let owner = self.env().caller();
            if owner != spender {
                self.set_allowance(owner, spender, value);
            }
            Ok(())
        }

        /// Raises `spender`'s allowance by `delta_value`.
        #[ink(message)]
        fn increase_allowance(&mut self, spender: AccountId, delta_value: u128) -> Result<(), PSP22Error> {
            let owner = self.env().caller();
            if owner == spender || delta_value == 0 {
                return Ok(());
            }
            let amount = self.allowance(owner, spender).saturating_add(delta_value);
            self.set_allowance(owner, spender, amount);
            Ok(())
        }

        /// Lowers `spender`'s allowance by `delta_value`.
        #[ink(message)]
        fn decrease_allowance(&mut self, spender: AccountId, delta_value: u128) -> Result<(), PSP22Error> {
            let owner = self.env().caller();
            if owner == spender || delta_value == 0 {
                return Ok(());
            }
            let amount = self
                .allowance(owner, spender)
                .checked_sub(delta_value)
                .ok_or(PSP22Error::InsufficientAllowance)?;
            self.set_allowance(owner, spender, amount);
            Ok(())
        }
    }
}
