import CertKeeperCrypto
import HummingbirdCore
import Logging
import NIOCore

/// Wraps a child channel (HTTP/1) in TLS terminated by OpenSSL's libssl through
/// CertKeeperCrypto, so the emulator's https uses the same OpenSSL as everything else in
/// certkeeper (HummingbirdTLS would bring in swift-nio-ssl's BoringSSL).
struct OpenSSLTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let tls: TLSServerContext

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let tls = self.tls
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(OpenSSLServerHandler(connection: try tls.makeConnection()))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension OpenSSLTLSChannel: HTTPChannelHandler where Base: HTTPChannelHandler {
    var responder: HTTPChannelHandler.Responder { base.responder }
}

/// Moves bytes between the socket and a `TLSServerConnection`: ciphertext in, plaintext up
/// the pipeline; plaintext down, ciphertext out. Runs on the channel's event loop only.
final class OpenSSLServerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let connection: TLSServerConnection
    private var closing = false

    init(connection: TLSServerConnection) { self.connection = connection }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            let result = try connection.receive(Array(buffer.readableBytesView))
            sendPendingCiphertext(context, flush: true)
            if !result.plaintext.isEmpty {
                context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: result.plaintext)))
            }
            if result.peerClosed { context.close(promise: nil) }
        } catch {
            // A failed handshake (an untrusting client, plain http on the https port): send
            // the alert OpenSSL queued, then drop the connection.
            sendPendingCiphertext(context, flush: true)
            context.close(promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = unwrapOutboundIn(data)
        do {
            try connection.send(Array(buffer.readableBytesView))
            context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: connection.takeOutput())), promise: promise)
        } catch {
            promise?.fail(error)
            context.close(promise: nil)
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all, !closing {
            closing = true
            connection.close()
            sendPendingCiphertext(context, flush: true)
        }
        context.close(mode: mode, promise: promise)
    }

    private func sendPendingCiphertext(_ context: ChannelHandlerContext, flush: Bool) {
        let output = connection.takeOutput()
        guard !output.isEmpty else { return }
        context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: output)), promise: nil)
        if flush { context.flush() }
    }
}
