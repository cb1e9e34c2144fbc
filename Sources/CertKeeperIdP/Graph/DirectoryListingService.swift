import Foundation

/// `GET /v1.0/applications` and `GET /v1.0/servicePrincipals`: the token's tenant, paged by
/// `$top` with an opaque `$skiptoken` in `@odata.nextLink`, for an app holding
/// `Application.Read.All` (or a higher privileged role); 403 otherwise, as Graph answers.
public struct DirectoryListingService: Sendable {
    /// Application permissions that allow listing both collections (Graph's permission table).
    static let readerRoles: Set<String> = [
        "Application.Read.All", "Application.ReadWrite.All", "Application.ReadWrite.OwnedBy", "Directory.Read.All",
        "Directory.ReadWrite.All",
    ]

    private let context: EmulatorContext
    private let throttle: GraphThrottle

    public init(context: EmulatorContext, throttle: GraphThrottle = .off) {
        self.context = context
        self.throttle = throttle
    }

    /// `rawQuery` is the URL's query as sent (still percent-encoded).
    public func list(_ collection: DirectoryCollection, rawQuery: String?, call: GraphService.Call) -> HTTPReply {
        let now = context.clock()
        do throws(GraphError) {
            if throttle.isThrottled() {
                throw GraphError(
                    status: 429, code: "TooManyRequests",
                    message: "Too many requests. Retry after \(throttle.retryAfterSeconds) seconds."
                )
            }
            let claims = try GraphBearer.claims(of: call, issuer: context.issuer, now: now)
            guard !Self.readerRoles.isDisjoint(with: claims.roles) else {
                throw GraphError(status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.")
            }
            let query = try ListingQuery(rawQuery: rawQuery, collection: collection)
            let after = try query.skipToken.map { token throws(GraphError) in try SkipToken.objectID(in: token, collection: collection) }
            let objects: [ListedObject]
            do throws(IdPError) {
                objects = try context.store.page(of: collection, tenantID: claims.tid, after: after, limit: query.top + 1)
            } catch {
                throw GraphError.serviceFailure()
            }
            let shown = Array(objects.prefix(query.top))
            let base = "\(call.address.baseURL)/v1.0"
            let selection = query.select.map { "(\($0.joined(separator: ",")))" } ?? ""
            let page = ListingPage(
                context: "\(base)/$metadata#\(collection.rawValue)\(selection)",
                nextLink: objects.count > query.top ? nextLink(base, collection, query, after: shown.last?.objectID ?? "") : nil,
                value: shown.map { SelectedObject(object: $0, properties: query.select ?? ListedProperty.all(in: collection)) }
            )
            return .json(200, JSON.encode(page), subject: collection.rawValue)
        } catch {
            let reply = GraphErrorBody.reply(error, now: now, clientRequestID: call.clientRequestID, subject: collection.rawValue)
            return error.status == 429 ? reply.adding(headers: ["Retry-After": String(throttle.retryAfterSeconds)]) : reply
        }
    }

    /// The same request with the skip token of the page after `objectID`.
    private func nextLink(_ base: String, _ collection: DirectoryCollection, _ query: ListingQuery, after objectID: String) -> String {
        var options: [String] = []
        if let select = query.select { options.append("$select=\(select.joined(separator: ","))") }
        options.append("$top=\(query.top)")
        options.append("$skiptoken=\(SkipToken.make(after: objectID, collection: collection))")
        return "\(base)/\(collection.rawValue)?\(options.joined(separator: "&"))"
    }
}
