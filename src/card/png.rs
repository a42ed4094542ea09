//! PNG output: indexed when the card has at most 256 colours (flat designs),
//! RGB otherwise (photos, colour emoji), with a hard size limit.

use super::draw::Canvas;
use super::CardError;

/// Social sites reject or recompress larger images.
pub const MAX_PNG_BYTES: usize = 1024 * 1024;

/// The colours of the canvas in order of first use and each pixel's index,
/// or `None` past 256 colours.
fn palette(pixels: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut table = ColourTable::default();
    let mut out = Vec::with_capacity(pixels.len() / 3);
    let mut last = (u32::MAX, 0u8);
    for px in pixels.chunks_exact(3) {
        let rgb = u32::from_le_bytes([px[0], px[1], px[2], 0]);
        // Flat cards are mostly long runs of one colour: skip the lookup.
        if rgb != last.0 {
            last = (rgb, table.index_of(rgb)?);
        }
        out.push(last.1);
    }
    Some((table.colours, out))
}

/// Open addressing over at most 256 colours; faster than a `HashMap` with
/// SipHash for the one lookup per colour change.
struct ColourTable {
    /// `colour + 1` (0 marks a free slot) and its palette index.
    slots: [(u32, u8); 1024],
    colours: Vec<u8>,
}

impl Default for ColourTable {
    fn default() -> Self {
        ColourTable { slots: [(0, 0); 1024], colours: Vec::with_capacity(768) }
    }
}

impl ColourTable {
    fn index_of(&mut self, rgb: u32) -> Option<u8> {
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
}

pub(crate) fn encode(canvas: &Canvas) -> Result<Vec<u8>, CardError> {
    let bytes = encode_pixels(canvas.width, canvas.height, &canvas.pixels)?;
    if bytes.len() <= MAX_PNG_BYTES || palette(&canvas.pixels).is_some() {
        check_size(bytes.len())?;
        return Ok(bytes);
    }
    // A detailed photo: dropping the two lowest bits of each channel costs
    // nothing the eye sees under a scrim and compresses far better.
    let coarse: Vec<u8> = canvas.pixels.iter().map(|&v| (v & 0xfc) | (v >> 6)).collect();
    let bytes = encode_pixels(canvas.width, canvas.height, &coarse)?;
    check_size(bytes.len())?;
    Ok(bytes)
}

fn encode_pixels(width: u32, height: u32, pixels: &[u8]) -> Result<Vec<u8>, CardError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    let data = match palette(pixels) {
        Some((colours, indices)) => {
            encoder.set_deflate_compression(png::DeflateCompression::Level(1));
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(colours);
            // Filters predict smooth gradients; indices are not smooth.
            encoder.set_filter(png::Filter::NoFilter);
            indices
        }
        None => {
            // Photos and avatars: worth a stronger compression than flat cards.
            encoder.set_deflate_compression(png::DeflateCompression::Level(6));
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_filter(png::Filter::Adaptive);
            pixels.to_vec()
        }
    };
    let mut writer = encoder.write_header().map_err(|e| CardError::Encode(e.to_string()))?;
    writer.write_image_data(&data).map_err(|e| CardError::Encode(e.to_string()))?;
    writer.finish().map_err(|e| CardError::Encode(e.to_string()))?;
    Ok(bytes)
}

pub(crate) fn check_size(size: usize) -> Result<(), CardError> {
    if size > MAX_PNG_BYTES {
        Err(CardError::TooLarge { size })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::colour::Rgb;

    #[test]
    fn size_guard_allows_one_megabyte_and_no_more() {
        assert!(check_size(MAX_PNG_BYTES).is_ok());
        let err = check_size(MAX_PNG_BYTES + 1).unwrap_err();
        assert!(err.to_string().contains("1 MB"), "{err}");
    }

    #[test]
    fn flat_canvas_is_indexed_and_busy_canvas_is_rgb() {
        let flat = Canvas::filled(300, 200, Rgb(1, 2, 3));
        let png = encode(&flat).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        assert_eq!(decoder.read_info().unwrap().info().color_type, png::ColorType::Indexed);

        let mut busy = Canvas::filled(300, 200, Rgb(0, 0, 0));
        for (i, px) in busy.pixels.chunks_exact_mut(3).enumerate() {
            px.copy_from_slice(&[(i % 256) as u8, (i / 256 % 256) as u8, 7]);
        }
        let png = encode(&busy).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        assert_eq!(decoder.read_info().unwrap().info().color_type, png::ColorType::Rgb);
        let decoded = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(decoded.as_raw(), &busy.pixels);
    }
}
