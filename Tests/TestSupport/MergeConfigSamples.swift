/// BioMistral's three merge recipes (BioMistral/BioMistral-7B-SLERP, -TIES and -DARE on
/// Hugging Face: Mistral-7B-Instruct-v0.1 as the base, BioMistral-7B merged in), written in
/// mergekit's YAML format, as test inputs.
public enum MergeConfigSamples {
    public static let instruct = "mistralai/Mistral-7B-Instruct-v0.1"
    public static let bioMistral = "BioMistral/BioMistral-7B"

    public static let slerp = """
        slices:
          - sources:
              - model: mistralai/Mistral-7B-Instruct-v0.1
                layer_range: [0, 32]
              - model: BioMistral/BioMistral-7B
                layer_range: [0, 32]
        merge_method: slerp
        base_model: mistralai/Mistral-7B-Instruct-v0.1
        parameters:
          t:
            - filter: self_attn
              value: [0, 0.5, 0.3, 0.7, 1]
            - filter: mlp
              value: [1, 0.5, 0.7, 0.3, 0]
            - value: 0.5
        dtype: bfloat16
        """

    public static let ties = """
        models:
          - model: mistralai/Mistral-7B-Instruct-v0.1
          - model: BioMistral/BioMistral-7B
            parameters:
              density: 0.5
              weight: 0.5
        merge_method: ties
        base_model: mistralai/Mistral-7B-Instruct-v0.1
        parameters:
          normalize: true
        dtype: bfloat16
        """

    public static let dareTies = """
        models:
          - model: mistralai/Mistral-7B-Instruct-v0.1
          - model: BioMistral/BioMistral-7B
            parameters:
              density: 0.5
              weight: 0.5
        merge_method: dare_ties
        base_model: mistralai/Mistral-7B-Instruct-v0.1
        parameters:
          int8_mask: true
        dtype: bfloat16
        """
}
