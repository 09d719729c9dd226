//! Communities and their manager trees.
//!
//! Each community has an admin at its root; the admin and every manager may
//! offer a place directly below themselves, and the offered account joins only
//! when it accepts (two steps, like ownership): nobody is put in a tree, or kept
//! out of the admin's seat, without their consent. A tree is at most
//! [`MAX_DEPTH`] levels deep and a manager has at most [`MAX_CHILDREN`] direct
//! sub-managers.
//!
//! An offer belongs to the tree it was made in: when the admin changes or a
//! manager leaves, every open offer of the community lapses ([`OffersLapsed`]),
//! so neither a former admin's offers nor an offer a removed manager collected
//! earlier can bring anyone in after the change.
//!
//! A manager may resign alone: its sub-managers move up one level, under its
//! parent, and its quota goes up the tree. So the admin can hand the community
//! to one of its managers (who resigns, then accepts) without removing that
//! manager's branch.
//!
//! The admin or any manager above may remove a manager with its whole subtree
//! (at most [`MAX_REMOVAL`] managers holding at most [`MAX_REMOVAL_MOVES`]
//! sponsors' quota per call, bounds that fit in one extrinsic: a larger
//! subtree is removed from the bottom up, a part at a time). The quota of everyone removed goes up the
//! tree: to the removed subtree's parent, or, where that parent already holds
//! quota of `MAX_SPONSORS_PER_MANAGER` other sponsors, to the nearest ancestor
//! that can take it, the admin's pool at the latest, so removal never fails on
//! that bound.

use crate::{
    errors::QuotaError,
    events::{
        AdminTransferStarted, AdminTransferred, CommunityCreated, ManagerAdded, ManagerMoved, ManagerOffered,
        ManagerRemoved, OfferWithdrawn, OffersLapsed, QuotaMoved,
    },
    CommunityId, Holder, QuotaBook,
};
use cos_common::AccountId;
use ink::{
    prelude::{vec, vec::Vec},
    storage::Mapping,
};

/// Deepest a manager may sit below the admin (the admin's direct appointees are at 1).
pub const MAX_DEPTH: u8 = 8;
/// Most direct sub-managers of one manager.
pub const MAX_CHILDREN: usize = 32;
/// Most sub-managers one storage cell of a manager's list holds: `1 + 12 x 32`
/// bytes with 32-byte accounts, within [`cos_common::MAX_CELL_BYTES`]. A full
/// list takes [`CHILD_CELLS`] cells.
pub const CHILDREN_PER_CELL: usize = 12;
/// Cells of the longest list of sub-managers.
pub const CHILD_CELLS: usize = MAX_CHILDREN.div_ceil(CHILDREN_PER_CELL);
/// Most managers one `remove_manager` call removes (the manager and its subtree).
pub const MAX_REMOVAL: usize = 32;
/// Most (manager, sponsor) quota holdings one `remove_manager` call moves up.
/// Each costs about 9 KB of proof on pallet-contracts: 32 managers holding 16
/// sponsors' quota each (512) took 4.9 MB, more than a Polkadot Hub extrinsic
/// may (3.75 MiB). At this bound the worst removal, measured on the release
/// Wasm (`e2e/tests/suites/donation_quota.rs`), takes 38 % of one; a larger
/// holding is reclaimed or removed a part at a time first.
pub const MAX_REMOVAL_MOVES: usize = 128;

/// A community: its admin, the root of its manager tree.
#[derive(Clone, Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Community {
    pub admin: AccountId,
    pub pending_admin: Option<AccountId>,
    /// Managers appointed directly by the admin.
    pub children: u32,
    /// Whether the operator recognised the community (see [`crate::recognition`]).
    pub recognised: bool,
    /// Changes of the tree that made open offers lapse (a new admin, a
    /// manager leaving); an offer is open only in the epoch it was made in.
    pub epoch: u32,
}

/// A manager's place in its community's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Manager {
    /// Who appointed this manager; `None`: the admin.
    pub parent: Option<AccountId>,
    /// 1 for the admin's appointees, 2 for theirs, ...
    pub depth: u8,
    /// Sub-managers appointed by this manager.
    pub children: u32,
}

