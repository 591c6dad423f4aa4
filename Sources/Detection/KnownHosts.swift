/// Hosts whose only purpose is to answer "am I online?" or "what is my address?", matched on the
/// name or any subdomain (`ipv6.icanhazip.com` matches `icanhazip.com`), plus check paths on any host.
/// Sources: ET Open, Sigma, Elastic, Splunk lists and OS documentation (research/detection-anchors.md §2.2, §3, §4).
public struct KnownHosts: Sendable {
    /// One known name and what it is.
    public struct Entry: Sendable {
        /// The name, lowercased, as bytes (matched against packet bytes without allocating).
        public let name: [UInt8]
        /// Connectivity check, IP lookup or terse check.
        public let category: ProbeCategory
    }

    public private(set) var entries: [Entry] = []
    public private(set) var checkPaths: [[UInt8]] = []
    /// Entry indexes by the FNV-1a hash of the name, so a lookup hashes each label suffix once
    /// instead of comparing against every entry (DNS queries make this a per-packet cost).
    private var byHash: [UInt64: [Int]] = [:]

    /// No names (a config that replaces every list starts here).
    public init() {}

    /// Adds a name (and so its subdomains) to a category.
    public mutating func add(_ name: String, _ category: ProbeCategory) {
        let lowered = Array(name.lowercased().utf8)
        entries.removeAll { $0.name == lowered }
        entries.append(Entry(name: lowered, category: category))
        reindex()
    }

    private mutating func reindex() {
        byHash.removeAll()
        for (index, entry) in entries.enumerated() {
            byHash[KnownHosts.hash(entry.name, from: 0), default: []].append(index)
        }
    }

    private static func hash(_ bytes: [UInt8], from start: Int) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in start..<bytes.count { value = (value ^ UInt64(bytes[i])) &* 0x100_0000_01b3 }
        return value
    }

    /// Empties one category, for a config that replaces its list.
    public mutating func removeAll(_ category: ProbeCategory) {
        entries.removeAll { $0.category == category }
        reindex()
    }

    /// Empties the check paths, for a config that replaces them.
    public mutating func removeAllCheckPaths() {
        checkPaths.removeAll()
    }

    /// A path that is a connectivity check on any host (`/generate_204`).
    public mutating func addCheckPath(_ path: String) {
        checkPaths.append(Array(path.utf8))
    }

    /// `name` must be lowercase without a port or trailing dot. The longest listed suffix wins.
    public func match(_ name: [UInt8]) -> Entry? {
        var start = 0
        while start < name.count {
            if let candidates = byHash[KnownHosts.hash(name, from: start)] {
                for index in candidates where entries[index].name.elementsEqual(name[start...]) { return entries[index] }
            }
            guard let dot = name[start...].firstIndex(of: UInt8(ascii: ".")) else { break }
            start = dot + 1
        }
        return nil
    }

    /// `path` is the request path without query.
    public func isCheckPath(_ path: [UInt8]) -> Bool {
        checkPaths.contains { $0 == path }
    }

    /// The same test on a path read in place from a packet or log line.
    public func isCheckPath(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Bool {
        checkPaths.contains { candidate in
            guard candidate.count == range.count else { return false }
            for (offset, byte) in candidate.enumerated() where bytes[range.lowerBound + offset] != byte { return false }
            return true
        }
    }


    /// The lists ProbeHound ships with (sources above).
    public static let standard: KnownHosts = {
        var hosts = KnownHosts()
        for name in [
            "msftconnecttest.com", "msftncsi.com", "connectivitycheck.gstatic.com", "connectivitycheck.android.com",
            "clients1.google.com", "clients3.google.com", "captive.apple.com", "detectportal.firefox.com",
            "connectivity-check.ubuntu.com", "nmcheck.gnome.org", "network-test.debian.org", "ping.archlinux.org",
            "internetbeacon.msedge.net", "canireachthe.net", "appleiphonecell.com", "airport.us", "thinkdifferent.us",
        ] { hosts.add(name, .connectivityCheck) }
        for name in [
            "ipify.org", "ipinfo.io", "ifconfig.me", "ifconfig.co", "ifconfig.io", "ifconfig.es", "ifconfig.pro",
            "icanhazip.com", "checkip.amazonaws.com", "checkip.dyndns.org", "checkip.dyndns.com", "wtfismyip.com",
            "myexternalip.com", "ipecho.net", "ident.me", "ip-api.com", "ip-api.io", "jsonip.com", "whatismyipaddress.com",
            "myip.opendns.com", "o-o.myaddr.l.google.com", "whoami.akamai.net", "whoami.ds.akahelp.net", "whoami.cloudflare",
            "whatismyip.akamai.com", "l2.io", "api.myip.com", "ipwho.is", "freegeoip.app",
            "freegeoip.net", "freegeoip.live", "ipapi.co", "api.ipapi.com", "geoplugin.net", "iplogger.org", "iplogger.com",
            "api.2ip.ua", "2ip.ru", "2ip.ua", "api.bigdatacloud.net", "curlmyip.com", "curlmyip.net", "db-ip.com",
            "eth0.me", "geoipy.com", "getip.pro", "ip.360.cn", "ip.anysrc.net", "ip.taobao.com", "ip.tyk.nu",
            "ipaddressworld.com", "ipconfig.io", "ipip.net", "ipof.in", "ipv6-test.com", "seeip.org", "wgetip.com",
            "whois.pconline.com.cn", "www.ip.cn", "ip.cn", "ip.me", "api.ip.sb", "ip.sb", "echoip.de", "ipinfo.info",
            "get.geojs.io", "ipbase.com", "ipcalf.com", "ipaddr.site", "ipaddress.sh", "tnx.nl", "ip.liquidweb.com",
            "api.ipstack.com", "api.db-ip.com", "api.ipaddress.com", "extreme-ip-lookup.com", "ipchicken.com",
            "myip.dnsomatic.com", "showip.net", "trackip.net", "tracemyip.org", "whoer.net", "ip.dnsexit.com",
            "me.shodan.io", "my-ip.io", "geolocation-db.com", "reallyfreegeoip.org", "ip2location.com", "ipgeoapi.com",
            "myipaddress.com", "showipaddress.com", "check.torproject.org", "ip.jsontest.com", "api.ipgeolocation.io",
        ] { hosts.add(name, .ipLookup) }
        for name in ["google.com", "www.google.com", "www.msn.com", "www.bing.com", "www.yahoo.com"] {
            hosts.add(name, .terseCheck)
        }
        for path in ["/generate_204", "/gen_204", "/connecttest.txt", "/ncsi.txt", "/hotspot-detect.html",
                     "/success.txt", "/check_network_status.txt", "/nm-check.txt", "/static/hotspot.txt",
                     "/canonical.html", "/library/test/success.html"] {
            hosts.addCheckPath(path)
        }
        return hosts
    }()
}
