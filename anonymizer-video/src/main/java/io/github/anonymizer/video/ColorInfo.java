package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;

/**
 * The colour description of a video stream (FFmpeg AVColorSpace, AVColorRange, AVColorPrimaries,
 * AVColorTransferCharacteristic), carried from input to output so that the YUV-BGR-YUV round trip
 * uses the same matrix and the output is tagged like the input.
 *
 * <p>Immutable and thread-safe.
 */
record ColorInfo(int space, int range, int primaries, int transfer) {
    static final ColorInfo UNSPECIFIED = new ColorInfo(AVCOL_SPC_UNSPECIFIED, AVCOL_RANGE_UNSPECIFIED,
            AVCOL_PRI_UNSPECIFIED, AVCOL_TRC_UNSPECIFIED);
}
