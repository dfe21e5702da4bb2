use crate::{
    JsValue,
    object::shape::slot::{Slot, SlotAttributes},
    property::PropertyKey,
};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::{cell::RefCell, rc::Rc};

/// The internal representation of [`PropertyTable`].
#[derive(Default, Debug, Clone)]
pub(crate) struct PropertyTableInner {
    pub(crate) map: FxHashMap<PropertyKey, (u32, Slot)>,
    pub(crate) keys: Vec<(PropertyKey, Slot)>,
    /// vmjs patch (see `VMJS-PATCH.md`): how many entries of `keys` are properties a unique shape removed
    /// (holes: their slots stay in the object's storage, unused). An entry is live when `map` points at it.
    pub(crate) holes: u32,
}

impl PropertyTableInner {
    /// Returns a new table with a given minimum capacity.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            map: FxHashMap::with_capacity_and_hasher(capacity, FxBuildHasher),
            keys: Vec::with_capacity(capacity),
            holes: 0,
        }
    }

    /// vmjs: whether entry `index` of `keys`, whose key is `key`, is a property (not a hole).
    fn is_live(&self, index: usize, key: &PropertyKey) -> bool {
        self.holes == 0 || self.map.get(key).is_some_and(|(i, _)| *i as usize == index)
    }

    /// vmjs: removes `key`, whose slots are in `storage`: the last entry is dropped with its slots; any other
    /// becomes a hole (its values released), so no later property moves. When holes outnumber the
    /// properties, the table and `storage` are compacted (amortized constant time per removal; boa moved every
    /// later property and slot down at each removal, so deleting keys in insertion order was quadratic).
    /// Returns whether `key` was here.
    pub(crate) fn remove(&mut self, key: &PropertyKey, storage: &mut Vec<JsValue>) -> bool {
        let Some((index, removed)) = self.map.remove(key) else {
            return false;
        };
        let start = removed.index as usize;
        let end = start + removed.width() as usize;
        if index as usize + 1 == self.keys.len() {
            self.keys.pop();
            storage.truncate(start);
            return true;
        }
        self.holes += 1;
        for value in storage.get_mut(start..end).into_iter().flatten() {
            *value = JsValue::undefined();
        }
        let holes = self.holes as usize;
        if holes >= MIN_HOLES_TO_COMPACT && holes * 2 > self.keys.len() {
            self.compact(storage);
        }
        true
    }

    /// vmjs: drops the holes, moving the properties (and their values in `storage`) down.
    fn compact(&mut self, storage: &mut Vec<JsValue>) {
        let entries = std::mem::take(&mut self.keys);
        let mut values = Vec::with_capacity(storage.len());
        let mut previous = None;
        for (index, (key, slot)) in entries.into_iter().enumerate() {
            if !self.is_live(index, &key) {
                continue;
            }
            let moved = Slot::from_previous(previous, slot.attributes);
            let start = slot.index as usize;
            let end = start + slot.width() as usize;
            values.extend(
                storage
                    .get_mut(start..end)
                    .into_iter()
                    .flatten()
                    .map(std::mem::take),
            );
            self.map
                .insert(key.clone(), (self.keys.len() as u32, moved));
            self.keys.push((key, moved));
            previous = Some(moved);
        }
        self.holes = 0;
        *storage = values;
    }

    /// Returns all the keys, in insertion order.
    pub(crate) fn keys(&self) -> Vec<PropertyKey> {
        self.keys_cloned_n(self.keys.len() as u32)
    }

    /// Returns `n` cloned keys, in insertion order.
    pub(crate) fn keys_cloned_n(&self, n: u32) -> Vec<PropertyKey> {
        let n = n as usize;
        let live = || {
            self.keys
                .iter()
                .take(n)
                .enumerate()
                .filter(|(index, (key, _))| self.is_live(*index, key))
                .map(|(_, (key, _))| key)
        };

        live()
            .filter(|key| matches!(key, PropertyKey::String(_)))
            .chain(live().filter(|key| matches!(key, PropertyKey::Symbol(_))))
            .cloned()
            .collect()
    }

    /// Returns a new table with `n` cloned properties.
    pub(crate) fn clone_count(&self, n: u32) -> Self {
        let n = n as usize;

        let mut keys = Vec::with_capacity(n);
        let mut map = FxHashMap::default();

        // Only shared shapes' tables are cloned so, and they have no holes.
        debug_assert_eq!(self.holes, 0);
        for (index, (key, slot)) in self.keys.iter().take(n).enumerate() {
            keys.push((key.clone(), *slot));
            map.insert(key.clone(), (index as u32, *slot));
        }

        Self {
            map,
            keys,
            holes: 0,
        }
    }

    /// Insert a property entry into the table.
    pub(crate) fn insert(&mut self, key: PropertyKey, attributes: SlotAttributes) {
        let slot = Slot::from_previous(self.keys.last().map(|x| x.1), attributes);
        let index = self.keys.len() as u32;
        self.keys.push((key.clone(), slot));
        let value = self.map.insert(key, (index, slot));
        debug_assert!(value.is_none());
    }
}

