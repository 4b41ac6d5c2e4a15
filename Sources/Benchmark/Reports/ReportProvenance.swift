import Foundation

/// Where a report's numbers come from, so a report read months later says what was measured:
/// the medsweep that made it and when, the sweep and when it was created, each model's file
/// digest (and for a variant, its recipe and parents), the prompt template's digest and the
/// data files' digests. A `QuestionRecordSource` supplies what it knows; the command adds its
/// version and the date. What cannot be known is said in `gaps`, never left out silently.
///
/// ```swift
/// var provenance = try source.provenance()
/// provenance.medsweepVersion = "0.1.0"
/// provenance.reportCreated = Date()
/// ```
public struct ReportProvenance: Sendable, Equatable {
    /// The medsweep that made the report (the command passes its version).
    public var medsweepVersion: String?
    /// When the report was made.
    public var reportCreated: Date?
    /// For made-up records: what made them. Then there is no sweep, model file or data.
    public var synthetic: String?
    public var sweep: Sweep?
    public var models: [Model]
    public var template: Template?
    public var dataFiles: [DataFile]
    /// What could not be found out, each with why ("the sweep file … cannot be read: …").
    public var gaps: [String]

    /// The sweep the records were journaled by.
    public struct Sweep: Sendable, Equatable {
        public var name: String
        /// The sweep file it was first run from.
        public var source: String
        public var created: Date

        public init(name: String, source: String, created: Date) {
            self.name = name
            self.source = source
            self.created = created
        }
    }

    /// A model file as the sweep scored it.
    public struct Model: Sendable, Equatable {
        public var name: String
        public var path: String
        public var sha256: String
        /// For a variant: how it was made (its recipe's JSON) and from which files.
        public var variant: Variant?

        public init(name: String, path: String, sha256: String, variant: Variant? = nil) {
            self.name = name
            self.path = path
            self.sha256 = sha256
            self.variant = variant
        }
    }

    public struct Variant: Sendable, Equatable {
        public var recipe: String
        /// The parents by sweep name and file digest, as they were when the variant was built.
        public var parents: [Parent]

        public init(recipe: String, parents: [Parent]) {
            self.recipe = recipe
            self.parents = parents
        }
    }

    public struct Parent: Sendable, Equatable {
        public var name: String
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// The prompt template: its name in the sweep file and the digest units are named by.
    public struct Template: Sendable, Equatable {
        public var name: String
        public var sha256: String

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// A data file of the benchmark manifest: test questions, or few-shot examples.
    public struct DataFile: Sendable, Equatable {
        public enum Role: String, Sendable {
            case test
            case fewShot = "few-shot"
        }

        public var path: String
        public var sha256: String
        public var role: Role
        public var tasks: [BenchmarkTask]
        public var languages: [BenchmarkLanguage]

        public init(path: String, sha256: String, role: Role, tasks: [BenchmarkTask], languages: [BenchmarkLanguage]) {
            self.path = path
            self.sha256 = sha256
            self.role = role
            self.tasks = tasks
            self.languages = languages
        }
    }

    public init(
        medsweepVersion: String? = nil, reportCreated: Date? = nil, synthetic: String? = nil, sweep: Sweep? = nil,
        models: [Model] = [], template: Template? = nil, dataFiles: [DataFile] = [], gaps: [String] = []
    ) {
        self.medsweepVersion = medsweepVersion
        self.reportCreated = reportCreated
        self.synthetic = synthetic
        self.sweep = sweep
        self.models = models
        self.template = template
        self.dataFiles = dataFiles
        self.gaps = gaps
    }

    /// A date as reports print it: ISO 8601 in UTC, to the second ("2025-03-01T14:07:09Z").
    public static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
