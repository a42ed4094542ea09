//! Font faces and the fallback stack: configured fonts, then `fallback_fonts`,
//! then (lazily) the fonts installed on the machine.

use super::settings::{CardSettings, FontPath};
use super::{read_card_file, CardError};
use crate::input_file::{ReadError, MAX_FONT_BYTES};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

static TITLE_FONT: &[u8] = include_bytes!("../../fonts/InterDisplay-Bold.otf");
static TEXT_FONT: &[u8] = include_bytes!("../../fonts/Inter-Medium.otf");

type FontBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The two views of one face; both borrow the font bytes.
pub(crate) struct Views<'a> {
    pub shaper: rustybuzz::Face<'a>,
    pub glyphs: ab_glyph::FontRef<'a>,
}

self_cell::self_cell!(
    struct ParsedFace {
        owner: FontBytes,
        #[covariant]
        dependent: Views,
    }
);

/// One parsed face, shared by every render.
pub(crate) struct FontFace {
    parsed: ParsedFace,
    /// Colour bitmap font (CBDT/sbix): drawn from images, not outlines.
    pub bitmap: bool,
    pub units_per_em: f32,
    /// Cap height and descent as fractions of the em.
    pub cap_height: f32,
    pub descent: f32,
}

impl FontFace {
    fn parse(data: FontBytes, index: u32) -> Option<FontFace> {
        let parsed = ParsedFace::try_new(data, |bytes| {
            let bytes: &[u8] = (**bytes).as_ref();
            let shaper = rustybuzz::Face::from_slice(bytes, index).ok_or(())?;
            let glyphs = ab_glyph::FontRef::try_from_slice_and_index(bytes, index).map_err(|_| ())?;
            Ok::<_, ()>(Views { shaper, glyphs })
        })
        .ok()?;
        let face = &parsed.borrow_dependent().shaper;
        let units_per_em = face.units_per_em().max(1) as f32;
        let tables = face.tables();
        let bitmap = tables.cbdt.is_some() || tables.sbix.is_some();
        let cap_height = face.capital_height().map_or(0.7, |h| f32::from(h) / units_per_em);
        let descent = -f32::from(face.descender()) / units_per_em;
        Some(FontFace { parsed, bitmap, units_per_em, cap_height, descent })
    }

    fn embedded(name: &str, bytes: &'static [u8]) -> Result<FontFace, CardError> {
        FontFace::parse(Arc::new(bytes), 0)
            .ok_or_else(|| CardError::FontInvalid { path: PathBuf::from(name), index: 0 })
    }

    fn load(key: &'static str, path: &Path, index: u32) -> Result<FontFace, CardError> {
        let bytes = read_card_file(key, path, MAX_FONT_BYTES)?;
        FontFace::parse(Arc::new(bytes), index)
            .ok_or_else(|| CardError::FontInvalid { path: path.to_path_buf(), index })
    }

    pub fn views(&self) -> &Views<'_> {
        self.parsed.borrow_dependent()
    }

    pub fn bytes(&self) -> &[u8] {
        (**self.parsed.borrow_owner()).as_ref()
    }

    pub fn has_char(&self, c: char) -> bool {
        self.views().shaper.glyph_index(c).is_some()
    }
}

/// Which primary font a piece of text starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Title,
    Text,
}

/// All fonts a renderer may use. Index 0 is the title font, 1 the text font.
pub(crate) struct FontStack {
    fixed: Vec<Arc<FontFace>>,
    system: Option<SystemFonts>,
}

impl FontStack {
    pub fn new(settings: &CardSettings) -> Result<FontStack, CardError> {
        let title = Arc::new(FontFace::embedded("InterDisplay-Bold.otf", TITLE_FONT)?);
        let text = Arc::new(FontFace::embedded("Inter-Medium.otf", TEXT_FONT)?);
        let configured =
            |key, font: &Option<FontPath>| font.as_ref().map(|f| FontFace::load(key, &f.path, f.index)).transpose();
        let mut fixed = Vec::new();
        match (configured("title_font", &settings.title_font)?, configured("text_font", &settings.text_font)?) {
            (Some(t), Some(x)) => fixed.extend([Arc::new(t), Arc::new(x), title, text]),
            (Some(t), None) => fixed.extend([Arc::new(t), text, title]),
            (None, Some(x)) => fixed.extend([title, Arc::new(x), text]),
            (None, None) => fixed.extend([title, text]),
        }
        for path in &settings.fallback_fonts {
            for file in font_files(path)? {
                fixed.extend(load_collection(&file)?.into_iter().map(Arc::new));
            }
        }
        Ok(FontStack { fixed, system: settings.system_fonts.then(SystemFonts::default) })
    }

    /// The faces given by the settings, in stack order.
    pub fn fixed(&self) -> &[Arc<FontFace>] {
        &self.fixed
    }
}

