//! PNG output: indexed when the card has at most 256 colours (flat designs),
//! RGB otherwise (photos, colour emoji), with a hard size limit.
//!
//! A canvas drawn as palette indices is written as it is; an RGB canvas is
//! first searched for a palette (a logo or background that still has few
//! colours).

use super::canvas::{Canvas, Pixels};
use super::palette::ColourTable;
use super::CardError;

/// Social sites reject or recompress larger images.
pub const MAX_PNG_BYTES: usize = 1024 * 1024;

/// The colours of the canvas in order of first use, and each row of pixel
/// indices after its filter byte, ready to compress; `None` past 256
/// colours. The filter is Up: a flat card's rows mostly repeat the row
/// above, which then turns to zeros that fdeflate packs quickly.
fn palette(pixels: &[u8], width: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let width = width.max(1);
    let mut table = ColourTable::default();
    let mut out = Vec::with_capacity(pixels.len() / 3 + pixels.len() / (3 * width) + 1);
    let (mut row, mut above) = (Vec::with_capacity(width), vec![0u8; width]);
    let mut previous: &[u8] = &[];
    for line in pixels.chunks(3 * width) {
        out.push(2);
        // Margins and the background between lines repeat whole rows: one
        // comparison, and a row of zeros.
        if line == previous {
            out.resize(out.len() + line.len() / 3, 0);
            continue;
        }
        // Most rows differ from the one above only where text crosses
        // them: the pixels before and after keep the indices above (zeros).
        let (start, end) = changed_span(line, previous);
        out.resize(out.len() + start, 0);
        row.clear();
        index_row(&line[3 * start..3 * end], &mut table, &mut row)?;
        out.extend(row.iter().zip(&above[start..end]).map(|(&index, &up)| index.wrapping_sub(up)));
        above[start..end].copy_from_slice(&row);
        out.resize(out.len() + line.len() / 3 - end, 0);
        previous = line;
    }
    Some((table.colours, out))
}

/// The first and last-plus-one pixel of `line` that may differ from
/// `previous`, found in blocks of 16 pixels (each a memcmp).
fn changed_span(line: &[u8], previous: &[u8]) -> (usize, usize) {
    const BLOCK: usize = 3 * 16;
    let pixels = line.len() / 3;
    if previous.len() != line.len() {
        return (0, pixels);
    }
    let blocks = line.len() / BLOCK;
    let same = |b: usize| line[b * BLOCK..(b + 1) * BLOCK] == previous[b * BLOCK..(b + 1) * BLOCK];
    let first = (0..blocks).find(|&b| !same(b)).unwrap_or(blocks);
    // The pixels after the last whole block are compared at once.
    let end = if line[blocks * BLOCK..] == previous[blocks * BLOCK..] {
        (first..blocks).rev().find(|&b| !same(b)).map_or(first, |b| b + 1) * BLOCK / 3
    } else {
        pixels
    };
    (first * BLOCK / 3, end)
}

/// Appends the palette index of each pixel of `line`.
fn index_row(line: &[u8], table: &mut ColourTable, out: &mut Vec<u8>) -> Option<()> {
    /// Pixels compared at once against a run of the last colour.
    const RUN: usize = 8;
    let (mut last, mut index) = (u32::MAX, 0u8);
    let mut run = [0u8; 3 * RUN];
    let mut rest = line;
    while rest.len() >= 3 {
        // Mostly long runs of one colour: take eight pixels at a time while
        // they match, and look a colour up only when it changes.
        if rest.len() >= run.len() && rest[..run.len()] == run {
            out.extend_from_slice(&[index; RUN]);
            rest = &rest[run.len()..];
            continue;
        }
        let rgb = u32::from_le_bytes([rest[0], rest[1], rest[2], 0]);
        if rgb != last {
            (last, index) = (rgb, table.index_of(rgb)?);
            for px in run.chunks_exact_mut(3) {
                px.copy_from_slice(&rest[..3]);
            }
        }
        out.push(index);
        rest = &rest[3..];
    }
    Some(())
}

pub(crate) fn encode(canvas: &Canvas) -> Result<Vec<u8>, CardError> {
    let (width, height) = (canvas.width, canvas.height);
    let pixels = match &canvas.pixels {
        Pixels::Indexed { indices, palette } => {
            let filtered = up_rows(indices, width as usize);
            let bytes = write_png(width, height, Some(&palette.colours), &fdeflate::compress_to_vec(&filtered))?;
            check_size(bytes.len())?;
            return Ok(bytes);
        }
        Pixels::Rgb(pixels) => pixels,
    };
    let mut bytes = encode_pixels(width, height, pixels, 1)?;
    if bytes.len() > MAX_PNG_BYTES && palette(pixels, width as usize).is_none() {
        // A detailed photo: first a stronger (slower) compression, then the
        // two lowest bits of each channel dropped, which the eye does not
        // see under a scrim and which compresses far better.
        bytes = encode_pixels(width, height, pixels, 6)?;
        if bytes.len() > MAX_PNG_BYTES {
            let coarse: Vec<u8> = pixels.iter().map(|&v| (v & 0xfc) | (v >> 6)).collect();
            bytes = encode_pixels(width, height, &coarse, 6)?;
        }
    }
    check_size(bytes.len())?;
    Ok(bytes)
}

