import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The latest Prometheus exposition of the sensor's metrics, published by the capture loop once a
/// second and read by the scrape endpoint's threads.
final class MetricsExposition: Sendable {
    private let text = Mutex<String>("")

    func publish(_ exposition: String) {
        text.withLock { $0 = exposition }
    }

    var current: String { text.withLock { $0 } }
}

/// `--metrics-listen HOST:PORT`: serves `GET /metrics` over HTTP/1.1 (SwiftNIO's parser and
/// encoder) on one event-loop thread, so Prometheus can scrape the sensor directly. Anything else
/// is 404 (other paths) or 405 (other methods); the capture loop never waits for a scrape.
final class MetricsServer {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Where the server listens, as Prometheus should be told (`host:port`).
    let boundAddress: String

    init(listen: ListenAddress, exposition: MetricsExposition) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsRequestHandler(exposition: exposition))
                }
            }
        do {
            channel = try bootstrap.bind(host: listen.host, port: listen.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw InputError("cannot listen on \(listen) for metrics: \(error)")
        }
        let port = channel.localAddress?.port ?? listen.port
        boundAddress = (listen.host.contains(":") ? "[\(listen.host)]" : listen.host) + ":\(port)"
    }

    func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// `HOST:PORT` as `--metrics-listen` takes it: `0.0.0.0:9101`, `[::1]:9101`, `localhost:9101`, or
/// `:9101` for every IPv4 address. Port 0 picks a free one (the banner names it).
struct ListenAddress: CustomStringConvertible {
    let host: String
    let port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        else if host.contains(":") { return nil }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    var description: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }
}

/// One connection's requests: the metrics for `GET /metrics` (and `HEAD`), keep-alive as the
/// client asks.
private final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let exposition: MetricsExposition
    private var request: HTTPRequestHead?

    init(exposition: MetricsExposition) {
        self.exposition = exposition
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? head.uri
        let status: HTTPResponseStatus
        var body = ""
        var headers = HTTPHeaders()
        if head.method != .GET && head.method != .HEAD {
            status = .methodNotAllowed
            headers.add(name: "Allow", value: "GET, HEAD")
        } else if path == "/metrics" {
            status = .ok
            body = exposition.current
            headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
        } else {
            status = .notFound
            body = "probehound serves /metrics\n"
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        }
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil) }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
