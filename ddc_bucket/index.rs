//! An owner → items index with O(1) insert, remove and paging.
//!
//! Listing "the nodes of provider P" must not scan everybody's nodes, so every entity kept per
//! owner is also recorded here: a dense list per owner (`(owner, position) → item`), its length, and
//! each item's position so that removal is a swap with the owner's last item.

use crate::store::{Map, RawValue};
use ddc_types::AccountId;
use ddc_types::{Error, Result, MAX_PAGE_LIMIT};
use ink::prelude::vec::Vec;
use ink::storage::traits::Packed;
use scale::Encode;

/// Dense per-owner lists of items: owners are accounts, `V` is the item id (unique across
/// owners).
pub struct Index<V> {
    len: Map<AccountId, u32>,
    items: Map<(AccountId, u32), V>,
    pos: Map<V, u32>,
}

impl<V> Index<V>
where
    V: Packed + Encode + Copy,
{
    /// The index whose three maps use storage prefixes `base`, `base + 1` and `base + 2`.
    pub const fn new(base: u32) -> Self {
        Self {
            len: Map::new(base),
            items: Map::new(base.saturating_add(1)),
            pos: Map::new(base.saturating_add(2)),
        }
    }

    /// The storage prefixes of the lengths, the items and the positions (for the metadata's
    /// layout).
    pub const fn prefixes(&self) -> [u32; 3] {
        [self.len.prefix(), self.items.prefix(), self.pos.prefix()]
    }

    /// Number of items the owner has.
    pub fn len(&self, owner: AccountId) -> u32 {
        self.len.get(owner).unwrap_or(0)
    }

    /// Append `item` to `owner`'s list.
    pub fn insert(&mut self, owner: AccountId, item: V) -> Result<()> {
        let len = self.len(owner);
        let new_len = len.checked_add(1).ok_or(Error::Overflow)?;
        self.items.insert((owner, len), &item);
        self.pos.insert(item, &len);
        self.len.insert(owner, &new_len);
        Ok(())
    }

    /// Remove `item` from `owner`'s list (the owner's last item takes its place). The work is
    /// done on encoded items, so all indexes share it.
    pub fn remove(&mut self, owner: AccountId, item: V) {
        self.raw().remove(owner, RawValue(Encode::encode(&item)));
    }

    /// The same maps, items encoded.
    fn raw(&self) -> RawIndex {
        RawIndex {
            len: Map::new(self.len.prefix()),
            items: Map::new(self.items.prefix()),
            pos: Map::new(self.pos.prefix()),
        }
    }

    /// Move `item` from one owner's list to another's.
    pub fn transfer(&mut self, from: AccountId, to: AccountId, item: V) -> Result<()> {
        self.remove(from, item);
        self.insert(to, item)
    }

    /// All of the owner's items (callers bound the list on insert), and their count.
    pub fn all(&self, owner: AccountId) -> (Vec<V>, u32) {
        self.range(owner, 0, u32::MAX)
    }

    /// Items `offset .. offset + limit` of the owner's list (at most [`MAX_PAGE_LIMIT`]), and
    /// the owner's total.
    pub fn page(&self, owner: AccountId, offset: u32, limit: u32) -> Result<(Vec<V>, u32)> {
        check_limit(limit)?;
        Ok(self.range(owner, offset, limit))
    }

    fn range(&self, owner: AccountId, offset: u32, limit: u32) -> (Vec<V>, u32) {
        let total = self.len(owner);
        let mut items = Vec::new();
        for i in offset..offset.saturating_add(limit).min(total) {
            items.extend(self.items.get((owner, i)));
        }
        (items, total)
    }
}

/// An [`Index`]'s maps with items kept encoded.
struct RawIndex {
    len: Map<AccountId, u32>,
    items: Map<(AccountId, u32), RawValue>,
    pos: Map<RawValue, u32>,
}

impl RawIndex {
    #[inline(never)]
    fn remove(&mut self, owner: AccountId, item: RawValue) {
        let Some(pos) = self.pos.take(item) else {
            return;
        };
        let last = self.len.get(owner).unwrap_or(0).saturating_sub(1);
        if pos != last {
            if let Some(moved) = self.items.get((owner, last)) {
                self.items.insert((owner, pos), &moved);
                self.pos.insert(moved, &pos);
            }
        }
        self.items.remove((owner, last));
        if last == 0 {
            self.len.remove(owner);
        } else {
            self.len.insert(owner, &last);
        }
    }
}

/// Refuse pages larger than [`MAX_PAGE_LIMIT`] (a page must fit the 16 KiB output buffer).
pub fn check_limit(limit: u32) -> Result<()> {
    if limit > MAX_PAGE_LIMIT {
        return Err(Error::PageLimitTooLarge);
    }
    Ok(())
}

#[cfg(feature = "std")]
impl<V> crate::store::layout::Roots for Index<V>
where
    V: Packed
        + Encode
        + Copy
        + scale_info::TypeInfo
        + ink::storage::traits::StorageLayout
        + 'static,
{
    /// Three roots: the lengths, the items and the positions.
    fn roots(names: [&'static str; 4], prefix: u32) -> Vec<ink::metadata::layout::FieldLayout> {
        use crate::store::layout::root;
        use ink::metadata::layout::FieldLayout;
        let [len, items, pos] = Self::new(prefix).prefixes();
        vec![
            FieldLayout::new(names[1], root::<AccountId, u32>(len)),
            FieldLayout::new(names[2], root::<(AccountId, u32), V>(items)),
            FieldLayout::new(names[3], root::<V, u32>(pos)),
        ]
    }
}
