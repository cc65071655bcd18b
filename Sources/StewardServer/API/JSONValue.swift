import Connectors
import Foundation

/// Stored JSON documents (attributes, lineage, a match explanation) pass through the API as Connectors'
/// `JSONValue`, the one JSON value type of the project.
extension JSONValue {
    /// Parses stored JSON text; text that does not parse is passed on as a string rather than dropped.
    ///
    /// The store and the Survivorship and Matching modules own those formats; the API neither reads nor reshapes
    /// them, it only nests them in its responses. Encoding goes through the response encoder, so a value such as
    /// `<script>` is escaped exactly like every other string.
    init(parsing text: String) {
        self = (try? APIJSON.decoder.decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }
}

