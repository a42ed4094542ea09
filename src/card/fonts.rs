//! Font faces and the fallback stack: configured fonts, then each
//! `fallback_fonts` entry, then (lazily) the fonts installed on the machine;
//! in each set the face for the script, locale and weight (`fallback.rs`).

use super::fallback::{font_files, FaceSet, Want};
use super::script::{Cjk, Writing, SYMBOLS};
use super::settings::{CardSettings, FontPath};
use super::{read_card_file, CardError};
use crate::input_file::MAX_FONT_BYTES;
use ab_glyph::Font;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

static TITLE_FONT: &[u8] = include_bytes!("../../fonts/InterDisplay-Bold.otf");
static TEXT_FONT: &[u8] = include_bytes!("../../fonts/Inter-Medium.otf");

pub(crate) type FontBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The rasteriser's view of a face; borrows the font bytes.
pub(crate) struct Views<'a> {
    pub glyphs: ab_glyph::FontRef<'a>,
    /// The same face through ttf-parser, for glyph bounding boxes.
    pub tables: ttf_parser::Face<'a>,
}

self_cell::self_cell!(
    struct ParsedFace {
        owner: FontBytes,
        #[covariant]
        dependent: Views,
    }
);

/// Where a face comes from, as `feedcard check` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FontOrigin {
    /// One of the fonts inside feedcard.
    BuiltIn(&'static str),
    File {
        path: PathBuf,
        index: u32,
    },
}

impl std::fmt::Display for FontOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontOrigin::BuiltIn(name) => write!(f, "{name} (built in)"),
            FontOrigin::File { path, index: 0 } => write!(f, "{}", path.display()),
            FontOrigin::File { path, index } => write!(f, "{}#{index}", path.display()),
        }
    }
}

/// One parsed face, shared by every render: outlines through ab_glyph,
/// shaping through harfrust, both over the same bytes.
pub(crate) struct FontFace {
    parsed: ParsedFace,
    shaper: harfrust::Font,
    /// The face's number in its file (a `.ttc` holds several).
    pub index: u32,
    pub origin: FontOrigin,
    /// The family name the font gives itself (`Noto Sans CJK SC`).
    pub family: String,
    /// Colour bitmap font (CBDT/sbix): drawn from images, not outlines.
    pub bitmap: bool,
    pub units_per_em: f32,
    /// Cap height and descent as fractions of the em.
    pub cap_height: f32,
    pub descent: f32,
}

pub(crate) fn is_bitmap(face: &ttf_parser::Face) -> bool {
    let tables = face.tables();
    tables.cbdt.is_some() || tables.sbix.is_some()
}

/// The typographic family (name 16), else the family (name 1).
fn family_name(face: &ttf_parser::Face) -> String {
    let named = |id| face.names().into_iter().filter(|n| n.name_id == id).find_map(|n| n.to_string());
    named(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| named(ttf_parser::name_id::FAMILY)).unwrap_or_default()
}

impl FontFace {
    fn parse(data: FontBytes, index: u32, origin: FontOrigin) -> Option<FontFace> {
        let bytes: &[u8] = (*data).as_ref();
        let face = ttf_parser::Face::parse(bytes, index).ok()?;
        let units_per_em = f32::from(face.units_per_em().max(1));
        let cap_height = face.capital_height().map_or(0.7, |h| f32::from(h) / units_per_em);
        let descent = -f32::from(face.descender()) / units_per_em;
        let (bitmap, family) = (is_bitmap(&face), family_name(&face));
        let shaper = harfrust::Font::new(data.clone(), index)?;
        let parsed = ParsedFace::try_new(data, |bytes| {
            let glyphs = ab_glyph::FontRef::try_from_slice_and_index((**bytes).as_ref(), index).map_err(|_| ())?;
            let tables = ttf_parser::Face::parse((**bytes).as_ref(), index).map_err(|_| ())?;
            Ok::<_, ()>(Views { glyphs, tables })
        })
        .ok()?;
        Some(FontFace { parsed, shaper, index, origin, family, bitmap, units_per_em, cap_height, descent })
    }

