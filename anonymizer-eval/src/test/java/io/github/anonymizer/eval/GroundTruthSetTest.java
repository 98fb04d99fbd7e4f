package io.github.anonymizer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.MediaException;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthSetTest {

    @Test
    void readsTheSharedSets() {
        GroundTruthSet dlib = GroundTruthSet.load(SharedData.faces("dlib"));
        assertThat(dlib.images()).hasSize(9);
        assertThat(dlib.count(Difficulty.ALL)).isEqualTo(43);
        assertThat(dlib.hasDifficulties()).isFalse();
        assertThat(dlib.images()).allSatisfy(i -> assertThat(i.file()).isRegularFile());

        GroundTruthSet wider = GroundTruthSet.load(SharedData.faces("wider-originals"));
        assertThat(wider.images()).hasSize(5);
        assertThat(wider.hasDifficulties()).isTrue();
        int all = wider.images().stream().mapToInt(i -> i.faces().size()).sum();
        assertThat(all).isEqualTo(454);
        // the easy subset is small and nested in medium, medium in hard
        assertThat(wider.count(Difficulty.EASY)).isLessThan(wider.count(Difficulty.MEDIUM));
        assertThat(wider.count(Difficulty.MEDIUM)).isLessThan(wider.count(Difficulty.HARD));
        assertThat(wider.count(Difficulty.HARD)).isLessThanOrEqualTo(wider.count(Difficulty.ALL));
    }

    @Test
    void malformedFilesNameTheLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gt.txt"), "a.jpg\n2\n1 2 3 4\n");
        assertThatThrownBy(() -> GroundTruthSet.load(dir)).isInstanceOf(MediaException.class)
                .hasMessageContaining("gt.txt").hasMessageContaining("declares 2 faces");
        Files.writeString(dir.resolve("gt.txt"), "a.jpg\n1\n1 2 x 4\n");
        assertThatThrownBy(() -> GroundTruthSet.load(dir)).hasMessageContaining("line 3");
        assertThatThrownBy(() -> GroundTruthSet.load(dir.resolve("nope"))).hasMessageContaining("no gt.txt");
    }

    @Test
    void zeroFaceImagesHaveADummyLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gt.txt"), "a.jpg\n0\n0 0 0 0 0 0 0 0 0 0\nb.jpg\n1\n1 2 3 4 0 0 0 1 0 0\n");
        GroundTruthSet s = GroundTruthSet.load(dir);
        assertThat(s.images()).hasSize(2);
        assertThat(s.images().get(0).faces()).isEmpty();
        assertThat(s.images().get(1).faces().get(0).invalid()).isTrue();
        assertThat(s.count(Difficulty.ALL)).isZero();
    }
}
