//! The suites and cross-contract stories of COS on pallet-revive, one module
//! each, in one test binary (one link of the pallet-revive stack, not one per
//! file).

mod cells;
mod credit;
mod funding;
mod governance;
mod properties;
mod quota;
mod subtoken;
