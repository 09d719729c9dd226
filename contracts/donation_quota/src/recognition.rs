//! Which communities quota may reach.
//!
//! Quota is meant for real contributors of real communities. The self-dealing
//! rule ([`crate::self_dealing`]) stops one key paying itself, but nothing on
//! chain can tell one person's three keys from three people: a sponsor could
//! found a community of its own, appoint a second key as manager and reward a
//! third, turning its locked quota into free COS and a bonus from the shared
//! reserve. So a community receives donations, allocates and unlocks quota only
//! while the **operator** has recognised it ([`QuotaBook::recognise`]): the
//! operator already decides who receives quota, and it may be a governance
//! contract (the owner names it with `set_operator`), so that the sponsors or
//! the members vote on each community instead of one key deciding.
//!
//! Withdrawing recognition freezes a community's quota where it stands: no
//! donation, allocation or reward, while reclaiming quota up the tree and
//! removing managers still work, so the quota is kept safe and can flow again
//! once the community is recognised again.

use crate::{errors::QuotaError, events::CommunityRecognised, tree::Community, CommunityId, QuotaBook};

/// `NotRecognised` unless the operator recognised `community`.
pub fn ensure(community: &Community) -> Result<(), QuotaError> {
    if community.recognised {
        Ok(())
    } else {
        Err(QuotaError::NotRecognised)
    }
}

impl QuotaBook {
    /// Recognises community `id` (or withdraws its recognition). The caller
    /// checks that the operator asked; asking for the state it has already is
    /// refused (`Unchanged`), so every event is a change.
    pub fn recognise(&mut self, id: CommunityId, recognised: bool) -> Result<CommunityRecognised, QuotaError> {
        let mut community = self.tree.existing(id)?;
        if community.recognised == recognised {
            return Err(QuotaError::Unchanged);
        }
        community.recognised = recognised;
        self.tree.store(id, &community);
        Ok(CommunityRecognised {
            community: id,
            recognised,
        })
    }
}
