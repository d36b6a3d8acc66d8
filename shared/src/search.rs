//! The search syntax (`word`, `"a phrase"`, `-exclude`, `this or that`) as both sides read it:
//! parsed into a [`SearchQuery`] that each database renders safely — an SQLite FTS5 expression
//! with every term quoted, a PostgreSQL `to_tsquery` string of quoted lexemes — so the two
//! backends agree on what a search means.

/// Longest `q` accepted, in characters.
pub const MAX_QUERY: usize = 200;

/// Most words one search looks for: each word of a phrase counts, and so does each excluded
/// one. A database's work grows with every word's list of matches, so this bounds it.
pub const MAX_WORDS: usize = 12;

/// Most `or`s one search may hold: each widens the set of matches every other word is
/// checked against.
pub const MAX_ORS: usize = 4;

/// Most results a search ranks by relevance; deeper pages in that order are refused (with
/// `sort=newest` a search pages through every result, by cursor or number).
pub const RELEVANCE_DEPTH: usize = 1_000;

/// The deepest page of `per_page` results that relevance order serves (`page` × `per_page`
/// at most [`RELEVANCE_DEPTH`]).
pub fn deepest_relevance_page(per_page: u32) -> u32 {
    (u32::try_from(RELEVANCE_DEPTH).unwrap_or(u32::MAX) / per_page.max(1)).max(1)
}

/// A parsed search: every group must match (a group matches when any of its terms does) and
/// no excluded term may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Terms joined by `or` form one group; groups are ANDed.
    pub all: Vec<Vec<Term>>,
    /// `-word` and `-"a phrase"`.
    pub none: Vec<Term>,
}

/// One word, or a phrase of words that must appear in this order; lower-case letters and
/// digits only, so no rendering can carry operators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term(pub Vec<String>);

/// Why a search cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("must contain a word to search for")]
    Empty,
    #[error("must be at most 200 characters")]
    TooLong,
    #[error("must contain a word to find, not only words to exclude")]
    OnlyExclusions,
    #[error("has no word to search for once common words (the, of, and…) are left out")]
    NothingSearchable,
    #[error(
        "must search for at most {MAX_WORDS} words (each word of a phrase counts, and so does \
         each excluded one): leave some out, or narrow the search with filters"
    )]
    TooManyWords,
    #[error("may join words with `or` at most {MAX_ORS} times")]
    TooManyOrs,
}

/// One piece of the query text before terms are grouped.
enum Token {
    Term { words: Vec<String>, negated: bool },
    Or,
}

impl SearchQuery {
    /// Reads the search syntax. Bare words must all appear; `"…"` is a phrase; a leading `-`
    /// excludes a word or phrase; `or` between two terms accepts either (and binds tighter than
    /// the implicit AND, so `a or b c` is `(a or b) and c`). Punctuation separates words, so a
    /// word such as `e-mail` is the phrase `"e mail"`; common English words are ignored
    /// outside phrases, as PostgreSQL's `english` configuration ignores them.
    pub fn parse(text: &str) -> Result<SearchQuery, SearchError> {
        if text.trim().is_empty() {
            return Err(SearchError::Empty);
        }
        if text.chars().count() > MAX_QUERY {
            return Err(SearchError::TooLong);
        }
        let mut query = SearchQuery {
            all: Vec::new(),
            none: Vec::new(),
        };
        let mut join_next = false;
        let mut excluded_any = false;
        for token in tokens(text) {
            match token {
                Token::Or => join_next = !query.all.is_empty(),
                Token::Term { words, negated } => {
                    let Some(term) = Term::new(words) else {
                        join_next = false;
                        continue;
                    };
                    if negated {
                        excluded_any = true;
                        query.none.push(term);
                        join_next = false;
                    } else if join_next && let Some(group) = query.all.last_mut() {
                        group.push(term);
                        join_next = false;
                    } else {
                        query.all.push(vec![term]);
                    }
                }
            }
        }
        if query.all.is_empty() {
            return Err(if excluded_any {
                SearchError::OnlyExclusions
            } else {
                SearchError::NothingSearchable
            });
        }
        let terms = || query.all.iter().flatten().chain(&query.none);
        if terms().map(|t| t.0.len()).sum::<usize>() > MAX_WORDS {
            return Err(SearchError::TooManyWords);
        }
        if query.all.iter().map(|group| group.len() - 1).sum::<usize>() > MAX_ORS {
            return Err(SearchError::TooManyOrs);
        }
        Ok(query)
    }

