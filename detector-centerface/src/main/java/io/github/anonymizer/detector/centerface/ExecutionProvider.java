package io.github.anonymizer.detector.centerface;

import ai.onnxruntime.OrtProvider;

/**
 * Where ONNX Runtime runs the network. Only {@link #CPU} works with the plain
 * {@code com.microsoft.onnxruntime:onnxruntime} artifact on every platform (CoreML is in it on
 * macOS too). The others are tried only when asked for, and need an ONNX Runtime build that
 * contains them; when it is missing, opening the detector fails with a
 * {@link io.github.anonymizer.api.DetectorException} that says which build to put on the class
 * path ({@link #requirement()}). There is no silent fall-back to the CPU.
 *
 * <p>Immutable and thread-safe.
 */
public enum ExecutionProvider {
    /** The default CPU provider, in every build. */
    CPU(OrtProvider.CPU, "any ONNX Runtime build"),
    /** NVIDIA CUDA. */
    CUDA(OrtProvider.CUDA, "the GPU build: replace com.microsoft.onnxruntime:onnxruntime with "
            + "com.microsoft.onnxruntime:onnxruntime_gpu (same version; Linux x64 or Windows x64) and install the "
            + "CUDA and cuDNN libraries it was built against"),
    /** NVIDIA TensorRT (with CUDA). */
    TENSORRT(OrtProvider.TENSOR_RT, "the GPU build: replace com.microsoft.onnxruntime:onnxruntime with "
            + "com.microsoft.onnxruntime:onnxruntime_gpu (same version; Linux x64 or Windows x64) and install "
            + "CUDA, cuDNN and TensorRT"),
    /** AMD ROCm. */
    ROCM(OrtProvider.ROCM, "an ONNX Runtime Java build with the ROCm provider; none is published on Maven "
            + "Central, so build ONNX Runtime's Java binding with --use_rocm and put that jar on the class path "
            + "instead of com.microsoft.onnxruntime:onnxruntime"),
    /** Apple Core ML (macOS). */
    COREML(OrtProvider.CORE_ML, "the macOS build of com.microsoft.onnxruntime:onnxruntime, running on macOS"),
    /** Microsoft DirectML (Windows). */
    DIRECTML(OrtProvider.DIRECT_ML, "an ONNX Runtime Java build with the DirectML provider; none is published "
            + "on Maven Central, so build ONNX Runtime's Java binding with --use_dml on Windows and put that jar on "
            + "the class path instead of com.microsoft.onnxruntime:onnxruntime");

    private final OrtProvider ortProvider;
    private final String requirement;

    ExecutionProvider(OrtProvider ortProvider, String requirement) {
        this.ortProvider = ortProvider;
        this.requirement = requirement;
    }

    /** The ONNX Runtime provider this stands for. */
    public OrtProvider ortProvider() {
        return ortProvider;
    }

    /** What must be on the class path for this provider, for error messages and docs. */
    public String requirement() {
        return requirement;
    }

    /** The option value, lower case ({@code "cuda"}). */
    public String optionValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
