//! Links Cardinal's example PSP22 contract (`psp22::token`) unchanged.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
pub use psp22;
