//! A community's contribution categories. White paper 000 leaves to each
//! community which contributions count and how they are rewarded; here the
//! admin names its categories ("organising", "teaching", ...), and once a
//! community has named any, every reward must use a named one: an activity
//! form cannot credit a category the community does not use, and readers
//! (the explorer, `cos reward`) show and take names instead of numbers. A
//! community that names none rewards any category number, as before.
//!
//! Bounds: at most [`MAX_CATEGORIES`] named categories per community, names of
//! 1 to [`MAX_NAME_BYTES`] bytes, no two alike. Cost: a reward reads the name
//! of its category (one `Mapping` entry) and, only when it has none, the
//! community's list.

use crate::{errors::QuotaError, events::CategorySet, CommunityId};
use ink::{
    prelude::{string::String, vec::Vec},
    storage::Mapping,
};

/// The most categories one community names.
pub const MAX_CATEGORIES: usize = 64;
/// The longest category name, in bytes of UTF-8.
pub const MAX_NAME_BYTES: usize = 32;

/// Every community's category names.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Categories {
    names: Mapping<(CommunityId, u16), String>,
    /// The named categories of each community, in the order they were named.
    lists: Mapping<CommunityId, Vec<u16>>,
}

impl Categories {
    /// Names `category` of `community` (renames it if named), or removes its
    /// name (`None`). The caller checked that the community exists and that
    /// its admin asks.
    pub fn set(
        &mut self,
        community: CommunityId,
        category: u16,
        name: Option<String>,
    ) -> Result<CategorySet, QuotaError> {
        let mut list = self.lists.get(community).unwrap_or_default();
        match &name {
            Some(text) => {
                if text.bytes().all(|b| b.is_ascii_whitespace()) || text.len() > MAX_NAME_BYTES {
                    return Err(QuotaError::BadCategoryName);
                }
                let taken = list
                    .iter()
                    .filter(|other| **other != category)
                    .any(|other| self.names.get((community, *other)).as_deref() == Some(text.as_str()));
                if taken {
                    return Err(QuotaError::DuplicateCategoryName);
                }
                if !list.contains(&category) {
                    if list.len() >= MAX_CATEGORIES {
                        return Err(QuotaError::TooManyCategories);
                    }
                    list.push(category);
                }
                self.names.insert((community, category), text);
            }
            None => {
                let before = list.len();
                list.retain(|c| *c != category);
                if list.len() == before {
                    return Err(QuotaError::UnknownCategory);
                }
                self.names.remove((community, category));
            }
        }
        self.lists.insert(community, &list);
        Ok(CategorySet {
            community,
            category,
            name,
        })
    }

    /// `Ok` if rewards of `community` may use `category`: it is named, or the
    /// community names none.
    pub fn check(&self, community: CommunityId, category: u16) -> Result<(), QuotaError> {
        if self.names.contains((community, category)) || self.lists.get(community).is_none_or(|list| list.is_empty()) {
            Ok(())
        } else {
            Err(QuotaError::UnknownCategory)
        }
    }

    /// The named categories of `community`, in the order they were named.
    pub fn list(&self, community: CommunityId) -> Vec<(u16, String)> {
        self.lists
            .get(community)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| self.names.get((community, c)).map(|name| (c, name)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[ink::test]
    fn named_categories_bound_the_rewards_of_their_community_only() {
        let mut c = Categories::default();
        assert_eq!(c.check(0, 7), Ok(()), "a community that names none takes any category");
        let event = c.set(0, 1, Some("organising".into())).unwrap();
        assert_eq!((event.community, event.category), (0, 1));
        c.set(0, 2, Some("teaching".into())).unwrap();
        assert_eq!(c.check(0, 1), Ok(()));
        assert_eq!(c.check(0, 7), Err(QuotaError::UnknownCategory));
        assert_eq!(c.check(1, 7), Ok(()), "another community is not bound");
        assert_eq!(
            c.set(0, 3, Some("teaching".into())),
            Err(QuotaError::DuplicateCategoryName)
        );
        c.set(0, 2, Some("tutoring".into())).unwrap();
        assert_eq!(
            c.list(0),
            vec![(1, "organising".to_string()), (2, "tutoring".to_string())],
            "renamed in place"
        );
        assert_eq!(c.set(0, 4, Some(String::new())), Err(QuotaError::BadCategoryName));
        assert_eq!(c.set(0, 4, Some("  ".into())), Err(QuotaError::BadCategoryName));
        assert_eq!(
            c.set(0, 4, Some("x".repeat(MAX_NAME_BYTES + 1))),
            Err(QuotaError::BadCategoryName)
        );
        assert_eq!(c.set(0, 9, None), Err(QuotaError::UnknownCategory));
        c.set(0, 1, None).unwrap();
        c.set(0, 2, None).unwrap();
        assert!(c.list(0).is_empty());
        assert_eq!(c.check(0, 7), Ok(()), "no names left: any category again");
        for n in 0..MAX_CATEGORIES {
            c.set(5, n as u16, Some(format!("c{n}"))).unwrap();
        }
        assert_eq!(
            c.set(5, 999, Some("one more".into())),
            Err(QuotaError::TooManyCategories)
        );
    }
}