/// A manager above a removal, with its sponsor list kept in memory.
struct Above {
    manager: AccountId,
    sponsors: Vec<AccountId>,
    changed: bool,
}

/// What `remove_manager` did, as events: the quota moves, then the removals
/// (the subtree's head first), then the lapse of open offers.
#[derive(Debug)]
pub struct Removal {
    pub moved: Vec<QuotaMoved>,
    pub removed: Vec<ManagerRemoved>,
    pub lapsed: OffersLapsed,
}

/// What `resign` did, as events: the quota moves, the sub-managers moved up,
/// the resignation and the lapse of open offers.
#[derive(Debug)]
pub struct Resignation {
    pub moved: Vec<QuotaMoved>,
    pub children: Vec<ManagerMoved>,
    pub resigned: ManagerRemoved,
    pub lapsed: OffersLapsed,
}

type ManagerKey = (CommunityId, AccountId);
/// An open offer: (community, candidate, offering parent).
type OfferKey = (CommunityId, AccountId, Holder);
/// One cell of a manager's list of sub-managers: `(manager, cell number)`.
type ChildCell = (ManagerKey, u8);

/// Every community's tree.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Tree {
    next_community: CommunityId,
    communities: Mapping<CommunityId, Community>,
    managers: Mapping<ManagerKey, Manager>,
    /// Direct sub-managers of a manager (at most `MAX_CHILDREN`), in cells of
    /// `CHILDREN_PER_CELL`: `((community, manager), 0)`, then `1`, ... each
    /// full but the last.
    children: Mapping<ChildCell, Vec<AccountId>>,
    /// Open offers: (community, candidate, offering parent) -> the community's
    /// epoch when it was made.
    offers: Mapping<OfferKey, u32>,
}

impl Tree {
    pub fn community(&self, id: CommunityId) -> Option<Community> {
        self.communities.get(id)
    }

    pub fn community_count(&self) -> CommunityId {
        self.next_community
    }

    pub fn manager(&self, id: CommunityId, account: AccountId) -> Option<Manager> {
        self.managers.get((id, account))
    }

    /// `manager`'s direct sub-managers, in the order they joined.
    pub fn children(&self, id: CommunityId, manager: AccountId) -> Vec<AccountId> {
        let mut list = Vec::new();
        for cell in (0u8..).take(CHILD_CELLS) {
            match self.children.get(((id, manager), cell)) {
                Some(part) => list.extend(part),
                None => break,
            }
        }
        list
    }

    /// Stores `list` (at most `MAX_CHILDREN`, checked by the callers) as
    /// `manager`'s sub-managers, clearing the cells it no longer needs.
    fn set_children(&mut self, id: CommunityId, manager: AccountId, list: &[AccountId]) {
        let parts = list.chunks(CHILDREN_PER_CELL);
        let used = parts.len();
        for (cell, part) in (0u8..).zip(parts) {
            self.children.insert(((id, manager), cell), &part.to_vec());
        }
        for cell in (0u8..).take(CHILD_CELLS).skip(used) {
            if self.children.take(((id, manager), cell)).is_none() {
                break;
            }
        }
    }

    pub fn has_offer(&self, id: CommunityId, candidate: AccountId, parent: Holder) -> bool {
        self.communities
            .get(id)
            .is_some_and(|community| self.open_offer(&community, id, candidate, parent))
    }

    fn open_offer(&self, community: &Community, id: CommunityId, candidate: AccountId, parent: Holder) -> bool {
        self.offers.get((id, candidate, parent)) == Some(community.epoch)
    }

    /// Ends the community's epoch: every open offer lapses.
    fn lapse_offers(&self, id: CommunityId, community: &mut Community) -> Result<OffersLapsed, QuotaError> {
        community.epoch = community.epoch.checked_add(1).ok_or(QuotaError::Overflow)?;
        Ok(OffersLapsed {
            community: id,
            epoch: community.epoch,
        })
    }

    pub(crate) fn store(&mut self, id: CommunityId, community: &Community) {
        self.communities.insert(id, community);
    }

