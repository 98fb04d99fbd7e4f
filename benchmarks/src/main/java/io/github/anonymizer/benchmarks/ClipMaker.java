package io.github.anonymizer.benchmarks;

import io.github.anonymizer.core.pipeline.VideoFrame;
import io.github.anonymizer.video.AudioMode;
import io.github.anonymizer.video.OutputOptions;
import io.github.anonymizer.video.SourceOptions;
import io.github.anonymizer.video.VideoFormat;
import io.github.anonymizer.video.VideoSink;
import io.github.anonymizer.video.VideoSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Makes the benchmark clips at run time from the shared 640x480 clip {@code video/video_01.mp4}
 * (3 s, real faces, AAC audio) with the project's own {@link VideoSource} and {@link VideoSink}:
 * the clip is looped with FFmpeg's concat demuxer (video and audio, timestamps running on), each
 * frame is cut to 16:9 (the largest centred crop) and resized to the wanted size, and the frames
 * are encoded as H.264 (libx264 veryfast, CRF 18) with the looped audio copied. Nothing is ever
 * written into the project: clips go to {@code <java.io.tmpdir>/anonymizer-bench-clips} (or
 * {@code -Danonymizer.bench.clips=DIR}) and are reused by later runs; a clip appears under its name
 * only once complete (the sink writes a temporary file and moves it into place).
 *
 * <p>Stateless and thread-safe.
 */
public final class ClipMaker {

    /** Frame rate of the shared clip, which the made clips keep. */
    public static final double FPS = 30000.0 / 1001;

    private ClipMaker() {}

    /** The folder holding the made clips. */
    public static Path folder() {
        String dir = System.getProperty("anonymizer.bench.clips");
        Path p = dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("java.io.tmpdir"), "anonymizer-bench-clips");
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the clip folder " + p, e);
        }
    }

    /**
     * A clip of exactly {@code frames} frames at {@code width x height}, with audio when asked;
     * made on first use.
     */
    public static Path clip(int width, int height, int frames, boolean audio) {
        Path out = folder().resolve(String.format(Locale.ROOT, "clip_%dx%d_%df%s.mp4", width, height, frames,
                audio ? "_audio" : ""));
        if (Files.isRegularFile(out)) {
            return out;
        }
        Path source = BenchEnv.data("video/video_01.mp4");
        Path list = out.resolveSibling("." + out.getFileName() + "." + ProcessHandle.current().pid() + ".ffconcat");
        try {
            // the concat demuxer plays the clip again and again, audio and video, timestamps running on
            int loops = (int) Math.ceil(frames / (3 * FPS)) + 1;
            StringBuilder sb = new StringBuilder("ffconcat version 1.0\n");
            String quoted = source.toAbsolutePath().toString().replace("'", "'\\''");
            for (int i = 0; i < loops; i++) {
                sb.append("file '").append(quoted).append("'\n");
            }
            Files.writeString(list, sb.toString(), StandardCharsets.UTF_8);
            write(list, out, width, height, frames, audio);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + out, e);
        } finally {
            try {
                Files.deleteIfExists(list);
            } catch (IOException e) {
                // a stray list file in a temporary folder is harmless
            }
        }
        return out;
    }

    private static void write(Path list, Path out, int width, int height, int frames, boolean audio) {
        SourceOptions in = SourceOptions.builder().inputFormat("concat").formatOption("safe", "0").build();
        OutputOptions o = OutputOptions.builder().preset("veryfast").crf(18)
                .audio(audio ? AudioMode.KEEP : AudioMode.DROP).overwrite(true).build();
        try (VideoSource src = VideoSource.open(list, in);
                VideoSink sink = VideoSink.toFile(out, VideoFormat.of(width, height, src.frameRateRational()), src, o)) {
            int written = 0;
            while (written < frames) {
                VideoFrame f = src.read();
                if (f == null) {
                    break;
                }
                try (VideoFrame frame = f; Mat cropped = BenchEnv.cropResize(frame.image(), width, height)) {
                    // evenly spaced frames: the concat demuxer leaves a gap where the audio of a loop
                    // outlasts its video, which the sink would fill with a repeated frame
                    sink.write(new VideoFrame(written, Math.round(written * 1e6 / FPS), cropped));
                }
                written++;
            }
            if (written < frames) {
                throw new IllegalStateException("the looped clip ended after " + written + " frames");
            }
            sink.finish();
        }
    }

    /** Makes a clip from the command line: {@code ClipMaker WxH FRAMES [audio]}; prints its path. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ClipMaker WxH FRAMES [audio]");
            System.exit(2);
        }
        int[] s = BenchEnv.size(args[0]);
        System.out.println(clip(s[0], s[1], Integer.parseInt(args[1]), args.length > 2 && args[2].equals("audio")));
    }
}
