import Detection
import ProbeHoundCore

/// The HTML report's two plots: a traceroute's TTL staircase, and an endpoint's probe timeline.
enum ReportPlots {
    /// TTL over time, one dot per probe, with the router that answered each TTL written beside it
    /// (`*` where none did): the shape that tells a traceroute from anything else at a glance.
    static func staircase(_ trace: TracerouteSummary) -> String? {
        let points = trace.probeTimeline.sorted { $0.time < $1.time }
        guard let first = points.first else { return nil }
        let top = max(Int(points.map(\.ttl).max() ?? 1), trace.hops.count, 1)
        let duration = max(points.last!.time.interval(since: first.time), 0.001)
        let left = 56.0, plotWidth = 420.0, rowHeight = 20.0, topMargin = 16.0
        let labelX = left + plotWidth + 16
        let height = Int(topMargin + rowHeight * Double(top) + 40)
        var canvas = SVGCanvas(width: Int(labelX) + 230, height: height, cssClass: "staircase")
        func y(_ ttl: Int) -> Double { topMargin + rowHeight * Double(top - ttl) + rowHeight / 2 }
        func x(_ time: Timestamp) -> Double { left + plotWidth * time.interval(since: first.time) / duration }

        for ttl in 1...top {
            canvas.line(left, y(ttl), left + plotWidth, y(ttl), cssClass: "grid")
            canvas.text(left - 8, y(ttl) + 4, "TTL \(ttl)", cssClass: "axis", anchor: "end")
            let router = ttl <= trace.hops.count ? trace.hops[ttl - 1] : nil
            let pastTarget = trace.destinationReached && ttl > trace.hops.count && !trace.hops.isEmpty
            let label = router.map { $0 == trace.target ? "\($0) (target)" : $0.description } ?? (pastTarget ? "(past the target)" : "*")
            canvas.text(labelX, y(ttl) + 4, label, cssClass: router == nil ? "hop silent" : "hop")
        }
        let axisY = topMargin + rowHeight * Double(top) + 14
        canvas.text(left, axisY, "0 s", cssClass: "axis")
        let span = duration < 1 ? "\(Int(duration * 1000 + 0.5)) ms" : Timestamp.shortDuration(duration)
        canvas.text(left + plotWidth, axisY, span, cssClass: "axis", anchor: "end")
        canvas.text(left + plotWidth / 2, axisY + 16, "time since the first probe", cssClass: "axis", anchor: "middle")
        canvas.polyline(points.map { (x($0.time), y(Int($0.ttl))) }, cssClass: "steps")
        for point in points {
            let ttl = Int(point.ttl)
            let answered = ttl >= 1 && ttl <= trace.hops.count && trace.hops[ttl - 1] != nil
            canvas.circle(x(point.time), y(ttl), radius: 4, cssClass: answered ? "probe answered" : "probe",
                          title: "TTL \(ttl) at \(point.time.iso8601)")
        }
        return canvas.svg
    }

    /// One row per kind of probe (and follow-ups) across the endpoint's active span.
    static func timeline(_ finding: Finding) -> String {
        var rows: [(String, [Timestamp])] = []
        rows += finding.sections.flatMap(\.timelineRows).map { ($0.label, $0.times) }
        if !finding.followUps.isEmpty { rows.append(("follow-up", finding.followUps.map(\.time))) }
        let times = rows.flatMap(\.1)
        let start = times.min() ?? finding.firstSeen
        let end = times.max() ?? finding.lastSeen
        let span = max(end.interval(since: start), 0.001)
        let left = 200.0, plotWidth = 480.0, rowHeight = 22.0
        var canvas = SVGCanvas(width: Int(left + plotWidth) + 20, height: Int(rowHeight * Double(rows.count) + 44), cssClass: "timeline")
        for (index, row) in rows.enumerated() {
            let y = rowHeight * Double(index) + rowHeight / 2 + 6
            canvas.text(left - 8, y + 4, row.0, cssClass: "axis", anchor: "end")
            canvas.line(left, y, left + plotWidth, y, cssClass: "grid")
            for time in row.1 {
                canvas.circle(left + plotWidth * time.interval(since: start) / span, y, radius: 3,
                              cssClass: row.0 == "follow-up" ? "event follow" : "event", title: "\(row.0) at \(time.iso8601)")
            }
        }
        let axisY = rowHeight * Double(rows.count) + 22
        canvas.text(left, axisY, start.readableSecond + " UTC", cssClass: "axis")
        canvas.text(left + plotWidth, axisY, "+" + Timestamp.shortDuration(span), cssClass: "axis", anchor: "end")
        return canvas.svg
    }
}
