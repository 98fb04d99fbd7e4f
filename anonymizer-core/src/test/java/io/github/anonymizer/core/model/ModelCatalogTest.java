package io.github.anonymizer.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.anonymizer.api.ModelException;
import io.github.anonymizer.testing.SharedData;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    /** The shared files MODELS.md calls official (byte-identical to the publisher's). */
    static final Set<String> OFFICIAL_IN_SHARED = Set.of("yunet/face_detection_yunet_2023mar.onnx",
            "res10-tf/opencv_face_detector_uint8.pb", "yufacedetectnet-caffe/yufacedetectnet-open-v2.caffemodel");

    @Test
    void idsAreTheSharedModelFolders() throws IOException {
        assertThat(ModelCatalog.ids()).containsExactly("centerface", "yunet", "res10-caffe", "res10-tf",
                "yufacedetectnet-caffe");
        try (Stream<Path> dirs = Files.list(SharedData.models())) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(ModelCatalog.ids());
        }
    }

    @Test
    void pinnedDigestsAreWellFormedAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (ModelInfo m : ModelCatalog.all()) {
            for (ModelFile f : m.files()) {
                for (PublishedDigest d : f.digests()) {
                    assertThat(d.hex()).as(m.id() + "/" + f.name()).matches("[0-9a-f]{" + d.algorithm().hexLength() + "}");
                    assertThat(d.algorithm().isWellFormed(d.hex())).isTrue();
                    assertThat(seen.add(d.hex())).as("digest used twice: " + d).isTrue();
                    assertThat(d.origin()).isNotBlank();
                }
            }
        }
        assertThat(seen).hasSize(7);
    }

    @Test
    void everyWeightFileIsVerifiableOnlyTextFilesLackADigest() {
        for (ModelInfo m : ModelCatalog.all()) {
            for (ModelFile f : m.files()) {
                if (f.format() == ModelFormat.CAFFE_PROTOTXT || f.format() == ModelFormat.TF_GRAPH_TEXT) {
                    continue;
                }
                assertThat(f.verifiable()).as(m.id() + "/" + f.name() + " has an authoritative digest").isTrue();
            }
        }
        // CenterFace's SHA-256 is third-party: listed, but the git blob id decides
        ModelFile centerface = ModelCatalog.get("centerface").files().get(0);
        assertThat(centerface.authoritativeDigests()).extracting(PublishedDigest::algorithm)
                .containsExactly(DigestAlgorithm.GIT_BLOB_SHA_1);
        assertThat(centerface.digests()).filteredOn(d -> !d.authoritative())
                .extracting(PublishedDigest::source).containsExactly(PublishedDigest.Source.THIRD_PARTY);
    }

    @Test
    void officialUrlsAreHttpsGithubLocationsPinnedToACommitOrRelease() {
        for (ModelInfo m : ModelCatalog.all()) {
            for (ModelFile f : m.files()) {
                assertThat(f.urls()).as(f.name()).isNotEmpty();
                for (URI u : f.urls()) {
                    assertThat(u.getScheme()).isEqualTo("https");
                    assertThat(u.getHost()).isIn("raw.githubusercontent.com", "media.githubusercontent.com");
                    assertThat(u.getPath()).doesNotContain("/master/", "/main/", "/4.x/");
                }
            }
        }
    }

    /** No shared rebuild or modified copy ever carries an authoritative catalog digest. */
    @Test
    void sharedFilesMatchCatalogDigestsOnlyWhereTheyAreOfficial() throws IOException {
        Path shared = SharedData.models();
        List<String> matched = new ArrayList<>();
        for (TestModels.SharedCopy c : TestModels.sharedCopies(shared)) {
            byte[] bytes = Files.readAllBytes(c.path());
            Map<DigestAlgorithm, String> actual = Map.of(
                    DigestAlgorithm.SHA_256, TestModels.sha256(bytes),
                    DigestAlgorithm.SHA_1, TestModels.hex("SHA-1", bytes),
                    DigestAlgorithm.GIT_BLOB_SHA_1, TestModels.gitBlob(bytes));
            ModelFile f = c.file();
            if (f.verifiable() && f.authoritativeDigests().stream().allMatch(d -> d.hex().equals(actual.get(d.algorithm())))) {
                matched.add(c.key());
                assertThat(f.size()).as(c.key()).satisfiesAnyOf(s -> assertThat(s).isEmpty(),
                        s -> assertThat(s.getAsLong()).isEqualTo(bytes.length));
            }
        }
        assertThat(matched).containsExactlyInAnyOrderElementsOf(OFFICIAL_IN_SHARED);
    }

    @Test
    void gitBlobDigestIsGitsObjectId() {
        // `printf 'hello\n' | git hash-object --stdin` prints ce013625030ba8dba906f756967f9e9ca394464a
        byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
        DigestSet set = new DigestSet(List.of(DigestAlgorithm.GIT_BLOB_SHA_1), hello.length);
        set.update(hello, 0, hello.length);
        assertThat(set.finish().get(DigestAlgorithm.GIT_BLOB_SHA_1)).isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
    }

    @Test
    void alternativeNamesNeverReplaceTheOfficialName() {
        ModelInfo res10 = ModelCatalog.get("res10-caffe");
        ModelFile weights = res10.file("res10_300x300_ssd_iter_140000_from_uint8.caffemodel").orElseThrow();
        assertThat(weights.name()).isEqualTo("res10_300x300_ssd_iter_140000.caffemodel");
        assertThat(weights.alternative("res10_300x300_ssd_iter_140000_from_uint8.caffemodel").orElseThrow().description())
                .contains("rebuild");
        assertThat(ModelCatalog.get("yufacedetectnet-caffe").file("yufacedetectnet-open-v2.opencv.prototxt")
                .orElseThrow().name()).isEqualTo("yufacedetectnet-open-v2.prototxt");
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        assertThatThrownBy(() -> ModelCatalog.get("retinaface"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'retinaface'")
                .hasMessageContaining("centerface, yunet, res10-caffe, res10-tf, yufacedetectnet-caffe");
    }

    @Test
    void rejectsNamesThatAreNotPlainFileNames() {
        assertThatThrownBy(() -> ModelFile.requirePlainName("../etc", "file name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../etc'");
        assertThatThrownBy(() -> ModelFile.requirePlainName("a/b", "file name"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ModelFile.requirePlainName("opencv_face_detector_uint8.pb", "file name"))
                .isEqualTo("opencv_face_detector_uint8.pb");
    }
}
