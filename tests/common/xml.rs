//! The strict XML check, in its own file so that the fuzz targets in
//! `tests/fuzz` can include it too (it needs nothing but quick-xml).

/// Parses XML strictly (well-formedness and forbidden characters); panics with the error.
pub fn assert_well_formed_xml(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
    for ch in text.chars() {
        let allowed =
            matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
        assert!(allowed, "{name} holds U+{:04X}, which XML 1.0 forbids", ch as u32);
    }
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                // Only the five predefined entities and character references exist without a DTD.
                let is_char = r.resolve_char_ref().unwrap_or_else(|e| panic!("{name}: bad character reference: {e}"));
                let entity = r.xml10_content();
                assert!(
                    is_char.is_some() || matches!(entity.as_ref(), "amp" | "lt" | "gt" | "quot" | "apos"),
                    "{name}: undefined entity &{entity};"
                );
            }
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML at byte {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}
