package io.d3mas.embed;

/**
 * Where ONNX Runtime runs the model.
 *
 * @since 0.1.0
 */
public enum ExecutionDevice {
    /** The CPU execution provider (default; ships with {@code com.microsoft.onnxruntime:onnxruntime}). */
    CPU,
    /**
     * The CUDA execution provider. Needs {@code com.microsoft.onnxruntime:onnxruntime_gpu} on the class path in
     * place of {@code onnxruntime}, and a CUDA driver; when it is not there, the model logs a warning and runs on
     * the CPU.
     */
    CUDA
}
