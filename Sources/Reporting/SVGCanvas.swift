/// A minimal SVG writer for the HTML report's plots: shapes and text with escaping, nothing else.
/// The report stays one self-contained file with no script library and no network fetch.
struct SVGCanvas {
    let width: Int
    let height: Int
    let cssClass: String
    private var body = ""

    init(width: Int, height: Int, cssClass: String) {
        self.width = width
        self.height = height
        self.cssClass = cssClass
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cssClass: String) {
        body += "<line class=\"\(cssClass)\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>"
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, cssClass: String, title: String) {
        body += "<circle class=\"\(cssClass)\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\"><title>\(HTMLText.escape(title))</title></circle>"
    }

    mutating func polyline(_ points: [(Double, Double)], cssClass: String) {
        guard points.count > 1 else { return }
        body += "<polyline class=\"\(cssClass)\" points=\"" + points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ") + "\"/>"
    }

    mutating func text(_ x: Double, _ y: Double, _ content: String, cssClass: String, anchor: String = "start") {
        body += "<text class=\"\(cssClass)\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(content))</text>"
    }

    var svg: String {
        "<svg class=\"\(cssClass)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">"
            + body + "</svg>"
    }

    /// Coordinates to one decimal: enough for a screen, short in the file.
    private func n(_ value: Double) -> String {
        let tenths = Int((value.isNaN ? 0 : min(1e9, max(-1e9, value)) * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