    pub(crate) fn existing(&self, id: CommunityId) -> Result<Community, QuotaError> {
        self.communities.get(id).ok_or(QuotaError::UnknownCommunity)
    }

    fn in_tree(&self, community: &Community, id: CommunityId, account: AccountId) -> bool {
        account == community.admin || self.managers.contains((id, account))
    }

    /// The caller's position: `None` for the admin, `Some(caller)` for a manager.
    pub(crate) fn holder_of(
        &self,
        community: &Community,
        id: CommunityId,
        caller: AccountId,
    ) -> Result<Holder, QuotaError> {
        if caller == community.admin {
            Ok(None)
        } else if self.managers.contains((id, caller)) {
            Ok(Some(caller))
        } else {
            Err(QuotaError::NotManager)
        }
    }

    /// Whether `target` (a manager) sits strictly below `above` (`None`: the admin).
    pub(crate) fn is_below(&self, id: CommunityId, target: AccountId, above: Holder) -> Result<bool, QuotaError> {
        let mut current = self.manager(id, target).ok_or(QuotaError::UnknownManager)?;
        let Some(above) = above else {
            return Ok(true);
        };
        // Bounded: depth <= MAX_DEPTH, each step goes one level up.
        for _ in 0..MAX_DEPTH {
            match current.parent {
                None => return Ok(false),
                Some(parent) if parent == above => return Ok(true),
                Some(parent) => current = self.manager(id, parent).ok_or(QuotaError::UnknownManager)?,
            }
        }
        Ok(false)
    }

    /// Whether `account` is `holder` itself, the admin, or a manager above `holder`.
    pub(crate) fn is_self_or_above(
        &self,
        id: CommunityId,
        community: &Community,
        holder: Holder,
        account: AccountId,
    ) -> Result<bool, QuotaError> {
        if account == community.admin {
            return Ok(true);
        }
        let Some(manager) = holder else {
            return Ok(false);
        };
        if account == manager {
            return Ok(true);
        }
        if self.managers.contains((id, account)) {
            self.is_below(id, manager, Some(account))
        } else {
            Ok(false)
        }
    }

    /// `root` and every manager below it, parents before children; fails with
    /// `SubtreeTooLarge` past [`MAX_REMOVAL`].
    fn subtree(&self, id: CommunityId, root: AccountId) -> Result<Vec<AccountId>, QuotaError> {
        let mut found = vec![root];
        let mut next = 0;
        while let Some(&manager) = found.get(next) {
            for child in self.children(id, manager) {
                if found.len() >= MAX_REMOVAL {
                    return Err(QuotaError::SubtreeTooLarge);
                }
                found.push(child);
            }
            next = next.saturating_add(1);
        }
        Ok(found)
    }
}

impl QuotaBook {
    pub fn community(&self, id: CommunityId) -> Option<Community> {
        self.tree.community(id)
    }

    pub fn community_count(&self) -> CommunityId {
        self.tree.community_count()
    }

    pub fn manager(&self, id: CommunityId, account: AccountId) -> Option<Manager> {
        self.tree.manager(id, account)
    }

    pub fn manager_children(&self, id: CommunityId, manager: AccountId) -> Vec<AccountId> {
        self.tree.children(id, manager)
    }

    pub fn has_offer(&self, id: CommunityId, candidate: AccountId, parent: Holder) -> bool {
        self.tree.has_offer(id, candidate, parent)
    }

    /// Creates a community with `admin` at its root.
    pub fn create_community(&mut self, admin: AccountId) -> Result<(CommunityId, CommunityCreated), QuotaError> {
        let t = &mut self.tree;
        let id = t.next_community;
        t.next_community = id.checked_add(1).ok_or(QuotaError::Overflow)?;
        t.communities.insert(
            id,
            &Community {
                admin,
                pending_admin: None,
                children: 0,
                recognised: false,
                epoch: 0,
            },
        );
        Ok((id, CommunityCreated { community: id, admin }))
    }

