//! Typed errors of the donation quota contract.

use credit::CreditError;
use psp22::PSP22Error;

/// Every way a donation quota call can fail. A failed call changes nothing.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum QuotaError {
    /// The caller is not the contract owner.
    NotOwner,
    /// The caller is not the pending owner.
    NotPendingOwner,
    /// The caller is not the operator.
    NotOperator,
    /// No community has this id.
    UnknownCommunity,
    /// The caller is not the community's admin.
    NotAdmin,
    /// The caller is not the pending admin of the community.
    NotPendingAdmin,
    /// The caller is neither the admin nor a manager of the community.
    NotManager,
    /// The account already has a place in the community's tree (manager or admin).
    AlreadyInTree,
    /// The account is not a manager of the community.
    UnknownManager,
    /// The target manager is not below the caller in the community's tree.
    NotBelowCaller,
    /// Appointing would make the tree deeper than `MAX_DEPTH`.
    TreeTooDeep,
    /// A manager with sub-managers cannot be removed; remove those first.
    HasSubManagers,
    /// A manager may hold quota of at most `MAX_SPONSORS_PER_MANAGER` sponsors.
    TooManySponsors,
    /// A manager may not reward themselves, the admin or anyone above them.
    SelfDealing,
    /// The amount is zero.
    ZeroAmount,
    /// The holder has less quota of this sponsor than the amount.
    InsufficientQuota,
    /// A batch has no entries.
    EmptyBatch,
    /// A batch has more entries than `MAX_REWARD_BATCH`.
    BatchTooLarge,
    /// A bonus or vesting schedule is malformed.
    InvalidSchedule,
    /// A vesting schedule must have at least one release.
    ZeroReleases,
    /// No vesting schedule has this id.
    UnknownSchedule,
    /// Nothing has vested since the last release.
    NothingToRelease,
    /// An amount does not fit in 128 bits.
    Overflow,
    /// The credit contract refused a PSP22 call (`transfer`, `transfer_from`).
    Token(PSP22Error),
    /// The credit contract refused a `batch_transfer`.
    Credit(CreditError),
    /// The call to the credit contract itself failed (trapped, or no such contract).
    TokenCallFailed,
}

impl From<credit::OwnableError> for QuotaError {
    fn from(error: credit::OwnableError) -> Self {
        match error {
            credit::OwnableError::NotOwner => Self::NotOwner,
            credit::OwnableError::NotPendingOwner => Self::NotPendingOwner,
        }
    }
}
