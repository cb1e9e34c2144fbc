import CertKeeperCrypto

/// `--subject` distinguished names: any text parses or is refused with a typed error, and
/// what parses prints back to text that parses to the same name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDistinguishedName(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    guard let name = try? DistinguishedName(parsing: text) else { return 0 }
    let printed = name.description
    guard let again = try? DistinguishedName(parsing: printed) else {
        fatalError("\(text.debugDescription) parsed, but its description \(printed.debugDescription) does not")
    }
    precondition(again == name, "round trip changed \(text.debugDescription): \(name) became \(again)")
    return 0
}
