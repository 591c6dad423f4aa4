/// Text for a terminal (the table report, live mode's periodic table, messages on standard error):
/// every scalar that could move the cursor, clear the screen, start an escape sequence (ESC, CSI,
/// OSC, DCS in their 7- and 8-bit forms), ring the bell, overwrite what was printed (CR, backspace)
/// or reorder what is shown (bidi and format controls) is written visibly as `\xNN` or `\uNNNN`,
/// never emitted. Works on Unicode scalars, so no grapheme cluster can hide a control.
public enum TerminalText {
    /// True for a scalar a terminal may act on instead of showing.
    @inlinable
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        // Bidi embeddings, overrides and isolates; LRM/RLM/ALM; zero-width and invisible formatting;
        // line and paragraph separators; the BOM; interlinear annotation and object replacement.
        case 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB: true
        default: false
        }
    }

    /// `text` with every unsafe scalar shown as an escape; `keepNewlines` leaves LF alone (for
    /// multi-line reports whose line breaks are the tool's own).
    public static func escape(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepNewlines && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) && !(keepNewlines && scalar == "\n") {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `\x1b` for C0/C1 controls and DEL, `\u202e` for the others.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value <= 0xFF { return "\\x" + (hex.count < 2 ? "0" : "") + hex }
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
