import Testing
import CertKeeperCrypto

@Test func generatesRSAKey() throws {
    let key = try PrivateKey.generate(.rsa2048)
    #expect(key.algorithm == .rsa(bits: 2048))
}