    /// Offers the community to `new_admin` (`None` withdraws the offer). Admin
    /// only; `new_admin` must have no place in the tree.
    pub fn transfer_admin(
        &mut self,
        caller: AccountId,
        id: CommunityId,
        new_admin: Option<AccountId>,
    ) -> Result<AdminTransferStarted, QuotaError> {
        let t = &mut self.tree;
        let mut community = t.existing(id)?;
        if caller != community.admin {
            return Err(QuotaError::NotAdmin);
        }
        if let Some(new_admin) = new_admin {
            if t.in_tree(&community, id, new_admin) {
                return Err(QuotaError::AlreadyInTree);
            }
        }
        community.pending_admin = new_admin;
        t.communities.insert(id, &community);
        Ok(AdminTransferStarted {
            community: id,
            admin: caller,
            new_admin,
        })
    }

    /// The pending admin takes over the community, its pool included, and every
    /// open offer lapses (the former admin's among them). Since nobody joins a
    /// tree without accepting, only the heir's own acceptance of a manager's
    /// place could stand in the way (`AlreadyInTree`; it may `resign` first).
    pub fn accept_admin(
        &mut self,
        caller: AccountId,
        id: CommunityId,
    ) -> Result<(AdminTransferred, OffersLapsed), QuotaError> {
        let t = &mut self.tree;
        let mut community = t.existing(id)?;
        if community.pending_admin != Some(caller) {
            return Err(QuotaError::NotPendingAdmin);
        }
        if t.managers.contains((id, caller)) {
            return Err(QuotaError::AlreadyInTree);
        }
        let previous = community.admin;
        community.admin = caller;
        community.pending_admin = None;
        let lapsed = t.lapse_offers(id, &mut community)?;
        t.communities.insert(id, &community);
        Ok((
            AdminTransferred {
                community: id,
                previous,
                new_admin: caller,
            },
            lapsed,
        ))
    }

    /// Offers `candidate` a place directly below the caller (the admin or a
    /// manager). Nothing changes in the tree until `candidate` accepts.
    pub fn offer_manager(
        &mut self,
        caller: AccountId,
        id: CommunityId,
        candidate: AccountId,
    ) -> Result<ManagerOffered, QuotaError> {
        let t = &mut self.tree;
        let community = t.existing(id)?;
        let parent = t.holder_of(&community, id, caller)?;
        if t.in_tree(&community, id, candidate) {
            return Err(QuotaError::AlreadyInTree);
        }
        t.offers.insert((id, candidate, parent), &community.epoch);
        Ok(ManagerOffered {
            community: id,
            manager: candidate,
            parent,
        })
    }

    /// Withdraws the caller's open offer to `candidate`.
    pub fn withdraw_offer(
        &mut self,
        caller: AccountId,
        id: CommunityId,
        candidate: AccountId,
    ) -> Result<OfferWithdrawn, QuotaError> {
        let t = &mut self.tree;
        let community = t.existing(id)?;
        let parent = t.holder_of(&community, id, caller)?;
        if !t.open_offer(&community, id, candidate, parent) {
            return Err(QuotaError::NoAppointment);
        }
        t.offers.remove((id, candidate, parent));
        Ok(OfferWithdrawn {
            community: id,
            manager: candidate,
            parent,
        })
    }

    /// The caller accepts the place `parent` (`None`: the admin) offered it. The
    /// offering parent must still be in the tree, with room and depth for one more.
    pub fn accept_manager(
        &mut self,
        caller: AccountId,
        id: CommunityId,
        parent: Holder,
    ) -> Result<ManagerAdded, QuotaError> {
        let t = &mut self.tree;
        let mut community = t.existing(id)?;
        if !t.open_offer(&community, id, caller, parent) {
            return Err(QuotaError::NoAppointment);
        }
        if t.in_tree(&community, id, caller) {
            return Err(QuotaError::AlreadyInTree);
        }
        let depth = match parent {
            None => {
                community.children = community.children.checked_add(1).ok_or(QuotaError::Overflow)?;
                t.communities.insert(id, &community);
                1
            }
            Some(parent) => {
                let mut above = t.manager(id, parent).ok_or(QuotaError::UnknownManager)?;
                if above.depth >= MAX_DEPTH {
                    return Err(QuotaError::TreeTooDeep);
                }
                let mut siblings = t.children(id, parent);
                if siblings.len() >= MAX_CHILDREN {
                    return Err(QuotaError::TooManyChildren);
                }
                siblings.push(caller);
                above.children = above.children.checked_add(1).ok_or(QuotaError::Overflow)?;
                t.set_children(id, parent, &siblings);
                t.managers.insert((id, parent), &above);
                above.depth.saturating_add(1)
            }
        };
        t.offers.remove((id, caller, parent));
        t.managers.insert(
            (id, caller),
            &Manager {
                parent,
                depth,
                children: 0,
            },
        );
        Ok(ManagerAdded {
            community: id,
            manager: caller,
            parent,
        })
    }

