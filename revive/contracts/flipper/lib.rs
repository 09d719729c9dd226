#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod flipper {
    /// One boolean.
    #[ink(storage)]
    pub struct Flipper {
        value: bool,
    }

    /// The value changed.
    #[ink(event)]
    pub struct Flipped {
        #[ink(topic)]
        by: Address,
        value: bool,
    }

    impl Flipper {
        /// Starts at `value`.
        #[ink(constructor)]
        pub fn new(value: bool) -> Self {
            Self { value }
        }

        /// Negates the value.
        #[ink(message)]
        pub fn flip(&mut self) {
            self.value = !self.value;
            self.env().emit_event(Flipped {
                by: self.env().caller(),
                value: self.value,
            });
        }

        /// The value.
        #[ink(message)]
        pub fn get(&self) -> bool {
            self.value
        }

        /// Block time as the contract reads it.
        #[ink(message)]
        pub fn now(&self) -> u64 {
            self.env().block_timestamp()
        }
    }
}
