//! vmjs patch: appending to a long string in a loop is linear, not quadratic.
//!
//! boa 0.22 copies both sides of every concatenation into a new allocation, so a loop that builds
//! a text with `s += part` (or `` s = `${s}…` ``) copies the whole text at every step: 100 000
//! table rows took 33 s where Node takes 60 ms (`bench/string_append.py`). Node's V8 builds ropes;
//! this patch takes the smaller route of a growable buffer shared by the successive strings:
//!
//! - An *appender* is a sequence string of spare capacity whose first `written` characters are
//!   final. Every string the loop made is a slice `[0, n)` of it with `n <= written`; nothing
//!   ever writes below `written`, so those strings never change.
//! - A concatenation whose first part is exactly the written text of an appender (same start
//!   address, same length, same encoding) writes the other parts behind it, when they fit and
//!   its encoding can hold them, and returns the slice of the longer text. An older, shorter
//!   string of the same appender (`t = s; s += x; t += y`) is not its written text: it is
//!   copied into an appender of its own.
//! - An appender is made for a concatenation whose first part is the result of one of the last
//!   long copies (a loop appends to what it made the step before), or an appender that is full, with
//!   capacity for 1.5 times the result. A one-off concatenation is copied at its exact length, as
//!   boa does.
//! - The registry holds no reference: the appender's buffer lives as long as a string using it
//!   and, when the last one goes, its `drop` removes it from the registry before freeing it, so
//!   an address in the registry is always a live buffer. All the state is `Cell`s of plain
//!   values, so no borrow can fail, and no destructor runs during an append.
//!
//! Drop this module when boa builds ropes itself (boa-dev/boa#5005).

use crate::r#type::{InternalStringType, Latin1, Utf16};
use crate::vtable::{JsStringVTable, SequenceString, seq_drop};
use crate::{JsStr, JsStrVariant, JsString, write_concatenation};
use std::cell::Cell;
use std::ptr::NonNull;

/// Shorter results are copied as before: appending to them costs little.
const MIN_LENGTH: usize = 512;

/// How many strings can grow at once (two interleaved builders, a nested loop's, …).
const SLOTS: usize = 4;

/// A buffer with spare capacity and how much of it is written.
#[derive(Clone, Copy)]
struct Appender {
    /// The sequence string that owns the buffer (its length is the capacity).
    buffer: NonNull<JsStringVTable>,
    /// The first character.
    data: NonNull<u8>,
    latin1: bool,
    written: usize,
    capacity: usize,
    last_used: u64,
}

impl Appender {
    /// Whether `first` is this appender's written text.
    fn has_written(&self, first: JsStr<'_>) -> bool {
        self.data.as_ptr() as usize == start_address(first)
            && self.written == first.len()
            && self.latin1 == first.is_latin1()
    }

    /// The slice `[0, len)` of the buffer as a string.
    fn slice(&self, len: usize) -> JsString {
        // SAFETY: `buffer` is a live sequence string (the registry only names live buffers).
        // This handle borrows the registry's view of it without owning a reference.
        let owner = std::mem::ManuallyDrop::new(unsafe { JsString::from_ptr(self.buffer) });
        // SAFETY: `len <= written <= capacity`, the buffer's length.
        unsafe { JsString::slice_unchecked(&owner, 0, len) }
    }
}

thread_local! {
    static APPENDERS: [Cell<Option<Appender>>; SLOTS] = const { [const { Cell::new(None) }; SLOTS] };
    /// Start address and length of the last long strings copied (a ring) — only compared, never
    /// read.
    static COPIED: [Cell<(usize, usize)>; SLOTS] = const { [const { Cell::new((0, 0)) }; SLOTS] };
    static NEXT_COPIED: Cell<usize> = const { Cell::new(0) };
    static CLOCK: Cell<u64> = const { Cell::new(0) };
}

