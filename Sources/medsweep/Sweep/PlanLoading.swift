import Foundation
import Sweep

/// Reads a sweep file and checks everything it names (models, digests, data) before any work
/// starts; a problem is printed as one line naming the file and field, exit status 2.
func loadPlanOrExit(_ path: String, note: (String) -> Void) throws -> Plan {
    let sweep: SweepFile
    do {
        sweep = try SweepFile.load(path: path)
    } catch {
        printError("\(error)")
        throw badInputExitCode
    }
    return try makePlanOrExit(sweep, note: note)
}

func makePlanOrExit(_ sweep: SweepFile, note: (String) -> Void) throws -> Plan {
    do {
        return try Plan.make(sweep, note: note)
    } catch {
        printError("\(sweep.source): \(error)")
        throw badInputExitCode
    }
}

func openJournalOrExit(_ path: String) throws -> Journal {
    do {
        return try Journal.openForWriting(path: path)
    } catch {
        printError("\(error)")
        throw badInputExitCode
    }
}
