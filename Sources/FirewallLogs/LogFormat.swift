public import ProbeHoundCore

/// What a parser made of one line.
public enum LineVerdict: Sendable, Equatable {
    case observation
    case skipped(SkipReason)
}

/// Settings a parser may need beyond the line.
public struct LogContext: Sendable {
    /// Year for syslog stamps that carry none (`--year`, else the file's modification year).
    public var defaultYear: Int
    /// A site's Squid `logformat` for access.log (`squid_logformat`), nil for the native format.
    public var squidLayout: SquidLogLayout?

    /// A context for one file.
    public init(defaultYear: Int, squidLayout: SquidLogLayout? = nil) {
        self.defaultYear = defaultYear
        self.squidLayout = squidLayout
    }
}

/// Parses the lines of one file in one format. Stateful because some formats declare their
/// columns in a header (Zeek `#fields`, Windows Firewall `#Fields:`, VPC flow log header).
public protocol LogRecordParser {
    /// Fills `observation` (already holding the origin) from `line`. Ranges in the observation
    /// (HTTP host, DNS name) point into `line`.
    mutating func parse(_ line: Span<UInt8>, into observation: inout Observation, context: LogContext) -> LineVerdict

    /// For formats that pack several records into one line (Azure NSG flow tuples): hands each to
    /// `emit` and returns how many. The default parses the line as one record.
    mutating func parseRecords(_ line: Span<UInt8>, template: Observation, context: LogContext,
                               emit: (Observation) -> Void) -> (records: Int, verdict: LineVerdict)
}

extension LogRecordParser {
    /// One record per line: what every format but Azure NSG writes.
    public mutating func parseRecords(_ line: Span<UInt8>, template: Observation, context: LogContext,
                                      emit: (Observation) -> Void) -> (records: Int, verdict: LineVerdict) {
        var observation = template
        let verdict = parse(line, into: &observation, context: context)
        if verdict == .observation { emit(observation) }
        return (1, verdict)
    }
}

/// The supported formats; `--log-format` takes these names.
public enum LogFormat: String, CaseIterable, Sendable {
    case iptables
    case ulogdJSON = "ulogd-json"
    case pf
    case asa
    case zeekConn = "zeek-conn"
    case zeekHTTP = "zeek-http"
    case suricataEVE = "suricata-eve"
    case vpcFlow = "vpc-flow"
    case windowsFirewall = "windows-firewall"
    case panos
    case fortigate
    case cef
    case gcpFirewall = "gcp-firewall"
    case azureNSG = "azure-nsg"
    case squid
    case umbrellaDNS = "umbrella-dns"
    case windowsEvents = "windows-events"
    case juniperSRX = "juniper-srx"
    case netscreen
    case checkpoint
    case sonicwall
    case proxysg
    case auditd
    case osquery
    case sophos
    case umbrellaProxy = "umbrella-proxy"
    case zscalerWeb = "zscaler-web"
    case forcepointWeb = "forcepoint-web"

    /// A fresh parser for one file in this format (parsers keep header state per file).
    public func makeParser() -> any LogRecordParser {
        switch self {
        case .iptables: NetfilterLogParser()
        case .ulogdJSON: UlogdJSONParser()
        case .pf: PFFilterlogParser()
        case .asa: CiscoASAParser()
        case .zeekConn: ZeekLogParser(kind: .conn)
        case .zeekHTTP: ZeekLogParser(kind: .http)
        case .suricataEVE: SuricataEVEParser()
        case .vpcFlow: VPCFlowLogParser()
        case .windowsFirewall: WindowsFirewallLogParser()
        case .panos: PANOSLogParser()
        case .fortigate: FortiGateLogParser()
        case .cef: CEFLogParser()
        case .gcpFirewall: GCPFirewallLogParser()
        case .azureNSG: AzureNSGFlowLogParser()
        case .squid: SquidAccessLogParser()
        case .umbrellaDNS: UmbrellaDNSLogParser()
        case .umbrellaProxy: UmbrellaProxyLogParser()
        case .zscalerWeb: ZscalerWebLogParser()
        case .forcepointWeb: ForcepointWebLogParser()
        case .windowsEvents: WindowsEventJSONParser()
        case .juniperSRX: JuniperSRXParser()
        case .netscreen: NetScreenLogParser()
        case .checkpoint: CheckPointLogParser()
        case .sonicwall: SonicWallLogParser()
        case .proxysg: ELFFAccessLogParser()
        case .auditd: AuditdLogParser()
        case .osquery: OsqueryResultParser()
        case .sophos: SophosXGLogParser()
        }
    }

