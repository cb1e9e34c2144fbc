import CertKeeperBase
import Foundation

/// The profiles of a file given to `profile import`: certkeeper's JSON (one profile, or
/// `{"profiles": [...]}`), or entratool's `profiles.json` (`name`, `tenantId`, `clientId`,
/// `scope`/`scopes`, `certificatePath`, `authMethod`/`useCertificate`), or a bare array of
/// either.
struct ProfileImportFile: Decodable {
    enum Entry: Decodable {
        case certkeeper(ProfileDocument)
        case entratool(EntratoolProfile)

        private enum Probe: String, CodingKey {
            case tenantID = "tenant_id"
        }

        init(from decoder: any Decoder) throws {
            let probe = try decoder.container(keyedBy: Probe.self)
            if probe.contains(.tenantID) {
                self = .certkeeper(try ProfileDocument(from: decoder))
            } else {
                self = .entratool(try EntratoolProfile(from: decoder))
            }
        }
    }

    let entries: [Entry]

    private enum Keys: String, CodingKey { case profiles }

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var entries: [Entry] = []
            while !list.isAtEnd { entries.append(try list.decode(Entry.self)) }
            self.entries = entries
        } else if let container = try? decoder.container(keyedBy: Keys.self), container.contains(.profiles) {
            entries = try container.decode([Entry].self, forKey: .profiles)
        } else {
            entries = [try Entry(from: decoder)]
        }
    }

    static func read(_ path: String) throws(CoreError) -> ProfileImportFile {
        let bytes = try CoreError.lifting(try FileReader.read(path))
        do {
            return try JSONDecoder().decode(ProfileImportFile.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw CoreError(.invalidInput, "\(path): a profile lacks \"\(key.stringValue)\" (at \(Self.location(context)))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CoreError(.invalidInput, "\(path): unexpected value at \(Self.location(context))")
        } catch {
            throw CoreError(.invalidInput, "\(path) is not a profile file (certkeeper JSON or entratool profiles.json)")
        }
    }

    private static func location(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "the top level" : path
    }
}

/// One profile of entratool's `profiles.json`.
struct EntratoolProfile: Decodable {
    let name: String
    let tenantId: String
    let clientId: String
    let scopes: [String]
    let certificatePath: String?
    let authMethod: String?
    let useCertificate: Bool?

    private enum Keys: String, CodingKey {
        case name, tenantId, clientId, scope, scopes, certificatePath, authMethod, useCertificate
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        tenantId = try container.decode(String.self, forKey: .tenantId)
        clientId = try container.decode(String.self, forKey: .clientId)
        certificatePath = try container.decodeIfPresent(String.self, forKey: .certificatePath)
        authMethod = try container.decodeIfPresent(String.self, forKey: .authMethod)
        useCertificate = try container.decodeIfPresent(Bool.self, forKey: .useCertificate)
        var scopes: [String] = []
        if let list = try? container.decodeIfPresent([String].self, forKey: .scopes) {
            scopes = list
        } else if let text = try container.decodeIfPresent(String.self, forKey: .scopes) {
            scopes = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        if let scope = try container.decodeIfPresent(String.self, forKey: .scope) { scopes.insert(scope, at: 0) }
        self.scopes = scopes
    }

    /// Certificate authentication, as entratool records it (`authMethod` or `useCertificate`).
    var usesCertificate: Bool {
        if let authMethod { return authMethod.lowercased().contains("cert") }
        if let useCertificate { return useCertificate }
        return certificatePath != nil
    }
}
