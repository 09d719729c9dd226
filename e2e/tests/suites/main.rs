//! The suites, property tests and cross-contract stories of COS on
//! pallet-contracts (drink) and the indexer, one module each, in one test
//! binary (one link of the drink and indexer stacks, not one per file).

mod bundles;
mod credit;
mod donation_quota;
mod funding;
mod funding_properties;
mod governance;
mod governance_properties;
mod indexer;
mod node;
mod quota_properties;
mod router_properties;
mod subtoken;
mod subtoken_properties;