    /// An FTS5 MATCH expression. Each term is a double-quoted string, so user input is only
    /// ever read as text to tokenise, never as FTS5 syntax.
    pub fn to_fts5(&self) -> String {
        let term = |t: &Term| format!("\"{}\"", t.0.join(" ").replace('"', "\"\""));
        let any = |terms: &[Term]| match terms {
            [one] => term(one),
            many => format!(
                "({})",
                many.iter().map(term).collect::<Vec<_>>().join(" OR ")
            ),
        };
        let mut expr = self
            .all
            .iter()
            .map(|group| any(group))
            .collect::<Vec<_>>()
            .join(" AND ");
        if !self.none.is_empty() {
            let excluded: Vec<String> = self.none.iter().map(term).collect();
            expr = format!("({expr}) NOT ({})", excluded.join(" OR "));
        }
        expr
    }

    /// A `to_tsquery` string: quoted lexemes joined by `&`, `|`, `!` and `<->`. It is bound as a
    /// parameter; the lexemes hold only letters and digits, so it parses as written.
    pub fn to_tsquery(&self) -> String {
        let term = |t: &Term| {
            let words: Vec<String> = t.0.iter().map(|w| format!("'{w}'")).collect();
            match words.as_slice() {
                [one] => one.clone(),
                _ => format!("({})", words.join(" <-> ")),
            }
        };
        let any = |terms: &[Term]| match terms {
            [one] => term(one),
            many => format!(
                "({})",
                many.iter().map(term).collect::<Vec<_>>().join(" | ")
            ),
        };
        let mut parts: Vec<String> = self.all.iter().map(|group| any(group)).collect();
        parts.extend(self.none.iter().map(|t| format!("!{}", term(t))));
        parts.join(" & ")
    }
}

impl Term {
    /// A term from words as typed: lower-cased, with common words trimmed from a phrase's ends
    /// (and a lone common word dropped); `None` when nothing is left.
    fn new(words: Vec<String>) -> Option<Term> {
        let start = words.iter().position(|w| !is_stop_word(w))?;
        let end = words.iter().rposition(|w| !is_stop_word(w))?;
        Some(Term(words[start..=end].to_vec()))
    }
}

/// Splits the query into terms (bare words, quoted phrases, each maybe negated) and `or`s.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        while chars.peek() == Some(&'-') {
            negated = true;
            chars.next();
        }
        let mut raw = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            // An unclosed quote runs to the end, as web search engines read it.
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                raw.push(c);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                raw.push(c);
                chars.next();
            }
        }
        if !quoted && !negated && raw.eq_ignore_ascii_case("or") {
            out.push(Token::Or);
            continue;
        }
        let words = words(&raw);
        if !words.is_empty() {
            out.push(Token::Term { words, negated });
        }
    }
    out
}

/// The lower-cased runs of letters and digits in `text`.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// PostgreSQL's English stop words (`english.stop`), sorted; searching for one finds nothing
/// there, so neither backend searches for them.
#[rustfmt::skip]
const STOP_WORDS: [&str; 127] = [
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "did", "do", "does", "doing", "don", "down", "during", "each", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
    "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
    "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "s",
    "same", "she", "should", "so", "some", "such", "t", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "you", "your", "yours",
    "yourself", "yourselves",
];

