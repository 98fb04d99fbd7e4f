package io.github.anonymizer.detector.ssd;

import io.github.anonymizer.api.InvalidOptionException;
import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.api.spi.DetectorOptions;
import io.github.anonymizer.api.spi.OptionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registers OpenCV's res10 SSD: id {@code "ssd-res10"}, priority 60. Uses the Caffe form
 * ({@code res10-caffe}) and falls back to the TensorFlow form ({@code res10-tf}) when only that is
 * installed; option {@code variant} forces one, and a {@code model} file ending in {@code .pb}
 * selects the TensorFlow form. Other options: model, sha256, config, size, mean, scale, swapRB,
 * tiled, tileSize, tileOverlap, nms (see {@link #options()}). Unknown options and invalid values
 * throw {@link InvalidOptionException}.
 *
 * <p>Stateless, cheap and thread-safe: nothing is loaded before {@link #open}.
 */
public final class Res10SsdProvider extends SsdProviderBase {

    /** The provider id. */
    public static final String ID = "ssd-res10";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public Res10SsdProvider() {
        super(ID, "OpenCV res10 SSD (OpenCV DNN, Caffe or TensorFlow form): good on large faces; tiled=true for "
                + "small faces in big frames", 60, SsdPreset.RES10_CAFFE,
                List.of(new OptionSpec("variant", "caffe (res10-caffe), tf (res10-tf, the same network in TensorFlow "
                        + "form) or auto: the format of the model option's file, else res10-caffe when installed, "
                        + "else res10-tf", "auto")));
    }

    @Override
    SsdPreset preset(DetectorOptions o, Optional<Path> model, Optional<Path> config) {
        return forcedPreset(o, model, config).orElseGet(() -> {
            if (missingFiles(SsdPreset.RES10_CAFFE, model, config).isEmpty()) {
                return SsdPreset.RES10_CAFFE;
            }
            if (missingFiles(SsdPreset.RES10_TF, model, config).isEmpty()) {
                return SsdPreset.RES10_TF;
            }
            throw new ModelException(SsdPreset.RES10_CAFFE.modelId(), null,
                    unavailable(o, model, config).orElse("not found"));
        });
    }

    @Override
    Optional<String> unavailable(DetectorOptions o, Optional<Path> model, Optional<Path> config) {
        Optional<SsdPreset> forced = forcedPreset(o, model, config);
        if (forced.isPresent()) {
            return missingFiles(forced.get(), model, config);
        }
        Optional<String> caffe = missingFiles(SsdPreset.RES10_CAFFE, model, config);
        if (caffe.isEmpty()) {
            return caffe;
        }
        Optional<String> tf = missingFiles(SsdPreset.RES10_TF, model, config);
        return tf.isEmpty() ? tf : Optional.of("neither form of res10 is installed: " + caffe.get() + "; " + tf.get());
    }

    /** The preset the options force: by {@code variant}, else by the extension of a given file. */
    private static Optional<SsdPreset> forcedPreset(DetectorOptions o, Optional<Path> model, Optional<Path> config) {
        String variant = o.getString("variant", "auto").strip().toLowerCase(Locale.ROOT);
        switch (variant) {
            case "caffe":
                return Optional.of(SsdPreset.RES10_CAFFE);
            case "tf", "tensorflow":
                return Optional.of(SsdPreset.RES10_TF);
            case "auto":
                break;
            default:
                throw new InvalidOptionException("variant", "expected caffe, tf or auto, got '" + variant + "'");
        }
        if (model.isPresent()) {
            return Optional.of(SsdModelFormat.ofWeightsFile(model.get()) == SsdModelFormat.TENSORFLOW
                    ? SsdPreset.RES10_TF : SsdPreset.RES10_CAFFE);
        }
        if (config.isPresent()) {
            boolean pbtxt = config.get().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pbtxt");
            return Optional.of(pbtxt ? SsdPreset.RES10_TF : SsdPreset.RES10_CAFFE);
        }
        return Optional.empty();
    }
}
