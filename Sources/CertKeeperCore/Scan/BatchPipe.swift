import Foundation

/// A bounded hand-over of batches from one producer thread to one consumer.
///
/// The inventory scan reads the store (SQLite stepping, strings decoded) on one core while
/// the caller renders what was already read on the other: a 100,000-row scan is otherwise
/// one thread's work. At most `capacity` batches wait, so memory stays flat when the
/// renderer is the slower side.
final class BatchPipe<Element: Sendable, Failure: Error>: @unchecked Sendable {
    // Every stored property below is read and written only with `condition` locked.
    private let condition = NSCondition()
    private let capacity: Int
    private var pending: [[Element]] = []
    private var closed = false
    private var failure: Failure?
    private var cancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// Producer: hands `batch` over, waiting while `capacity` batches are pending. False once
    /// the consumer has stopped: the producer should stop too.
    func put(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        pending.append(batch)
        condition.broadcast()
        return true
    }

    /// Producer: nothing more comes, because the source ended or failed with `failure`.
    func close(failure: Failure?) {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        self.failure = failure
        condition.broadcast()
    }

    /// Consumer: the next batch in order; nil at the end; the producer's failure once every
    /// batch before it was taken.
    func take() throws(Failure) -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !closed { condition.wait() }
        guard pending.isEmpty else {
            condition.broadcast()
            return pending.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stops early. Returns once the producer has closed the pipe, so nothing the
    /// producer uses outlives the caller's frame.
    func cancelAndWait() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        pending.removeAll()
        condition.broadcast()
        while !closed { condition.wait() }
    }
}