/// Each row of palette indices after its filter byte, Up: a flat card's
/// rows mostly repeat the row above, which turns them to zeros.
fn up_rows(indices: &[u8], width: usize) -> Vec<u8> {
    let width = width.max(1);
    let mut out = Vec::with_capacity(indices.len() + indices.len() / width + 1);
    let mut above: &[u8] = &[];
    for row in indices.chunks(width) {
        out.push(2);
        let start = out.len();
        out.extend_from_slice(row);
        // The first row has zeros above it: it stays as it is.
        for (v, &up) in out[start..].iter_mut().zip(above) {
            *v = v.wrapping_sub(up);
        }
        above = row;
    }
    out
}

fn encode_pixels(width: u32, height: u32, pixels: &[u8], level: u8) -> Result<Vec<u8>, CardError> {
    let (colours, filtered) = match palette(pixels, width as usize) {
        Some((colours, filtered)) => (Some(colours), filtered),
        None => (None, paeth_rows(pixels, width as usize * 3, 3)),
    };
    // Flat (indexed) cards go through fdeflate: 2-3 times faster than miniz
    // at level 1 for some 5 KB more a card; photos keep miniz, whose levels
    // they need.
    let compressed = match (&colours, level) {
        (Some(_), 1) => fdeflate::compress_to_vec(&filtered),
        _ => miniz_oxide::deflate::compress_to_vec_zlib(&filtered, level),
    };
    write_png(width, height, colours.as_deref(), &compressed)
}

/// The PNG file around rows already filtered and compressed: png's own
/// writer hands the compressor one row at a time, and each call zero-fills a
/// 32 KB buffer, which was half of all the work of drawing a card.
fn write_png(width: u32, height: u32, palette: Option<&[u8]>, compressed: &[u8]) -> Result<Vec<u8>, CardError> {
    let mut bytes = Vec::with_capacity(compressed.len() + 1024);
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    match palette {
        Some(colours) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(colours);
        }
        None => encoder.set_color(png::ColorType::Rgb),
    }
    let err = |e: png::EncodingError| CardError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_chunk(png::chunk::IDAT, compressed).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(bytes)
}

/// Each row with its PNG filter byte, Paeth (predicts photos and
/// gradients well).
fn paeth_rows(data: &[u8], row: usize, bpp: usize) -> Vec<u8> {
    let row = row.max(1);
    let mut out = Vec::with_capacity(data.len() + data.len() / row + 1);
    let zeros = vec![0u8; row];
    let mut above: &[u8] = &zeros;
    for line in data.chunks(row) {
        out.push(4);
        // The first pixel has nothing to its left: Paeth is then `above`.
        let first = bpp.min(line.len());
        out.extend(line[..first].iter().zip(above).map(|(&x, &b)| x.wrapping_sub(b)));
        let rest = line[first..].iter().zip(line).zip(above[first..].iter().zip(above));
        out.extend(rest.map(|((&x, &a), (&b, &c))| x.wrapping_sub(paeth(a, b, c))));
        above = line;
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
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
    use crate::card::layout::Rect;

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

        let mut pixels = vec![0; 300 * 200 * 3];
        for (i, px) in pixels.chunks_exact_mut(3).enumerate() {
            px.copy_from_slice(&[(i % 256) as u8, (i / 256 % 256) as u8, 7]);
        }
        let busy = Canvas::from_rgb(300, 200, pixels.clone());
        let png = encode(&busy).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        assert_eq!(decoder.read_info().unwrap().info().color_type, png::ColorType::Rgb);
        let decoded = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(decoded.as_raw(), &pixels);
    }

    #[test]
    fn drawn_indices_and_an_rgb_canvas_of_few_colours_both_decode_to_their_pixels() {
        let mut drawn = Canvas::filled(300, 200, Rgb(15, 23, 42));
        drawn.round_rect(Rect { x: 20.4, y: 30.0, width: 200.0, height: 41.0 }, 20.5, Rgb(30, 41, 59));
        drawn.fill_rect(Rect { x: 0.0, y: 190.0, width: 300.0, height: 10.0 }, Rgb(251, 191, 36));
        let few = Canvas::from_rgb(300, 200, drawn.rgb());
        for canvas in [&drawn, &few] {
            let png = encode(canvas).unwrap();
            let decoder = png::Decoder::new(std::io::Cursor::new(&png));
            assert_eq!(decoder.read_info().unwrap().info().color_type, png::ColorType::Indexed);
            let decoded = image::load_from_memory(&png).unwrap().to_rgb8();
            assert_eq!(decoded.as_raw(), &drawn.rgb());
        }
    }
}
