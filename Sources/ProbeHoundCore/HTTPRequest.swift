/// What a request line and its headers say, as ranges into the packet or log line.
public struct HTTPRequest: Sendable, Hashable {
    public var method: ByteRange
    /// The request target: origin-form (`/ip`), absolute-form (`http://host/ip`, a proxy request) or authority (CONNECT).
    public var target: ByteRange
    public var host: ByteRange?
    public var userAgent: ByteRange?
    public var headerCount: Int
    public var hasCookie: Bool
    public var hasReferer: Bool
    public var hasAcceptLanguage: Bool
    /// The header block ended inside this segment (`\r\n\r\n` seen).
    public var isComplete: Bool

    public init(method: ByteRange, target: ByteRange) {
        self.method = method
        self.target = target
        host = nil
        userAgent = nil
        headerCount = 0
        hasCookie = false
        hasReferer = false
        hasAcceptLanguage = false
        isComplete = false
    }
}

/// The first question of a DNS message.
public struct DNSQuestion: Sendable, Hashable {
    /// Offset of the encoded name (length-prefixed labels) in the record's bytes.
    public var nameOffset: Int32
    /// Offset of the DNS header, needed to follow compression pointers.
    public var messageOffset: Int32
    public var queryType: UInt16
    public var isResponse: Bool

    public init(nameOffset: Int, messageOffset: Int, queryType: UInt16, isResponse: Bool) {
        self.nameOffset = Int32(truncatingIfNeeded: nameOffset)
        self.messageOffset = Int32(truncatingIfNeeded: messageOffset)
        self.queryType = queryType
        self.isResponse = isResponse
    }
}
