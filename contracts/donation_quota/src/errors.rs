//! Typed errors of the donation quota contract.

use cos_common::{OwnableError, TokenError};

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
    /// A manager may appoint at most `MAX_CHILDREN` sub-managers.
    TooManyChildren,
    /// Nobody offered the caller this appointment (or it was withdrawn).
    NoAppointment,
    /// The subtree has more than `MAX_REMOVAL` managers, or they hold more than
    /// `MAX_REMOVAL_MOVES` sponsors' quota between them: reclaim some or
    /// remove a part of it first.
    SubtreeTooLarge,
    /// A manager may hold quota of at most `MAX_SPONSORS_PER_MANAGER` sponsors.
    TooManySponsors,
    /// The reward breaks the self-dealing rule (see the `self_dealing` module):
    /// a sponsor unlocking its own quota or rewarded from it, or a manager
    /// rewarding themselves, the admin or anyone above them.
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
    /// Recovering more COS than the contract holds beyond what it owes
    /// (outstanding quota, reserve and unreleased vesting).
    ExceedsSurplus,
    /// An amount does not fit in 128 bits.
    Overflow,
    /// The call to COS Credit failed or was refused.
    Token(TokenError),
    /// The community names its contribution categories and this is none of
    /// them (or, removing a name, the category has none).
    UnknownCategory,
    /// A category name is empty, blank or longer than `MAX_NAME_BYTES`.
    BadCategoryName,
    /// Another category of the community has this name.
    DuplicateCategoryName,
    /// A community names at most `MAX_CATEGORIES` categories.
    TooManyCategories,
    /// The operator has not recognised the community (or withdrew its
    /// recognition): it receives no donation, allocation or reward (see the
    /// `recognition` module).
    NotRecognised,
    /// The community is already in the state asked for.
    Unchanged,
    /// The caller heads a subtree that cannot move up one level: its parent
    /// would get more than `MAX_CHILDREN` sub-managers. Remove or move some first.
    NoRoomAbove,
}

impl From<OwnableError> for QuotaError {
    fn from(error: OwnableError) -> Self {
        match error {
            OwnableError::NotOwner => Self::NotOwner,
            OwnableError::NotPendingOwner => Self::NotPendingOwner,
        }
    }
}

impl From<TokenError> for QuotaError {
    fn from(error: TokenError) -> Self {
        Self::Token(error)
    }
}
