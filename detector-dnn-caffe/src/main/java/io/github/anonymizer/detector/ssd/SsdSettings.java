package io.github.anonymizer.detector.ssd;

import java.util.Locale;

/**
 * The resolved input and tiling settings of one SSD detector configuration.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputWidth network input width
 * @param inputHeight network input height
 * @param mean per-channel mean subtracted from the input, in blob channel order
 * @param scale multiplier applied after the mean is subtracted
 * @param swapRB whether the frame's B and R channels are swapped before the mean is subtracted
 * @param tiled whether the tiled mode is on
 * @param tileWidth tile width in frame pixels (the tile is resized to the input size)
 * @param tileHeight tile height in frame pixels
 * @param tileOverlap minimum overlap of neighbouring tiles, as a fraction of the tile size
 * @param smallestAnchor side of the network's smallest prior box, in input pixels
 * @param nmsThreshold IoU from which two boxes are the same face when merging passes
 */
record SsdSettings(int inputWidth, int inputHeight, double[] mean, double scale, boolean swapRB, boolean tiled,
        int tileWidth, int tileHeight, double tileOverlap, int smallestAnchor, double nmsThreshold) {

    SsdSettings {
        mean = mean.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** For descriptions: {@code "300x300, mean 104/177/123, tiled 300x300 overlap 0.50"}. */
    String describe() {
        String s = String.format(Locale.ROOT, "%dx%d, mean %s/%s/%s%s%s", inputWidth, inputHeight, num(mean[0]),
                num(mean[1]), num(mean[2]), scale == 1 ? "" : ", scale " + num(scale), swapRB ? ", RGB" : "");
        if (tiled) {
            s += String.format(Locale.ROOT, ", tiled %dx%d overlap %.2f", tileWidth, tileHeight, tileOverlap);
        }
        return s;
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
