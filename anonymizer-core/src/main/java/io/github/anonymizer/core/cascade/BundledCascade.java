package io.github.anonymizer.core.cascade;

import java.util.Objects;
import org.bytedeco.javacpp.Loader;

/**
 * A cascade XML file shipped inside the OpenCV natives jar of the running platform, at {@code
 * org/bytedeco/opencv/<platform>/share/opencv4/<folder>/<fileName>}: nothing to download, nothing
 * for the user to find.
 *
 * <p>Immutable and thread-safe.
 *
 * @param folder {@code "haarcascades"} or {@code "lbpcascades"}
 * @param fileName for example {@code "haarcascade_frontalface_default.xml"}
 * @param profile whether the cascade finds faces turned to one side only (OpenCV's profile cascades
 *     find faces looking to the image's left), so that detectors also run it on the mirrored frame
 */
public record BundledCascade(String folder, String fileName, boolean profile) {

    public BundledCascade {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(fileName, "fileName");
        if (folder.isBlank() || fileName.isBlank() || fileName.contains("/") || folder.contains("/")) {
            throw new IllegalArgumentException("expected a folder and a plain file name, got '" + folder + "' / '" + fileName + "'");
        }
    }

    /** The class-path resource name for the platform this JVM runs on. */
    public String resourceName() {
        return resourceName(Loader.getPlatform());
    }

    /** The class-path resource name for {@code platform} (a JavaCPP platform such as {@code linux-x86_64}). */
    public String resourceName(String platform) {
        return "org/bytedeco/opencv/" + platform + "/share/opencv4/" + folder + "/" + fileName;
    }

    /** Whether the cascade is on the class path (the OpenCV natives jar of this platform is present). Cheap. */
    public boolean isOnClassPath() {
        return CascadeModel.locate(resourceName()) != null;
    }

    /** The file name without {@code .xml}, used as the model id in error messages. */
    public String modelId() {
        return fileName.endsWith(".xml") ? fileName.substring(0, fileName.length() - 4) : fileName;
    }
}
