//! Storage maps and cells whose key prefix is a value, not a type.
//!
//! ink!'s `Mapping<K, V, KeyType>` carries its storage key in its type, so every field is a type
//! of its own and each field's `get`/`insert`/`remove` is compiled separately (22 maps here).
//! [`Map`] holds its prefix as a plain `u32`: its code is shared by every map with the same key
//! and value types, and the host calls behind it are shared by all maps (keys and values reach
//! them as bytes). The bytes in storage are exactly those of `Mapping<K, V, ManualKey<prefix>>`:
//! key = SCALE of `(prefix, key)`, value = SCALE of the value; a [`Cell`] is a `Lazy` at
//! `ManualKey<prefix>`.
//!
//! The prefixes are fixed numbers (see `Core::default`), so the layout does not depend on field
//! names and survives `set_code_hash` as long as they are kept.
//!
//! Like `Mapping`, a stored value that fails to decode traps (it can only come from a code
//! upgrade that changed a type; nothing a caller does can cause it).

use ink::prelude::vec::Vec;
use ink::storage::traits::Packed;
use scale::{Decode, DecodeAll, Encode};

/// A map from `K` to `V` under storage prefix `prefix`.
pub struct Map<K, V> {
    prefix: u32,
    types: core::marker::PhantomData<fn() -> (K, V)>,
}

impl<K: Encode, V: Packed> Map<K, V> {
    /// The map stored under `prefix` (unique among the contract's maps and cells).
    pub const fn new(prefix: u32) -> Self {
        Self {
            prefix,
            types: core::marker::PhantomData,
        }
    }

    /// The value at `key`, if any.
    pub fn get(&self, key: K) -> Option<V> {
        read(get_raw(&self.key(&key)))
    }

    /// Store `value` at `key`.
    pub fn insert(&mut self, key: K, value: &V) {
        set_raw(&self.key(&key), Encode::encode(value));
    }

    /// Remove the value at `key`.
    pub fn remove(&mut self, key: K) {
        clear_raw(&self.key(&key));
    }

    /// Remove and return the value at `key`.
    pub fn take(&mut self, key: K) -> Option<V> {
        read(take_raw(&self.key(&key)))
    }

    /// Whether a value is stored at `key`.
    pub fn contains(&self, key: K) -> bool {
        contains_raw(&self.key(&key))
    }

    fn key(&self, key: &K) -> Vec<u8> {
        let mut bytes = key_buffer(self.prefix);
        key.encode_to(&mut bytes);
        bytes
    }

    /// The storage prefix (for the metadata's layout).
    pub const fn prefix(&self) -> u32 {
        self.prefix
    }
}

/// One value under storage key `prefix` (a `Lazy`).
pub struct Cell<V>(Map<(), V>);

impl<V: Packed> Cell<V> {
    /// The cell stored under `prefix` (unique among the contract's maps and cells).
    pub const fn new(prefix: u32) -> Self {
        Self(Map::new(prefix))
    }

    /// The stored value, if it was ever set.
    pub fn get(&self) -> Option<V> {
        self.0.get(())
    }

    /// Store `value`.
    pub fn set(&mut self, value: &V) {
        self.0.insert((), value);
    }

    /// The storage prefix (for the metadata's layout).
    pub const fn prefix(&self) -> u32 {
        self.0.prefix
    }
}

/// A key under construction: the prefix, with room for the largest key that follows it.
#[inline(never)]
fn key_buffer(prefix: u32) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(72);
    bytes.extend_from_slice(&prefix.to_le_bytes());
    bytes
}

/// Decode a stored value; trap if it does not decode (see the module docs).
fn read<V: Decode>(raw: Option<RawValue>) -> Option<V> {
    raw.map(|raw| V::decode_all(&mut &raw.0[..]).expect("stored value decodes"))
}

#[inline(never)]
fn get_raw(key: &[u8]) -> Option<RawValue> {
    ink::env::get_contract_storage(&RawKey(key)).expect("stored value decodes")
}

#[inline(never)]
fn take_raw(key: &[u8]) -> Option<RawValue> {
    ink::env::take_contract_storage(&RawKey(key)).expect("stored value decodes")
}

#[inline(never)]
fn clear_raw(key: &[u8]) {
    ink::env::clear_contract_storage(&RawKey(key));
}

#[inline(never)]
fn contains_raw(key: &[u8]) -> bool {
    ink::env::contains_contract_storage(&RawKey(key)).is_some()
}