/// The concatenation of `strings` made by appending to an appender, or `None` when it is to be
/// copied.
pub(crate) fn append(strings: &[JsStr<'_>]) -> Option<JsString> {
    // A template that starts with its substitution (`${s}…`) starts with an empty part.
    let strings = &strings[strings.iter().position(|string| !string.is_empty())?..];
    let (&first, rest) = strings.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let total = strings
        .iter()
        .try_fold(0usize, |sum, string| sum.checked_add(string.len()))?;
    if total < MIN_LENGTH {
        return None;
    }
    let latin1 = strings.iter().all(JsStr::is_latin1);
    let clock = CLOCK.get().wrapping_add(1);
    CLOCK.set(clock);
    APPENDERS.with(|slots| {
        let held = slots.iter().find(|slot| {
            slot.get()
                .is_some_and(|appender| appender.has_written(first))
        });
        if let Some(slot) = held {
            let mut appender = slot.get()?;
            let fits = appender.capacity - appender.written >= total - first.len();
            if fits && (latin1 || !appender.latin1) {
                let unit = if appender.latin1 { 1 } else { 2 };
                // SAFETY: the buffer is live and has room for the rest from `written` on, in its
                // encoding (which holds the parts: checked above); no string covers characters at
                // or beyond `written`, so the parts (strings) do not overlap the written range.
                unsafe {
                    let data = appender.data.as_ptr().add(appender.written * unit);
                    write_concatenation(data, appender.latin1, rest);
                }
                appender.written = total;
                appender.last_used = clock;
                slot.set(Some(appender));
                return Some(appender.slice(total));
            }
        } else if !was_copied(first) {
            return None;
        }
        let appender = if latin1 {
            start::<Latin1>(strings, total, clock)
        } else {
            start::<Utf16>(strings, total, clock)
        }?;
        // A full appender's slot goes to its successor; otherwise a free or the least recent one.
        let slot = held.or_else(|| {
            slots
                .iter()
                .min_by_key(|slot| slot.get().map_or(0, |appender| appender.last_used))
        })?;
        slot.set(Some(appender));
        let result = appender.slice(total);
        // SAFETY: this is the allocation's own reference, released now that `result` holds one
        // (so the buffer does not die here).
        drop(unsafe { JsString::from_ptr(appender.buffer) });
        Some(result)
    })
}

/// Notes `string`, just copied, among the last long copies.
pub(crate) fn remember_copied(string: &JsString) {
    if string.len() >= MIN_LENGTH {
        let next = NEXT_COPIED.get();
        COPIED.with(|copied| copied[next].set((start_address(string.as_str()), string.len())));
        NEXT_COPIED.set((next + 1) % SLOTS);
    }
}

/// Whether `first` is one of the last long copies.
fn was_copied(first: JsStr<'_>) -> bool {
    let key = (start_address(first), first.len());
    COPIED.with(|copied| copied.iter().any(|copy| copy.get() == key))
}

/// A new appender holding `strings` (of `total` characters in `T`'s encoding), or `None` when the
/// memory for it is not there (the caller then copies at the exact length).
fn start<T: InternalStringType>(
    strings: &[JsStr<'_>],
    total: usize,
    clock: u64,
) -> Option<Appender> {
    let capacity = total.checked_add(total / 2)?;
    let buffer = SequenceString::<T>::try_allocate_zeroed(capacity).ok()?;
    let buffer: NonNull<JsStringVTable> = buffer.cast();
    // SAFETY: the allocation is a sequence string of `capacity` characters of `T`, its characters
    // `T::DATA_OFFSET` bytes from its start, and is owned here alone.
    let data = unsafe {
        (*buffer.as_ptr()).drop = drop_buffer::<T>;
        buffer.cast::<u8>().add(T::DATA_OFFSET)
    };
    // SAFETY: `data` has room for `total <= capacity` characters of `T` and is a new allocation.
    unsafe { write_concatenation(data.as_ptr(), T::KIND == Latin1::KIND, strings) };
    Some(Appender {
        buffer,
        data,
        latin1: T::KIND == Latin1::KIND,
        written: total,
        capacity,
        last_used: clock,
    })
}

/// The buffer's `drop`: the last reference forgets the appender first, then frees it as any
/// sequence string.
fn drop_buffer<T: InternalStringType>(buffer: NonNull<JsStringVTable>) {
    // SAFETY: `buffer` is a live sequence string (this is its vtable's `drop`).
    let refcount = unsafe { (buffer.as_ref().refcount)(buffer) };
    if refcount == Some(1) {
        // `try_with`: nothing to forget once the thread's registry is gone.
        let _ = APPENDERS.try_with(|slots| {
            for slot in slots {
                if slot.get().is_some_and(|appender| appender.buffer == buffer) {
                    slot.set(None);
                }
            }
        });
    }
    seq_drop::<T>(buffer);
}

/// The address of a string's first character.
fn start_address(string: JsStr<'_>) -> usize {
    match string.variant() {
        JsStrVariant::Latin1(chars) => chars.as_ptr() as usize,
        JsStrVariant::Utf16(units) => units.as_ptr() as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::{APPENDERS, MIN_LENGTH};
    use crate::{JsStr, JsString, JsStringKind};
    use std::fmt::Write;

    fn concat(x: &JsString, y: &str) -> JsString {
        let y = JsString::from(y);
        JsString::concat(x.as_str(), y.as_str())
    }

    fn live_appenders() -> usize {
        APPENDERS.with(|slots| slots.iter().filter(|slot| slot.get().is_some()).count())
    }

    fn start_of(string: &JsString) -> usize {
        super::start_address(string.as_str())
    }

    #[test]
    fn a_loop_appends_in_place_and_keeps_every_earlier_string() {
        let mut s = JsString::from("a".repeat(MIN_LENGTH).as_str());
        let mut versions = Vec::new();
        for i in 0..200 {
            s = concat(&s, &format!("<{i}>"));
            versions.push(s.clone());
        }
        // The first long result is copied, the next starts an appender, the rest reuse it until full.
        assert_eq!(versions[1].kind(), JsStringKind::Slice);
        assert_eq!(start_of(&versions[1]), start_of(&versions[2]));
        let mut expected = "a".repeat(MIN_LENGTH);
        for (i, version) in versions.iter().enumerate() {
            write!(expected, "<{i}>").expect("a String takes any text");
            assert_eq!(version.to_std_string_escaped(), expected, "step {i}");
        }
        drop(versions);
        drop(s);
        assert_eq!(
            live_appenders(),
            0,
            "the last string's drop forgets its appender"
        );
    }

    #[test]
    fn an_older_string_appended_to_is_copied_not_written_over() {
        let base = JsString::from("b".repeat(MIN_LENGTH).as_str());
        let s1 = concat(&base, "1");
        let s2 = concat(&s1, "2"); // appender: "…12"
        let older = concat(&s1, "X"); // s1 is not the written text: copied
        let newer = concat(&s2, "3");
        let tail = |s: &JsString| s.to_std_string_escaped()[MIN_LENGTH..].to_owned();
        assert_eq!(tail(&s2), "12");
        assert_eq!(tail(&older), "1X");
        assert_eq!(tail(&newer), "123");
        assert_eq!(start_of(&s2), start_of(&newer));
        assert_ne!(start_of(&s2), start_of(&older));
    }

    #[test]
    fn utf16_parts_move_a_latin1_text_to_a_utf16_appender() {
        let mut s = JsString::from("c".repeat(MIN_LENGTH).as_str());
        let mut expected = "c".repeat(MIN_LENGTH);
        for part in ["é", "x", "😀", "y", "z", "€"] {
            s = concat(&s, part);
            expected.push_str(part);
            assert_eq!(s.to_std_string_escaped(), expected);
        }
        assert!(!s.as_str().is_latin1());
    }

    #[test]
    fn a_string_appended_to_itself_and_interleaved_builders() {
        let mut s = JsString::from("d".repeat(MIN_LENGTH).as_str());
        for _ in 0..4 {
            s = JsString::concat(s.as_str(), s.as_str());
        }
        assert_eq!(s.to_std_string_escaped(), "d".repeat(MIN_LENGTH * 16));

        let (mut x, mut y) = (
            JsString::from("x".repeat(MIN_LENGTH).as_str()),
            JsString::from("y".repeat(MIN_LENGTH).as_str()),
        );
        for _ in 0..100 {
            x = concat(&x, "x");
            y = concat(&y, "y");
        }
        assert_eq!(x.to_std_string_escaped(), "x".repeat(MIN_LENGTH + 100));
        assert_eq!(y.to_std_string_escaped(), "y".repeat(MIN_LENGTH + 100));
        let (x1, y1) = (concat(&x, "x"), concat(&y, "y"));
        assert_eq!(
            start_of(&x),
            start_of(&x1),
            "both builders keep their appenders"
        );
        assert_eq!(start_of(&y), start_of(&y1));
    }

    #[test]
    fn a_template_starting_with_the_text_appends_to_it() {
        let mut s = JsString::from("f".repeat(MIN_LENGTH).as_str());
        let mut starts = Vec::new();
        for i in 0..20 {
            let n = JsString::from(i.to_string().as_str());
            // `${s}<${i}>` as boa compiles it: an empty first part.
            s = JsString::concat_array(&[
                JsStr::latin1(b""),
                s.as_str(),
                JsStr::latin1(b"<"),
                n.as_str(),
                JsStr::latin1(b">"),
            ]);
            starts.push(start_of(&s));
        }
        assert!(s.to_std_string_escaped().ends_with("<17><18><19>"));
        assert_eq!(
            starts[1], starts[19],
            "one appender from the second step on"
        );
    }

    #[test]
    fn three_parts_and_slices_of_an_appended_string() {
        let mut s = JsString::from("e".repeat(MIN_LENGTH).as_str());
        for i in 0..10 {
            let n = JsString::from(i.to_string().as_str());
            s = JsString::concat_array(&[s.as_str(), JsStr::latin1(b"["), n.as_str()]);
        }
        let text = s.to_std_string_escaped();
        assert!(text.ends_with("[0[1[2[3[4[5[6[7[8[9"));
        let sliced = s.slice(MIN_LENGTH, MIN_LENGTH + 4);
        assert_eq!(sliced.to_std_string_escaped(), "[0[1");
        drop(s);
        assert_eq!(
            sliced.to_std_string_escaped(),
            "[0[1",
            "a slice keeps the buffer alive"
        );
    }
}