/// Every face in a file (several for a `.ttc`).
fn load_collection(path: &Path) -> Result<Vec<FontFace>, CardError> {
    let bytes: FontBytes = Arc::new(read_card_file("fallback_fonts", path, MAX_FONT_BYTES)?);
    let count = rustybuzz::ttf_parser::fonts_in_collection((*bytes).as_ref()).unwrap_or(1);
    (0..count)
        .map(|index| {
            FontFace::parse(bytes.clone(), index)
                .ok_or_else(|| CardError::FontInvalid { path: path.to_path_buf(), index })
        })
        .collect()
}

/// A font file as is, or the font files in a folder (sorted, not recursive).
fn font_files(path: &Path) -> Result<Vec<PathBuf>, CardError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let unreadable =
        |e| CardError::Unreadable { key: "fallback_fonts", path: path.to_path_buf(), problem: ReadError::Io(e) };
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

type Found = Option<Arc<FontFace>>;

/// Installed fonts, scanned only when a character no configured font has
/// turns up, so the common case never touches the system font folders.
#[derive(Default)]
struct SystemFonts {
    db: OnceLock<(fontdb::Database, Vec<fontdb::ID>)>,
    /// (character, colour only) -> the face found, or none.
    by_char: Mutex<HashMap<(char, bool), Found>>,
    loaded: Mutex<HashMap<(PathBuf, u32), Arc<FontFace>>>,
}

impl SystemFonts {
    fn database(&self) -> &(fontdb::Database, Vec<fontdb::ID>) {
        self.db.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            // Sorted by file so the same machine always picks the same face.
            let mut ids: Vec<_> = db.faces().filter_map(|f| Some((file_of(&f.source)?, f.index, f.id))).collect();
            ids.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
            let ids = ids.into_iter().map(|(_, _, id)| id).collect();
            (db, ids)
        })
    }

    /// The first installed face with `c`; with `colour`, the first colour
    /// (bitmap) face with it.
    fn face_for(&self, c: char, colour: bool) -> Option<Arc<FontFace>> {
        if let Some(found) = self.by_char.lock().ok()?.get(&(c, colour)) {
            return found.clone();
        }
        let (db, ids) = self.database();
        let hit = ids.iter().find_map(|&id| {
            let covers = db.with_face_data(id, |data, index| {
                rustybuzz::ttf_parser::Face::parse(data, index).is_ok_and(|f| {
                    let tables = f.tables();
                    f.glyph_index(c).is_some() && (!colour || tables.cbdt.is_some() || tables.sbix.is_some())
                })
            });
            let info = db.face(id)?;
            covers.unwrap_or(false).then(|| (file_of(&info.source), info.index)).and_then(|(p, i)| Some((p?, i)))
        });
        let face = hit.and_then(|(path, index)| self.load(path, index));
        if let Ok(mut cache) = self.by_char.lock() {
            cache.insert((c, colour), face.clone());
        }
        face
    }

    fn load(&self, path: PathBuf, index: u32) -> Option<Arc<FontFace>> {
        let mut loaded = self.loaded.lock().ok()?;
        if let Some(face) = loaded.get(&(path.clone(), index)) {
            return Some(face.clone());
        }
        let face = Arc::new(FontFace::load("system_fonts", &path, index).ok()?);
        loaded.insert((path, index), face.clone());
        Some(face)
    }
}

fn file_of(source: &fontdb::Source) -> Option<PathBuf> {
    match source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => Some(path.clone()),
        fontdb::Source::Binary(_) => None,
    }
}

/// The fonts of one render: the fixed stack plus any installed fonts this
/// card needed, and the characters no font has.
pub(crate) struct RenderFonts<'s> {
    stack: &'s FontStack,
    faces: Vec<Arc<FontFace>>,
    pub missing: Vec<char>,
}

impl<'s> RenderFonts<'s> {
    pub fn new(stack: &'s FontStack) -> Self {
        RenderFonts { stack, faces: stack.fixed.clone(), missing: Vec::new() }
    }

    pub fn face(&self, id: usize) -> &FontFace {
        &self.faces[id]
    }

    /// The first face in the stack for `role` that has `c`.
    pub fn pick(&mut self, role: Role, c: char) -> Option<usize> {
        self.find(role, c, false)
    }

    /// The first colour (emoji) face that has `c`, for characters followed
    /// by the emoji presentation selector U+FE0F.
    pub fn pick_colour(&mut self, role: Role, c: char) -> Option<usize> {
        self.find(role, c, true)
    }

    fn find(&mut self, role: Role, c: char, colour: bool) -> Option<usize> {
        let order = match role {
            Role::Title => [0, 1],
            Role::Text => [1, 0],
        };
        let fixed = self.stack.fixed.len();
        let fits = |face: &FontFace| face.has_char(c) && (!colour || face.bitmap);
        if let Some(id) = order.into_iter().chain(2..fixed).find(|&i| fits(&self.faces[i])) {
            return Some(id);
        }
        let face = self.stack.system.as_ref()?.face_for(c, colour)?;
        if let Some(id) = self.faces.iter().position(|f| Arc::ptr_eq(f, &face)) {
            return Some(id);
        }
        self.faces.push(face);
        Some(self.faces.len() - 1)
    }

    pub fn note_missing(&mut self, c: char) {
        if !self.missing.contains(&c) {
            self.missing.push(c);
        }
    }
}