    fn embedded(name: &'static str, bytes: &'static [u8]) -> Result<FontFace, CardError> {
        FontFace::parse(Arc::new(bytes), 0, FontOrigin::BuiltIn(name))
            .ok_or_else(|| CardError::FontInvalid { path: PathBuf::from(name), index: 0 })
    }

    pub fn load(key: &'static str, path: &Path, index: u32) -> Result<FontFace, CardError> {
        let bytes = read_card_file(key, path, MAX_FONT_BYTES)?;
        let origin = FontOrigin::File { path: path.to_path_buf(), index };
        FontFace::parse(Arc::new(bytes), index, origin)
            .ok_or_else(|| CardError::FontInvalid { path: path.to_path_buf(), index })
    }

    pub fn views(&self) -> &Views<'_> {
        self.parsed.borrow_dependent()
    }

    pub fn shaper(&self) -> &harfrust::Font {
        &self.shaper
    }

    pub fn bytes(&self) -> &[u8] {
        (**self.parsed.borrow_owner()).as_ref()
    }

    pub fn shared_bytes(&self) -> FontBytes {
        self.parsed.borrow_owner().clone()
    }

    pub fn has_char(&self, c: char) -> bool {
        self.views().glyphs.glyph_id(c).0 != 0
    }
}

/// Which primary font a piece of text starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Title,
    Text,
}

impl Role {
    /// The weight fallback faces are matched to: bold titles, medium text.
    fn weight(self) -> u16 {
        match self {
            Role::Title => 700,
            Role::Text => 500,
        }
    }
}

/// All fonts a renderer may use. Index 0 is the title font, 1 the text font.
pub(crate) struct FontStack {
    fixed: Vec<Arc<FontFace>>,
    /// The faces of `fallback_fonts`, for the renderer's fingerprint.
    given: Vec<Arc<FontFace>>,
    sets: Vec<FaceSet>,
}

impl FontStack {
    pub fn new(settings: &CardSettings) -> Result<FontStack, CardError> {
        let title = Arc::new(FontFace::embedded("InterDisplay-Bold.otf", TITLE_FONT)?);
        let text = Arc::new(FontFace::embedded("Inter-Medium.otf", TEXT_FONT)?);
        let configured = |key, font: &Option<FontPath>| {
            font.as_ref().map(|f| FontFace::load(key, &f.path, f.index.unwrap_or(0))).transpose()
        };
        let mut fixed = Vec::new();
        match (configured("title_font", &settings.title_font)?, configured("text_font", &settings.text_font)?) {
            (Some(t), Some(x)) => fixed.extend([Arc::new(t), Arc::new(x), title, text]),
            (Some(t), None) => fixed.extend([Arc::new(t), text, title]),
            (None, Some(x)) => fixed.extend([title, Arc::new(x), text]),
            (None, None) => fixed.extend([title, text]),
        }
        let mut sets = Vec::new();
        let mut given = Vec::new();
        for font in &settings.fallback_fonts {
            let mut faces = Vec::new();
            for file in font_files(&font.path)? {
                faces.extend(load_collection(&file, font.index)?.into_iter().map(Arc::new));
            }
            given.extend(faces.iter().cloned());
            sets.push(FaceSet::given(faces));
        }
        if settings.system_fonts {
            sets.push(FaceSet::installed());
        }
        Ok(FontStack { fixed, given, sets })
    }

    /// The title and text faces, in stack order.
    #[cfg(test)]
    pub fn fixed(&self) -> &[Arc<FontFace>] {
        &self.fixed
    }

    /// Every face read when the stack was made (not the installed ones).
    pub fn loaded(&self) -> impl Iterator<Item = &Arc<FontFace>> {
        self.fixed.iter().chain(&self.given)
    }
}