    /// Removes `manager` and its whole subtree; the caller must be above it (the
    /// admin or an ancestor). Everyone's quota goes up the tree (module docs)
    /// and the community's open offers lapse. Returns the removals (parents
    /// first), the quota moves and the lapse.
    pub fn remove_manager(
        &mut self,
        caller: AccountId,
        id: CommunityId,
        manager: AccountId,
    ) -> Result<Removal, QuotaError> {
        let community = self.tree.existing(id)?;
        let caller_holder = self.tree.holder_of(&community, id, caller)?;
        let root = self.tree.manager(id, manager).ok_or(QuotaError::UnknownManager)?;
        if !self.tree.is_below(id, manager, caller_holder)? {
            return Err(QuotaError::NotBelowCaller);
        }
        let removed = self.tree.subtree(id, manager)?;

        // Checks: the quota to move is bounded too.
        let lists: Vec<Vec<AccountId>> = removed.iter().map(|gone| self.quotas.sponsors(id, *gone)).collect();
        if lists.iter().map(Vec::len).sum::<usize>() > MAX_REMOVAL_MOVES {
            return Err(QuotaError::SubtreeTooLarge);
        }

        // Quota first: every removed manager's quota goes to the nearest holder
        // above the subtree that can take it (the pool always can).
        let mut above = self.above(id, root.parent)?;
        let mut moved = Vec::new();
        for (&gone, list) in removed.iter().zip(&lists).rev() {
            self.empty_upward(id, gone, list, &mut above, &mut moved)?;
        }
        self.write_back(id, &above);

        // Then the tree.
        let t = &mut self.tree;
        let mut community = community;
        let lapsed = t.lapse_offers(id, &mut community)?;
        if root.parent.is_none() {
            community.children = community.children.saturating_sub(1);
        }
        t.communities.insert(id, &community);
        if let Some(parent) = root.parent {
            let mut above = t.manager(id, parent).ok_or(QuotaError::UnknownManager)?;
            above.children = above.children.saturating_sub(1);
            t.managers.insert((id, parent), &above);
            let mut siblings = t.children(id, parent);
            siblings.retain(|child| *child != manager);
            t.set_children(id, parent, &siblings);
        }
        for &gone in &removed {
            t.managers.remove((id, gone));
            t.set_children(id, gone, &[]);
        }
        let removed = removed
            .into_iter()
            .map(|gone| ManagerRemoved {
                community: id,
                manager: gone,
                by: caller,
            })
            .collect();
        Ok(Removal { moved, removed, lapsed })
    }

