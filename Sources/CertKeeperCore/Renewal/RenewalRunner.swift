import CertKeeperBase
import CertKeeperStore
import Foundation

/// `certkeeper rotate due`: every profile whose certificate is due is renewed by the rotation
/// workflow, with the options of its renewal policy.
///
/// Safe with several runners at once: the decision is re-made under the profile's rotation
/// lock, so a profile another process renewed a moment ago is found not due any more.
/// A profile that is busy is left for a second pass (its runner may be waiting for Entra
/// replication) while this runner renews the others, then waited for up to `lockWait`.
/// One profile's failure never stops the others.
public struct RenewalRunner: Sendable {
    public let context: RotationContext

    public init(context: RotationContext) { self.context = context }

    public func run(_ request: RenewalRequest) async throws(CoreError) -> RenewalReport {
        let startedAt = context.clock()
        let evaluatedAt = request.at ?? startedAt
        let profiles = try selectedProfiles(request.profileNames)
        var results: [String: RenewalResult] = [:]
        var busy: [StoredProfile] = []
        for profile in profiles {
            let began = ContinuousClock.now
            if request.dryRun {
                let planned: RenewalResult
                do { planned = try RenewalPlanner(store: context.store).plan(profile, at: evaluatedAt) } catch {
                    planned = RenewalResult(profile: profile.name, outcome: .failed, message: error.description, error: error)
                }
                results[profile.name] = planned.timed(Self.seconds(since: began))
                continue
            }
            let decision: RenewalDecision
            do { decision = try RenewalDecision.judge(profile, at: evaluatedAt, store: context.store) } catch {
                results[profile.name] = failed(profile.name, error)
                continue
            }
            if let idle = decision.idleResult(profile) {
                results[profile.name] = idle.timed(Self.seconds(since: began))
                continue
            }
            let lock: RotationLock?
            do { lock = try RotationLock.attempt(store: context.store, profileID: profile.id) } catch {
                results[profile.name] = failed(profile.name, error)
                continue
            }
            guard let lock else {
                context.reporter.progress("\(profile.name): another certkeeper process is rotating it; coming back to it after the others")
                busy.append(profile)
                continue
            }
            results[profile.name] = await holding(lock) {
                await renewHoldingLock(profile.name, request: request, runStartedAt: startedAt)
            }.timed(Self.seconds(since: began))
        }
        for profile in busy {
            let began = ContinuousClock.now
            results[profile.name] = await renewWhenFree(profile, request: request, runStartedAt: startedAt).timed(Self.seconds(since: began))
        }
        return RenewalReport(
            startedAt: startedAt, evaluatedAt: evaluatedAt, dryRun: request.dryRun,
            results: profiles.compactMap { results[$0.name] }
        )
    }

    /// Every profile in name order, or the named ones (all must exist: a typo in a nightly
    /// job's list must not silently skip a profile).
    private func selectedProfiles(_ names: [String]) throws(CoreError) -> [StoredProfile] {
        let all = try context.ledger { (store) throws(StoreError) in try store.profiles() }
        guard !names.isEmpty else { return all }
        var selected: [StoredProfile] = []
        for name in names {
            guard let profile = all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw CoreError(.notFound, "no profile named \(TerminalText.escaped(name)): see certkeeper profile list (nothing was renewed)")
            }
            if !selected.contains(where: { $0.id == profile.id }) { selected.append(profile) }
        }
        return selected.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// Waits (polling) for the lock another process holds, then decides again.
    private func renewWhenFree(_ profile: StoredProfile, request: RenewalRequest, runStartedAt: Date) async -> RenewalResult {
        let deadline = context.clock().addingTimeInterval(request.lockWait)
        while true {
            let lock: RotationLock?
            do { lock = try RotationLock.attempt(store: context.store, profileID: profile.id) } catch {
                return failed(profile.name, error)
            }
            if let lock {
                return await holding(lock) {
                    await renewHoldingLock(profile.name, request: request, runStartedAt: runStartedAt)
                }
            }
            guard context.clock() < deadline else {
                return failed(
                    profile.name,
                    CoreError(
                        .conflict,
                        "another certkeeper process kept the rotation of profile \(profile.name) locked for \(DurationText.describe(request.lockWait)): see certkeeper rotate status -p \(profile.name)"
                    ))
            }
            await context.sleep(0.5)
        }
    }

    /// Runs `body` with the lock held; the lock is released when it returns.
    private func holding(_ lock: RotationLock, _ body: () async -> RenewalResult) async -> RenewalResult {
        defer { withExtendedLifetime(lock) {} }
        return await body()
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}