/// The faces of a file: all of them, or the one `file.ttc#N` names.
fn load_collection(path: &Path, only: Option<u32>) -> Result<Vec<FontFace>, CardError> {
    let bytes: FontBytes = Arc::new(read_card_file("fallback_fonts", path, MAX_FONT_BYTES)?);
    let count = ttf_parser::fonts_in_collection((*bytes).as_ref()).unwrap_or(1);
    let invalid = |index| CardError::FontInvalid { path: path.to_path_buf(), index };
    let indices = match only {
        Some(index) if index >= count => return Err(invalid(index)),
        Some(index) => index..index + 1,
        None => 0..count,
    };
    indices
        .map(|index| {
            let origin = FontOrigin::File { path: path.to_path_buf(), index };
            FontFace::parse(bytes.clone(), index, origin).ok_or_else(|| invalid(index))
        })
        .collect()
}

/// The fonts of one render: the fixed stack plus any other faces this card
/// needed, the card's language, and the characters no font has.
pub(crate) struct RenderFonts<'s> {
    stack: &'s FontStack,
    faces: Vec<Arc<FontFace>>,
    pub missing: Vec<char>,
    /// The post's language (BCP 47), given to the shaper for `locl` forms.
    language: Option<String>,
    /// The CJK forms of this card; guessed from each text when unset.
    cjk: Option<Cjk>,
    picks: HashMap<(char, Role, Writing), Option<usize>>,
}

impl<'s> RenderFonts<'s> {
    pub fn new(stack: &'s FontStack) -> Self {
        RenderFonts {
            stack,
            faces: stack.fixed.clone(),
            missing: Vec::new(),
            language: None,
            cjk: None,
            picks: HashMap::new(),
        }
    }

    /// For a card in `language` whose words are `sample` (the title and
    /// tags, from which the CJK forms are guessed when the language does
    /// not say).
    pub fn for_card(stack: &'s FontStack, language: Option<&str>, sample: &str) -> Self {
        let language = language.map(str::trim).filter(|l| !l.is_empty());
        RenderFonts {
            language: language.map(str::to_string),
            cjk: Some(Cjk::for_text(language, sample)),
            ..RenderFonts::new(stack)
        }
    }

    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// The CJK forms for `text`.
    pub fn cjk(&self, text: &str) -> Cjk {
        self.cjk.unwrap_or_else(|| Cjk::for_text(None, text))
    }

    pub fn face(&self, id: usize) -> &FontFace {
        &self.faces[id]
    }

    /// The face for `c` in text of `writing`: the configured and built-in
    /// fonts first, then the best face of each fallback set. Emoji take a
    /// colour face when any has the character.
    pub fn pick(&mut self, role: Role, writing: Writing, c: char) -> Option<usize> {
        let found = self.find(role, writing, c);
        match writing {
            Writing::Emoji if found.is_none() => self.find(role, SYMBOLS, c),
            _ => found,
        }
    }

    fn find(&mut self, role: Role, writing: Writing, c: char) -> Option<usize> {
        // The configured and built-in faces first: a cmap look-up each,
        // cheaper than the cache below.
        let colour = writing == Writing::Emoji;
        let order = match role {
            Role::Title => [0, 1],
            Role::Text => [1, 0],
        };
        let fits = |face: &FontFace| face.has_char(c) && (!colour || face.bitmap);
        let fixed = self.stack.fixed.len();
        if let Some(found) = order.into_iter().chain(2..fixed).find(|&i| fits(&self.faces[i])) {
            return Some(found);
        }
        if let Some(&found) = self.picks.get(&(c, role, writing)) {
            return found;
        }
        let want = Want { writing, weight: role.weight() };
        let found = self.stack.sets.iter().find_map(|set| set.face_for(c, want)).map(|face| {
            match self.faces.iter().position(|f| Arc::ptr_eq(f, &face)) {
                Some(id) => id,
                None => {
                    self.faces.push(face);
                    self.faces.len() - 1
                }
            }
        });
        self.picks.insert((c, role, writing), found);
        found
    }

    pub fn note_missing(&mut self, c: char) {
        if !self.missing.contains(&c) {
            self.missing.push(c);
        }
    }
}
