/// The kinds of Internet Connection Discovery probe a finding can hold. Every place that handles a
/// kind (scoring, reporters, metrics) switches over this enum exhaustively, so adding a kind makes
/// the compiler point at each of them. The raw values are the schema's names.
public enum ProbeKind: String, CaseIterable, Sendable, Hashable {
    case icmpEcho = "icmp_echo"
    case traceroute
    case httpGet = "http_get"
    case dns
}

/// What a host name or GET was judged to be. Raw values are the schema's `category` strings.
public enum ProbeCategory: String, Sendable, Hashable {
    /// OS and browser captive-portal / connectivity checks.
    case connectivityCheck = "connectivity-check"
    /// External-IP lookup services.
    case ipLookup = "ip-lookup"
    /// Large sites that malware fetches with a terse `GET /` to test reachability (ET 2018430-3).
    case terseCheck = "terse-check"
    /// A GET addressed to a bare external IP.
    case bareIP = "bare-ip"
    /// A PTR question for a router the endpoint's traceroute reached.
    case tracerouteHopPTR = "traceroute-hop-ptr"
}

/// Where a host name was seen: a DNS question, or the server name of a TLS ClientHello.
public enum NameSource: String, Sendable, Hashable {
    case dns
    case tlsSNI = "tls_sni"
}
