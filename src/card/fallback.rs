//! Choosing a face from a set of fonts (one `fallback_fonts` entry, or the
//! fonts installed on the machine) by writing system, locale and weight.
//!
//! Faces are ranked once per need: the family that draws the script best
//! first (Noto Sans Thai before Noto Looped Thai, Noto Sans CJK SC for
//! Simplified Chinese), then the width and slant closest to upright and
//! normal, then the weight closest to the role's, as CSS matches weights.

use super::fonts::FontFace;
use super::script::Writing;
use super::CardError;
use fontdb::{Database, FaceInfo, Source, Style, ID};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// What a character needs from a face.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Want {
    pub writing: Writing,
    /// 700 for titles, 500 for tags and the footer.
    pub weight: u16,
}

type Ranked = Arc<Vec<ID>>;

/// How well a face suits a need, best lowest; compared field by field.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    /// See [`family_tier`].
    tier: u8,
    /// Which of the preferred families.
    choice: usize,
    /// Steps from normal width.
    width: u32,
    slanted: bool,
    /// See [`weight_distance`].
    weight: u32,
    /// Order in the set: the file path for installed fonts.
    position: usize,
}

/// A set of faces to choose from.
pub(crate) struct FaceSet {
    db: OnceLock<(Database, Vec<ID>)>,
    /// Faces already parsed: all of a `fallback_fonts` entry, the installed
    /// faces chosen so far.
    loaded: Mutex<HashMap<ID, Arc<FontFace>>>,
    ranked: Mutex<HashMap<Want, Ranked>>,
    by_char: Mutex<HashMap<(char, Want), Option<ID>>>,
}

impl FaceSet {
    /// The fonts installed on the machine, scanned on first use.
    pub fn installed() -> FaceSet {
        FaceSet { db: OnceLock::new(), loaded: Mutex::default(), ranked: Mutex::default(), by_char: Mutex::default() }
    }

    /// Given faces (every face of a file or folder, or one face of a
    /// collection), in the order they were given.
    pub fn given(faces: Vec<Arc<FontFace>>) -> FaceSet {
        let mut db = Database::new();
        let mut files: HashMap<usize, Vec<ID>> = HashMap::new();
        let mut order = Vec::new();
        let mut loaded = HashMap::new();
        for face in faces {
            // The database reads every face of a file; only the given ones are ranked.
            let file = face.bytes().as_ptr() as usize;
            let ids =
                files.entry(file).or_insert_with(|| db.load_font_source(Source::Binary(face.shared_bytes())).to_vec());
            let id = ids.iter().copied().find(|&id| db.face(id).is_some_and(|info| info.index == face.index));
            if let Some(id) = id.filter(|id| !loaded.contains_key(id)) {
                order.push(id);
                loaded.insert(id, face);
            }
        }
        FaceSet {
            db: OnceLock::from((db, order)),
            loaded: Mutex::new(loaded),
            ranked: Mutex::default(),
            by_char: Mutex::default(),
        }
    }

    fn database(&self) -> &(Database, Vec<ID>) {
        self.db.get_or_init(|| {
            let mut db = Database::new();
            db.load_system_fonts();
            // By file, so the same machine always ranks faces the same way.
            let mut ids: Vec<_> = db.faces().filter_map(|f| Some((file_of(&f.source)?, f.index, f.id))).collect();
            ids.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            let order = ids.into_iter().map(|(_, _, id)| id).collect();
            (db, order)
        })
    }

    /// The best face for `c` in this set, if any has it.
    pub fn face_for(&self, c: char, want: Want) -> Option<Arc<FontFace>> {
        let cached = self.by_char.lock().ok().and_then(|cache| cache.get(&(c, want)).copied());
        let id = match cached {
            Some(id) => id,
            None => {
                let ranked = self.ranked(want);
                let colour = want.writing == Writing::Emoji;
                // A face whose file cannot be read after all gives way to the next.
                let id = ranked.iter().copied().find(|&id| self.covers(id, c, colour) && self.load(id).is_some());
                if let Ok(mut cache) = self.by_char.lock() {
                    cache.insert((c, want), id);
                }
                id
            }
        };
        self.load(id?)
    }