    /// The caller, a manager, leaves the tree alone: its direct sub-managers
    /// move up under its parent (every manager of its subtree one level up),
    /// its quota goes up the tree as on removal, and the community's open
    /// offers lapse. Returns the quota moves, the moves of its sub-managers,
    /// its removal (`by` itself) and the lapse.
    pub fn resign(&mut self, caller: AccountId, id: CommunityId) -> Result<Resignation, QuotaError> {
        let mut community = self.tree.existing(id)?;
        let me = self.tree.manager(id, caller).ok_or(QuotaError::NotManager)?;
        // Checks: the subtree is bounded, and the parent has room for the children.
        let below = self.tree.subtree(id, caller)?;
        let children = self.tree.children(id, caller);
        let siblings = match me.parent {
            Some(parent) => {
                let mut siblings = self.tree.children(id, parent);
                siblings.retain(|child| *child != caller);
                siblings.extend(children.iter().copied());
                if siblings.len() > MAX_CHILDREN {
                    return Err(QuotaError::NoRoomAbove);
                }
                siblings
            }
            None => Vec::new(),
        };

        // Quota first, as on removal (the parent, or the nearest holder above).
        let mut above = self.above(id, me.parent)?;
        let mut moved = Vec::new();
        let list = self.quotas.sponsors(id, caller);
        self.empty_upward(id, caller, &list, &mut above, &mut moved)?;
        self.write_back(id, &above);

        // Then the tree: everyone below one level up, the children under the parent.
        let t = &mut self.tree;
        let lapsed = t.lapse_offers(id, &mut community)?;
        let count = u32::try_from(children.len()).map_err(|_| QuotaError::Overflow)?;
        match me.parent {
            None => {
                community.children = community
                    .children
                    .saturating_sub(1)
                    .checked_add(count)
                    .ok_or(QuotaError::Overflow)?;
            }
            Some(parent) => {
                let mut above = t.manager(id, parent).ok_or(QuotaError::UnknownManager)?;
                above.children = u32::try_from(siblings.len()).map_err(|_| QuotaError::Overflow)?;
                t.managers.insert((id, parent), &above);
                t.set_children(id, parent, &siblings);
            }
        }
        t.communities.insert(id, &community);
        for &manager in below.iter().skip(1) {
            let mut place = t.manager(id, manager).ok_or(QuotaError::UnknownManager)?;
            place.depth = place.depth.saturating_sub(1);
            if place.parent == Some(caller) {
                place.parent = me.parent;
            }
            t.managers.insert((id, manager), &place);
        }
        t.managers.remove((id, caller));
        t.set_children(id, caller, &[]);
        let children = children
            .into_iter()
            .map(|manager| ManagerMoved {
                community: id,
                manager,
                parent: me.parent,
            })
            .collect();
        Ok(Resignation {
            moved,
            children,
            resigned: ManagerRemoved {
                community: id,
                manager: caller,
                by: caller,
            },
            lapsed,
        })
    }

    /// The managers from `start` up to the admin, nearest first, each with its
    /// sponsor list, read once for a whole removal (at most `MAX_DEPTH`).
    fn above(&self, id: CommunityId, start: Holder) -> Result<Vec<Above>, QuotaError> {
        let mut chain = Vec::new();
        let mut holder = start;
        // Bounded: each step goes one level up.
        for _ in 0..MAX_DEPTH {
            let Some(manager) = holder else { break };
            chain.push(Above {
                manager,
                sponsors: self.quotas.sponsors(id, manager),
                changed: false,
            });
            holder = self.tree.manager(id, manager).ok_or(QuotaError::UnknownManager)?.parent;
        }
        Ok(chain)
    }

    /// Moves all of `gone`'s quota (its sponsor list `list`) up: each sponsor's
    /// to the nearest of `above` that holds that sponsor already or has room,
    /// the admin's pool if none, so no bound makes it fail.
    fn empty_upward(
        &mut self,
        id: CommunityId,
        gone: AccountId,
        list: &[AccountId],
        above: &mut [Above],
        moved: &mut Vec<QuotaMoved>,
    ) -> Result<(), QuotaError> {
        for (sponsor, amount) in self.quotas.take_all(id, gone, list) {
            let mut to = None;
            for holder in above.iter_mut() {
                let listed = holder.sponsors.contains(&sponsor);
                if listed || holder.sponsors.len() < crate::MAX_SPONSORS_PER_MANAGER {
                    if !listed {
                        holder.sponsors.push(sponsor);
                        holder.changed = true;
                    }
                    to = Some(holder.manager);
                    break;
                }
            }
            self.quotas.add_to(id, to, sponsor, amount)?;
            moved.push(QuotaMoved {
                community: id,
                sponsor,
                from: Some(gone),
                to,
                amount,
            });
        }
        Ok(())
    }

    /// Writes the sponsor lists that [`QuotaBook::empty_upward`] extended.
    fn write_back(&mut self, id: CommunityId, above: &[Above]) {
        for holder in above.iter().filter(|h| h.changed) {
            self.quotas.set_sponsors(id, holder.manager, &holder.sponsors);
        }
    }
}
