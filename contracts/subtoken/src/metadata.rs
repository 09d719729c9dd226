//! A sub-token's name, symbol and community, and the bounds that keep them in
//! one storage cell ([`cos_common::MAX_CELL_BYTES`]) on both platforms.

use crate::{CommunityRef, SubtokenError};
use ink::prelude::string::String;

/// The most bytes (UTF-8) of a sub-token's name.
pub const MAX_NAME_BYTES: usize = 64;
/// The most bytes (UTF-8) of a sub-token's symbol.
pub const MAX_SYMBOL_BYTES: usize = 16;

/// Name, symbol and community: read by views only, so kept out of the
/// contract's root that every message loads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Metadata {
    pub name: String,
    pub symbol: String,
    pub community: Option<CommunityRef>,
}

impl Metadata {
    /// The metadata, if the name and symbol are within their bounds
    /// (`MetadataTooLong` otherwise).
    pub fn new(name: String, symbol: String, community: Option<CommunityRef>) -> Result<Self, SubtokenError> {
        if name.len() > MAX_NAME_BYTES || symbol.len() > MAX_SYMBOL_BYTES {
            return Err(SubtokenError::MetadataTooLong);
        }
        Ok(Self {
            name,
            symbol,
            community,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::Encode;

    #[test]
    fn names_and_symbols_are_bounded() {
        let name = "名".repeat(MAX_NAME_BYTES / 3) + "a";
        assert_eq!(name.len(), MAX_NAME_BYTES);
        let symbol = "S".repeat(MAX_SYMBOL_BYTES);
        assert!(Metadata::new(name.clone(), symbol.clone(), None).is_ok());
        assert_eq!(
            Metadata::new(name.clone() + "a", symbol.clone(), None),
            Err(SubtokenError::MetadataTooLong)
        );
        assert_eq!(
            Metadata::new(name, symbol + "S", None),
            Err(SubtokenError::MetadataTooLong)
        );
    }

    #[test]
    fn the_largest_metadata_fits_one_storage_cell() {
        let community = CommunityRef {
            registry: cos_common::AccountId::from([0xff; 32]),
            id: u32::MAX,
        };
        let largest = Metadata::new(
            "n".repeat(MAX_NAME_BYTES),
            "s".repeat(MAX_SYMBOL_BYTES),
            Some(community),
        )
        .unwrap();
        assert!(largest.encoded_size() <= cos_common::MAX_CELL_BYTES);
    }
}
