/**
 * SSD face detectors on OpenCV DNN: OpenCV's res10 (Caffe {@code deploy.prototxt} +
 * {@code .caffemodel}, or the same network as TensorFlow {@code .pb} + {@code .pbtxt}) and
 * libfacedetection's YuFaceDetectNet v2 (Caffe). Both produce the usual {@code 1x1xNx7} SSD output.
 *
 * <h2>Use</h2>
 * From the command line or by id: {@code ssd-res10} (priority 60) and {@code ssd-yufacedetectnet}
 * (priority 50), with options such as {@code tiled=true,tileOverlap=0.5,size=300x300} (see each
 * provider's {@code options()}). From code: {@link io.github.anonymizer.detector.ssd.SsdDetectorFactory#builder}
 * with a {@link io.github.anonymizer.detector.ssd.SsdPreset}.
 *
 * <h2>Tiled mode</h2>
 * A plain SSD sees the whole frame shrunk to 300x300 (res10) or 320x240 (YuFaceDetectNet), so faces
 * that are small in a big frame vanish. With {@code tiled=true} the detector also runs the network on
 * overlapping tiles of the frame at native scale (tile = the input size unless {@code tileSize} says
 * otherwise), keeps the whole-frame pass for large faces, and merges all boxes (non-maximum
 * suppression, with boxes cut by a tile border dropped when a better box holds them). Neighbouring
 * tiles overlap by at least {@code tileOverlap} (default half a tile), so every face up to that size
 * lies wholly inside some tile; on frames so large that the whole-frame pass cannot see faces of that
 * size, half-scale tiled levels are added in between. Cost: one forward pass per tile.
 *
 * <h2>Threads</h2>
 * One {@code cv::dnn::Net} per detector (per worker thread); the factory keeps only the model bytes.
 * The module never calls {@code cv::setNumThreads} (process-wide); OpenCV's default uses all cores
 * within one forward pass.
 */
package io.github.anonymizer.detector.ssd;
