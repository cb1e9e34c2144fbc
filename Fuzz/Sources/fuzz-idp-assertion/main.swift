import CFuzzDriver
import Foundation

// libFuzzer's command line: corpus directories, -runs=N, ... (scripts/fuzz.sh).
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector) { data, size in fuzzIdPAssertion(data, size) })
