import GoldenCore

#if canImport(Glibc)
import Glibc
#endif

/// Hands the pages of freed memory back to the system: at the end of a phase that freed a lot, and every second
/// while a golden run works.
///
/// glibc keeps freed blocks of its main heap for reuse, and only the heap's top can shrink on its own: the holes a
/// phase leaves between blocks that are still alive stay resident. Measured in a 1M-record sync, 1.38 GB were taken
/// from the system while 0.74–0.79 GB were in use, and that gap was the peak RSS. `malloc_trim` gives the whole free
/// pages inside those holes back (`MADV_DONTNEED`); a page used again later costs one page fault. Process-wide
/// allocator settings were measured too (`docs/decisions.md`, session 14): the one that peaked lower cost about 13 s
/// more system time per 1M-record sync, and changes every allocation of every command.
///
/// Only above a budget (``residentBudget``), like a garbage collector's soft memory limit: every page given back and
/// used again costs a page fault, and a run that stays well below the peak it is bounded by gains nothing from
/// giving pages back. In `golden bench e2e --records 1000000` the sync after 1% changed took 7.9–8.3 s with the
/// budget and 8.6–9.0 s giving pages back always, and the whole bench 3 s less system time; its peak RSS moved from
/// 1.25–1.29 GB to 1.26–1.34 GB (`docs/decisions.md`, session 25).
///
/// Looked up by name: Swift's `Glibc` module does not export `malloc.h`. Elsewhere (another C library, macOS) it
/// does nothing.
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        // A null handle is RTLD_DEFAULT: the symbol as the process' own libraries resolve it.
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    /// Whether this process' C library can give freed pages back (glibc).
    static var isAvailable: Bool { trim != nil }

    /// The resident size above which freed pages go back: under it, what one phase frees is what the next one
    /// allocates, without a fault; above it, the peak is what matters (the 1M-record sync's goal is 1.5 GB).
    static let residentBudget = 1 << 30

    /// Returns free pages of every malloc arena to the system when the process holds more than `budget` bytes;
    /// cheap when little is free.
    static func release(above budget: Int = residentBudget) {
        guard let trim else { return }
        if budget > 0, let resident = ProcessMemory.residentBytes(), resident <= budget { return }
        _ = trim(0)
    }

    /// Returns freed pages every `interval` until the returned task is cancelled (the caller cancels it when its
    /// phase ends). A trim with little free costs microseconds; a page it returned and that is used again costs one
    /// page fault: about 1.5 s more system time in a 1M-record sync (13.9 s against 12.2–12.6 s with trims at phase
    /// ends only).
    static func releasing(every interval: Duration) -> Task<Void, Never> {
        guard trim != nil else { return Task {} }
        return Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                release()
            }
        }
    }
}
