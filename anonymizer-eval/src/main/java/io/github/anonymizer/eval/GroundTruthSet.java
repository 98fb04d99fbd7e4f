package io.github.anonymizer.eval;

import io.github.anonymizer.api.Box;
import io.github.anonymizer.api.MediaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A folder of photos with ground-truth face boxes, in the layout of the shared test data:
 * {@code gt.txt} (WIDER format: image name, face count, one {@code x y w h [blur expression
 * illumination invalid occlusion pose]} line per face; a dummy zero line when the count is 0),
 * {@code images/}, and optionally {@code difficulty.txt} ({@code image face_index in_easy in_medium
 * in_hard}, 1-based face index).
 *
 * <p>Immutable and thread-safe.
 *
 * @param folder the set's folder
 * @param images the annotated images, in file order
 */
public record GroundTruthSet(Path folder, List<GroundTruthImage> images) {

    /** One image and its faces. Immutable. */
    public record GroundTruthImage(String name, Path file, List<GroundTruthFace> faces) {
        public GroundTruthImage {
            faces = List.copyOf(faces);
        }
    }

    public GroundTruthSet {
        images = List.copyOf(images);
    }

    /** Whether the set has difficulty subsets. */
    public boolean hasDifficulties() {
        return images.stream().flatMap(i -> i.faces().stream()).anyMatch(f -> f.subsets().size() > 1);
    }

    /** The number of faces that count in {@code subset}. */
    public int count(Difficulty subset) {
        return (int) images.stream().flatMap(i -> i.faces().stream()).filter(f -> f.counts(subset)).count();
    }

    /**
     * Reads a set.
     *
     * @throws MediaException naming the file and line when {@code gt.txt} is missing or malformed
     */
    public static GroundTruthSet load(Path folder) {
        Path gt = folder.resolve("gt.txt");
        if (!Files.isRegularFile(gt)) {
            throw new MediaException(gt, "no gt.txt: a ground-truth folder holds gt.txt and images/");
        }
        Map<String, Map<Integer, Set<Difficulty>>> difficulty = readDifficulty(folder.resolve("difficulty.txt"));
        List<String> lines = readLines(gt);
        List<GroundTruthImage> images = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) {
                i++;
                continue;
            }
            if (i + 1 >= lines.size()) {
                throw new MediaException(gt, "line " + (i + 1) + ": image '" + name + "' has no face count");
            }
            int n;
            try {
                n = Integer.parseInt(lines.get(i + 1).strip());
            } catch (NumberFormatException e) {
                throw new MediaException(gt, "line " + (i + 2) + ": expected a face count, got '" + lines.get(i + 1) + "'");
            }
            int boxLines = Math.max(n, 1);
            if (n < 0 || i + 2 + boxLines > lines.size()) {
                throw new MediaException(gt, "line " + (i + 2) + ": image '" + name + "' declares " + n
                        + " faces but the file ends first");
            }
            List<GroundTruthFace> faces = new ArrayList<>();
            Map<Integer, Set<Difficulty>> diff = difficulty.getOrDefault(name, Map.of());
            for (int k = 0; k < n; k++) {
                int lineNo = i + 3 + k;
                String[] f = lines.get(lineNo - 1).strip().split("\\s+");
                if (f.length < 4) {
                    throw new MediaException(gt, "line " + lineNo + ": expected 'x y w h', got '" + lines.get(lineNo - 1) + "'");
                }
                try {
                    Box box = new Box(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]));
                    boolean invalid = f.length >= 8 && Integer.parseInt(f[7]) == 1;
                    Set<Difficulty> subsets = EnumSet.of(Difficulty.ALL);
                    subsets.addAll(diff.getOrDefault(k + 1, Set.of()));
                    faces.add(new GroundTruthFace(box, invalid, subsets));
                } catch (IllegalArgumentException e) {
                    throw new MediaException(gt, "line " + lineNo + ": " + e.getMessage());
                }
            }
            images.add(new GroundTruthImage(name, folder.resolve("images").resolve(name), faces));
            i += 2 + boxLines;
        }
        return new GroundTruthSet(folder, images);
    }

    private static Map<String, Map<Integer, Set<Difficulty>>> readDifficulty(Path file) {
        Map<String, Map<Integer, Set<Difficulty>>> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        int lineNo = 0;
        for (String line : readLines(file)) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] f = s.split("\\s+");
            if (f.length != 5) {
                throw new MediaException(file, "line " + lineNo + ": expected 'image index easy medium hard', got '" + s + "'");
            }
            Set<Difficulty> set = EnumSet.noneOf(Difficulty.class);
            if ("1".equals(f[2])) {
                set.add(Difficulty.EASY);
            }
            if ("1".equals(f[3])) {
                set.add(Difficulty.MEDIUM);
            }
            if ("1".equals(f[4])) {
                set.add(Difficulty.HARD);
            }
            out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(Integer.parseInt(f[1]), set);
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MediaException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
