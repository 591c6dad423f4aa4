import ProbeHoundCore

/// Text for the HTML report, escaped scalar by scalar so that no combining or prepended scalar can
/// fuse with `<` or `"` into a grapheme an escaper would not recognise. The same escape serves
/// element text, double- or single-quoted attribute values and SVG `<text>`/`<title>`: the five
/// markup characters become entities, and terminal and bidi controls are shown visibly
/// (`\x1b`, `\u202e`) so that the analyst sees what the attacker sent.
enum HTMLText {
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case _ where TerminalText.isUnsafe(scalar): out.append(contentsOf: TerminalText.visible(scalar).unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "&" || scalar == "<" || scalar == ">" || scalar == "\"" || scalar == "'" || TerminalText.isUnsafe(scalar)
    }
}
