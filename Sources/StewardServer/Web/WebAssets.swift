import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The templates, stylesheet and script of the UI, compiled into the binary (`embedInCode` in Package.swift), so
/// `golden serve` needs no files beside it.
enum WebAssets {
    /// Every template by name; a page uses `{{> head}}` and `{{> foot}}`, the review page `{{> card}}`, search
    /// `{{> results}}`.
    static let library: MustacheLibrary = {
        let sources: [(String, [UInt8])] = [
            ("head", PackageResources.head_mustache), ("foot", PackageResources.foot_mustache),
            ("login", PackageResources.login_mustache), ("error", PackageResources.error_mustache),
            ("review", PackageResources.review_mustache), ("card", PackageResources.card_mustache),
            ("golden", PackageResources.golden_mustache), ("search", PackageResources.search_mustache),
            ("results", PackageResources.results_mustache), ("finance", PackageResources.finance_mustache),
            ("quality", PackageResources.quality_mustache),
        ]
        var library = MustacheLibrary()
        for (name, bytes) in sources {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                // The templates are part of the build; one that does not parse is a defect the tests catch first.
                preconditionFailure("template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static let stylesheet = ByteBuffer(bytes: PackageResources.app_css)
    static let script = ByteBuffer(bytes: PackageResources.app_js)
    static let icon = ByteBuffer(bytes: PackageResources.favicon_svg)

    /// Renders `template` with `page` as an HTML response.
    static func page(_ template: String, _ page: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(page, withTemplate: template) ?? ""
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func asset(_ buffer: ByteBuffer, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: buffer))
    }
}
