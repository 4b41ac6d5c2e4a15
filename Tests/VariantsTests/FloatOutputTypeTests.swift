import GGUF
import Testing
import Variants

@Suite struct FloatOutputTypeTests {
    @Test func namesParseCaseInsensitively() {
        #expect(FloatOutputType(name: "bf16") == .bf16)
        #expect(FloatOutputType(name: "F16") == .f16)
        #expect(FloatOutputType(name: "Q8_0") == nil)
    }

    @Test func normsStayF32AndMatricesTakeTheChosenType() {
        #expect(FloatOutputType.bf16.tensorType(ne: [4096]) == .f32)
        #expect(FloatOutputType.bf16.tensorType(ne: [4096, 1024]) == .bf16)
        #expect(FloatOutputType.f16.tensorType(ne: [4096, 1024]) == .f16)
        #expect(FloatOutputType.f16.llamaFileType == 1 && FloatOutputType.bf16.llamaFileType == 32)
    }
}
