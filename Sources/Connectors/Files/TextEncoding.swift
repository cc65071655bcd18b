/// The text encodings file sources arrive in.
///
/// Russian accounting and spreadsheet exports are UTF-8 (with or without a byte-order mark) or, from older
/// Windows tools and Excel "CSV (разделители — запятые)" in a Russian locale, windows-1251. Nothing else has been
/// seen in the field, so anything else is reported rather than guessed.
public enum TextEncoding: String, Sendable, Hashable {
    case utf8 = "utf-8"
    case windows1251 = "windows-1251"
}

/// What ``TextEncodingDetector`` concluded about the start of a file.
public struct TextEncodingDetection: Sendable, Hashable {
    public let encoding: TextEncoding
    /// Bytes of byte-order mark to skip (3 for UTF-8 with BOM, else 0).
    public let bomLength: Int
    /// Why the detector chose ``encoding``, in words a person can check against the file.
    public let reason: String
    /// `true` when the choice was a judgement a person should hear about: windows-1251 (a guess from letter
    /// statistics), or UTF-8 with invalid bytes (whose rows are refused).
    public let isGuess: Bool

    public init(encoding: TextEncoding, bomLength: Int, reason: String = "", isGuess: Bool = false) {
        self.encoding = encoding
        self.bomLength = bomLength
        self.reason = reason
        self.isGuess = isGuess
    }
}
