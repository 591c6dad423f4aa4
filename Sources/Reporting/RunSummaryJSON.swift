public import ProbeHoundCore

extension RunSummary {
    /// The summary line of ndjson and `--verbose`: the counts, every skip reason, libpcap's counters.
    public var json: String {
        var json = JSONWriter()
        json.field("type", "summary")
        json.field("inputs", inputs)
        json.field(isLogRun ? "records" : "packets", packets)
        if !isLogRun { json.field("bytes", bytes) }
        json.field("observations", observations)
        var skippedJSON = JSONWriter()
        for (reason, count) in skipped.nonZero { skippedJSON.field(reason.name, count) }
        json.field("skipped", raw: skippedJSON.object)
        json.field("filtered", filtered)
        json.field("partial", partial)
        if !encapsulated.nonZero.isEmpty {
            var tunnels = JSONWriter()
            for (kind, count) in encapsulated.nonZero { tunnels.field(kind.name, count) }
            json.field("encapsulated", raw: tunnels.object)
        }
        json.field("duplicates", duplicates)
        json.field("endpoints", endpoints)
        json.field("findings", findings)
        json.field("suppressed", suppressed)
        json.field("evicted", evicted)
        if evicted > 0 || notAdmitted > 0 {
            var segments = JSONWriter()
            segments.field("probation", evictedFromProbation)
            segments.field("protected", evictedFromProtected)
            json.field("evicted_by_segment", raw: segments.object)
            json.field("not_admitted", notAdmitted)
        }
        if expired > 0 { json.field("expired", expired) }
        if queueDropped > 0 { json.field("queue_dropped", queueDropped) }
        if let captureReceived {
            var pcap = JSONWriter()
            pcap.field("ps_recv", captureReceived)
            pcap.field("ps_drop", captureDropped)
            pcap.field("ps_ifdrop", captureInterfaceDropped)
            json.field("pcap", raw: pcap.object)
        }
        if noInternalAddresses { json.field("no_internal_addresses", true) }
        if processProbesWithoutAddress > 0 {
            json.field("process_probes_without_address", processProbesWithoutAddress)
            json.field("hosts_without_address", strings: hostsWithoutAddress)
        }
        if !inputErrors.isEmpty { json.field("input_errors", strings: inputErrors) }
        return json.object
    }
}
