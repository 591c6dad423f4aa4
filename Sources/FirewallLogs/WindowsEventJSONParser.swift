import ProbeHoundCore

/// Windows event records as JSON lines, in the shapes shippers write them: flat (NXLog, the OTRF
/// datasets: event data at the top level beside `EventID` and `Hostname`), winlogbeat / Elastic
/// Agent (`winlog.event_id`, `winlog.computer_name`, `winlog.event_data.*`) and evtx_dump
/// (`Event.System.EventID`, `Event.System.Computer`, `Event.EventData.*`). Fields are found by their
/// last key, whatever the nesting.
///
/// Read: Sysmon 1 (process created), 3 (network connection), 22 (DNS query) and Security 4688
/// (process created, hex ids) and 5156 (connection permitted by the filtering platform). Other
/// events are understood and hold nothing to analyse. Sysmon's own `UtcTime` is preferred over the
/// collector's stamps, which can be hours off (the OTRF sets are 4 to 16 h apart).
public struct WindowsEventJSONParser: LogRecordParser {
    public init() {}

    /// The events read, by id.
    enum EventKind {
        case processCreated, networkConnection, dnsQuery, securityProcessCreated, filteringConnection

        init?(id: Int, sysmon: Bool?) {
            switch id {
            case 1 where sysmon != false: self = .processCreated
            case 3 where sysmon != false: self = .networkConnection
            case 22 where sysmon != false: self = .dnsQuery
            case 4688 where sysmon != true: self = .securityProcessCreated
            case 5156 where sysmon != true: self = .filteringConnection
            default: return nil
            }
        }
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        var fields = Fields()
        let parsed = JSONScanner.walk(line) { path, value, _ in fields.take(path, value, line) }
        guard parsed else { return .skipped(.unparsed) }
        guard let id = fields.eventID else { return .skipped(.unparsed) }
        guard let kind = EventKind(id: id, sysmon: fields.provider.map { line.firstIndex(of: "Sysmon", in: $0) != nil }) else {
            return .skipped(.noTraffic)
        }
        guard let time = fields.utcTime.flatMap({ SyslogEnvelope.rfc3339(line, at: $0.lowerBound)?.0 })
                ?? fields.collectorTime.flatMap({ SyslogEnvelope.rfc3339(line, at: $0.lowerBound)?.0 }) else { return .skipped(.unparsed) }
        o.timestamp = time
        var process = ProcessActivity(action: .started, encoding: .json)
        process.host = fields.host.map(ByteRange.init)
        process.image = fields.image.map(ByteRange.init)
        process.commandLine = fields.commandLine.flatMap { $0.isEmpty ? nil : ByteRange($0) }
        process.user = fields.user.map(ByteRange.init)
        process.parentImage = fields.parentImage.map(ByteRange.init)
        switch kind {
        case .processCreated, .securityProcessCreated:
            process.processID = (kind == .securityProcessCreated ? fields.newProcessID : fields.processID).flatMap { line.integerOrHex($0) }
        case .dnsQuery:
            guard let name = fields.queryName, !name.isEmpty else { return .skipped(.noTraffic) }
            process.action = .resolved
            process.processID = fields.processID.flatMap { line.integerOrHex($0) }
            o.queryName = ByteRange(name)
        case .networkConnection, .filteringConnection:
            guard let source = fields.sourceAddress.flatMap({ line.address($0) }),
                  let destination = fields.destinationAddress.flatMap({ line.address($0) }) else { return .skipped(.noTraffic) }
            process.action = .connected
            process.processID = fields.processID.flatMap { line.integerOrHex($0) }
            // Inbound connections are logged from the remote side's view of the pair: keep the
            // initiator as the source, as a flow log does.
            let inbound = fields.initiated.map { line.equalsIgnoringCase("false", $0) } ?? false
                || fields.direction.map { line.equals("%%14592", $0) } ?? false
            o.source = inbound ? destination : source
            o.destination = inbound ? source : destination
            let sourcePort = fields.sourcePort.flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            let destinationPort = fields.destinationPort.flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            o.sourcePort = inbound ? destinationPort : sourcePort
            o.destinationPort = inbound ? sourcePort : destinationPort
            o.ipProtocol = fields.transport.flatMap { line.integer($0).map { UInt8(clamping: $0) } ?? IPProtocolNumber.named(line, $0) } ?? 0
            // Only outbound connections tell the host's own address.
            if inbound { process.host = nil }
        }
        o.process = process
        return .observation
    }

