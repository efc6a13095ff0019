//! 字符来源 — where each char of the normalised text came from in the original, kept by runs.
//!
//! Normalising copies most of a report unchanged, so the normalised chars come in long runs
//! from consecutive original chars; only dropped or merged chars (spaces, pinyin, scraped
//! punctuation) start a new run. A run is stored as its first char and that char's origin:
//! a few bytes per run instead of 4 bytes per char (21 MB for a 14 MB report), which the
//! process would otherwise have to fault in as fresh memory.

/// The origin (char offset in the original) of every char of a text, by runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Origins {
    /// Char index in the text where each run starts, and that char's origin; the first run
    /// starts at 0. No run continues the one before it (the form is canonical).
    runs: Vec<(u32, u32)>,
    /// Chars of the text.
    len: u32,
}

impl Origins {
    /// Number of chars mapped.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// Appends `n` chars whose origins are `origin`, `origin + 1`, ….
    pub(crate) fn extend(&mut self, origin: u32, n: u32) {
        if n == 0 {
            return;
        }
        let continues = self.runs.last().is_some_and(|&(start, o)| {
            u64::from(o) + u64::from(self.len - start) == u64::from(origin)
        });
        if !continues {
            self.runs.push((self.len, origin));
        }
        self.len += n;
    }

    /// Appends one char from `origin`.
    pub(crate) fn push(&mut self, origin: u32) {
        self.extend(origin, 1);
    }

    /// Gives the last char the origin `origin`.
    pub(crate) fn set_last(&mut self, origin: u32) {
        if self.len == 0 {
            return;
        }
        self.len -= 1;
        if self
            .runs
            .last()
            .is_some_and(|&(start, _)| start == self.len)
        {
            self.runs.pop();
        }
        self.push(origin);
    }

    /// The origin of char `index`, if the text has such a char.
    pub(crate) fn get(&self, index: usize) -> Option<usize> {
        if index >= self.len() {
            return None;
        }
        // The first run starts at 0, so some run starts at or before `index`.
        let k = self
            .runs
            .partition_point(|&(start, _)| start as usize <= index);
        let (start, origin) = self.runs[k.checked_sub(1)?];
        Some(origin as usize + (index - start as usize))
    }

    /// The origin of every char, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let ends = self.runs.iter().skip(1).map(|r| r.0).chain([self.len]);
        self.runs
            .iter()
            .zip(ends)
            .flat_map(|(&(start, origin), end)| origin..origin + (end - start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(origins: &Origins) -> Vec<u32> {
        (0..origins.len())
            .map(|i| origins.get(i).map_or(u32::MAX, |o| o as u32))
            .collect()
    }

    #[test]
    fn runs_merge_and_split() {
        let mut o = Origins::default();
        o.extend(0, 3);
        o.push(3);
        o.push(5);
        o.extend(6, 2);
        o.extend(9, 0);
        assert_eq!(o.runs, vec![(0, 0), (4, 5)]);
        assert_eq!(of(&o), vec![0, 1, 2, 3, 5, 6, 7]);
        assert_eq!(o.iter().collect::<Vec<_>>(), of(&o));
        assert_eq!(o.get(7), None);
    }

    #[test]
    fn last_origin_replaced_canonically() {
        let mut o = Origins::default();
        o.extend(10, 2);
        o.push(20);
        o.set_last(12);
        let mut direct = Origins::default();
        direct.extend(10, 3);
        assert_eq!(o, direct);
        o.set_last(30);
        assert_eq!(of(&o), vec![10, 11, 30]);
        let mut single = Origins::default();
        single.set_last(4);
        assert_eq!(single.len(), 0);
        single.push(1);
        single.set_last(4);
        assert_eq!(of(&single), vec![4]);
    }
}