/// Whether `word` (lower-case) is too common to search for.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SearchQuery {
        SearchQuery::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS;
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop_word("the") && !is_stop_word("sanctions"));
    }

    #[test]
    fn bare_words_must_all_match() {
        let q = parse("Nuclear  Programme");
        assert_eq!(q.to_fts5(), r#""nuclear" AND "programme""#);
        assert_eq!(q.to_tsquery(), "'nuclear' & 'programme'");
    }

    #[test]
    fn quotes_make_phrases_and_trim_common_words_at_their_ends() {
        let q = parse(r#""the rule of law" Vienna"#);
        assert_eq!(q.to_fts5(), r#""rule of law" AND "vienna""#);
        assert_eq!(q.to_tsquery(), "('rule' <-> 'of' <-> 'law') & 'vienna'");
        // An unclosed quote runs to the end.
        assert_eq!(parse(r#""joint plan"#).to_fts5(), r#""joint plan""#);
    }

    #[test]
    fn a_minus_excludes_words_and_phrases() {
        let q = parse(r#"iran -sanctions -"nuclear deal""#);
        assert_eq!(
            q.to_fts5(),
            r#"("iran") NOT ("sanctions" OR "nuclear deal")"#
        );
        assert_eq!(
            q.to_tsquery(),
            "'iran' & !'sanctions' & !('nuclear' <-> 'deal')"
        );
        // A hyphen inside a word is not an exclusion.
        assert_eq!(parse("e-mail").to_fts5(), r#""e mail""#);
    }

    #[test]
    fn or_joins_its_neighbours_more_tightly_than_and() {
        let q = parse(r#"iran OR "north korea" talks"#);
        assert_eq!(q.all.len(), 2);
        assert_eq!(q.to_fts5(), r#"("iran" OR "north korea") AND "talks""#);
        assert_eq!(q.to_tsquery(), "('iran' | ('north' <-> 'korea')) & 'talks'");
        // A leading, trailing or doubled `or` has nothing to join and is ignored, as is one
        // beside an exclusion; a quoted "or" is a (common) word.
        assert_eq!(parse("or iran or").to_fts5(), r#""iran""#);
        assert_eq!(parse("iran or or iraq").to_fts5(), r#"("iran" OR "iraq")"#);
        assert_eq!(parse("iran or -iraq").to_fts5(), r#"("iran") NOT ("iraq")"#);
    }

    #[test]
    fn operators_and_quotes_in_input_stay_text() {
        for (input, fts5) in [
            ("NEAR(a b)", r#""near" AND "b""#),
            ("title:lavrov", r#""title lavrov""#),
            ("lavrov*", r#""lavrov""#),
            ("russia's", r#""russia""#),
            (r"back\slash", r#""back slash""#),
            ("x AND y", r#""x" AND "y""#),
        ] {
            assert_eq!(parse(input).to_fts5(), fts5, "{input}");
        }
        // Every lexeme is letters and digits, so no quote can close early.
        let q = parse(r#"o'brien 'x' \' "#);
        assert!(q.to_tsquery().matches('\'').count().is_multiple_of(2));
        assert_eq!(q.to_tsquery(), "('o' <-> 'brien') & 'x'");
    }

    #[test]
    fn unsearchable_queries_say_why() {
        assert_eq!(SearchQuery::parse("  "), Err(SearchError::Empty));
        assert_eq!(
            SearchQuery::parse(&"a".repeat(201)),
            Err(SearchError::TooLong)
        );
        assert!(SearchQuery::parse(&"a".repeat(200)).is_ok());
        assert_eq!(
            SearchQuery::parse("-iran -iraq"),
            Err(SearchError::OnlyExclusions)
        );
        assert_eq!(
            SearchQuery::parse("the of and"),
            Err(SearchError::NothingSearchable)
        );
        assert_eq!(
            SearchQuery::parse(r#"* " ' \ NEAR("#).map(|q| q.to_fts5()),
            Ok(r#""near""#.to_owned())
        );
        assert_eq!(
            SearchQuery::parse("*()"),
            Err(SearchError::NothingSearchable)
        );
    }

    #[test]
    fn words_and_ors_are_capped_as_searched() {
        let words = |n: usize| (0..n).map(|i| format!("w{i}")).collect::<Vec<_>>();
        assert!(SearchQuery::parse(&words(MAX_WORDS).join(" ")).is_ok());
        assert_eq!(
            SearchQuery::parse(&words(MAX_WORDS + 1).join(" ")),
            Err(SearchError::TooManyWords)
        );
        // Words of phrases and exclusions count; common words left out do not.
        let phrase = format!("\"{}\" -w99", words(MAX_WORDS).join(" "));
        assert_eq!(SearchQuery::parse(&phrase), Err(SearchError::TooManyWords));
        let common = format!("{} the of and a", words(MAX_WORDS).join(" "));
        assert!(SearchQuery::parse(&common).is_ok());
        let ors = |n: usize| words(n + 1).join(" or ");
        assert!(SearchQuery::parse(&ors(MAX_ORS)).is_ok());
        assert_eq!(
            SearchQuery::parse(&ors(MAX_ORS + 1)),
            Err(SearchError::TooManyOrs)
        );
        // An `or` with nothing to join is ignored, so it is not counted either.
        assert!(SearchQuery::parse(&format!("or or {} or", ors(MAX_ORS))).is_ok());
    }

    #[test]
    fn non_latin_words_are_words() {
        assert_eq!(parse("Лавров").to_fts5(), r#""лавров""#);
    }
}