    /// The fields of one record, as ranges into the line (strings without their quotes).
    struct Fields {
        var eventID: Int?
        var provider: Range<Int>?
        var host: Range<Int>?
        var utcTime: Range<Int>?
        var collectorTime: Range<Int>?
        var image: Range<Int>?
        var commandLine: Range<Int>?
        var user: Range<Int>?
        var userDomain: Range<Int>?
        var parentImage: Range<Int>?
        var processID: Range<Int>?
        var newProcessID: Range<Int>?
        var queryName: Range<Int>?
        var sourceAddress: Range<Int>?
        var destinationAddress: Range<Int>?
        var sourcePort: Range<Int>?
        var destinationPort: Range<Int>?
        var transport: Range<Int>?
        var initiated: Range<Int>?
        var direction: Range<Int>?

        mutating func take(_ path: borrowing PathBuffer, _ value: Range<Int>, _ line: Span<UInt8>) {
            // The System block's own attributes (the logging service's ProcessID, the provider's
            // Guid) are not the event's data; only its provider name and creation time are read.
            if path.contains("#attributes") {
                if path.hasSuffix("Provider.#attributes.Name") { provider = value }
                else if path.hasSuffix("TimeCreated.#attributes.SystemTime") { collectorTime = collectorTime ?? value }
                return
            }
            if path.hasSuffix("EventID") || path.hasSuffix("event_id") || path.equals("event.code") {
                eventID = eventID ?? line.integer(value)
            } else if path.hasSuffix("SourceName") || path.hasSuffix("provider_name") {
                provider = provider ?? value
            } else if path.hasSuffix("Hostname") || path.hasSuffix("Computer") || path.hasSuffix("computer_name") {
                host = host ?? value
            } else if path.hasSuffix("UtcTime") {
                utcTime = value
            } else if path.hasSuffix("TimeCreated") || path.hasSuffix("time_created") || path.equals("@timestamp") || path.equals("EventTime") {
                collectorTime = collectorTime ?? value
            } else if path.hasSuffix("Image") || path.hasSuffix("NewProcessName") || path.hasSuffix("Application") {
                image = value
            } else if path.hasSuffix("CommandLine") {
                commandLine = value
            } else if path.hasSuffix("User") || path.hasSuffix("SubjectUserName") {
                user = value
            } else if path.hasSuffix("ParentImage") || path.hasSuffix("ParentProcessName") {
                parentImage = value
            } else if path.hasSuffix("ProcessId") || path.hasSuffix("ProcessID") {
                processID = value
            } else if path.hasSuffix("NewProcessId") {
                newProcessID = value
            } else if path.hasSuffix("QueryName") {
                queryName = value
            } else if path.hasSuffix("SourceIp") || path.hasSuffix("SourceAddress") {
                sourceAddress = value
            } else if path.hasSuffix("DestinationIp") || path.hasSuffix("DestAddress") {
                destinationAddress = value
            } else if path.hasSuffix("SourcePort") {
                sourcePort = value
            } else if path.hasSuffix("DestinationPort") || path.hasSuffix("DestPort") {
                destinationPort = value
            } else if path.hasSuffix("Protocol") {
                transport = value
            } else if path.hasSuffix("Initiated") {
                initiated = value
            } else if path.hasSuffix("Direction") {
                direction = value
            }
        }
    }
}

extension ByteRange {
    init(_ range: Range<Int>) {
        self.init(start: range.lowerBound, count: range.count)
    }
}