#[inline(never)]
fn set_raw(key: &[u8], value: Vec<u8>) {
    ink::env::set_contract_storage(&RawKey(key), &RawValue(value));
}

/// An encoded storage key, written as is.
struct RawKey<'a>(&'a [u8]);

impl Encode for RawKey<'_> {
    fn size_hint(&self) -> usize {
        self.0.len()
    }

    fn encode_to<T: scale::Output + ?Sized>(&self, dest: &mut T) {
        dest.write(self.0);
    }
}

/// An encoded value: written as is, and read as all the bytes stored.
pub struct RawValue(pub Vec<u8>);

impl Encode for RawValue {
    fn size_hint(&self) -> usize {
        self.0.len()
    }

    fn encode_to<T: scale::Output + ?Sized>(&self, dest: &mut T) {
        dest.write(&self.0);
    }
}

impl Decode for RawValue {
    fn decode<I: scale::Input>(input: &mut I) -> Result<Self, scale::Error> {
        let len = input
            .remaining_len()?
            .ok_or("a stored value's length is known")?;
        let mut bytes = ink::prelude::vec![0; len];
        input.read(&mut bytes)?;
        Ok(Self(bytes))
    }
}

/// The metadata's view of a map or cell: a root at its prefix, as ink! describes a `Mapping`.
#[cfg(feature = "std")]
pub mod layout {
    use super::{Cell, Map};
    use ink::metadata::layout::{FieldLayout, Layout, LayoutKey, RootLayout};
    use ink::storage::traits::StorageLayout;

    /// How a storage map, cell or index shows in the metadata's layout: its roots at `prefix`,
    /// named after the field (`names[0]`; an index's three maps take `names[1..]`:
    /// `<field>.len`, `<field>.items`, `<field>.pos`).
    pub trait Roots {
        fn roots(names: [&'static str; 4], prefix: u32) -> Vec<FieldLayout>;
    }

    impl<K: scale_info::TypeInfo + 'static, V: StorageLayout> Roots for Map<K, V> {
        fn roots(names: [&'static str; 4], prefix: u32) -> Vec<FieldLayout> {
            vec![FieldLayout::new(names[0], root::<K, V>(prefix))]
        }
    }

    impl<V: StorageLayout> Roots for Cell<V> {
        fn roots(names: [&'static str; 4], prefix: u32) -> Vec<FieldLayout> {
            vec![FieldLayout::new(names[0], root::<(), V>(prefix))]
        }
    }

    /// The layout of values of type `V` stored under `prefix`, keyed by `K`.
    pub fn root<K: scale_info::TypeInfo + 'static, V: StorageLayout>(prefix: u32) -> Layout {
        Layout::Root(RootLayout::new(
            LayoutKey::from(&prefix),
            V::layout(&prefix),
            scale_info::meta_type::<K>(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddc_types::AccountId;
    use ink::storage::traits::ManualKey;
    use ink::storage::{Lazy, Mapping};

    /// A `Map` at prefix P stores exactly what `Mapping<K, V, ManualKey<P>>` stores: each reads
    /// what the other wrote, and removals are seen both ways.
    #[ink::test]
    fn a_map_is_a_mapping_at_a_manual_key() {
        let mut map: Map<(AccountId, u32), u128> = Map::new(7);
        let mut mapping: Mapping<(AccountId, u32), u128, ManualKey<7>> = Mapping::new();
        let key = (AccountId::from([5; 32]), 3);
        map.insert(key, &11);
        assert_eq!(mapping.get(key), Some(11));
        mapping.insert(key, &12);
        assert_eq!(map.get(key), Some(12));
        assert!(map.contains(key));
        assert_eq!(map.take(key), Some(12));
        assert_eq!(mapping.get(key), None);
        mapping.insert(key, &13);
        map.remove(key);
        assert!(!mapping.contains(key));
        // Another prefix is another map.
        let other: Map<(AccountId, u32), u128> = Map::new(8);
        map.insert(key, &14);
        assert_eq!(other.get(key), None);
    }

    /// A `Cell` at prefix P is a `Lazy<V, ManualKey<P>>`.
    #[ink::test]
    fn a_cell_is_a_lazy_at_a_manual_key() {
        let mut cell: Cell<u64> = Cell::new(9);
        let mut lazy: Lazy<u64, ManualKey<9>> = Lazy::new();
        assert_eq!(cell.get(), None);
        cell.set(&4);
        assert_eq!(lazy.get(), Some(4));
        lazy.set(&5);
        assert_eq!(cell.get(), Some(5));
    }
}
