import CertKeeperIdP
import Foundation
import IdPFuzzFixture

/// certkeeper-idp's token endpoint, fuzzed in its whole form-urlencoded body (percent
/// escapes, `+`, repeated and empty fields, any tenant-relative values). Decoded fields
/// re-encode to a body that decodes to the same fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIdPForm(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let fields = FormBody.parse(bytes) {
        let sorted = fields.sorted { $0.key < $1.key }
        let again = FormBody.parse(FormBody.encode(sorted.map { ($0.key, $0.value) }))
        precondition(again == fields, "form round trip changed \(fields) into \(again.map { "\($0)" } ?? "nil")")
    }
    let reply = IdPFuzzFixture.shared.tokens.reply(
        tenant: IdPFuzzFixture.tenant, body: bytes, address: IdPFuzzFixture.address, correlationID: nil
    )
    precondition(reply.status == 200 || (400..<500).contains(reply.status), "status \(reply.status)")
    return 0
}
