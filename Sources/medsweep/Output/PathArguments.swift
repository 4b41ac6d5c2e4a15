import ArgumentParser
import Benchmark
import Foundation
import GGUF

// Paths named on the command line, checked before a command works on them, so a typo is
// "PATH: no such file" at once rather than a reader's "byte 0: cannot open" or Foundation's
// "The operation could not be completed" after minutes of work.

/// Exits with status 2 when `path` is not a file to read as `expected` ("a GGUF file").
func checkInputFileOrExit(_ path: String, as expected: String) throws {
    if let problem = PathProblem.reading(path, as: expected) {
        printError("\(path): \(problem)")
        throw badInputExitCode
    }
}

/// Exits with status 2 when a file cannot be written at `path`: its folder does not exist, or
/// the path is a folder.
func checkOutputFolderOrExit(_ path: String, as expected: String = "a file to write") throws {
    if let problem = PathProblem.writing(path, as: expected) {
        printError("\(path): \(problem)")
        throw badInputExitCode
    }
}

/// Opens a GGUF file for a command that reads it, or exits with status 2 naming the file and
/// what is wrong with it ("no such file", "is a folder, not a GGUF file", the reader's reason).
func openModelFileOrExit(_ path: String) throws -> GGUFFile {
    try checkInputFileOrExit(path, as: "a GGUF file")
    do {
        return try GGUFFile(path: path)
    } catch {
        // The reader's errors start with the path already.
        printError(error.description.hasPrefix(path) ? error.description : "\(path): \(error)")
        throw badInputExitCode
    }
}
