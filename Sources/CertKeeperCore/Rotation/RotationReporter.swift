/// Where a rotation tells the operator what it is doing and what they must do. The CLI
/// prints progress to stderr and instructions to stdout; tests collect them.
public protocol RotationReporter: Sendable {
    /// One step done or under way.
    func progress(_ message: String)
    /// Steps for a person (portal upload, guided removal), printed as a block.
    func instructions(_ lines: [String])
    /// Something that did not stop the rotation but needs attention.
    func warning(_ message: String)
}
