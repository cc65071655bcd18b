import Foundation

/// Expectation-maximisation over comparison-vector patterns, as Splink runs it.
///
/// Pairs are first collapsed into distinct patterns with counts (a few hundred patterns for millions of pairs),
/// so each iteration costs O(patterns × comparisons). Comparisons marked inactive (those fixed by the training
/// blocking rule) are left out of the likelihood and keep their parameters. By default u stays fixed at the
/// random-sampling estimate (Splink's default) and only m and the in-block match proportion are learned.
public struct ExpectationMaximisation: Sendable {
    /// Distinct comparison vectors; level −1 is null (no evidence).
    public var patterns: [[Int8]]
    public var counts: [Double]
    public var levelCounts: [Int]
    public var maxIterations = 100
    public var tolerance = 1e-6
    public var estimateU = false

    public struct Result: Sendable {
        public var m: [[Double]]
        public var u: [[Double]]
        public var matchProportion: Double
        public var iterations: Int
        public var converged: Bool
    }

    public init(patterns: [[Int8]], counts: [Double], levelCounts: [Int]) {
        self.patterns = patterns
        self.counts = counts
        self.levelCounts = levelCounts
    }

    /// Runs EM from the given starting values; `active[c] == false` freezes comparison `c`.
    public func run(m initialM: [[Double]], u initialU: [[Double]], matchProportion initialP: Double, active: [Bool])
        -> Result
    {
        var m = initialM
        var u = initialU
        var p = initialP
        let floor = 1e-9
        var iteration = 0
        var converged = false
        while iteration < maxIterations {
            iteration += 1
            var sumM = levelCounts.map { Array(repeating: 0.0, count: $0) }
            var sumU = sumM
            var matchMass = 0.0
            var total = 0.0
            for (index, pattern) in patterns.enumerated() {
                var logM = log(p)
                var logU = log(1 - p)
                for (c, level) in pattern.enumerated() where level >= 0 && active[c] {
                    logM += log(max(m[c][Int(level)], floor))
                    logU += log(max(u[c][Int(level)], floor))
                }
                let posterior = 1 / (1 + exp(logU - logM))
                let n = counts[index]
                matchMass += posterior * n
                total += n
                for (c, level) in pattern.enumerated() where level >= 0 && active[c] {
                    sumM[c][Int(level)] += posterior * n
                    sumU[c][Int(level)] += (1 - posterior) * n
                }
            }
            var change = 0.0
            let newP = min(max(matchMass / max(total, 1), floor), 1 - floor)
            change = max(change, abs(newP - p))
            p = newP
            for c in levelCounts.indices where active[c] {
                let massM = sumM[c].reduce(0, +)
                if massM > 0 {
                    for level in 0..<levelCounts[c] {
                        let value = max(sumM[c][level] / massM, floor)
                        change = max(change, abs(value - m[c][level]))
                        m[c][level] = value
                    }
                }
                let massU = sumU[c].reduce(0, +)
                if estimateU && massU > 0 {
                    for level in 0..<levelCounts[c] {
                        let value = max(sumU[c][level] / massU, floor)
                        change = max(change, abs(value - u[c][level]))
                        u[c][level] = value
                    }
                }
            }
            if change < tolerance {
                converged = true
                break
            }
        }
        return Result(m: m, u: u, matchProportion: p, iterations: iteration, converged: converged)
    }

    /// Collapses level vectors (row-major, `width` per pair) into patterns with counts, in first-seen order.
    static func patterns(levels: [Int8], width: Int) -> (patterns: [[Int8]], counts: [Double]) {
        var index: [[Int8]: Int] = [:]
        var patterns: [[Int8]] = []
        var counts: [Double] = []
        let pairs = width == 0 ? 0 : levels.count / width
        var row = Array(repeating: Int8(0), count: width)
        for pair in 0..<pairs {
            for c in 0..<width { row[c] = levels[pair * width + c] }
            if let existing = index[row] {
                counts[existing] += 1
            } else {
                index[row] = patterns.count
                patterns.append(row)
                counts.append(1)
            }
        }
        return (patterns, counts)
    }
}