/// vmjs: a table compacts only past this many holes (a few are cheaper to skip than to move for).
const MIN_HOLES_TO_COMPACT: usize = 16;

/// Represents an ordered property table, that maps [`PropertyTable`] to [`Slot`].
///
/// This is shared between [`crate::object::shape::SharedShape`].
#[derive(Default, Debug, Clone)]
pub(crate) struct PropertyTable {
    pub(super) inner: Rc<RefCell<PropertyTableInner>>,
}

impl PropertyTable {
    /// Creates a new `PropertyTable` with the specified capacity.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            inner: Rc::new(RefCell::new(PropertyTableInner::with_capacity(capacity))),
        }
    }

    /// Returns the inner representation of a [`PropertyTable`].
    pub(super) fn inner(&self) -> &RefCell<PropertyTableInner> {
        &self.inner
    }

    /// Add a property to the [`PropertyTable`] or deep clone it,
    /// if there already is a property or the property has attributes that are not the same.
    pub(crate) fn add_property_deep_clone_if_needed(
        &self,
        key: PropertyKey,
        attributes: SlotAttributes,
        property_count: u32,
    ) -> Self {
        {
            let mut inner = self.inner.borrow_mut();
            if (property_count as usize) == inner.keys.len() && !inner.map.contains_key(&key) {
                inner.insert(key, attributes);
                return self.clone();
            }
        }

        // property is already present need to make deep clone of property table.
        let this = self.deep_clone(property_count);
        {
            let mut inner = this.inner.borrow_mut();
            inner.insert(key, attributes);
        }
        this
    }

    /// Deep clone the [`PropertyTable`] in insertion order with the first n properties.
    pub(crate) fn deep_clone(&self, n: u32) -> Self {
        Self {
            inner: Rc::new(RefCell::new(self.inner.borrow().clone_count(n))),
        }
    }

    /// Deep clone the [`PropertyTable`].
    pub(crate) fn deep_clone_all(&self) -> Self {
        Self {
            inner: Rc::new(RefCell::new((*self.inner.borrow()).clone())),
        }
    }

    /// Change the attributes of a property.
    pub(crate) fn set_attributes_at_index(
        &self,
        key: &PropertyKey,
        property_attributes: SlotAttributes,
    ) {
        let mut inner = self.inner.borrow_mut();
        let Some((index, slot)) = inner.map.get_mut(key) else {
            unreachable!("There should already be a property!")
        };
        slot.attributes = property_attributes;
        let index = *index as usize;

        inner.keys[index].1.attributes = property_attributes;
    }

    /// Get a property from the [`PropertyTable`].
    ///
    /// Panics:
    ///
    /// If it is not in the [`PropertyTable`].
    pub(crate) fn get_expect(&self, key: &PropertyKey) -> Slot {
        let inner = self.inner.borrow();
        let Some((_, slot)) = inner.map.get(key) else {
            unreachable!("There should already be a property!")
        };
        *slot
    }
}
