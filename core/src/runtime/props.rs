//! Reading objects without running code: own descriptors from the property map, the prototype chain walked
//! by descriptors, and data properties only — no getter, no Proxy trap, no module namespace's exports. What
//! the inspector, the session's introspection, error messages and the serializers read objects with.

use boa_engine::builtins::function::OrdinaryFunction;
use boa_engine::builtins::proxy::Proxy;
use boa_engine::module::ModuleNamespace;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::{Context, JsObject, JsValue, js_string};

/// Whether `obj` is a class constructor (a function whose `prototype` cannot be written: only classes').
pub(crate) fn is_class(obj: &JsObject) -> bool {
    obj.is::<OrdinaryFunction>()
        && own_desc(obj, &js_string!("prototype").into())
            .is_some_and(|d| d.is_data_descriptor() && d.writable() == Some(false))
}

/// The own property descriptor, read from the property map (never runs a getter or trap).
pub(crate) fn own_desc(obj: &JsObject, key: &PropertyKey) -> Option<PropertyDescriptor> {
    if obj.is::<Proxy>() {
        return None;
    }
    obj.try_borrow().ok()?.properties().get(key)
}

/// Own property keys in spec order; empty for Proxies (whose `ownKeys` trap we must not run).
pub(crate) fn own_keys(obj: &JsObject, ctx: &mut Context) -> Vec<PropertyKey> {
    if obj.is::<Proxy>() {
        return Vec::new();
    }
    obj.own_property_keys(ctx).unwrap_or_default()
}

/// Where a property was found on an object's prototype chain, without running user code.
pub(crate) enum OnChain {
    /// An own property of the object the walk started at.
    Own(PropertyDescriptor),
    /// A property of one of its prototypes.
    Inherited(PropertyDescriptor),
    /// Nowhere on the chain.
    Absent,
    /// Behind a Proxy (asking could run user code), a module namespace (whose exports are not in its
    /// property map), or a chain too long to walk.
    Opaque,
}

impl OnChain {
    /// The descriptor found, own or inherited.
    pub(crate) fn descriptor(&self) -> Option<&PropertyDescriptor> {
        match self {
            Self::Own(descriptor) | Self::Inherited(descriptor) => Some(descriptor),
            Self::Absent | Self::Opaque => None,
        }
    }
}

/// How many prototypes a walk follows before it gives up (a chain is finite, but may be long).
const MAX_CHAIN: usize = 10_000;

/// Walks `object`'s prototype chain by own descriptors (no getter, no Proxy trap runs): the one walk every
/// "read without running code" of the inspector, the session's introspection and the settling of error
/// messages goes through.
pub(crate) fn on_chain(object: &JsObject, key: &PropertyKey) -> OnChain {
    let mut current = Some(object.clone());
    for _ in 0..MAX_CHAIN {
        let Some(link) = current else {
            return OnChain::Absent;
        };
        if link.is::<Proxy>() || link.is::<ModuleNamespace>() {
            return OnChain::Opaque;
        }
        if let Some(descriptor) = own_desc(&link, key) {
            return if &link == object {
                OnChain::Own(descriptor)
            } else {
                OnChain::Inherited(descriptor)
            };
        }
        current = link.prototype();
    }
    OnChain::Opaque
}

/// `[[Get]]` restricted to data properties along the prototype chain: `None` for accessors,
/// Proxies or missing properties.
pub(crate) fn safe_get(obj: &JsObject, key: &PropertyKey) -> Option<JsValue> {
    on_chain(obj, key).descriptor()?.value().cloned()
}
