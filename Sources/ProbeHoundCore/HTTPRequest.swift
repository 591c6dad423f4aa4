/// What a request line and its headers say, as ranges into the packet or log line.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `HEAD`, `CONNECT`...: a bare GET is the probe; other methods are ordinary use.
    public var method: ByteRange
    /// The request target: origin-form (`/ip`), absolute-form (`http://host/ip`, a proxy request) or authority (CONNECT).
    public var target: ByteRange
    /// The Host header: what matches the connectivity-check and IP-lookup lists.
    public var host: ByteRange?
    /// Tells scripted clients (curl, PowerShell) from browsers and OS agents.
    public var userAgent: ByteRange?
    /// Headers seen: scripted clients send few, browsers many.
    public var headerCount: Int
    /// A cookie, a referer or a language preference marks a browser or app session, not a probe.
    public var hasCookie: Bool
    /// A Referer header: a page linked here, so a browser.
    public var hasReferer: Bool
    /// An Accept-Language header: a browser or app with a locale.
    public var hasAcceptLanguage: Bool
    /// The header block ended inside this segment (`\r\n\r\n` seen).
    public var isComplete: Bool
    /// False for sources that record the request line but not its headers (Squid's native
    /// access.log, URL filter logs): a missing User-Agent or Cookie there says nothing about the client.
    public var headersRecorded = true
    /// The query where a source logs it apart from the path (W3C ELFF `cs-uri-query`, with its `?`):
    /// the request's target is then `target` followed by this.
    public var query: ByteRange? = nil

    /// A request line whose headers are read next (each starts absent).
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
    /// A, AAAA, TXT, PTR...: PTR questions about traceroute hops are matched to the path.
    public var queryType: UInt16
    /// Answers tell which hosts are resolvers (whose own queries are not probes).
    public var isResponse: Bool

    /// Offsets into the record's bytes, as the DNS decoder found them.
    public init(nameOffset: Int, messageOffset: Int, queryType: UInt16, isResponse: Bool) {
        self.nameOffset = Int32(truncatingIfNeeded: nameOffset)
        self.messageOffset = Int32(truncatingIfNeeded: messageOffset)
        self.queryType = queryType
        self.isResponse = isResponse
    }
}
