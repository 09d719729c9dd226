//! The COS suite on a [`Chain`], deployed as in production.

use crate::{contract, Bundle, Chain};
use anyhow::{Context, Result};
use ink::{codegen::ContractCallBuilder, primitives::AccountId};

/// Calls to COS Credit: the full contract's call builder (its ABI is the token's,
/// routed or not).
pub type CreditCalls = <credit::credit::Credit as ContractCallBuilder>::Type;
/// Calls to the `credit_core` router's own message (`extension_code_hash`).
pub type CreditCoreCalls = <credit_core::credit_core::CreditCore as ContractCallBuilder>::Type;
/// Calls to a donation quota contract.
pub type QuotaCalls = <donation_quota::donation_quota::DonationQuota as ContractCallBuilder>::Type;

/// Deploys COS Credit from `owner` as in production: uploads the full `credit`
/// code and instantiates the `credit_core` router on it, issuing
/// `initial_supply` (`None`: 30 % of the cap). Returns the token's address.
pub fn deploy_credit(chain: &mut Chain, owner: AccountId, initial_supply: Option<u128>) -> Result<AccountId> {
    let full = Bundle::load("credit")?;
    let core = Bundle::load("credit_core")?;
    let code_hash = chain.upload(&full, owner)?;
    let constructor = credit_core::credit_core::CreditCoreRef::new(initial_supply, code_hash);
    let (address, _) = chain
        .instantiate(&core, constructor, owner)
        .context("instantiating credit_core")?;
    Ok(address)
}

/// Deploys the full `credit` contract alone, without the router: simpler, dearer
/// per transfer.
pub fn deploy_credit_standalone(
    chain: &mut Chain,
    owner: AccountId,
    initial_supply: Option<u128>,
) -> Result<AccountId> {
    let full = Bundle::load("credit")?;
    let constructor = credit::credit::CreditRef::new(initial_supply);
    let (address, _) = chain
        .instantiate(&full, constructor, owner)
        .context("instantiating credit")?;
    Ok(address)
}

/// Deploys `donation_quota` for the COS Credit at `token`, from `owner`
/// (`schedule`: `None` for the default bonus schedule).
pub fn deploy_quota(
    chain: &mut Chain,
    owner: AccountId,
    token: AccountId,
    schedule: Option<Vec<donation_quota::BonusStage>>,
) -> Result<AccountId> {
    let bundle = Bundle::load("donation_quota")?;
    let constructor = donation_quota::donation_quota::DonationQuotaRef::new(token, schedule);
    let (address, _) = chain
        .instantiate(&bundle, constructor, owner)
        .context("instantiating donation_quota")?;
    Ok(address)
}

/// Calls to a sub-token.
pub type SubtokenCalls = <subtoken::subtoken::Subtoken as ContractCallBuilder>::Type;

/// What a sub-token is deployed with (see `subtoken::subtoken::Subtoken::new`).
#[derive(Clone, Debug)]
pub struct SubtokenParams {
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    /// COS base units per sub-token base unit.
    pub face_value: u128,
    /// COS base units per sub-token base unit on the exchange.
    pub price: u128,
    pub community: Option<subtoken::CommunityRef>,
}

/// Deploys a sub-token backed by the COS Credit at `credit`, from `issuer`.
pub fn deploy_subtoken(
    chain: &mut Chain,
    issuer: AccountId,
    credit: AccountId,
    params: SubtokenParams,
) -> Result<AccountId> {
    let bundle = Bundle::load("subtoken")?;
    let constructor = subtoken::subtoken::SubtokenRef::new(
        credit,
        params.name,
        params.symbol,
        params.decimals,
        params.face_value,
        params.price,
        params.community,
    );
    let (address, _) = chain
        .instantiate(&bundle, constructor, issuer)
        .context("instantiating subtoken")?;
    Ok(address)
}

/// The call builder of the sub-token at `address`.
pub fn subtoken(address: AccountId) -> SubtokenCalls {
    contract::<subtoken::subtoken::Subtoken>(address)
}

/// Calls to a crowdfund contract.
pub type CrowdfundCalls = <crowdfund::crowdfund::Crowdfund as ContractCallBuilder>::Type;
/// Calls to a bounty contract.
pub type BountyCalls = <bounty::bounty::Bounty as ContractCallBuilder>::Type;

/// Deploys a crowdfund contract for the COS Credit at `credit`, from `deployer`
/// (it has no owner: the deployer has no power over it).
pub fn deploy_crowdfund(chain: &mut Chain, deployer: AccountId, credit: AccountId) -> Result<AccountId> {
    let bundle = Bundle::load("crowdfund")?;
    let constructor = crowdfund::crowdfund::CrowdfundRef::new(credit);
    let (address, _) = chain
        .instantiate(&bundle, constructor, deployer)
        .context("instantiating crowdfund")?;
    Ok(address)
}

/// Deploys a bounty contract for the COS Credit at `credit`, from `deployer`
/// (it has no owner).
pub fn deploy_bounty(chain: &mut Chain, deployer: AccountId, credit: AccountId) -> Result<AccountId> {
    let bundle = Bundle::load("bounty")?;
    let constructor = bounty::bounty::BountyRef::new(credit);
    let (address, _) = chain
        .instantiate(&bundle, constructor, deployer)
        .context("instantiating bounty")?;
    Ok(address)
}

/// Calls to a governance contract.
pub type GovernanceCalls = <governance::governance::Governance as ContractCallBuilder>::Type;

/// Deploys governance for the COS Credit at `credit`, from `admin`, with
/// `config`, deciding for `community`, with the first `members`.
pub fn deploy_governance(
    chain: &mut Chain,
    admin: AccountId,
    credit: AccountId,
    config: governance::Config,
    community: Option<governance::CommunityRef>,
    members: Vec<AccountId>,
) -> Result<AccountId> {
    let bundle = Bundle::load("governance")?;
    let constructor = governance::governance::GovernanceRef::new(credit, config, community, members);
    let (address, _) = chain
        .instantiate(&bundle, constructor, admin)
        .context("instantiating governance")?;
    Ok(address)
}

/// The call builder of the governance contract at `address`.
pub fn governance(address: AccountId) -> GovernanceCalls {
    contract::<governance::governance::Governance>(address)
}

/// The call builder of the crowdfund contract at `address`.
pub fn crowdfund(address: AccountId) -> CrowdfundCalls {
    contract::<crowdfund::crowdfund::Crowdfund>(address)
}

/// The call builder of the bounty contract at `address`.
pub fn bounty(address: AccountId) -> BountyCalls {
    contract::<bounty::bounty::Bounty>(address)
}

/// The call builder of the COS Credit at `address`.
pub fn credit(address: AccountId) -> CreditCalls {
    contract::<credit::credit::Credit>(address)
}

/// The router's own messages of the COS Credit at `address`.
pub fn credit_core(address: AccountId) -> CreditCoreCalls {
    contract::<credit_core::credit_core::CreditCore>(address)
}

/// The call builder of the donation quota contract at `address`.
pub fn quota(address: AccountId) -> QuotaCalls {
    contract::<donation_quota::donation_quota::DonationQuota>(address)
}

/// Formats base units as COS with 8 decimals, trimming trailing zeros.
pub fn cos(amount: u128) -> String {
    let whole = amount / credit::UNIT;
    let frac = amount % credit::UNIT;
    if frac == 0 {
        format!("{whole} COS")
    } else {
        let frac = format!("{frac:08}");
        format!("{whole}.{} COS", frac.trim_end_matches('0'))
    }
}
