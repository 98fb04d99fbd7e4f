/**
 * The YuNet face detector ({@code face_detection_yunet_2023mar.onnx}) through OpenCV's
 * {@code FaceDetectorYN} (OpenCV 4.8 or later): box, five landmarks and score per face. By id:
 * {@code yunet} (priority 80); from code: {@link io.github.anonymizer.detector.yunet.YuNetDetectorFactory#builder()}.
 * One {@code FaceDetectorYN} per detector (per worker thread); the factory keeps only the model
 * bytes. The module never calls {@code cv::setNumThreads} (process-wide).
 */
package io.github.anonymizer.detector.yunet;
