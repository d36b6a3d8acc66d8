//! The highlighted snippet a search result carries: where its words were found, as plain-text
//! parts marked highlighted or not (never HTML, so no client can be tricked into running
//! markup), split from the marked text the databases return.

use serde::{Deserialize, Serialize};

/// Opens a highlight in the marked text the databases return; private-use, and stripped from
/// indexed text, so stored content can never forge one.
pub const MARK_START: char = '\u{E000}';
/// Closes a highlight.
pub const MARK_END: char = '\u{E001}';

/// Where a search result's words were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SnippetField {
    Title,
    Lead,
    Speakers,
    /// The body: a paragraph, a question or an answer.
    Body,
}

/// A stretch of a search result's text around the words searched for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "field": "body",
    "parts": [{"text": "…the situation around the ", "highlight": false},
              {"text": "Iranian", "highlight": true},
              {"text": " nuclear programme…", "highlight": false}]
})))]
pub struct Snippet {
    /// Which part of the publication the text comes from.
    pub field: SnippetField,
    /// The text in order; parts with `highlight` are the words that matched. Plain text, never
    /// HTML: join the parts, marking the highlighted ones.
    pub parts: Vec<SnippetPart>,
}

/// One run of a snippet's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnippetPart {
    pub text: String,
    /// Whether this run matched the search.
    pub highlight: bool,
}

impl Snippet {
    /// Splits text marked with [`MARK_START`]/[`MARK_END`] into parts; an unbalanced mark
    /// ends the highlight at the end of the text.
    pub fn from_marked(field: SnippetField, marked: &str) -> Snippet {
        let mut parts: Vec<SnippetPart> = Vec::new();
        let mut highlight = false;
        let mut text = String::new();
        let mut flush = |text: &mut String, highlight: bool| {
            if text.is_empty() {
                return;
            }
            match parts.last_mut() {
                Some(last) if last.highlight == highlight => last.text.push_str(text),
                _ => parts.push(SnippetPart {
                    text: text.clone(),
                    highlight,
                }),
            }
            text.clear();
        };
        for c in marked.chars() {
            match c {
                MARK_START | MARK_END => {
                    flush(&mut text, highlight);
                    highlight = c == MARK_START;
                }
                c => text.push(c),
            }
        }
        flush(&mut text, highlight);
        Snippet { field, parts }
    }

    /// How many distinct words are highlighted (case-insensitively).
    pub fn distinct_hits(&self) -> usize {
        let mut hits: Vec<String> = self
            .parts
            .iter()
            .filter(|p| p.highlight)
            .map(|p| p.text.to_lowercase())
            .collect();
        hits.sort();
        hits.dedup();
        hits.len()
    }

    /// The snippet showing the most distinct matched words; ties go to the earlier candidate.
    /// `None` when no candidate highlights anything.
    pub fn best(candidates: impl IntoIterator<Item = Snippet>) -> Option<Snippet> {
        let mut best: Option<(usize, Snippet)> = None;
        for snippet in candidates {
            let hits = snippet.distinct_hits();
            if hits > 0 && best.as_ref().is_none_or(|(most, _)| hits > *most) {
                best = Some((hits, snippet));
            }
        }
        best.map(|(_, snippet)| snippet)
    }

    /// The plain text, without highlights.
    pub fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }
}

/// Removes the highlight marks from text about to be indexed, so that a stored mark cannot
/// masquerade as a highlight in a snippet.
pub fn strip_marks(text: &str) -> String {
    text.replace([MARK_START, MARK_END], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_text_splits_into_parts() {
        let s = Snippet::from_marked(
            SnippetField::Body,
            "…the \u{E000}Iranian\u{E001} nuclear \u{E000}programme\u{E001}",
        );
        let parts: Vec<(&str, bool)> = s
            .parts
            .iter()
            .map(|p| (p.text.as_str(), p.highlight))
            .collect();
        assert_eq!(
            parts,
            [
                ("…the ", false),
                ("Iranian", true),
                (" nuclear ", false),
                ("programme", true)
            ]
        );
        assert_eq!(s.text(), "…the Iranian nuclear programme");
        assert_eq!(s.distinct_hits(), 2);
        // Adjacent highlights merge; stray marks never panic.
        let s = Snippet::from_marked(
            SnippetField::Title,
            "\u{E000}a\u{E001}\u{E000}b\u{E001}\u{E001}c\u{E000}",
        );
        assert_eq!(s.parts.len(), 2);
        assert_eq!(s.parts[0].text, "ab");
        assert_eq!(strip_marks("a\u{E000}b\u{E001}"), "ab");
    }

    #[test]
    fn the_best_snippet_shows_the_most_words_and_prefers_earlier_ones() {
        let body = Snippet::from_marked(SnippetField::Body, "x \u{E000}iran\u{E001}");
        let title = Snippet::from_marked(SnippetField::Title, "\u{E000}Iran\u{E001} talks");
        let lead = Snippet::from_marked(
            SnippetField::Lead,
            "\u{E000}iran\u{E001} \u{E000}talks\u{E001}",
        );
        let none = Snippet::from_marked(SnippetField::Speakers, "Sergey Lavrov");
        let best = Snippet::best([body.clone(), title.clone()]).map(|s| s.field);
        assert_eq!(best, Some(SnippetField::Body));
        let best = Snippet::best([body, lead, title]).map(|s| s.field);
        assert_eq!(best, Some(SnippetField::Lead));
        assert_eq!(Snippet::best([none]), None);
    }
}
