//! The rules for the names of users and tokens, which the audit log, sign-in and URLs show.
//! A name is stored in Unicode NFC, so the same name typed on two keyboards is one name; it may
//! hold no control or formatting characters (a U+202E right-to-left override or a U+200D joiner
//! makes a name look like another one); and it may not be one of the reserved names that the
//! audit log or people would read as something else (`cli` is how the audit log names the
//! command line).

use chancery_shared::page::FieldError;
use unicode_normalization::UnicodeNormalization;

/// Longest name, in characters.
pub const MAX_NAME: usize = 100;

/// Names no user or token may take, compared without regard to case.
pub const RESERVED: [&str; 8] = [
    "cli",
    "admin",
    "administrator",
    "root",
    "system",
    "anonymous",
    "superuser",
    "chancery",
];

/// Unicode's format characters (general category Cf, Unicode 16), plus the line and paragraph
/// separators (Zl, Zp): invisible, or they reorder or break the text around them.
const FORMAT: [(u32, u32); 22] = [
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

fn is_format(c: char) -> bool {
    let c = u32::from(c);
    FORMAT.iter().any(|&(low, high)| (low..=high).contains(&c))
}

/// `text` in Unicode NFC, the form names are stored and looked up in.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// The stored form of a new name, or what is wrong with it (naming `field`).
pub fn parse(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = nfc(raw);
    let refuse = |message: String| Err(FieldError::new(field, &message));
    if name.trim().is_empty() {
        return refuse("must not be blank".to_owned());
    }
    if name.chars().count() > MAX_NAME {
        return refuse(format!("must be at most {MAX_NAME} characters"));
    }
    if let Some(bad) = name.chars().find(|&c| c.is_control() || is_format(c)) {
        return refuse(format!(
            "must not contain control or formatting characters (it holds U+{:04X})",
            u32::from(bad)
        ));
    }
    if RESERVED.contains(&name.to_lowercase().as_str()) {
        return refuse(format!("`{name}` is reserved; choose another name"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stored_in_nfc() {
        let decomposed = "Rene\u{301}e";
        assert_eq!(parse("name", decomposed).expect("valid"), "Ren\u{e9}e");
        assert_eq!(nfc(decomposed), nfc("Ren\u{e9}e"));
    }

    #[test]
    fn printable_names_in_any_script_pass() {
        for good in [
            "press-office feed",
            "Пресс-служба / feed #1",
            &"é".repeat(100),
        ] {
            assert!(parse("name", good).is_ok(), "{good}");
        }
    }

    #[test]
    fn blank_long_control_and_format_characters_are_refused_naming_the_field() {
        for bad in [
            "",
            "   ",
            "tab\there",
            "line\nbreak",
            "evil\u{202E}gnp.exe",
            "zero\u{200D}joiner",
            "soft\u{AD}hyphen",
            "tag\u{E0041}",
            "para\u{2029}graph",
            &"x".repeat(101),
        ] {
            let error = parse("owner", bad).expect_err(bad);
            assert_eq!(error.field, "owner", "{bad:?}");
        }
        let error = parse("name", "a\u{202E}b").expect_err("override");
        assert!(error.message.contains("U+202E"), "{}", error.message);
    }

    #[test]
    fn reserved_names_are_refused_in_any_case() {
        for bad in ["cli", "CLI", "Admin", "root", "System", "anonymous"] {
            let error = parse("name", bad).expect_err(bad);
            assert!(error.message.contains("reserved"), "{}", error.message);
        }
        assert!(parse("name", "admin-team").is_ok());
    }
}
