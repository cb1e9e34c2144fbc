import Foundation
import IdPFuzzFixture

@testable import CertKeeperIdP

/// certkeeper-idp's token endpoint, fuzzed in its client assertion: the input is the
/// `client_assertion` of an otherwise correct request, so the compact-JWS split, the
/// header and claims JSON, the x5c/x5t lookup and the signature and time checks all run.
/// Every answer is a token or an AADSTS error body, never a crash or a 5xx.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIdPAssertion(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    if let assertion = try? ReceivedAssertion(parsing: text) { _ = try? assertion.x5cLeaf() }
    let fixture = IdPFuzzFixture.shared
    let reply = fixture.tokens.reply(
        tenant: IdPFuzzFixture.tenant, body: IdPFuzzFixture.tokenRequest(assertion: text), address: IdPFuzzFixture.address, correlationID: nil
    )
    precondition(reply.status == 200 || (400..<500).contains(reply.status), "status \(reply.status) for \(text.debugDescription)")
    return 0
}