    /// A cheap look at one line: does it carry this format's signature?
    public func recognizes(_ line: Span<UInt8>) -> Bool {
        let all = 0..<line.count
        switch self {
        case .iptables:
            return line.firstIndex(of: " SRC=", in: all) != nil && line.firstIndex(of: " PROTO=", in: all) != nil
        case .ulogdJSON:
            return line.firstIndex(of: "\"oob.prefix\"", in: all) != nil || line.firstIndex(of: "\"dvc\": \"Netfilter\"", in: all) != nil
        case .pf:
            return line.firstIndex(of: "filterlog", in: all) != nil
                || line.firstIndex(of: " unbound[", in: all) != nil && line.firstIndex(of: " info: ", in: all) != nil
        case .asa:
            return line.firstIndex(of: "%ASA-", in: all) != nil || line.firstIndex(of: "%FTD-", in: all) != nil
                || line.firstIndex(of: "%PIX-", in: all) != nil || line.firstIndex(of: " ASA-", in: all) != nil
        case .zeekConn:
            return line.firstIndex(of: "\"id.orig_h\"", in: all) != nil && line.firstIndex(of: "\"conn_state\"", in: all) != nil
                || line.hasPrefix("#path\tconn", at: 0)
        case .zeekHTTP:
            return line.firstIndex(of: "\"id.orig_h\"", in: all) != nil && line.firstIndex(of: "\"method\"", in: all) != nil
                || line.hasPrefix("#path\thttp", at: 0)
        case .suricataEVE:
            return line.firstIndex(of: "\"event_type\"", in: all) != nil && line.firstIndex(of: "\"src_ip\"", in: all) != nil
        case .vpcFlow:
            return VPCFlowLogParser.looksLikeRecord(line)
        case .windowsFirewall:
            return line.hasPrefix("#Software: Microsoft Windows Firewall", at: 0) || line.hasPrefix("#Fields: date time action", at: 0)
        case .panos:
            return line.firstIndex(of: ",TRAFFIC,", in: all) != nil || line.firstIndex(of: ",THREAT,", in: all) != nil
                || line.firstIndex(of: ",SYSTEM,", in: all) != nil || line.firstIndex(of: ",CONFIG,", in: all) != nil
        case .fortigate:
            return line.firstIndex(of: "logid=", in: all) != nil && line.firstIndex(of: " type=", in: all) != nil
        case .cef:
            return line.firstIndex(of: "CEF:", in: all) != nil || line.firstIndex(of: "LEEF:", in: all) != nil
        case .azureNSG:
            return line.firstIndex(of: "\"flowTuples\"", in: all) != nil
        case .gcpFirewall:
            return line.firstIndex(of: "\"jsonPayload\"", in: all) != nil && line.firstIndex(of: "\"connection\"", in: all) != nil
        case .squid:
            return SquidAccessLogParser.looksLikeRecord(line)
        case .umbrellaDNS:
            return UmbrellaDNSLogParser.looksLikeRecord(line)
        case .umbrellaProxy:
            return UmbrellaProxyLogParser.looksLikeRecord(line)
        case .zscalerWeb:
            return ZscalerWebLogParser.looksLikeRecord(line)
        case .forcepointWeb:
            return ForcepointWebLogParser.looksLikeRecord(line)
        case .juniperSRX:
            return line.firstIndex(of: "RT_FLOW", in: all) != nil
        case .netscreen:
            return line.firstIndex(of: "NetScreen device_id=", in: all) != nil || line.firstIndex(of: "Netscreen device_id=", in: all) != nil
        case .checkpoint:
            return line.firstIndex(of: " CheckPoint ", in: all) != nil && CheckPointLogParser.blockStart(line) != nil
        case .proxysg:
            return ELFFAccessLogParser.looksLikeRecord(line)
        case .auditd:
            return AuditdLogParser.looksLikeRecord(line)
        case .osquery:
            return OsqueryResultParser.looksLikeRecord(line)
        case .sophos:
            return SophosXGLogParser.looksLikeRecord(line)
        case .sonicwall:
            return line.firstIndex(of: "id=", in: all) != nil && line.firstIndex(of: " sn=", in: all) != nil
                && line.firstIndex(of: " m=", in: all) != nil && line.firstIndex(of: " fw=", in: all) != nil
        case .windowsEvents:
            return line.firstIndex(of: "\"EventID\"", in: all) != nil || line.firstIndex(of: "\"event_id\"", in: all) != nil
                && line.firstIndex(of: "\"winlog\"", in: all) != nil
        }
    }
}
