import Foundation

/// This process' memory as the kernel reports it (`/proc/self/status`): what benchmarks print beside their figures,
/// and what decides whether a golden run gives freed pages back. `nil` where procfs is missing.
public enum ProcessMemory {
    /// Peak resident set size (VmHWM) in MiB.
    public static func peakResidentMiB() -> Double? {
        kibibytes("VmHWM:").map { Double($0) / 1024 }
    }

    /// Resident set size now (VmRSS) in bytes. A read of a few kilobytes: cheap enough once a second.
    public static func residentBytes() -> Int? {
        kibibytes("VmRSS:").map { $0 * 1024 }
    }

    /// The value of one `kB` line of `/proc/self/status`.
    private static func kibibytes(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}
