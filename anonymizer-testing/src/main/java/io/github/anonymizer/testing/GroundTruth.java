package io.github.anonymizer.testing;

import io.github.anonymizer.api.Box;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ground-truth face boxes of a face set under {@code shared/data/faces} ({@code gt.txt}: image
 * name, face count, one {@code x y w h [blur expression illumination invalid occlusion pose]} line
 * per face, a dummy line when the count is 0). Faces flagged {@code invalid} by WIDER are left out:
 * they never count.
 *
 * <p>Immutable and thread-safe.
 *
 * @param folder the set's folder (holding {@code gt.txt} and {@code images/})
 * @param faces per image name, in file order, the valid faces
 */
public record GroundTruth(Path folder, Map<String, List<Box>> faces) {

    public GroundTruth {
        Map<String, List<Box>> copy = new LinkedHashMap<>();
        faces.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        faces = java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads {@code SharedData.faces(set)}; skips or fails the test like {@link SharedData} when absent. */
    public static GroundTruth of(String set) {
        return load(SharedData.faces(set));
    }

    /**
     * Reads a folder's {@code gt.txt}.
     *
     * @throws IllegalArgumentException naming the file and line when it is malformed
     */
    public static GroundTruth load(Path folder) {
        Path file = folder.resolve("gt.txt");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, List<Box>> faces = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.size()) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) {
                i++;
                continue;
            }
            try {
                int n = Integer.parseInt(lines.get(i + 1).strip());
                List<Box> boxes = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    String[] f = lines.get(i + 2 + k).strip().split("\\s+");
                    boolean invalid = f.length >= 8 && "1".equals(f[7]);
                    if (!invalid) {
                        boxes.add(new Box(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                                Double.parseDouble(f[3])));
                    }
                }
                faces.put(name, boxes);
                i += 2 + Math.max(n, 1);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " near line " + (i + 1) + ": " + e, e);
            }
        }
        return new GroundTruth(folder, faces);
    }

    /** An image's file. */
    public Path image(String name) {
        return folder.resolve("images").resolve(name);
    }

    /** The number of valid faces over all images. */
    public int faceCount() {
        return faces.values().stream().mapToInt(List::size).sum();
    }
}
