import CertKeeperIdP
import Foundation
import Hummingbird

/// Graph v1.0 collections: `GET /v1.0/applications` and `GET /v1.0/servicePrincipals`.
struct DirectoryRoutes {
    let listing: DirectoryListingService
    let writer: ReplyWriter

    func add(to router: Router<BasicRequestContext>) {
        for collection in DirectoryCollection.allCases {
            router.get("/v1.0/\(collection.rawValue)") { request, _ in
                let started = ContinuousClock.now
                let call = GraphService.Call(
                    authorization: request.headers[.authorization], clientRequestID: writer.correlationID(of: request),
                    address: writer.address(of: request)
                )
                let query = request.uri.query
                return writer.respond(to: request, started: started, try await writer.offload { listing.list(collection, rawQuery: query, call: call) })
            }
        }
    }
}
