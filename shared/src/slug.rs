//! Slugs: the URL-safe identifiers of publications, tags and counters. A [`Slug`] can only be
//! built from text that follows the rules, and titles (in any script) can be turned into one.

use std::fmt;

/// Longest slug accepted.
pub const MAX_SLUG: usize = 120;
/// Length titles are cut to (at a word boundary) when made into slugs.
const TITLE_SLUG: usize = 80;

/// A valid slug: 1–120 characters of `a-z`, `0-9` and single inner hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

/// Why text is not a slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most 120 characters")]
    TooLong,
    #[error("may contain only a-z, 0-9 and single hyphens, not at either end")]
    BadCharacters,
}

impl Slug {
    /// Accepts `s` if it already is a slug.
    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        if s.len() > MAX_SLUG {
            return Err(SlugError::TooLong);
        }
        let chars_ok = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !chars_ok || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(SlugError::BadCharacters);
        }
        Ok(Slug(s.to_owned()))
    }

    /// Makes a slug from a title, transliterating other scripts (`Лавров` → `lavrov`) and
    /// cutting long titles at a word boundary. `None` if nothing usable is left.
    pub fn from_title(title: &str) -> Option<Slug> {
        // Apostrophes join words ("Lavrov’s" → "lavrovs") rather than split them.
        let joined: String = title
            .chars()
            .filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʼ'))
            .collect();
        let ascii = deunicode::deunicode(&joined).to_ascii_lowercase();
        let words: Vec<&str> = ascii
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut slug = String::new();
        for word in words {
            let extra = if slug.is_empty() {
                word.len()
            } else {
                word.len() + 1
            };
            if slug.len() + extra > TITLE_SLUG {
                if slug.is_empty() {
                    slug.push_str(&word[..TITLE_SLUG]);
                }
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(word);
        }
        Slug::parse(&slug).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What [`Slug::parse`] accepts, as a JSON Schema pattern.
pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

// Fields holding slugs declare them as this schema (`value_type = Slug`), so the document
// states the rule `parse` enforces, from the same constants.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "A slug: 1–120 characters of a-z, 0-9 and single hyphens, not at either end.",
            ))
            .min_length(Some(1))
            .max_length(Some(MAX_SLUG))
            .pattern(Some(SLUG_PATTERN))
            .examples(["salisbury-incident"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Slug {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_only_clean_slugs() {
        assert!(Slug::parse("salisbury").is_ok());
        assert!(Slug::parse("75th-anniversary").is_ok());
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
        for bad in ["Upper", "-lead", "trail-", "dou--ble", "sp ace", "ünï"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::BadCharacters), "{bad}");
        }
    }

    #[test]
    fn the_documented_pattern_is_the_rule() {
        let pattern = regex::Regex::new(SLUG_PATTERN).expect("pattern");
        let cases = [
            "salisbury",
            "75th-anniversary",
            "a",
            "a-1-b",
            "Upper",
            "-lead",
            "trail-",
        ];
        for case in cases
            .into_iter()
            .chain(["dou--ble", "sp ace", "ünï", "", "-", "a_b"])
        {
            assert_eq!(pattern.is_match(case), Slug::parse(case).is_ok(), "{case}");
        }
    }

    #[test]
    fn titles_become_readable_slugs() {
        let slug = Slug::from_title("Foreign Minister Sergey Lavrov’s article for Global Times");
        assert_eq!(
            slug.map(|s| s.0),
            Some("foreign-minister-sergey-lavrovs-article-for-global-times".to_owned())
        );
        assert_eq!(
            Slug::from_title("Сергей Лавров").map(|s| s.0),
            Some("sergei-lavrov".to_owned())
        );
        assert_eq!(Slug::from_title("—"), None);
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        let title = "Appeal by the Federation Council of the Federal Assembly of the Russian Federation to the parliaments of foreign States";
        let slug = Slug::from_title(title).expect("slug");
        assert!(slug.as_str().len() <= 80, "{slug}");
        assert!(
            title
                .to_lowercase()
                .replace(' ', "-")
                .starts_with(slug.as_str())
        );
    }
}
