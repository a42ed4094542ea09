//! The colours of an indexed image: at most 256, each given an index on
//! first use.

use super::colour::Rgb;

/// Open addressing over at most 256 colours; faster than a `HashMap` with
/// SipHash for the one lookup per colour change.
pub(crate) struct ColourTable {
    /// `colour + 1` (0 marks a free slot) and its palette index.
    slots: [(u32, u8); 1024],
    /// RGB, three bytes per index: a PNG `PLTE` chunk.
    pub colours: Vec<u8>,
}

impl Default for ColourTable {
    fn default() -> Self {
        ColourTable { slots: [(0, 0); 1024], colours: Vec::with_capacity(768) }
    }
}

impl ColourTable {
    /// The index of `rgb` (`0x00bbggrr`), added if new; `None` once 256
    /// colours are taken.
    pub fn index_of(&mut self, rgb: u32) -> Option<u8> {
        let mut slot = (rgb.wrapping_mul(0x9E37_79B1) >> 22) as usize;
        loop {
            match self.slots[slot] {
                (0, _) => break,
                (key, index) if key == rgb + 1 => return Some(index),
                _ => slot = (slot + 1) % self.slots.len(),
            }
        }
        let index = u8::try_from(self.colours.len() / 3).ok()?;
        self.slots[slot] = (rgb + 1, index);
        self.colours.extend_from_slice(&rgb.to_le_bytes()[..3]);
        Some(index)
    }

    pub fn index_of_rgb(&mut self, colour: Rgb) -> Option<u8> {
        self.index_of(u32::from_le_bytes([colour.0, colour.1, colour.2, 0]))
    }

    /// The colour at `index`; black for an index not given out (never asked).
    pub fn colour(&self, index: u8) -> Rgb {
        let i = usize::from(index) * 3;
        match self.colours.get(i..i + 3) {
            Some(c) => Rgb(c[0], c[1], c[2]),
            None => Rgb(0, 0, 0),
        }
    }
}