    fn ranked(&self, want: Want) -> Ranked {
        if let Some(ranked) = self.ranked.lock().ok().and_then(|r| r.get(&want).cloned()) {
            return ranked;
        }
        let (db, order) = self.database();
        let preferred = want.writing.preferred_families();
        let mut keyed: Vec<(Rank, ID)> = order
            .iter()
            .enumerate()
            .filter_map(|(position, &id)| {
                let info = db.face(id)?;
                let (tier, choice) = family_tier(info, &preferred);
                let rank = Rank {
                    tier,
                    choice,
                    width: (i32::from(info.stretch.to_number()) - 5).unsigned_abs(),
                    slanted: info.style != Style::Normal,
                    weight: weight_distance(info.weight.0, want.weight),
                    position,
                };
                Some((rank, id))
            })
            .collect();
        keyed.sort_by_key(|(rank, _)| *rank);
        let ranked: Ranked = Arc::new(keyed.into_iter().map(|(_, id)| id).collect());
        if let Ok(mut cache) = self.ranked.lock() {
            cache.insert(want, ranked.clone());
        }
        ranked
    }

    /// Whether face `id` has `c` (in colour, if asked), without loading
    /// the whole file for faces not parsed yet.
    fn covers(&self, id: ID, c: char, colour: bool) -> bool {
        if let Some(face) = self.loaded.lock().ok().and_then(|l| l.get(&id).cloned()) {
            return face.has_char(c) && (!colour || face.bitmap);
        }
        let (db, _) = self.database();
        db.with_face_data(id, |data, index| {
            ttf_parser::Face::parse(data, index)
                .is_ok_and(|f| f.glyph_index(c).is_some() && (!colour || super::fonts::is_bitmap(&f)))
        })
        .unwrap_or(false)
    }

    fn load(&self, id: ID) -> Option<Arc<FontFace>> {
        let mut loaded = self.loaded.lock().ok()?;
        if let Some(face) = loaded.get(&id) {
            return Some(face.clone());
        }
        let (db, _) = self.database();
        let info = db.face(id)?;
        let path = file_of(&info.source)?;
        let face = Arc::new(FontFace::load("system_fonts", &path, info.index).ok()?);
        loaded.insert(id, face.clone());
        Some(face)
    }
}

/// Families named for the need first (in the order named), then other
/// Noto Sans families, then any other plain family, then the styled ones
/// (serif, looped, monospaced, display, calligraphic).
fn family_tier(info: &FaceInfo, preferred: &[String]) -> (u8, usize) {
    let names = || info.families.iter().map(|(name, _)| name.as_str());
    if let Some(choice) = preferred.iter().position(|p| names().any(|n| n.eq_ignore_ascii_case(p))) {
        return (0, choice);
    }
    const STYLED: &[&str] = &["Serif", "Looped", "Mono", "Display", "Kufi", "Nastaliq", "Rashi", "Slanted", "Emoji"];
    if names().any(|n| n.split(' ').any(|word| STYLED.contains(&word))) {
        (3, 0)
    } else if names().any(|n| n.starts_with("Noto Sans")) {
        (1, 0)
    } else {
        (2, 0)
    }
}

/// How far `have` is from `want` in the order CSS tries weights: for 400
/// to 500, up to 500 first, then lighter, then heavier; above 500 heavier
/// first; below 400 lighter first.
fn weight_distance(have: u16, want: u16) -> u32 {
    let (have, want) = (u32::from(have), u32::from(want));
    if (400..=500).contains(&want) {
        match have {
            h if (want..=500).contains(&h) => h - want,
            h if h < want => 1000 + want - h,
            h => 2000 + h - 500,
        }
    } else if want > 500 {
        if have >= want {
            have - want
        } else {
            1000 + want - have
        }
    } else if have <= want {
        want - have
    } else {
        1000 + have - want
    }
}

fn file_of(source: &Source) -> Option<PathBuf> {
    match source {
        Source::File(path) | Source::SharedFile(path, _) => Some(path.clone()),
        Source::Binary(_) => None,
    }
}

/// The font files of a `fallback_fonts` entry: the file itself, or the
/// font files in a folder (sorted, not recursive).
pub(crate) fn font_files(path: &Path) -> Result<Vec<PathBuf>, CardError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let unreadable = |e| CardError::Unreadable {
        key: "fallback_fonts",
        path: path.to_path_buf(),
        problem: crate::input_file::ReadError::Io(e),
    };
    let entries = std::fs::read_dir(path).map_err(unreadable)?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc"))
        })
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::weight_distance;

    #[test]
    fn weights_are_matched_as_css_does() {
        let order = |want: u16| {
            let mut weights = vec![100u16, 300, 400, 500, 600, 700, 900];
            weights.sort_by_key(|&w| weight_distance(w, want));
            weights
        };
        assert_eq!(order(500), [500, 400, 300, 100, 600, 700, 900]);
        assert_eq!(order(700), [700, 900, 600, 500, 400, 300, 100]);
        assert_eq!(order(400), [400, 500, 300, 100, 600, 700, 900]);
        assert_eq!(order(300), [300, 100, 400, 500, 600, 700, 900]);
    }
}
