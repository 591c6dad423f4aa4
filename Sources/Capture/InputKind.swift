/// What an input that the chosen command could not read seems to be, so the message can say which
/// command reads it (`read` for captures, `logs` for firewall and flow logs).
public enum InputKind {
    case capture, text, other

    /// Looks at the first bytes (decompressed when gzip).
    public static func of(_ path: String) -> InputKind {
        guard path != "-", let file = RecordFile(path: path), file.readAhead(4) else { return .other }
        _ = file.readAhead(508)
        let head = file.readAhead
        let magic = UInt32(head[0]) | UInt32(head[1]) << 8 | UInt32(head[2]) << 16 | UInt32(head[3]) << 24
        if [0xA1B2_C3D4, 0xA1B2_3C4D, 0xD4C3_B2A1, 0x4D3C_B2A1, 0x0A0D_0D0A].contains(magic) { return .capture }
        let printable = head.filter { $0 == 9 || $0 == 10 || $0 == 13 || ($0 >= 32 && $0 != 127) }.count
        return printable * 10 >= head.count * 9 ? .text : .other
    }
}
