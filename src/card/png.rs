//! PNG output: indexed when the card has at most 256 colours (flat designs),
//! RGB otherwise (photos, colour emoji), with a hard size limit.

use super::draw::Canvas;
use super::CardError;
use std::collections::HashMap;

/// Social sites reject or recompress larger images.
pub const MAX_PNG_BYTES: usize = 1024 * 1024;

/// The colours of the canvas in order of first use and each pixel's index,
/// or `None` past 256 colours.
fn palette(pixels: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut index: HashMap<[u8; 3], u8> = HashMap::new();
    let mut colours = Vec::new();
    let mut out = Vec::with_capacity(pixels.len() / 3);
    let mut last: Option<([u8; 3], u8)> = None;
    for px in pixels.chunks_exact(3) {
        let rgb = [px[0], px[1], px[2]];
        // Flat cards are mostly long runs of one colour: skip the map lookup.
        let i = match last {
            Some((seen, i)) if seen == rgb => i,
            _ => {
                let i = match index.get(&rgb) {
                    Some(&i) => i,
                    None => {
                        let i = u8::try_from(index.len()).ok()?;
                        index.insert(rgb, i);
                        colours.extend_from_slice(&rgb);
                        i
                    }
                };
                last = Some((rgb, i));
                i
            }
        };
        out.push(i);
    }
    Some((colours, out))
}

pub(crate) fn encode(canvas: &Canvas) -> Result<Vec<u8>, CardError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, canvas.width, canvas.height);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let data = match palette(&canvas.pixels) {
        Some((colours, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(colours);
            // Filters predict smooth gradients; indices are not smooth.
            encoder.set_filter(png::Filter::NoFilter);
            indices
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_filter(png::Filter::Adaptive);
            canvas.pixels.clone()
        }
    };
    let mut writer = encoder.write_header().map_err(|e| CardError::Encode(e.to_string()))?;
    writer.write_image_data(&data).map_err(|e| CardError::Encode(e.to_string()))?;
    writer.finish().map_err(|e| CardError::Encode(e.to_string()))?;
    check_size(bytes.len())?;
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
