import CertKeeperIdP
import Foundation
import Hummingbird

/// Graph v1.0: `applications/{objectId}`, `applications(appId='{id}')`, addKey, removeKey.
struct GraphRoutes {
    let graph: GraphService
    let writer: ReplyWriter

    func add(to router: Router<BasicRequestContext>) {
        router.get("/v1.0/applications/:objectId") { request, context in
            let started = ContinuousClock.now
            let objectID = try context.parameters.require("objectId")
            let call = call(request)
            return writer.respond(to: request, started: started, try await writer.offload { graph.getApplication(.objectID(objectID), call: call) })
        }
        // `applications(appId='…')` is one path segment; clients may percent-encode the quotes.
        router.get("/v1.0/:segment") { request, context in
            let started = ContinuousClock.now
            let segment = try context.parameters.require("segment")
            guard let appID = Self.appID(inSegment: segment) else {
                throw HTTPError(.notFound)
            }
            let call = call(request)
            return writer.respond(to: request, started: started, try await writer.offload { graph.getApplication(.appID(appID), call: call) })
        }
        router.post("/v1.0/applications/:objectId/addKey") { request, context in
            let started = ContinuousClock.now
            let objectID = try context.parameters.require("objectId")
            let body = try await writer.body(of: request)
            let call = call(request)
            return writer.respond(to: request, started: started, try await writer.offload { graph.addKey(objectID: objectID, body: body, call: call) })
        }
        router.post("/v1.0/applications/:objectId/removeKey") { request, context in
            let started = ContinuousClock.now
            let objectID = try context.parameters.require("objectId")
            let body = try await writer.body(of: request)
            let call = call(request)
            return writer.respond(to: request, started: started, try await writer.offload { graph.removeKey(objectID: objectID, body: body, call: call) })
        }
    }

    private func call(_ request: Request) -> GraphService.Call {
        GraphService.Call(
            authorization: request.headers[.authorization], clientRequestID: writer.correlationID(of: request),
            address: writer.address(of: request)
        )
    }

    static func appID(inSegment segment: String) -> String? {
        let decoded = segment.removingPercentEncoding ?? segment
        let prefix = "applications(appId='"
        guard decoded.hasPrefix(prefix), decoded.hasSuffix("')"), decoded.count > prefix.count + 2 else { return nil }
        return String(decoded.dropFirst(prefix.count).dropLast(2))
    }
}
