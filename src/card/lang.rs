//! The language of a card's text, from a BCP 47 tag (`de`, `zh-Hant-TW`,
//! `pt_BR`), reduced to the questions typography asks of it.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Language<'a>(&'a str);

impl<'a> Language<'a> {
    pub fn new(tag: &'a str) -> Self {
        Language(tag.trim())
    }

    /// The primary subtag is `code`: `zh-CN` is `zh`.
    pub fn is(&self, code: &str) -> bool {
        self.subtags().next().is_some_and(|primary| primary.eq_ignore_ascii_case(code))
    }

    /// A script or region subtag is `code`: `zh-Hant-TW` has `Hant` and `TW`.
    pub fn has(&self, code: &str) -> bool {
        self.subtags().skip(1).any(|subtag| subtag.eq_ignore_ascii_case(code))
    }

    fn subtags(&self) -> impl Iterator<Item = &'a str> {
        self.0.split(['-', '_'])
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn reads_primary_and_later_subtags_in_any_case() {
        let tw = Language::new(" zh-Hant-TW ");
        assert!(tw.is("zh") && tw.has("hant") && tw.has("tw") && !tw.has("zh"));
        assert!(Language::new("DE_ch").is("de") && Language::new("DE_ch").has("CH"));
        assert!(!Language::new("").is("en") && !Language::new("english").is("en"));
    }
}
