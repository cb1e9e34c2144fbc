import CertKeeperIdP
import Foundation
import IdPFuzzFixture

/// certkeeper-idp's Graph addKey and removeKey, fuzzed in their JSON bodies (keyCredential,
/// proof JWT, keyId) with a valid bearer token, so the body and proof parsers and the
/// certificate decoding run. A key the input manages to add is removed again, keeping every
/// run independent of the ones before.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIdPJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let fixture = IdPFuzzFixture.shared
    let added = fixture.graph.addKey(objectID: IdPFuzzFixture.objectID, body: bytes, call: fixture.graphCall)
    precondition(added.status == 200 || (400..<500).contains(added.status), "addKey status \(added.status)")
    if added.status == 200 {
        let object = try? JSONSerialization.jsonObject(with: Data(added.body)) as? [String: Any]
        guard let keyID = object?["keyId"] as? String else { fatalError("addKey answered 200 without a keyId") }
        try? fixture.store.removeKey(objectID: IdPFuzzFixture.objectID, keyID: keyID)
    }
    let removed = fixture.graph.removeKey(objectID: IdPFuzzFixture.objectID, body: bytes, call: fixture.graphCall)
    precondition((200..<300).contains(removed.status) || (400..<500).contains(removed.status), "removeKey status \(removed.status)")
    return 0
}
