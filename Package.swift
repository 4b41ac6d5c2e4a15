// swift-tools-version:6.0
import PackageDescription

/// Numeric code (block codecs, kernels) is optimised even in debug builds, so the
/// test suite that runs it over real model files stays fast. `-enable-testing`
/// is untouched, so tests still see internal API.
let optimisedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// Kernels written with AVX-512 intrinsics (`_Builtin_intrinsics.intel`) need the instruction
/// sets enabled for the C headers, or swiftc crashes, and Swift's own code generation for the
/// same CPU (`-target-cpu cascadelake`: AVX-512 F/CD/BW/DQ/VL/VNNI, FMA, F16C), so that Float16
/// conversions become `vcvtps2ph`. They live in their own target, chosen at run time from the
/// CPU's flags, beside the portable kernels.
let avx512: [SwiftSetting] = [
    .unsafeFlags([
        "-target-cpu", "cascadelake",
        // A resilient module: no function body leaves it. Inlined or specialized into Engine (as
        // cross-module optimization does even with -disable-cmo), it would be compiled for
        // Engine's baseline CPU, and a Float16 conversion would become a library call.
        "-enable-library-evolution",
        "-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c", "-Xcc", "-mavx512f", "-Xcc", "-mavx512bw",
        "-Xcc", "-mavx512vl", "-Xcc", "-mavx512dq", "-Xcc", "-mavx512cd", "-Xcc", "-mavx512vnni",
    ]),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "medsweep",
    products: [
        .executable(name: "medsweep", targets: ["medsweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 of model and data files (BoringSSL's, with SHA-NI where the CPU has it).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The coordinator's HTTP face (dashboard, status API, metrics) and Prometheus's format.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // libnng through a module map; Debian's libnng-dev ships no pkg-config file.
        .systemLibrary(name: "CNNG", path: "Sources/CNNG"),
        .target(name: "NNG", dependencies: ["CNNG"]),
        .target(name: "GGUF", swiftSettings: optimisedEvenInDebug),
        // Real models fetched once from a package registry into a digest-checked cache.
        .target(name: "ModelStore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Engine", dependencies: ["GGUF", "EngineAVX512"], swiftSettings: optimisedEvenInDebug),
        .target(name: "EngineAVX512", swiftSettings: avx512),
        // Vulkan's headers through a module map, compiled with VK_NO_PROTOTYPES: nothing links
        // libvulkan at build time; VulkanCompute opens libvulkan.so.1 with dlopen when asked,
        // so medsweep starts, and its CPU engine runs, on machines with no Vulkan loader.
        .systemLibrary(name: "CVulkan", path: "Sources/CVulkan"),
        // GPU compute through Vulkan: device, buffers, pipelines from the committed SPIR-V
        // (scripts/compile-shaders writes it from Shaders/*.comp), and the first kernels.
        .target(name: "VulkanCompute", dependencies: ["CVulkan", "GGUF"], exclude: ["Shaders"]),
        // The engine's forward pass on a Vulkan device (`--backend vulkan`).
        .target(name: "EngineVulkan", dependencies: ["Engine", "VulkanCompute", "GGUF"]),
        // Model variants built from other models: merges (mergekit's methods) and Hugging Face
        // checkpoints converted to GGUF, written with GGUF's writer.
        .target(
            name: "Variants",
            dependencies: ["GGUF", "Engine", .product(name: "Yams", package: "Yams")],
            swiftSettings: optimisedEvenInDebug
        ),
        .target(
            name: "Benchmark",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: optimisedEvenInDebug
        ),
        .target(
            name: "Sweep",
            dependencies: [
                "NNG", "Benchmark", "Engine", "EngineVulkan", "GGUF", "ModelStore", "Variants",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Monitor",
            dependencies: [
                "Sweep", "Benchmark",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "medsweep",
            dependencies: [
                "GGUF", "Engine", "EngineVulkan", "VulkanCompute", "Benchmark", "Sweep", "Monitor", "NNG", "ModelStore",
                "Variants",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Fixture locations, seeded randomness and temporary paths shared by the test targets.
        .target(name: "TestSupport", dependencies: ["ModelStore", "GGUF"], path: "Tests/TestSupport"),
        .testTarget(name: "CNNGTests", dependencies: ["CNNG"]),
        .testTarget(name: "ModelStoreTests", dependencies: ["ModelStore", "TestSupport"]),
        .testTarget(name: "NNGTests", dependencies: ["NNG", "TestSupport"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Benchmark", "Engine", "Variants", "TestSupport"]),
        .testTarget(name: "MonitorTests", dependencies: ["Monitor", "Sweep", "Engine", "TestSupport"]),
        // Coordinator and workers as separate processes on loopback.
        .testTarget(
            name: "ClusterTests",
            dependencies: ["Sweep", "Benchmark", "NNG", "Engine", "GGUF", "TestSupport", "medsweep", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "GGUFTests",
            dependencies: ["GGUF", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Golden"],
            swiftSettings: optimisedEvenInDebug
        ),
        .testTarget(name: "BenchmarkTests", dependencies: ["Benchmark", "TestSupport"], exclude: ["Golden"]),
        // Vulkan kernels against the CPU engine's, on whatever device there is (lavapipe in CI).
        .testTarget(
            name: "VulkanTests",
            dependencies: ["VulkanCompute", "EngineVulkan", "Engine", "GGUF", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: optimisedEvenInDebug
        ),
        .testTarget(name: "VariantsTests", dependencies: ["Variants", "Engine", "GGUF", "TestSupport"], swiftSettings: optimisedEvenInDebug),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "GGUF", "TestSupport"], swiftSettings: optimisedEvenInDebug),
        // Depends on the executable so `swift test` builds the binary these tests run.
        .testTarget(name: "MedsweepTests", dependencies: ["GGUF", "Benchmark", "TestSupport", "medsweep"]),
    ]
)
