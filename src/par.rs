//! Parallel loops on rayon's thread pool when the `cli` feature builds it
//! in, and the same loops on the calling thread without it. Call sites write
//! `use crate::par::prelude::*;` and rayon's method names; every loop here
//! collects in input order, so the results do not depend on which one runs.

#[cfg(feature = "cli")]
pub(crate) mod prelude {
    pub(crate) use rayon::prelude::*;
}

#[cfg(not(feature = "cli"))]
pub(crate) mod prelude {
    /// `par_iter`/`par_iter_mut` as the slice's own iterators.
    pub(crate) trait SliceParIter<T> {
        fn par_iter(&self) -> std::slice::Iter<'_, T>;
        fn par_iter_mut(&mut self) -> std::slice::IterMut<'_, T>;
    }

    impl<T> SliceParIter<T> for [T] {
        fn par_iter(&self) -> std::slice::Iter<'_, T> {
            self.iter()
        }

        fn par_iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
            self.iter_mut()
        }
    }

    /// `into_par_iter` as the collection's own `into_iter`.
    pub(crate) trait IntoParIter: IntoIterator + Sized {
        fn into_par_iter(self) -> Self::IntoIter {
            self.into_iter()
        }
    }

    impl<T> IntoParIter for Vec<T> {}
}

/// Runs `a` and `b`, on two threads when rayon is in.
#[cfg(feature = "cli")]
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    rayon::join(a, b)
}

/// Runs `a`, then `b`.
#[cfg(not(feature = "cli"))]
pub(crate) fn join<RA, RB>(a: impl FnOnce() -> RA, b: impl FnOnce() -> RB) -> (RA, RB) {
    (a(), b())
}

#[cfg(test)]
mod tests {
    use super::prelude::*;

    #[test]
    fn results_come_back_in_input_order() {
        let numbers: Vec<u32> = (0..1000).collect();
        let squares: Vec<u32> = numbers.par_iter().map(|n| n * n).collect();
        assert_eq!(squares, numbers.iter().map(|n| n * n).collect::<Vec<_>>());
        let mut owned = numbers.clone();
        owned.par_iter_mut().for_each(|n| *n += 1);
        let zipped: Vec<u32> = owned.into_par_iter().zip(numbers.par_iter()).map(|(a, b)| a - b).collect();
        assert!(zipped.iter().all(|&d| d == 1));
    }
}
