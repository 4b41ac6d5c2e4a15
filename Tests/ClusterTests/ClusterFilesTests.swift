import Foundation
import Sweep
import Testing
import TestSupport

/// The deployment files, checked as far as this machine can without an engine to run them:
/// the Kubernetes manifests against the API's schemas, the compose file's shape (and `docker
/// compose config` where that plugin exists), the sbatch script with `bash -n` and shellcheck,
/// the Dockerfile's references, and the example sweep files with medsweep's own reader.
@Suite struct ClusterFilesTests {
    static let root = Fixtures.projectRoot
    static let kubernetes = root.appendingPathComponent("cluster/kubernetes")
    static let python = URL(fileURLWithPath: "/usr/bin/env")

    static func has(_ module: String) -> Bool {
        (try? CommandRun.run(python, ["python3", "-c", "import \(module)"]).status) == 0
    }

    static func which(_ program: String) -> URL? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(program) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The manifests kustomization.yaml lists, and the optional ones its comments offer.
    static var manifests: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: kubernetes.path))?.filter {
            $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" && $0 != "sweep.yaml"
        }.sorted() ?? []
    }

    @Test(.enabled(if: has("kubernetes_validate"), "python3 cannot import kubernetes_validate (pip install kubernetes-validate)"))
    func kubernetesManifestsPassSchemaValidation() async throws {
        #expect(Self.manifests.count >= 9)
        let run = try await CommandRun.runOffPool(
            Self.python, ["python3", "-m", "kubernetes_validate", "--strict"] + Self.manifests.map { Self.kubernetes.appendingPathComponent($0).path })
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        // Every built-in kind was checked against a schema; only the operator's CRD has none here.
        for manifest in Self.manifests where manifest != "servicemonitor.yaml" {
            #expect(run.standardOutput.contains("\(manifest) passed"), "\(manifest): \(run.standardOutput)")
        }
    }

    @Test(.enabled(if: has("kubernetes_validate"), "python3 cannot import kubernetes_validate (pip install kubernetes-validate)"))
    func theValidatorRejectsABrokenManifest() async throws {
        let path = temporaryPath("broken-service.yaml")
        try "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  portz: 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try await CommandRun.runOffPool(Self.python, ["python3", "-m", "kubernetes_validate", "--strict", path])
        #expect(run.status != 0)
    }

    @Test(.enabled(if: has("yaml"), "python3 cannot import yaml (pip install pyyaml)"))
    func theKustomizationNamesFilesThatExist() async throws {
        let script = """
            import sys, yaml, os
            folder = sys.argv[1]
            k = yaml.safe_load(open(os.path.join(folder, "kustomization.yaml")))
            assert k["kind"] == "Kustomization", k["kind"]
            for resource in k["resources"]:
                assert os.path.isfile(os.path.join(folder, resource)), "missing resource " + resource
            for generator in k.get("configMapGenerator", []):
                for f in generator["files"]:
                    assert os.path.isfile(os.path.join(folder, f.split("=")[-1])), "missing file " + f
            for generator in k.get("secretGenerator", []):
                for f in generator["files"]:
                    assert f.split("=")[-1].startswith("secrets/"), "a secret outside secrets/: " + f
            print("ok", len(k["resources"]))
            """
        let run = try await ReferencePython.runOffPool(script, [Self.kubernetes.path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("ok"))
    }

    @Test(.enabled(if: has("yaml"), "python3 cannot import yaml (pip install pyyaml)"))
    func theComposeFileHasAScalableWorkerAndAPersistentJournal() async throws {
        let script = """
            import sys, yaml
            c = yaml.safe_load(open(sys.argv[1]))
            coordinator, worker = c["services"]["coordinator"], c["services"]["worker"]
            assert "journal:/data" in coordinator["volumes"], coordinator["volumes"]
            assert "journal" in c["volumes"]
            assert any(p.startswith("127.0.0.1:") for p in coordinator["ports"]), coordinator["ports"]
            assert "--http" in coordinator["command"] and "--journal" in coordinator["command"]
            # `--scale worker=N` needs a worker without a fixed name or published port.
            assert "ports" not in worker and "container_name" not in worker
            assert "tcp://coordinator:5555" in worker["command"]
            assert all(v.endswith(":ro") for v in worker["volumes"]), worker["volumes"]
            for service in (coordinator, worker):
                assert "--token-file" in service["command"] and "medsweep_token" in service["secrets"]
            print("ok")
            """
        let run = try await ReferencePython.runOffPool(script, [Self.root.appendingPathComponent("cluster/compose.yaml").path])
        #expect(run.status == 0, "\(run.standardError)")
    }

    /// `docker compose` (the v2 plugin) or `docker-compose` (Debian's v1), whichever is here.
    static let compose: [String]? = {
        if (try? CommandRun.run(python, ["docker", "compose", "version"]).status) == 0 { return ["docker", "compose"] }
        if which("docker-compose") != nil { return ["docker-compose"] }
        return nil
    }()

    static func composeConfig(_ file: String) async throws -> CommandRun {
        let folder = temporaryPath("compose")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "not-a-real-token\n".write(toFile: folder + "/token", atomically: true, encoding: .utf8)
        return try await CommandRun.runOffPool(python, ["env", "MEDSWEEP_TOKEN_FILE=\(folder)/token"] + compose! + ["-f", file, "config", "--quiet"])
    }

    @Test(.enabled(if: compose != nil, "neither docker compose nor docker-compose is installed (apt-get install docker-compose)"))
    func dockerComposeAcceptsTheFile() async throws {
        let run = try await Self.composeConfig(Self.root.appendingPathComponent("cluster/compose.yaml").path)
        #expect(run.status == 0, "\(run.standardError)")
        // And refuses a broken one, so the check above can fail.
        let broken = temporaryPath("broken-compose.yaml")
        try "services:\n  worker:\n    imagez: medsweep\n".write(toFile: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        #expect(try await Self.composeConfig(broken).status != 0)
    }

    @Test func theSbatchScriptIsValidBash() async throws {
        let script = Self.root.appendingPathComponent("cluster/slurm/medsweep.sbatch").path
        let syntax = try await CommandRun.runOffPool(URL(fileURLWithPath: "/bin/bash"), ["-n", script])
        #expect(syntax.status == 0, "\(syntax.standardError)")
    }

    @Test(.enabled(if: which("shellcheck") != nil, "shellcheck is not installed (apt-get install shellcheck)"))
    func theShellScriptsPassShellcheck() async throws {
        let scripts = ["cluster/slurm/medsweep.sbatch", "docker/healthcheck"].map { Self.root.appendingPathComponent($0).path }
        let run = try await CommandRun.runOffPool(Self.which("shellcheck")!, scripts)
        #expect(run.status == 0, "\(run.standardOutput)")
    }

    @Test func theDockerfileBuildsOneNonRootImageWithAHealthCheck() async throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docker/Dockerfile"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(lines.filter { $0.hasPrefix("FROM ") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("USER medsweep") })
        #expect(lines.contains { $0.hasPrefix("HEALTHCHECK ") })
        #expect(lines.contains { $0.contains("libnng1") })
        for copied in lines.filter({ $0.hasPrefix("COPY ") && !$0.contains("--from") }) {
            for source in copied.split(separator: " ").dropFirst().dropLast() {
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(String(source)).path), "\(copied)")
            }
        }
    }

    @Test(arguments: ["cluster/sweep.example.yaml", "cluster/kubernetes/sweep.yaml"])
    func theExampleSweepFilesRead(_ path: String) async throws {
        let sweep = try SweepFile.load(path: Self.root.appendingPathComponent(path).path)
        #expect(sweep.models.allSatisfy { $0.path?.hasPrefix("/inputs/models/") == true })
        #expect(sweep.fewShotSets == [1, 2, 3])
    }
}
